// IPv4 and IPv6 addresses and CIDR blocks (RFC 4632, RFC 4291 §2.2–2.3) for the network allow-list.
// An IPv4-mapped IPv6 address (::ffff:10.0.0.5) is compared as the IPv4 address.

export interface Cidr {
  text: string;
  family: 4 | 6;
  base: bigint;
  prefix: number;
}

export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

function parseV4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    value = (value << 8n) | BigInt(Number(p));
  }
  return value;
}

function parseV6(text: string): bigint | null {
  let body = text;
  const lastColon = body.lastIndexOf(':');
  const last = body.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseV4(last);
    if (v4 === null) return null;
    body = `${body.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const group = (s: string): bigint[] | null => {
    if (s === '') return [];
    const out: bigint[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
      out.push(BigInt(`0x${g}`));
    }
    return out;
  };
  const head = group(halves[0] ?? '');
  const rest = halves.length === 2 ? group(halves[1] ?? '') : [];
  if (head === null || rest === null) return null;
  const known = head.length + rest.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return null;
  const groups = [...head, ...Array<bigint>(8 - known).fill(0n), ...rest];
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** An address (brackets and a zone index are dropped); null when `text` is not an IP address. */
export function parseIp(text: string): IpAddress | null {
  const bare = text.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v4 = parseV4(bare);
  if (v4 !== null) return { family: 4, value: v4 };
  if (!bare.includes(':')) return null;
  const v6 = parseV6(bare);
  if (v6 === null) return null;
  if (v6 >> 32n === 0xffffn) return { family: 4, value: v6 & 0xffffffffn };
  return { family: 6, value: v6 };
}

/** `10.0.0.0/8`, `2001:db8::/32`, or a single address (a /32 or /128). Throws RangeError. */
export function parseCidr(text: string): Cidr {
  const [addr = '', bits] = text.trim().split('/');
  const ip = parseIp(addr);
  if (ip === null) throw new RangeError(`${JSON.stringify(text)} is not an IP address or CIDR block`);
  const width = ip.family === 4 ? 32 : 128;
  const prefix = bits === undefined ? width : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= width)) throw new RangeError(`${JSON.stringify(text)}: the prefix length must be 0–${width}`);
  const shift = BigInt(width - prefix);
  return { text: text.trim(), family: ip.family, base: (ip.value >> shift) << shift, prefix };
}

export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.family !== ip.family) return false;
  const shift = BigInt((ip.family === 4 ? 32 : 128) - cidr.prefix);
  return ip.value >> shift === cidr.base >> shift;
}

/** Loopback addresses: a local login is not a network. */
export function isLoopback(ip: IpAddress): boolean {
  return ip.family === 4 ? ip.value >> 24n === 127n : ip.value === 1n;
}
