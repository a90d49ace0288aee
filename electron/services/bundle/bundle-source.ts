// Read-only access to a Trail bundle: a ZIP file (zip64 allowed) or a plain directory with the same
// layout (manifest.json, records.jsonl, checkpoint, keys/*.vkey, attachments/<sha256hex>).
//
// Guarantees (both kinds):
//  - the bundle is only ever opened read-only; nothing is extracted or written;
//  - entries are read one by one, streaming, with bounded memory (no whole-entry buffering except
//    readEntry(), which refuses above its maxBytes before reading anything);
//  - hostile input is refused with a BundleFormatError whose message names the file and the entry.
//
// Node side only (fs, yauzl). Must not import electron.
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';

export interface BundleEntryInfo {
  /** Normalised forward-slash name, validated (see entryNameProblem). */
  readonly name: string;
  /** Uncompressed size in bytes (declared by the zip; verified while streaming). */
  readonly size: number;
  readonly compressedSize: number;
  /** false for zip STORE entries and for directory files. */
  readonly compressed: boolean;
  /**
   * For uncompressed entries: where the entry's bytes live in a plain file (absolute, symlink-free
   * path; `end` exclusive), so worker threads can read byte ranges in parallel with their own file
   * descriptors. Reads through dataRange are not CRC-checked.
   */
  readonly dataRange?: { readonly file: string; readonly start: number; readonly end: number };
}

export interface EntryStreamOptions {
  /** Chunk size in bytes. Default 1 MiB (64 KiB halves hashing throughput). */
  highWaterMark?: number;
  /** First byte (inclusive, uncompressed offset). Default 0. */
  start?: number;
  /** End offset (EXCLUSIVE, uncompressed offset, like dataRange.end). Default entry size. */
  end?: number;
  /** Verify the zip CRC-32 when the whole entry is read. Default true. Ignored for directories. */
  verifyCrc?: boolean;
}

export interface BundleSource {
  /** The path as given to openBundle (resolved to absolute). */
  readonly path: string;
  readonly kind: 'zip' | 'directory';
  /** All file entries (zip: central-directory order; directory: sorted by name). */
  entries(): readonly BundleEntryInfo[];
  entry(name: string): BundleEntryInfo | undefined;
  /** Reads a small entry completely; refuses (ENTRY_TOO_LARGE) above maxBytes before reading. */
  readEntry(name: string, maxBytes: number): Promise<Buffer>;
  /** Streams an entry (or a byte range of it). Errors are emitted as BundleFormatError. */
  openEntryStream(name: string, opts?: EntryStreamOptions): Promise<Readable>;
  /** Destroys streams still open and releases file handles. Idempotent. */
  close(): Promise<void>;
}

export type BundleErrorCode =
  | 'NOT_A_BUNDLE' // not a zip and not a directory; garbage; empty file
  | 'TRUNCATED' // zip cut short: no end record, central directory or entry data past EOF
  | 'CORRUPT' // structurally inconsistent zip (bad signatures, local/central header mismatch, bad deflate data)
  | 'UNSAFE_ENTRY_NAME' // traversal, absolute, backslash, drive letter, control chars, non-canonical, ambiguous encoding
  | 'DUPLICATE_ENTRY' // same name twice (also case-/Unicode-folded), or a name used as file and directory
  | 'ZIP_BOMB' // declared sizes beyond the file, ratio, total, overlapping entries, inflates beyond declared size
  | 'TOO_MANY_ENTRIES'
  | 'ENTRY_TOO_LARGE' // readEntry() above maxBytes
  | 'UNSUPPORTED_ZIP' // encryption, compression methods other than store/deflate, multi-disk, symlink entries
  | 'CRC_MISMATCH'
  | 'UNSAFE_FILE' // directory bundle: symlink leading outside, special file, nesting too deep
  | 'MODIFIED' // directory bundle: a file changed/was replaced since the bundle was opened
  | 'ENTRY_NOT_FOUND'
  | 'IO_ERROR'; // underlying file-system error (see `cause`)

export class BundleFormatError extends Error {
  override readonly name = 'BundleFormatError';
  readonly code: BundleErrorCode;
  /** The bundle path (as given to openBundle). */
  readonly file: string;
  readonly entry?: string;
  /** The message without the "file (entry ...)" prefix. */
  readonly detail: string;

  constructor(code: BundleErrorCode, file: string, detail: string, options?: { entry?: string; cause?: unknown }) {
    const where = options?.entry === undefined ? file : `${file} (entry ${JSON.stringify(options.entry)})`;
    super(`${where}: ${detail}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = file;
    if (options?.entry !== undefined) this.entry = options.entry;
    this.detail = detail;
  }
}

export function isBundleFormatError(err: unknown, code?: BundleErrorCode): err is BundleFormatError {
  return err instanceof BundleFormatError && (code === undefined || err.code === code);
}

export interface BundleLimits {
  /** Maximum number of entries (files). */
  readonly maxEntries: number;
  /** Maximum sum of declared uncompressed sizes (zip); refused before any data is read. */
  readonly maxTotalUncompressedBytes: number;
  /** Maximum declared uncompressed:compressed ratio for deflated entries larger than compressionRatioMinBytes. */
  readonly maxCompressionRatio: number;
  readonly compressionRatioMinBytes: number;
  /** Maximum UTF-8 length of an entry name. */
  readonly maxEntryNameBytes: number;
  /** Maximum directory nesting inside a directory bundle. */
  readonly maxDirectoryDepth: number;
}

export const DEFAULT_BUNDLE_LIMITS: Readonly<BundleLimits> = Object.freeze({
  maxEntries: 100_000,
  maxTotalUncompressedBytes: 2 ** 40, // 1 TiB
  maxCompressionRatio: 1000,
  compressionRatioMinBytes: 1024 * 1024,
  maxEntryNameBytes: 1024,
  maxDirectoryDepth: 32,
});

export interface OpenBundleOptions {
  readonly limits?: Partial<BundleLimits>;
}

export const DEFAULT_CHUNK_SIZE = 1024 * 1024;
const MAX_CHUNK_SIZE = 64 * 1024 * 1024;

export function resolveLimits(partial: Partial<BundleLimits> | undefined): BundleLimits {
  const limits: BundleLimits = { ...DEFAULT_BUNDLE_LIMITS, ...partial };
  for (const [key, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
      throw new RangeError(`bundle limit ${key} must be a positive finite number, got ${String(value)}`);
    }
  }
  return limits;
}

// ---------------------------------------------------------------------------------------------
// Shared helpers for zip-source.ts and directory-source.ts (not part of the public API surface).

export function ioError(file: string, err: unknown, entry?: string): BundleFormatError {
  if (err instanceof BundleFormatError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new BundleFormatError('IO_ERROR', file, `I/O error: ${msg}`, { entry, cause: err });
}

/** Returns why `name` is not an acceptable entry name, or null if it is. */
export function entryNameProblem(name: string, maxBytes: number = DEFAULT_BUNDLE_LIMITS.maxEntryNameBytes): string | null {
  if (name.length === 0) return 'empty entry name';
  if (Buffer.byteLength(name, 'utf8') > maxBytes) return `entry name longer than ${maxBytes} bytes`;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0) return 'NUL character in entry name';
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return `control character U+${hex4(c)} in entry name`;
    if (c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
      return `bidirectional control character U+${hex4(c)} in entry name`;
    }
    if (c === 0xfffd) return 'entry name is not valid UTF-8';
    if (c >= 0xd800 && c <= 0xdfff) {
      const pair = c <= 0xdbff && i + 1 < name.length && name.charCodeAt(i + 1) >= 0xdc00 && name.charCodeAt(i + 1) <= 0xdfff;
      if (!pair) return 'unpaired surrogate in entry name';
      i++;
    }
  }
  if (name.includes('\\')) return 'backslash in entry name (only "/" separates path segments)';
  if (name.startsWith('/')) return 'absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'drive-letter path';
  for (const segment of name.split('/')) {
    if (segment === '..') return 'path traversal (".." segment)';
    if (segment === '.') return 'non-canonical path ("." segment)';
    if (segment === '') return 'non-canonical path (empty segment: leading, trailing or double "/")';
  }
  return null;
}

function hex4(c: number): string {
  return c.toString(16).toUpperCase().padStart(4, '0');
}

/** Key under which two names collide on case-insensitive / normalising file systems. */
export function entryNameFoldKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * Tracks names for DUPLICATE_ENTRY detection: exact duplicates, case/Unicode-folded duplicates and
 * names used both as a file and as a directory prefix ("a" and "a/b").
 */
export class EntryNameRegistry {
  readonly #files = new Map<string, string>(); // fold key -> name
  readonly #dirs = new Map<string, string>(); // fold key of every directory prefix -> an entry name using it

  constructor(private readonly file: string) {}

  /** Registers a file name; throws DUPLICATE_ENTRY on conflict. */
  addFile(name: string): void {
    const key = entryNameFoldKey(name);
    const prior = this.#files.get(key);
    if (prior !== undefined) {
      const detail = prior === name ? 'duplicate entry name' : `duplicate entry name (collides with ${JSON.stringify(prior)} on case-insensitive file systems)`;
      throw new BundleFormatError('DUPLICATE_ENTRY', this.file, detail, { entry: name });
    }
    const asDir = this.#dirs.get(key);
    if (asDir !== undefined) {
      throw new BundleFormatError('DUPLICATE_ENTRY', this.file, `name is used both as a file and as the directory of ${JSON.stringify(asDir)}`, { entry: name });
    }
    this.#files.set(key, name);
    this.addDirectoryPrefixes(name, false);
  }

  /** Registers an explicit directory (zip "dir/" entries) and the parents of a file. */
  addDirectoryPrefixes(name: string, includeSelf: boolean): void {
    const parts = name.split('/');
    const upto = includeSelf ? parts.length : parts.length - 1;
    for (let i = 1; i <= upto; i++) {
      const dir = parts.slice(0, i).join('/');
      const key = entryNameFoldKey(dir);
      const fileUsing = this.#files.get(key);
      if (fileUsing !== undefined) {
        throw new BundleFormatError('DUPLICATE_ENTRY', this.file, `${JSON.stringify(fileUsing)} is used both as a file and as a directory`, { entry: name });
      }
      if (!this.#dirs.has(key)) this.#dirs.set(key, name);
    }
  }
}

export interface ResolvedRange {
  readonly start: number;
  readonly end: number;
  readonly whole: boolean;
  readonly chunkSize: number;
}

/** Validates stream options against an entry size. Invalid ranges are programming errors (RangeError). */
export function resolveStreamRange(size: number, opts: EntryStreamOptions | undefined): ResolvedRange {
  const start = opts?.start ?? 0;
  const end = opts?.end ?? size;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start || end > size) {
    throw new RangeError(`invalid entry range [${String(start)}, ${String(end)}) for an entry of ${size} bytes`);
  }
  const hwm = opts?.highWaterMark ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isSafeInteger(hwm) || hwm < 1) throw new RangeError(`invalid highWaterMark ${String(hwm)}`);
  return { start, end, whole: start === 0 && end === size, chunkSize: Math.min(hwm, MAX_CHUNK_SIZE) };
}

export interface FileRangeStreamOptions {
  readonly handle: FileHandle;
  /** Absolute file positions, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly chunkSize: number;
  /** Close the handle when the stream is destroyed (directory bundles: one handle per stream). */
  readonly ownsHandle?: boolean;
  /** Error for an EOF before `end`; `got` is the number of bytes delivered. */
  readonly truncated: (got: number) => Error;
  readonly mapError: (err: unknown) => Error;
  readonly onChunk?: (chunk: Buffer) => void;
  /** Called once all bytes were delivered; a returned error replaces the end of the stream. */
  readonly onComplete?: () => Error | null;
}

/** Positional reads of [start, end) from a FileHandle, in chunks of chunkSize, never past `end`. */
export class FileRangeStream extends Readable {
  readonly #o: FileRangeStreamOptions;
  #pos: number;

  constructor(options: FileRangeStreamOptions) {
    // Buffer up to two chunks: one read stays in flight while the consumer processes the previous
    // chunk (overlaps disk I/O with hashing), memory stays bounded at ~3 chunks per stream.
    super({ highWaterMark: options.chunkSize * 2 });
    this.#o = options;
    this.#pos = options.start;
  }

  override _read(): void {
    const remaining = this.#o.end - this.#pos;
    if (remaining <= 0) {
      const err = this.#o.onComplete?.() ?? null;
      if (err) this.destroy(err);
      else this.push(null);
      return;
    }
    const len = Math.min(this.#o.chunkSize, remaining);
    const buf = Buffer.allocUnsafe(len);
    this.#o.handle.read(buf, 0, len, this.#pos).then(
      ({ bytesRead }) => {
        if (this.destroyed) return;
        if (bytesRead === 0) {
          this.destroy(this.#o.truncated(this.#pos - this.#o.start));
          return;
        }
        this.#pos += bytesRead;
        const chunk = bytesRead === len ? buf : buf.subarray(0, bytesRead);
        this.#o.onChunk?.(chunk);
        this.push(chunk);
      },
      (err: unknown) => {
        if (!this.destroyed) this.destroy(this.#o.mapError(err));
      },
    );
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.#o.ownsHandle) {
      callback(err);
      return;
    }
    // FileHandle.close() waits for a read still in flight.
    this.#o.handle.close().then(
      () => callback(err),
      (closeErr: unknown) => callback(err ?? this.#o.mapError(closeErr)),
    );
  }
}

/** Tracks open streams so close() can destroy them; resolves once they are all closed. */
export class StreamTracker {
  readonly #active = new Set<Readable>();

  add<T extends Readable>(stream: T): T {
    this.#active.add(stream);
    stream.once('close', () => this.#active.delete(stream));
    return stream;
  }

  async destroyAll(): Promise<void> {
    const pending = [...this.#active].map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.closed) {
            resolve();
            return;
          }
          s.once('close', () => resolve());
          s.destroy();
        }),
    );
    await Promise.all(pending);
    this.#active.clear();
  }
}

/** Shared implementation of BundleSource.readEntry. */
export async function readWholeEntry(source: BundleSource, name: string, maxBytes: number): Promise<Buffer> {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`invalid maxBytes ${String(maxBytes)}`);
  const info = source.entry(name);
  if (info === undefined) throw new BundleFormatError('ENTRY_NOT_FOUND', source.path, 'no such entry in the bundle', { entry: name });
  if (info.size > maxBytes) {
    throw new BundleFormatError('ENTRY_TOO_LARGE', source.path, `entry is ${info.size} bytes, more than the ${maxBytes} bytes allowed here`, { entry: name });
  }
  const out = Buffer.allocUnsafe(info.size);
  let filled = 0;
  const stream = await source.openEntryStream(name, { highWaterMark: Math.max(1, Math.min(info.size, DEFAULT_CHUNK_SIZE)) });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      // Sources never deliver more than the declared size; this is a last line of defence.
      if (filled + chunk.length > out.length) {
        throw new BundleFormatError('ZIP_BOMB', source.path, `entry delivers more than its declared ${info.size} bytes`, { entry: name });
      }
      chunk.copy(out, filled);
      filled += chunk.length;
    }
  } finally {
    stream.destroy();
  }
  if (filled !== out.length) {
    throw new BundleFormatError('TRUNCATED', source.path, `entry delivered ${filled} of its declared ${info.size} bytes`, { entry: name });
  }
  return out;
}
