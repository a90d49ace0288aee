// ZIP bundle reader. yauzl parses the end record and the central directory (lazyEntries,
// autoClose: false, validateEntrySizes, strictFileNames) through a positional reader on our own
// read-only FileHandle. Entry data is NOT read through yauzl: its fd reader uses 16 KiB chunks,
// serialises all reads of a zip file, does not byte-count stored entries and never checks CRCs.
// Instead every entry's local header is read and checked here (this also yields dataRange), and data
// is streamed with positional 1 MiB reads, byte-counted and CRC-checked.
import type { FileHandle } from 'node:fs/promises';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import {
  BundleFormatError,
  EntryNameRegistry,
  FileRangeStream,
  StreamTracker,
  entryNameProblem,
  ioError,
  readWholeEntry,
  resolveStreamRange,
  type BundleEntryInfo,
  type BundleLimits,
  type BundleSource,
  type EntryStreamOptions,
} from './bundle-source.js';

const LOCAL_HEADER_SIG = 0x04034b50;
const CENTRAL_HEADER_SIG = 0x02014b50;
const LOCAL_HEADER_FIXED = 30;
const CENTRAL_HEADER_FIXED = 46;
const READ_BLOCK = 64 * 1024;
const FLAG_ENCRYPTED = 0x1;
const FLAG_DATA_DESCRIPTOR = 0x8;
const FLAG_UTF8 = 0x800;
const METHOD_STORE = 0;
const METHOD_DEFLATE = 8;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const HOST_UNIX = 3;

export interface OpenZipSourceParams {
  /** Bundle path used in messages. */
  readonly file: string;
  /** Symlink-free absolute path, used for dataRange. */
  readonly realFile: string;
  /** Read-only handle; ownership passes to the source (closed on failure). */
  readonly handle: FileHandle;
  readonly size: number;
  readonly limits: BundleLimits;
}

interface ZipRecord {
  readonly name: string;
  readonly rawName: Buffer;
  readonly method: number;
  readonly crc32: number;
  readonly size: number;
  readonly compressedSize: number;
  readonly headerOffset: number;
  dataStart: number;
  info?: BundleEntryInfo;
}

export async function openZipSource(params: OpenZipSourceParams): Promise<BundleSource> {
  const { file, handle } = params;
  try {
    const reader = new PositionalReader(handle, params.size);
    const records = await readCentralDirectory(params, reader);
    await checkLocalHeaders(params, reader, records.list, records.cdOffset);
    for (const rec of records.list) {
      const stored = rec.method === METHOD_STORE;
      rec.info = Object.freeze({
        name: rec.name,
        size: rec.size,
        compressedSize: rec.compressedSize,
        compressed: !stored,
        ...(stored
          ? { dataRange: Object.freeze({ file: params.realFile, start: rec.dataStart, end: rec.dataStart + rec.size }) }
          : {}),
      });
    }
    return new ZipSource(file, handle, records.list);
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err instanceof BundleFormatError ? err : ioError(file, err);
  }
}

class ZipSource implements BundleSource {
  readonly kind = 'zip' as const;
  readonly #handle: FileHandle;
  readonly #records = new Map<string, ZipRecord>();
  readonly #infos: readonly BundleEntryInfo[];
  readonly #streams = new StreamTracker();
  #closing: Promise<void> | undefined;

  constructor(
    readonly path: string,
    handle: FileHandle,
    list: readonly ZipRecord[],
  ) {
    this.#handle = handle;
    const infos: BundleEntryInfo[] = [];
    for (const rec of list) {
      this.#records.set(rec.name, rec);
      if (rec.info) infos.push(rec.info);
    }
    this.#infos = Object.freeze(infos);
  }

  entries(): readonly BundleEntryInfo[] {
    return this.#infos;
  }

  entry(name: string): BundleEntryInfo | undefined {
    return this.#records.get(name)?.info;
  }

  readEntry(name: string, maxBytes: number): Promise<Buffer> {
    this.#assertOpen();
    return readWholeEntry(this, name, maxBytes);
  }

  async openEntryStream(name: string, opts?: EntryStreamOptions): Promise<Readable> {
    this.#assertOpen();
    const rec = this.#records.get(name);
    if (rec === undefined) throw new BundleFormatError('ENTRY_NOT_FOUND', this.path, 'no such entry in the bundle', { entry: name });
    const range = resolveStreamRange(rec.size, opts);
    const verifyCrc = range.whole && opts?.verifyCrc !== false;
    if (range.start === range.end && !range.whole) return this.#streams.add(emptyStream());
    const stream = rec.method === METHOD_STORE ? this.#storedStream(rec, range, verifyCrc) : this.#inflatingStream(rec, range, verifyCrc);
    return this.#streams.add(stream);
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#streams.destroyAll();
      await this.#handle.close();
    })();
    return this.#closing;
  }

  #assertOpen(): void {
    if (this.#closing) throw new Error(`bundle ${this.path} is closed`);
  }

  #truncated(rec: ZipRecord, got: number, total: number): BundleFormatError {
    return new BundleFormatError(
      'TRUNCATED',
      this.path,
      `entry data is truncated: the file ends after ${got} of the ${total} bytes the entry occupies`,
      { entry: rec.name },
    );
  }

  #crcMismatch(rec: ZipRecord, actual: number): BundleFormatError {
    return new BundleFormatError(
      'CRC_MISMATCH',
      this.path,
      `CRC-32 mismatch: central directory says ${hex8(rec.crc32)}, data has ${hex8(actual)}`,
      { entry: rec.name },
    );
  }

  #storedStream(rec: ZipRecord, range: { start: number; end: number; chunkSize: number }, verifyCrc: boolean): Readable {
    let crc = 0;
    return new FileRangeStream({
      handle: this.#handle,
      start: rec.dataStart + range.start,
      end: rec.dataStart + range.end,
      chunkSize: range.chunkSize,
      truncated: (got) => this.#truncated(rec, range.start + got, rec.size),
      mapError: (err) => ioError(this.path, err, rec.name),
      ...(verifyCrc
        ? {
            onChunk: (chunk: Buffer) => {
              crc = zlib.crc32(chunk, crc);
            },
            onComplete: () => (crc === rec.crc32 ? null : this.#crcMismatch(rec, crc)),
          }
        : {}),
    });
  }

  #inflatingStream(rec: ZipRecord, range: { start: number; end: number; whole: boolean; chunkSize: number }, verifyCrc: boolean): Readable {
    const chunkSize = Math.max(64, Math.min(range.chunkSize, 1024 * 1024));
    let stopped = false;
    const raw = new FileRangeStream({
      handle: this.#handle,
      start: rec.dataStart,
      end: rec.dataStart + rec.compressedSize,
      chunkSize: Math.max(1, Math.min(chunkSize, rec.compressedSize)),
      truncated: (got) => this.#truncated(rec, got, rec.compressedSize),
      mapError: (err) => ioError(this.path, err, rec.name),
    });
    const inflate = zlib.createInflateRaw({ chunkSize });
    const stopUpstream = (): void => {
      stopped = true;
      raw.unpipe(inflate);
      inflate.unpipe(guard);
      raw.destroy();
      inflate.destroy();
    };
    const guard = new InflateGuard({
      declaredSize: rec.size,
      start: range.start,
      end: range.end,
      whole: range.whole,
      verifyCrc,
      highWaterMark: chunkSize,
      tooMany: (n) =>
        new BundleFormatError('ZIP_BOMB', this.path, `entry inflates beyond its declared size of ${rec.size} bytes (got at least ${n})`, {
          entry: rec.name,
        }),
      tooFew: (n) =>
        new BundleFormatError('CORRUPT', this.path, `entry inflates to ${n} bytes but declares ${rec.size}`, { entry: rec.name }),
      crcCheck: (crc) => (crc === rec.crc32 ? null : this.#crcMismatch(rec, crc)),
      onRangeDone: () => {
        stopUpstream();
        process.nextTick(() => {
          if (!guard.writableEnded && !guard.destroyed) guard.end();
        });
      },
      onDestroy: stopUpstream,
    });
    raw.on('error', (err: Error) => {
      if (!stopped) guard.destroy(err);
    });
    inflate.on('error', (err: Error) => {
      if (!stopped) guard.destroy(this.#mapZlibError(rec, err));
    });
    raw.pipe(inflate).pipe(guard);
    return guard;
  }

  #mapZlibError(rec: ZipRecord, err: Error): BundleFormatError {
    const code = (err as { code?: unknown }).code;
    if (code === 'Z_BUF_ERROR') {
      return new BundleFormatError('TRUNCATED', this.path, 'compressed data ends before the end of the deflate stream (entry data truncated)', {
        entry: rec.name,
        cause: err,
      });
    }
    return new BundleFormatError('CORRUPT', this.path, `invalid deflate data (${err.message})`, { entry: rec.name, cause: err });
  }
}

interface InflateGuardOptions {
  readonly declaredSize: number;
  readonly start: number;
  readonly end: number;
  readonly whole: boolean;
  readonly verifyCrc: boolean;
  readonly highWaterMark: number;
  readonly tooMany: (n: number) => Error;
  readonly tooFew: (n: number) => Error;
  readonly crcCheck: (crc: number) => Error | null;
  readonly onRangeDone: () => void;
  readonly onDestroy: () => void;
}

/** Counts inflated bytes (refusing more than declared), checks the CRC, and cuts out [start, end). */
class InflateGuard extends Transform {
  readonly #o: InflateGuardOptions;
  #produced = 0;
  #crc = 0;
  #done = false;

  constructor(options: InflateGuardOptions) {
    super({ readableHighWaterMark: options.highWaterMark });
    this.#o = options;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#done) {
      callback();
      return;
    }
    const before = this.#produced;
    this.#produced += chunk.length;
    if (this.#produced > this.#o.declaredSize) {
      callback(this.#o.tooMany(this.#produced));
      return;
    }
    if (this.#o.verifyCrc) this.#crc = zlib.crc32(chunk, this.#crc);
    const s = Math.max(this.#o.start - before, 0);
    const e = Math.min(this.#o.end - before, chunk.length);
    if (e > s) this.push(s === 0 && e === chunk.length ? chunk : chunk.subarray(s, e));
    if (!this.#o.whole && this.#produced >= this.#o.end) {
      this.#done = true;
      this.#o.onRangeDone();
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (!this.#o.whole) {
      callback(this.#produced >= this.#o.end ? null : this.#o.tooFew(this.#produced));
      return;
    }
    if (this.#produced < this.#o.declaredSize) {
      callback(this.#o.tooFew(this.#produced));
      return;
    }
    callback(this.#o.verifyCrc ? this.#o.crcCheck(this.#crc) : null);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#o.onDestroy();
    callback(err);
  }
}

function emptyStream(): Readable {
  return new Readable({
    read() {
      this.push(null);
    },
  });
}

function hex8(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Central directory

/** Positional reads with a small read-ahead block, so parsing a large central directory is cheap. */
class PositionalReader {
  #block: Buffer = Buffer.alloc(0);
  #blockPos = -1;

  constructor(
    private readonly handle: FileHandle,
    private readonly size: number,
  ) {}

  /** Reads up to `length` bytes at `position`; returns the count (short only at EOF). */
  async readAt(buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
    if (length === 0) return 0;
    const blockEnd = this.#blockPos + this.#block.length;
    if (this.#blockPos >= 0 && position >= this.#blockPos && position + length <= blockEnd) {
      this.#block.copy(buffer, offset, position - this.#blockPos, position - this.#blockPos + length);
      return length;
    }
    if (length >= READ_BLOCK) return readFully(this.handle, buffer, offset, length, position);
    const blockLen = Math.min(READ_BLOCK, this.size - position);
    if (blockLen <= 0) return 0;
    const block = Buffer.allocUnsafe(blockLen);
    const n = await readFully(this.handle, block, 0, blockLen, position);
    this.#block = block.subarray(0, n);
    this.#blockPos = position;
    const count = Math.min(length, n);
    this.#block.copy(buffer, offset, 0, count);
    return count;
  }
}

async function readFully(handle: FileHandle, buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, offset + done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

type ReadCallback = (err: Error | null, bytesRead?: number) => void;

/** yauzl RandomAccessReader over our handle. close() is a no-op: the source owns the handle. */
class YauzlReader extends yauzl.RandomAccessReader {
  constructor(
    private readonly source: PositionalReader,
    private readonly handle: FileHandle,
    private readonly file: string,
  ) {
    super();
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    const cb = callback as ReadCallback;
    this.source.readAt(buffer, offset, length, position).then(
      (n) => cb(null, n),
      (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
    );
  }

  override _readStreamForRange(start: number, end: number): Readable {
    // Not used by this module (we never call yauzl's openReadStream), but keep it correct.
    return new FileRangeStream({
      handle: this.handle,
      start,
      end,
      chunkSize: READ_BLOCK,
      truncated: () => new BundleFormatError('TRUNCATED', this.file, 'unexpected end of file'),
      mapError: (err) => ioError(this.file, err),
    });
  }

  override close(callback: (err: Error | null) => void): void {
    setImmediate(() => callback(null));
  }
}

interface CentralDirectory {
  readonly list: ZipRecord[];
  readonly cdOffset: number | undefined;
}

async function readCentralDirectory(params: OpenZipSourceParams, positional: PositionalReader): Promise<CentralDirectory> {
  const { file, size, limits } = params;
  const reader = new YauzlReader(positional, params.handle, file);
  let zf: yauzl.ZipFile;
  try {
    zf = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      yauzl.fromRandomAccessReader(
        reader,
        size,
        { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: true },
        (err, zipfile) => (err ? reject(err) : resolve(zipfile)),
      );
    });
  } catch (err) {
    throw mapYauzlError(file, err, undefined);
  }
  // yauzl forwards reader errors as 'error' events; never let one be unhandled.
  zf.on('error', () => undefined);
  try {
    const cursor = (): number | undefined => {
      const c = (zf as unknown as { readEntryCursor?: unknown }).readEntryCursor;
      return typeof c === 'number' ? c : undefined;
    };
    const cdOffset = cursor();
    if (zf.entryCount > limits.maxEntries) {
      throw new BundleFormatError('TOO_MANY_ENTRIES', file, `the central directory declares ${zf.entryCount} entries (limit ${limits.maxEntries})`);
    }
    if (cdOffset !== undefined && cdOffset + zf.entryCount * CENTRAL_HEADER_FIXED > size) {
      throw new BundleFormatError(
        'TRUNCATED',
        file,
        `the central directory (${zf.entryCount} entries at offset ${cdOffset}) does not fit in the file (${size} bytes)`,
      );
    }
    const registry = new EntryNameRegistry(file);
    const list: ZipRecord[] = [];
    let total = 0;
    for (let index = 0; ; index++) {
      const recordStart = cursor();
      let e: yauzl.Entry | null;
      try {
        e = await nextEntry(zf);
      } catch (err) {
        const rec = recordStart === undefined ? {} : await recordAt(positional, recordStart);
        if (rec.flags !== undefined && (rec.flags & FLAG_ENCRYPTED) !== 0) {
          // yauzl's stored-size check fires before it reports the entry; the real reason is encryption.
          throw new BundleFormatError('UNSUPPORTED_ZIP', file, 'encrypted entries are not supported', { entry: rec.name, cause: err });
        }
        throw mapYauzlError(file, err, { index, entry: rec.name });
      }
      if (e === null) break;
      const rec = checkCentralEntry(params, registry, e);
      if (rec === null) continue; // directory entry
      total += rec.size;
      if (total > limits.maxTotalUncompressedBytes) {
        throw new BundleFormatError(
          'ZIP_BOMB',
          file,
          `declared total uncompressed size exceeds the limit of ${limits.maxTotalUncompressedBytes} bytes`,
          { entry: rec.name },
        );
      }
      list.push(rec);
    }
    return { list, cdOffset };
  } finally {
    zf.close();
  }
}

function nextEntry(zf: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      zf.off('entry', onEntry);
      zf.off('end', onEnd);
      zf.off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry): void => {
      cleanup();
      resolve(entry);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(null);
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    zf.on('entry', onEntry);
    zf.on('end', onEnd);
    zf.on('error', onError);
    zf.readEntry();
  });
}

/** Best effort: the raw name and flags of the central record at `pos`, for error reporting. */
async function recordAt(reader: PositionalReader, pos: number): Promise<{ name?: string; flags?: number }> {
  try {
    const fixed = Buffer.alloc(CENTRAL_HEADER_FIXED);
    if ((await reader.readAt(fixed, 0, fixed.length, pos)) < fixed.length) return {};
    if (fixed.readUInt32LE(0) !== CENTRAL_HEADER_SIG) return {};
    const flags = fixed.readUInt16LE(8);
    const n = Math.min(fixed.readUInt16LE(28), 1024);
    const name = Buffer.alloc(n);
    const got = await reader.readAt(name, 0, n, pos + CENTRAL_HEADER_FIXED);
    return got > 0 ? { name: name.subarray(0, got).toString('utf8'), flags } : { flags };
  } catch {
    return {};
  }
}

function mapYauzlError(file: string, err: unknown, ctx: { index: number; entry: string | undefined } | undefined): BundleFormatError {
  if (err instanceof BundleFormatError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  const where = ctx === undefined ? '' : ` (central directory record #${ctx.index})`;
  const opts = { entry: ctx?.entry, cause: err };
  if (/End of central directory record signature not found/i.test(msg)) {
    return new BundleFormatError('TRUNCATED', file, 'no ZIP end-of-central-directory record: the file is truncated (or not a ZIP)', opts);
  }
  if (/unexpected EOF/i.test(msg)) {
    return new BundleFormatError('TRUNCATED', file, `the ZIP structure runs past the end of the file${where}: the file is truncated`, opts);
  }
  if (/multi-disk|strong encryption|unsupported compression/i.test(msg)) {
    return new BundleFormatError('UNSUPPORTED_ZIP', file, `unsupported ZIP feature${where}: ${msg}`, opts);
  }
  if (/^(invalid characters in fileName|absolute path|invalid relative path):/.test(msg)) {
    const reason = msg.startsWith('invalid characters') ? 'backslash in entry name' : msg.startsWith('absolute') ? 'absolute path' : 'path traversal (".." segment)';
    return new BundleFormatError('UNSAFE_ENTRY_NAME', file, `unsafe entry name: ${reason}${where}`, opts);
  }
  const stored = /size mismatch for stored file: (\d+) != (\d+)/.exec(msg);
  if (stored) {
    const compressed = Number(stored[1]);
    const uncompressed = Number(stored[2]);
    const code = uncompressed > compressed ? 'ZIP_BOMB' : 'CORRUPT';
    return new BundleFormatError(code, file, `stored entry declares ${uncompressed} bytes but occupies ${compressed} bytes${where}`, opts);
  }
  if (/Invalid comment length/i.test(msg)) {
    return new BundleFormatError('CORRUPT', file, 'invalid ZIP end record (trailing bytes after the archive, or a truncated/corrupted file)', opts);
  }
  return new BundleFormatError('CORRUPT', file, `invalid ZIP structure${where}: ${msg}`, opts);
}

function checkCentralEntry(params: OpenZipSourceParams, registry: EntryNameRegistry, e: yauzl.Entry): ZipRecord | null {
  const { file, size: fileSize, limits } = params;
  const raw = e.fileNameRaw;
  const rawText = raw.toString('utf8');
  const unsafe = (detail: string): BundleFormatError => new BundleFormatError('UNSAFE_ENTRY_NAME', file, `unsafe entry name: ${detail}`, { entry: rawText });
  if (!Buffer.from(rawText, 'utf8').equals(raw)) throw unsafe('entry name is not valid UTF-8');
  const isDir = rawText.endsWith('/');
  const name = isDir ? rawText.slice(0, -1) : rawText;
  const problem = entryNameProblem(name, limits.maxEntryNameBytes);
  if (problem !== null) throw unsafe(problem);
  if ((e.generalPurposeBitFlag & FLAG_UTF8) === 0 && /[^ -~]/.test(rawText)) {
    throw unsafe('non-ASCII entry name without the UTF-8 flag (ambiguous encoding)');
  }
  if (e.fileName !== rawText) throw unsafe(`name differs from its Unicode Path extra field (${JSON.stringify(e.fileName)})`);

  const fail = (code: 'UNSUPPORTED_ZIP' | 'CORRUPT' | 'ZIP_BOMB', detail: string): BundleFormatError =>
    new BundleFormatError(code, file, detail, { entry: name });
  if (e.isEncrypted()) throw fail('UNSUPPORTED_ZIP', 'encrypted entries are not supported');
  if (e.compressionMethod !== METHOD_STORE && e.compressionMethod !== METHOD_DEFLATE) {
    throw fail('UNSUPPORTED_ZIP', `unsupported compression method ${e.compressionMethod} (only store and deflate)`);
  }
  if (e.versionMadeBy >>> 8 === HOST_UNIX) {
    const type = (e.externalFileAttributes >>> 16) & S_IFMT;
    if (type === S_IFLNK) throw fail('UNSUPPORTED_ZIP', 'symbolic-link entries are not supported');
    if (type !== 0 && type !== (isDir ? S_IFDIR : S_IFREG)) {
      throw fail('UNSUPPORTED_ZIP', `special file entry (unix mode 0o${((e.externalFileAttributes >>> 16) & 0xffff).toString(8)})`);
    }
  }
  if (isDir) {
    if (e.uncompressedSize !== 0) throw fail('CORRUPT', 'directory entry with data');
    registry.addDirectoryPrefixes(name, true);
    return null;
  }
  registry.addFile(name);

  const declared = e.uncompressedSize;
  const compressedSize = e.compressedSize;
  if (e.compressionMethod === METHOD_STORE) {
    if (declared > fileSize) {
      throw fail('ZIP_BOMB', `stored entry declares ${declared} bytes but the whole bundle file is only ${fileSize} bytes`);
    }
  } else {
    if (compressedSize > fileSize) {
      throw fail('ZIP_BOMB', `entry declares ${compressedSize} compressed bytes but the whole bundle file is only ${fileSize} bytes`);
    }
    if (declared > limits.compressionRatioMinBytes && declared > compressedSize * limits.maxCompressionRatio) {
      const ratio = compressedSize === 0 ? 'infinite' : `${Math.round(declared / compressedSize)}:1`;
      throw fail('ZIP_BOMB', `declared compression ratio ${ratio} (${declared} from ${compressedSize} bytes) exceeds the limit of ${limits.maxCompressionRatio}:1`);
    }
  }
  return {
    name,
    rawName: Buffer.from(raw),
    method: e.compressionMethod,
    crc32: e.crc32 >>> 0,
    size: declared,
    compressedSize,
    headerOffset: e.relativeOffsetOfLocalHeader,
    dataStart: -1,
  };
}

/**
 * Reads every local header: checks it agrees with the central directory (name, method, sizes),
 * computes where the data starts (the local extra field may differ from the central one), and
 * refuses data past EOF, data overlapping the central directory, and overlapping entries.
 */
async function checkLocalHeaders(
  params: OpenZipSourceParams,
  reader: PositionalReader,
  list: readonly ZipRecord[],
  cdOffset: number | undefined,
): Promise<void> {
  const { file, size: fileSize } = params;
  const sorted = [...list].sort((a, b) => a.headerOffset - b.headerOffset);
  let prev: { name: string; dataEnd: number } | undefined;
  for (const rec of sorted) {
    const fail = (code: 'TRUNCATED' | 'CORRUPT' | 'ZIP_BOMB' | 'UNSUPPORTED_ZIP', detail: string): BundleFormatError =>
      new BundleFormatError(code, file, detail, { entry: rec.name });
    const n = rec.rawName.length;
    const headerLen = LOCAL_HEADER_FIXED + n;
    if (rec.headerOffset + headerLen > fileSize) {
      throw fail('TRUNCATED', `local file header at offset ${rec.headerOffset} lies beyond the end of the file (${fileSize} bytes)`);
    }
    const buf = Buffer.allocUnsafe(headerLen);
    const got = await reader.readAt(buf, 0, headerLen, rec.headerOffset);
    if (got < headerLen) throw fail('TRUNCATED', 'local file header is cut off by the end of the file');
    if (buf.readUInt32LE(0) !== LOCAL_HEADER_SIG) throw fail('CORRUPT', `invalid local file header signature at offset ${rec.headerOffset}`);
    const flags = buf.readUInt16LE(6);
    const method = buf.readUInt16LE(8);
    const nameLen = buf.readUInt16LE(26);
    const extraLen = buf.readUInt16LE(28);
    if (nameLen !== n || !buf.subarray(LOCAL_HEADER_FIXED).equals(rec.rawName)) {
      throw fail('CORRUPT', 'local file header name differs from the central directory name');
    }
    if (flags & FLAG_ENCRYPTED) throw fail('UNSUPPORTED_ZIP', 'encrypted entries are not supported (local header)');
    if (method !== rec.method) throw fail('CORRUPT', `local header compression method ${method} differs from the central directory (${rec.method})`);
    if ((flags & FLAG_DATA_DESCRIPTOR) === 0) {
      const crc = buf.readUInt32LE(14);
      const cSize = buf.readUInt32LE(18);
      const uSize = buf.readUInt32LE(22);
      if (crc !== rec.crc32 || (cSize !== 0xffffffff && cSize !== rec.compressedSize) || (uSize !== 0xffffffff && uSize !== rec.size)) {
        throw fail('CORRUPT', 'local file header CRC/sizes differ from the central directory');
      }
    }
    rec.dataStart = rec.headerOffset + headerLen + extraLen;
    const dataEnd = rec.dataStart + rec.compressedSize;
    if (dataEnd > fileSize) {
      throw fail('TRUNCATED', `entry data runs past the end of the file (needs ${dataEnd} bytes, the file has ${fileSize}): the file is truncated`);
    }
    if (cdOffset !== undefined && dataEnd > cdOffset) throw fail('CORRUPT', 'entry data overlaps the central directory');
    if (prev !== undefined && prev.dataEnd > rec.headerOffset) {
      throw fail('ZIP_BOMB', `entry overlaps the data of entry ${JSON.stringify(prev.name)} (overlapping entries are a zip-bomb technique)`);
    }
    prev = { name: rec.name, dataEnd };
  }
}
