// Evidence on disk (docs/architecture.md, "The case"): copied byte-exact while hashing, named by
// SHA-256, made read-only, original modification times kept. A recording or bundle that is a folder
// is copied as a folder; its name is the SHA-256 of its canonical listing (every file's relative
// name, size and SHA-256), so one hash still identifies the whole item.
import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, open, readdir, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** Reads use 1 MiB chunks: smaller ones halve hashing throughput (PERF-NOTES §1). */
const CHUNK = 1 << 20;
const MAX_DEPTH = 16;

export interface ListedFile {
  /** Relative, `/`-separated. */
  name: string;
  size: number;
  sha256: string;
}

export interface CopyHooks {
  /** Called after every chunk with the bytes copied so far (of the whole item). */
  onBytes?: (bytes: number) => void;
  /** Checked between chunks; when it returns true the copy stops with CopyCancelled. */
  cancelled?: () => boolean;
  /**
   * Called once the target holds the first `bytes` bytes of the file (writes completed, in order),
   * so a reader can follow the copy while it is being written (import/follow-copy.ts).
   */
  onWritten?: (bytes: number) => void;
}

export class CopyCancelled extends Error {}

export async function hashFile(file: string, hooks: CopyHooks = {}, base = 0): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  const handle = await open(file, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK);
  let size = 0;
  try {
    for (;;) {
      if (hooks.cancelled?.() === true) throw new CopyCancelled('cancelled');
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
      hooks.onBytes?.(base + size);
    }
  } finally {
    await handle.close();
  }
  return { sha256: hash.digest('hex'), size };
}

export interface CopiedFile {
  sha256: string;
  size: number;
  /**
   * Settles once the copy is on disk (fsync) and read-only; an error instead of a rejection, so a
   * copy whose import fails earlier leaves no unhandled promise. Await it before relying on the copy
   * surviving a crash: the fsync runs on the thread pool while the import verifies and indexes.
   */
  durable: Promise<Error | null>;
}

/** Copies one file byte-exact, hashing what it writes; source mtime kept; then fsynced and made read-only. */
export async function copyFileHashed(source: string, target: string, hooks: CopyHooks = {}, base = 0): Promise<CopiedFile> {
  const hash = createHash('sha256');
  const input = await open(source, 'r');
  let size = 0;
  let output: FileHandle | null = null;
  try {
    output = await open(target, 'wx', 0o644);
    const out = output;
    // Two buffers: while one chunk is written (thread pool), the next is read and hashed.
    const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    let writing: Promise<void> = Promise.resolve();
    const writeAll = async (chunk: Buffer): Promise<void> => {
      let written = 0;
      while (written < chunk.length) written += (await out.write(chunk, written, chunk.length - written)).bytesWritten;
    };
    try {
      for (let turn = 0; ; turn ^= 1) {
        if (hooks.cancelled?.() === true) throw new CopyCancelled('cancelled');
        const buffer = buffers[turn] as Buffer;
        const { bytesRead } = await input.read(buffer, 0, CHUNK, null);
        if (bytesRead === 0) break;
        const chunk = buffer.subarray(0, bytesRead);
        hash.update(chunk);
        await writing;
        const upTo = size + bytesRead;
        writing = writeAll(chunk).then(() => hooks.onWritten?.(upTo));
        size += bytesRead;
        hooks.onBytes?.(base + size);
      }
    } finally {
      await writing.catch(() => undefined);
    }
    await writing;
    const info = await input.stat();
    // Seconds as a double keep sub-millisecond precision (a Date would cut it to milliseconds).
    await output.utimes(info.atimeMs / 1000, info.mtimeMs / 1000);
  } catch (error) {
    await output?.close().catch(() => undefined);
    throw error;
  } finally {
    await input.close();
  }
  const written = output;
  const durable = written
    .sync()
    .then(() => written.close())
    .then(() => chmod(target, 0o444))
    .then(
      () => null,
      async (error: unknown) => {
        await written.close().catch(() => undefined);
        return error instanceof Error ? error : new Error(String(error));
      },
    );
  return { sha256: hash.digest('hex'), size, durable };
}

/** Waits for copies to be durable; throws the first failure. */
export async function whenDurable(copies: ReadonlyArray<Promise<Error | null>>): Promise<void> {
  for (const error of await Promise.all(copies)) if (error !== null) throw error;
}

/** Regular files under `dir` (symbolic links to files are read as files; linked folders are not followed). */
export async function listTree(dir: string): Promise<Array<{ name: string; file: string; size: number }>> {
  const out: Array<{ name: string; file: string; size: number }> = [];
  const walk = async (folder: string, prefix: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) throw new Error(`${folder}: more than ${MAX_DEPTH} folders deep`);
    const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      const name = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) await walk(full, name, depth + 1);
      else if (entry.isFile() || entry.isSymbolicLink()) {
        const info = await stat(full).catch(() => null);
        if (info?.isFile()) out.push({ name, file: full, size: info.size });
      }
    }
  };
  await walk(dir, '', 0);
  return out;
}

export function listingSha256(files: readonly ListedFile[]): string {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const text = JSON.stringify({ format: 'trailview-evidence-listing', version: 1, files: sorted.map((f) => ({ name: f.name, size: f.size, sha256: f.sha256 })) });
  return createHash('sha256').update(text).digest('hex');
}

export async function treeBytes(dir: string): Promise<number> {
  return (await listTree(dir)).reduce((sum, f) => sum + f.size, 0);
}

/** Copies a folder's files byte-exact into `target` (created); returns the listing's SHA-256. */
export async function copyTreeHashed(source: string, target: string, hooks: CopyHooks = {}): Promise<CopiedFile & { files: ListedFile[] }> {
  const files = await listTree(source);
  const listed: ListedFile[] = [];
  const durable: Array<Promise<Error | null>> = [];
  let base = 0;
  await mkdir(target, { recursive: false });
  try {
    for (const f of files) {
      const to = path.join(target, ...f.name.split('/'));
      await mkdir(path.dirname(to), { recursive: true });
      const copied = await copyFileHashed(f.file, to, hooks, base);
      durable.push(copied.durable);
      base += copied.size;
      listed.push({ name: f.name, size: copied.size, sha256: copied.sha256 });
    }
  } catch (error) {
    await Promise.all(durable);
    throw error;
  }
  const all = Promise.all(durable).then((errors) => errors.find((e) => e !== null) ?? null);
  return { sha256: listingSha256(listed), size: base, files: listed, durable: all };
}

/** SHA-256 of a stored item: of the bytes for a file, of the canonical listing for a folder. */
export async function hashItem(item: string, hooks: CopyHooks = {}): Promise<{ sha256: string; size: number }> {
  const info = await stat(item);
  if (!info.isDirectory()) return hashFile(item, hooks);
  const listed: ListedFile[] = [];
  let base = 0;
  for (const f of await listTree(item)) {
    const h = await hashFile(f.file, hooks, base);
    base += h.size;
    listed.push({ name: f.name, size: h.size, sha256: h.sha256 });
  }
  return { sha256: listingSha256(listed), size: base };
}

/**
 * A cheap identity for the check on every open: size and modification time (of every file, for
 * a folder). Changing bytes without changing either needs deliberate effort; `case verify` hashes.
 */
export async function fingerprint(item: string): Promise<string> {
  const info = await lstat(item);
  if (!info.isDirectory()) return `${info.size}:${Math.trunc(info.mtimeMs)}`;
  const hash = createHash('sha256');
  let total = 0;
  for (const f of await listTree(item)) {
    const s = await stat(f.file);
    total += s.size;
    hash.update(`${f.name}\0${s.size}\0${Math.trunc(s.mtimeMs)}\n`);
  }
  return `${total}:${hash.digest('hex').slice(0, 32)}`;
}

/** Whether any file of the item can be written by its owner, group or others. */
export async function isWritable(item: string): Promise<boolean> {
  const info = await stat(item);
  if (!info.isDirectory()) return (info.mode & 0o222) !== 0;
  for (const f of await listTree(item)) if (((await stat(f.file)).mode & 0o222) !== 0) return true;
  return false;
}
