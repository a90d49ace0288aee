// Writes a Trail bundle ZIP atomically and deterministically (yazl).
//
//  - Atomic: data goes to a temp file (O_EXCL) in the target directory, which is fsynced, closed and
//    then renamed (or hard-linked when overwrite is false) into place; the directory is fsynced.
//    On any error (source stream error, size mismatch, ENOSPC, abort) the temp file is removed and
//    outPath is left untouched.
//  - Deterministic: same entries (names, order, bytes, compress flags) + same options => identical
//    bytes, whatever the input kind (Buffer, file path or stream) and the machine's timezone: every
//    entry is written the same way (streamed, with a data descriptor), with a fixed mode (0644) and a
//    fixed DOS timestamp (the UTC wall-clock of `mtime`; no Info-ZIP "UT" field). Deflated entries
//    additionally depend on the zlib version.
//  - ZIP64 records are used when needed (yazl decides per entry/offset); forceZip64 for tests.
//  - records.jsonl, attachments and everything except *.json are STORED by default, so readers can
//    read them at disk speed and in parallel (dataRange).
import { createReadStream } from 'node:fs';
import { link, lstat, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import yazl from 'yazl';
import { BundleFormatError, EntryNameRegistry, entryNameProblem } from './bundle-source.js';

export interface ZipBundleEntry {
  /** Entry name ("records.jsonl", "attachments/<sha256hex>", ...); validated like on reading. */
  name: string;
  /** The bytes: a Buffer, the path of a regular file to copy, or a Readable (consumed once). */
  data: Buffer | string | Readable;
  /** Deflate this entry. Default: true for names ending in ".json", false (STORED) otherwise. */
  compress?: boolean;
  /** Expected uncompressed size; the write fails if the data differs. Implied for Buffers and files. */
  size?: number;
}

export interface WriteZipBundleOptions {
  /** Timestamp of every entry. Default 2000-01-01T00:00:00Z. Stored with 2-second DOS precision. */
  mtime?: Date;
  /** Replace an existing file at outPath. Default false: fails with code EEXIST. */
  overwrite?: boolean;
  /** Write ZIP64 records even when not needed (for tests). */
  forceZip64?: boolean;
  /** zlib level for deflated entries, 1-9. Default 6. */
  compressionLevel?: number;
  signal?: AbortSignal;
}

export interface WriteZipBundleResult {
  readonly path: string;
  readonly bytes: number;
}

export const DEFAULT_BUNDLE_MTIME = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));
const FILE_MODE = 0o100644;
const CHUNK = 1024 * 1024;

export function defaultCompress(name: string): boolean {
  return name.endsWith('.json');
}

export async function writeZipBundle(
  outPath: string,
  entries: readonly ZipBundleEntry[],
  opts: WriteZipBundleOptions = {},
): Promise<WriteZipBundleResult> {
  const target = path.resolve(outPath);
  opts.signal?.throwIfAborted();
  const level = opts.compressionLevel ?? 6;
  if (!Number.isInteger(level) || level < 1 || level > 9) throw new RangeError(`compressionLevel must be 1-9, got ${String(level)}`);
  const mtime = opts.mtime ?? DEFAULT_BUNDLE_MTIME;
  if (Number.isNaN(mtime.getTime())) throw new RangeError('invalid mtime');
  // yazl encodes the DOS date/time with local-time getters: hand it a Date whose local wall-clock
  // equals the UTC wall-clock of mtime, so the bytes do not depend on the machine's timezone.
  const dosDate = new Date(
    mtime.getUTCFullYear(),
    mtime.getUTCMonth(),
    mtime.getUTCDate(),
    mtime.getUTCHours(),
    mtime.getUTCMinutes(),
    mtime.getUTCSeconds(),
  );

  const prepared = await prepareEntries(target, entries);

  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fh: FileHandle | undefined = await open(tmp, 'wx', 0o644);
  const sources = new Set<Readable>();
  const zip = new yazl.ZipFile();
  // Not fh.createWriteStream({ autoClose: false }): that keeps a reference which makes fh.close() wait forever.
  const out = new HandleWriter(fh);
  let onAbort: (() => void) | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (err: unknown): void => {
        if (settled) return;
        settled = true;
        reject(err instanceof Error ? err : new Error(String(err)));
      };
      zip.on('error', fail);
      zip.outputStream.on('error', fail);
      out.on('error', fail);
      out.on('finish', () => {
        if (settled) return;
        settled = true;
        resolve();
      });
      if (opts.signal) {
        const signal = opts.signal;
        onAbort = () => fail(signal.reason ?? new Error('aborted'));
        signal.addEventListener('abort', onAbort, { once: true });
      }
      for (const e of prepared) {
        const compress = e.compress;
        const entryOpts = {
          mtime: dosDate,
          mode: FILE_MODE,
          forceDosTimestamp: true,
          forceZip64Format: opts.forceZip64 === true,
          ...(compress ? { compress: true, compressionLevel: level } : { compress: false }),
          ...(e.size !== undefined ? { size: e.size } : {}),
        };
        // yazl does not forward errors of the streams it is given: listen ourselves, or it would hang.
        zip.addReadStreamLazy(e.name, entryOpts, (cb) => {
          let s: Readable;
          try {
            s = openData(e.data);
          } catch (err) {
            fail(err);
            return;
          }
          sources.add(s);
          s.once('error', fail);
          s.once('close', () => sources.delete(s));
          cb(null, s);
        });
      }
      zip.end({ forceZip64Format: opts.forceZip64 === true, comment: '' });
      zip.outputStream.pipe(out);
    });
    await fh.sync();
    const handle = fh;
    fh = undefined;
    await handle.close();
    await place(tmp, target, opts.overwrite === true);
    await syncDirectory(dir);
    return { path: target, bytes: out.bytesWritten };
  } catch (err) {
    for (const s of sources) s.destroy();
    zip.outputStream.unpipe(out);
    out.destroy();
    if (fh !== undefined) await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    if (err instanceof BundleFormatError) throw err;
    throw wrapError(target, err);
  } finally {
    if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
  }
}

interface PreparedEntry {
  readonly name: string;
  readonly data: Buffer | string | Readable;
  readonly compress: boolean;
  readonly size: number | undefined;
}

async function prepareEntries(target: string, entries: readonly ZipBundleEntry[]): Promise<PreparedEntry[]> {
  const registry = new EntryNameRegistry(target);
  const out: PreparedEntry[] = [];
  for (const e of entries) {
    const problem = entryNameProblem(e.name);
    if (problem !== null) throw new BundleFormatError('UNSAFE_ENTRY_NAME', target, `unsafe entry name: ${problem}`, { entry: e.name });
    registry.addFile(e.name);
    let size = e.size;
    if (size !== undefined && (!Number.isSafeInteger(size) || size < 0)) throw new RangeError(`invalid size for entry ${JSON.stringify(e.name)}`);
    let known: number | undefined;
    if (Buffer.isBuffer(e.data)) known = e.data.length;
    else if (typeof e.data === 'string') {
      const st = await stat(e.data).catch((err: unknown) => {
        throw wrapError(target, err, e.name);
      });
      if (!st.isFile()) throw wrapError(target, new Error(`${e.data} is not a regular file`), e.name);
      known = st.size;
    }
    if (known !== undefined) {
      if (size !== undefined && size !== known) {
        throw wrapError(target, new Error(`declared size ${size} differs from the data size ${known}`), e.name);
      }
      size = known;
    }
    out.push({ name: e.name, data: e.data, compress: e.compress ?? defaultCompress(e.name), size });
  }
  return out;
}

/** Sequential positional writes to a FileHandle; the caller owns (syncs and closes) the handle. */
class HandleWriter extends Writable {
  bytesWritten = 0;

  constructor(private readonly handle: FileHandle) {
    super({ highWaterMark: CHUNK });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#writeAll(chunk).then(() => callback(), callback);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    // yazl emits many small header buffers: coalesce them into one write.
    this.#writeAll(Buffer.concat(chunks.map((c) => c.chunk))).then(() => callback(), callback);
  }

  async #writeAll(buf: Buffer): Promise<void> {
    let off = 0;
    while (off < buf.length) {
      const { bytesWritten } = await this.handle.write(buf, off, buf.length - off, this.bytesWritten);
      off += bytesWritten;
      this.bytesWritten += bytesWritten;
    }
  }
}

function openData(data: Buffer | string | Readable): Readable {
  if (Buffer.isBuffer(data)) {
    let offset = 0;
    return new Readable({
      read() {
        if (offset >= data.length) {
          this.push(null);
          return;
        }
        const end = Math.min(offset + CHUNK, data.length);
        this.push(data.subarray(offset, end));
        offset = end;
      },
    });
  }
  if (typeof data === 'string') return createReadStream(data, { highWaterMark: CHUNK });
  return data;
}

async function place(tmp: string, target: string, overwrite: boolean): Promise<void> {
  if (overwrite) {
    await rename(tmp, target);
    return;
  }
  try {
    // link() refuses atomically when target exists.
    await link(tmp, target);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'EEXIST') throw existsError(target, err);
    // File systems without hard links: check, then rename (not atomic against a concurrent creator).
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS' || code === 'EXDEV') {
      const exists = await lstat(target).then(
        () => true,
        () => false,
      );
      if (exists) throw existsError(target, err);
      await rename(tmp, target);
      return;
    }
    throw err;
  }
  await unlink(tmp).catch(() => undefined);
}

function existsError(target: string, cause: unknown): Error {
  return Object.assign(new Error('the file already exists (pass overwrite: true to replace it)', { cause }), { code: 'EEXIST' });
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename durable on POSIX; not supported on every platform/file system, so best effort.
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // ignore
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function wrapError(target: string, err: unknown, entry?: string): Error {
  if (err instanceof BundleFormatError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  const where = entry === undefined ? target : `${target} (entry ${JSON.stringify(entry)})`;
  const wrapped = new Error(`cannot write bundle ${where}: ${msg}`, { cause: err });
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? Object.assign(wrapped, { code }) : wrapped;
}
