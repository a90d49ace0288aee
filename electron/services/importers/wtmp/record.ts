// glibc `struct utmp` as Linux stores it in /run/utmp, /var/log/wtmp (and btmp): 384 bytes,
// little-endian on x86 and x86-64 (the same layout on both: glibc keeps ut_session and ut_tv 32-bit
// so 32- and 64-bit programs share the files, __WORDSIZE_TIME64_COMPAT32):
//
//   offset size  field
//        0    2  ut_type        short (2 bytes of padding follow)
//        4    4  ut_pid         int32
//        8   32  ut_line        device name without "/dev/" ("pts/0", "tty1", "~" for boot records)
//       40    4  ut_id          inittab id / last characters of the line ("ts/0")
//       44   32  ut_user
//       76  256  ut_host        remote host, or what the writer put there ("mosh [8347]")
//      332    4  ut_exit        e_termination, e_exit (int16 each; set by init for its children only)
//      336    4  ut_session     int32
//      340    8  ut_tv          tv_sec, tv_usec (int32 each; tv_sec read UNSIGNED: glibc 2.40+ does
//                               so to reach 2106, and before 2038 both readings agree)
//      348   16  ut_addr_v6     the remote address, network byte order; IPv4 in the first 4 bytes
//      364   20  reserved
//
// Strings are NUL-terminated unless they fill the field, and NUL-padded by every known writer
// (strncpy). The record holds no uid, no terminal size, no TERM and nothing of what was typed or shown.

export const RECORD_SIZE = 384;

export const UT = {
  EMPTY: 0,
  RUN_LVL: 1,
  BOOT_TIME: 2,
  NEW_TIME: 3,
  OLD_TIME: 4,
  INIT_PROCESS: 5,
  LOGIN_PROCESS: 6,
  USER_PROCESS: 7,
  DEAD_PROCESS: 8,
  ACCOUNTING: 9,
} as const;

export const TYPE_NAMES = ['EMPTY', 'RUN_LVL', 'BOOT_TIME', 'NEW_TIME', 'OLD_TIME', 'INIT_PROCESS', 'LOGIN_PROCESS', 'USER_PROCESS', 'DEAD_PROCESS', 'ACCOUNTING'] as const;

const LINE = { at: 8, size: 32 };
const ID = { at: 40, size: 4 };
const USER = { at: 44, size: 32 };
const HOST = { at: 76, size: 256 };

export interface UtmpRecord {
  /** 1-based position in the file. */
  index: number;
  /** Byte offset of the record in the file. */
  offset: number;
  type: number;
  pid: number;
  line: string;
  id: string;
  user: string;
  host: string;
  exitTermination: number;
  exitCode: number;
  session: number;
  /** ut_tv in integer microseconds since the epoch. */
  micros: number;
  /** ut_addr_v6 as text (IPv4 dotted or IPv6), null when all zero. */
  address: string | null;
}

export type Decoded = { ok: true; record: UtmpRecord } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A NUL-terminated text field: the text, or null when it holds control bytes or invalid UTF-8. */
function textField(bytes: Buffer, at: number, size: number): string | null {
  const limit = at + size;
  let end = at;
  let ascii = true;
  for (; end < limit; end++) {
    const b = bytes[end] as number;
    if (b === 0) break;
    if (b < 0x20 || b === 0x7f) return null;
    if (b >= 0x80) ascii = false;
  }
  if (end === at) return '';
  if (ascii) return bytes.toString('latin1', at, end);
  try {
    return utf8.decode(bytes.subarray(at, end));
  } catch {
    return null;
  }
}

/** Whether everything after the field's terminating NUL is NUL too (strncpy padding). */
function isPadded(bytes: Buffer, at: number, size: number): boolean {
  const limit = at + size;
  let i = at;
  while (i < limit && bytes[i] !== 0) i++;
  for (; i < limit; i++) if (bytes[i] !== 0) return false;
  return true;
}

const textAndPadded = (bytes: Buffer, f: { at: number; size: number }): boolean => textField(bytes, f.at, f.size) !== null && isPadded(bytes, f.at, f.size);

/** ut_id is 4 raw bytes (some writers put binary there): printable ASCII kept, others as \xNN. */
function idField(bytes: Buffer, at: number): string {
  let out = '';
  for (let i = 0; i < ID.size; i++) {
    const b = bytes[at + i] as number;
    if (b === 0) break;
    out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** The remote address of ut_addr_v6: IPv4 when only the first 4 bytes are set, else IPv6 (RFC 5952). */
export function formatAddress(bytes: Uint8Array): string | null {
  if (bytes.every((b) => b === 0)) return null;
  if (bytes.subarray(4).every((b) => b === 0)) return Array.from(bytes.subarray(0, 4)).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  // ::ffff:a.b.c.d (an IPv4-mapped address)
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return `::ffff:${Array.from(bytes.subarray(12)).join('.')}`;
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestAt === -1) return hex.join(':');
  return `${hex.slice(0, bestAt).join(':')}::${hex.slice(bestAt + bestLen).join(':')}`;
}

/**
 * Decodes one 384-byte record. A record is damaged when its type is not 0–9, its microseconds are
 * out of range, its pid is negative, or line/user/host hold control bytes or invalid UTF-8; an
 * EMPTY record also when those are not NUL-padded (a freed slot keeps its old text, padded, but a
 * record read out of step with the file — bytes added or removed before it — mostly reads as type 0).
 */
export function decodeRecord(bytes: Buffer, index: number, offset: number): Decoded {
  const type = bytes.readInt16LE(0);
  if (type < 0 || type > 9) return { ok: false, reason: `ut_type ${type} is not a utmp record type (0–9)` };
  const usec = bytes.readInt32LE(344);
  if (usec < 0 || usec > 999_999) return { ok: false, reason: `ut_tv.tv_usec ${usec} is not 0–999999` };
  const pid = bytes.readInt32LE(4);
  let line = '';
  let user = '';
  let host = '';
  let id = '';
  let address: string | null = null;
  if (type === UT.EMPTY) {
    // A freed or never used slot: zeros, or old text still NUL-padded. Anything else is not a
    // record at all — typically records shifted by bytes added or removed (the type then reads 0).
    if (!textAndPadded(bytes, LINE) || !textAndPadded(bytes, USER) || !textAndPadded(bytes, HOST)) {
      return { ok: false, reason: 'an EMPTY record (ut_type 0) whose text fields are not NUL-padded text' };
    }
  } else {
    if (pid < 0) return { ok: false, reason: `ut_pid ${pid} is negative` };
    const lineText = textField(bytes, LINE.at, LINE.size);
    if (lineText === null) return { ok: false, reason: 'ut_line holds bytes that are not text' };
    const userText = textField(bytes, USER.at, USER.size);
    if (userText === null) return { ok: false, reason: 'ut_user holds bytes that are not text' };
    const hostText = textField(bytes, HOST.at, HOST.size);
    if (hostText === null) return { ok: false, reason: 'ut_host holds bytes that are not text' };
    line = lineText;
    user = userText;
    host = hostText;
    id = idField(bytes, ID.at);
    address = formatAddress(bytes.subarray(348, 364));
  }
  const record: UtmpRecord = {
    index,
    offset,
    type,
    pid,
    line,
    id,
    user,
    host,
    exitTermination: bytes.readInt16LE(332),
    exitCode: bytes.readInt16LE(334),
    session: bytes.readInt32LE(336),
    micros: type === UT.EMPTY ? 0 : bytes.readUInt32LE(340) * 1_000_000 + usec,
    address,
  };
  return { ok: true, record };
}

/**
 * Stricter look for format detection: besides decodeRecord's checks, strings NUL-padded, the
 * padding after ut_type zero, and a time from 1980 on for records that describe processes.
 */
export function looksLikeRecord(bytes: Buffer): 'empty' | 'good' | 'bad' {
  const decoded = decodeRecord(bytes, 0, 0);
  if (!decoded.ok || bytes.readUInt16LE(2) !== 0) return 'bad';
  const r = decoded.record;
  if (r.type === UT.EMPTY) return 'empty';
  if (!isPadded(bytes, LINE.at, LINE.size) || !isPadded(bytes, USER.at, USER.size) || !isPadded(bytes, HOST.at, HOST.size)) return 'bad';
  if (r.type !== UT.NEW_TIME && r.type !== UT.OLD_TIME && r.micros < 315_532_800_000_000) return 'bad';
  return 'good';
}

/** The line as a device path ("pts/0" → "/dev/pts/0"); other names (":0", "~") as they are. */
export function devicePath(line: string): string | null {
  if (line === '') return null;
  return /^[A-Za-z]/.test(line) ? `/dev/${line}` : line;
}
