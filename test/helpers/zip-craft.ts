// Test helpers: hand-crafted (possibly malicious) ZIP bytes that yazl refuses to produce, patching of
// central-directory fields, and small file/stream utilities for the bundle tests.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';

export interface CraftEntry {
  /** Central-directory name (string is UTF-8 encoded). */
  name: string | Buffer;
  /** Name in the local header; defaults to `name`. */
  localName?: string | Buffer;
  /** Uncompressed content. With method 8 and no `data`, `data` is its raw deflate. */
  content?: Buffer;
  /** Bytes written after the local header (compressed bytes for method 8). */
  data?: Buffer;
  /** Compression method (central and local). Default 0 (store). */
  method?: number;
  localMethod?: number;
  /** Central values; defaults derived from content/data. */
  crc32?: number;
  compressedSize?: number;
  uncompressedSize?: number;
  /** General purpose flags (central and local). Default 0x800 (UTF-8). */
  flags?: number;
  localFlags?: number;
  /** Values written in the local header (default: the central ones; zeros when flag bit 3 is set). */
  localCrc32?: number;
  localCompressedSize?: number;
  localUncompressedSize?: number;
  localExtra?: Buffer;
  centralExtra?: Buffer;
  versionMadeBy?: number;
  externalAttributes?: number;
  /** Central "relative offset of local header" override (overlap attacks). */
  headerOffset?: number;
  /** Write the central sizes and offset through a ZIP64 extended-information extra field. */
  zip64?: boolean;
  /** Do not write a local header + data for this entry (its central record points elsewhere). */
  skipLocal?: boolean;
}

export interface CraftOptions {
  /** Entry count written in the end record(s). */
  entryCount?: number;
  /** Central directory offset override. */
  cdOffset?: number;
  /** Write ZIP64 end records. */
  zip64Eocd?: boolean;
  /** Bytes appended after the end record (not counted in the comment length). */
  trailing?: Buffer;
}

export function crc32(buf: Buffer): number {
  return zlib.crc32(buf) >>> 0;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n & 0xffff);
  return b;
}
function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}
function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}
function toBuf(s: string | Buffer): Buffer {
  return typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
}

/** Builds a ZIP from the given (possibly inconsistent) entry descriptions. */
export function craftZip(entries: readonly CraftEntry[], opts: CraftOptions = {}): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  const central: Buffer[] = [];
  for (const e of entries) {
    const method = e.method ?? 0;
    const content = e.content ?? Buffer.alloc(0);
    const data = e.data ?? (method === 8 ? zlib.deflateRawSync(content) : content);
    const crc = e.crc32 ?? crc32(e.content ?? data);
    const cSize = e.compressedSize ?? data.length;
    const uSize = e.uncompressedSize ?? (e.content ?? data).length;
    const flags = e.flags ?? 0x800;
    const name = toBuf(e.name);
    const headerOffset = e.headerOffset ?? offset;
    if (!e.skipLocal) {
      const localFlags = e.localFlags ?? flags;
      const dd = (localFlags & 0x8) !== 0;
      const localName = toBuf(e.localName ?? e.name);
      const localExtra = e.localExtra ?? Buffer.alloc(0);
      const local = Buffer.concat([
        u32(0x04034b50),
        u16(20),
        u16(localFlags),
        u16(e.localMethod ?? method),
        u16(0), // time
        u16(0x21), // date 1980-01-01
        u32(e.localCrc32 ?? (dd ? 0 : crc)),
        u32(e.localCompressedSize ?? (dd ? 0 : Math.min(cSize, 0xffffffff))),
        u32(e.localUncompressedSize ?? (dd ? 0 : Math.min(uSize, 0xffffffff))),
        u16(localName.length),
        u16(localExtra.length),
        localName,
        localExtra,
      ]);
      parts.push(local, data);
      offset += local.length + data.length;
    }
    let extra = e.centralExtra ?? Buffer.alloc(0);
    if (e.zip64) extra = Buffer.concat([extra, u16(0x0001), u16(24), u64(uSize), u64(cSize), u64(headerOffset)]);
    central.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(e.versionMadeBy ?? ((3 << 8) | 20)),
        u16(e.zip64 ? 45 : 20),
        u16(flags),
        u16(method),
        u16(0),
        u16(0x21),
        u32(crc),
        u32(e.zip64 ? 0xffffffff : cSize),
        u32(e.zip64 ? 0xffffffff : uSize),
        u16(name.length),
        u16(extra.length),
        u16(0), // comment length
        u16(0), // disk
        u16(0), // internal attrs
        u32(e.externalAttributes ?? ((0o100644 << 16) >>> 0)),
        u32(e.zip64 ? 0xffffffff : headerOffset),
        name,
        extra,
      ]),
    );
  }
  const cdOffset = opts.cdOffset ?? offset;
  const cd = Buffer.concat(central);
  const count = opts.entryCount ?? entries.length;
  const tail: Buffer[] = [];
  if (opts.zip64Eocd) {
    const zip64EocdOffset = offset + cd.length;
    tail.push(
      Buffer.concat([u32(0x06064b50), u64(44), u16(45), u16(45), u32(0), u32(0), u64(count), u64(count), u64(cd.length), u64(cdOffset)]),
      Buffer.concat([u32(0x07064b50), u32(0), u64(zip64EocdOffset), u32(1)]),
    );
  }
  const z = opts.zip64Eocd === true;
  tail.push(
    Buffer.concat([
      u32(0x06054b50),
      u16(0),
      u16(0),
      u16(z ? 0xffff : count),
      u16(z ? 0xffff : count),
      u32(z ? 0xffffffff : cd.length),
      u32(z ? 0xffffffff : cdOffset),
      u16(0),
    ]),
  );
  return Buffer.concat([...parts, cd, ...tail, opts.trailing ?? Buffer.alloc(0)]);
}

export interface CentralRecordRef {
  /** Offset of the central record in the zip. */
  readonly offset: number;
  readonly name: string;
  readonly localHeaderOffset: number;
}

/** Lists the central records of a (non-zip64) zip, for patching. */
export function centralRecords(zip: Buffer): CentralRecordRef[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('no end record');
  const count = zip.readUInt16LE(eocd + 10);
  let pos = zip.readUInt32LE(eocd + 16);
  const out: CentralRecordRef[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(pos) !== 0x02014b50) throw new Error(`bad central record at ${pos}`);
    const n = zip.readUInt16LE(pos + 28);
    const m = zip.readUInt16LE(pos + 30);
    const k = zip.readUInt16LE(pos + 32);
    out.push({ offset: pos, name: zip.toString('utf8', pos + 46, pos + 46 + n), localHeaderOffset: zip.readUInt32LE(pos + 42) });
    pos += 46 + n + m + k;
  }
  return out;
}

/** Patches 32-bit fields of the central record of `name` in place (returns the same buffer). */
export function patchCentral(zip: Buffer, name: string, fields: { crc32?: number; compressedSize?: number; uncompressedSize?: number }): Buffer {
  const rec = centralRecords(zip).find((r) => r.name === name);
  if (!rec) throw new Error(`no central record for ${name}`);
  if (fields.crc32 !== undefined) zip.writeUInt32LE(fields.crc32 >>> 0, rec.offset + 16);
  if (fields.compressedSize !== undefined) zip.writeUInt32LE(fields.compressedSize, rec.offset + 20);
  if (fields.uncompressedSize !== undefined) zip.writeUInt32LE(fields.uncompressedSize, rec.offset + 24);
  return zip;
}

// ---- small utilities ------------------------------------------------------------------------

export async function makeTempDir(prefix = 'trail-bundle-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function sha256File(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

export function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

export async function collect(stream: Readable | NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Deterministic pseudo-random bytes (xorshift32), so failures are reproducible. */
export function pseudoRandomBytes(n: number, seed = 0x9e3779b9): Buffer {
  const out = Buffer.allocUnsafe(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** Rejects if `p` does not settle within `ms` (turns a hang into a test failure). */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
