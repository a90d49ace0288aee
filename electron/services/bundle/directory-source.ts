// Directory bundle reader: a plain directory with the bundle layout. Files are listed recursively
// with forward-slash names validated like zip entry names. Symbolic links are only accepted when they
// resolve to a regular file inside the directory; special files (FIFOs, sockets, devices) are refused.
// Files are opened read-only with O_NOFOLLOW|O_NONBLOCK and checked against the listing (same inode
// and size), so a file swapped after openBundle is refused instead of read.
import { constants as fsConstants } from 'node:fs';
import { lstat, open, opendir, realpath, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
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

interface DirFile {
  readonly info: BundleEntryInfo;
  /** Symlink-free absolute path to open. */
  readonly file: string;
  readonly dev: number;
  readonly ino: number;
}

const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);

/** `dir` is used in messages; it must be a directory. */
export async function openDirectorySource(dir: string, limits: BundleLimits): Promise<BundleSource> {
  let root: string;
  try {
    root = await realpath(dir);
  } catch (err) {
    throw ioError(dir, err);
  }
  const registry = new EntryNameRegistry(dir);
  const files: DirFile[] = [];
  let dirCount = 0;

  const unsafe = (entry: string, detail: string): BundleFormatError => new BundleFormatError('UNSAFE_FILE', dir, detail, { entry });

  const addFile = (name: string, file: string, st: { size: number; dev: number; ino: number }): void => {
    registry.addFile(name);
    if (files.length >= limits.maxEntries) {
      throw new BundleFormatError('TOO_MANY_ENTRIES', dir, `the directory holds more than ${limits.maxEntries} files`);
    }
    const info: BundleEntryInfo = Object.freeze({
      name,
      size: st.size,
      compressedSize: st.size,
      compressed: false,
      dataRange: Object.freeze({ file, start: 0, end: st.size }),
    });
    files.push({ info, file, dev: st.dev, ino: st.ino });
  };

  const walk = async (relDir: string, absDir: string, depth: number): Promise<void> => {
    if (depth > limits.maxDirectoryDepth) throw unsafe(relDir, `directories nested deeper than ${limits.maxDirectoryDepth} levels`);
    const handle = await opendir(absDir);
    for await (const dirent of handle) {
      const name = relDir === '' ? dirent.name : `${relDir}/${dirent.name}`;
      const problem = entryNameProblem(name, limits.maxEntryNameBytes);
      if (problem !== null) throw new BundleFormatError('UNSAFE_ENTRY_NAME', dir, `unsafe entry name: ${problem}`, { entry: name });
      const abs = path.join(absDir, dirent.name);
      const st = await lstat(abs);
      if (st.isDirectory()) {
        if (++dirCount > limits.maxEntries) throw new BundleFormatError('TOO_MANY_ENTRIES', dir, `the directory holds more than ${limits.maxEntries} subdirectories`);
        registry.addDirectoryPrefixes(name, true);
        await walk(name, abs, depth + 1);
      } else if (st.isFile()) {
        addFile(name, abs, st);
      } else if (st.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(abs);
        } catch {
          throw unsafe(name, 'dangling or unresolvable symbolic link');
        }
        if (!isInside(root, target)) throw unsafe(name, `symbolic link points outside the bundle directory (to ${target})`);
        const tst = await stat(target);
        if (!tst.isFile()) throw unsafe(name, 'symbolic link to something other than a regular file');
        addFile(name, target, tst);
      } else {
        throw unsafe(name, 'special file (FIFO, socket or device) in the bundle directory');
      }
    }
  };

  try {
    await walk('', root, 0);
  } catch (err) {
    throw err instanceof BundleFormatError ? err : ioError(dir, err);
  }
  files.sort((a, b) => (a.info.name < b.info.name ? -1 : a.info.name > b.info.name ? 1 : 0));
  return new DirectorySource(dir, files);
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

class DirectorySource implements BundleSource {
  readonly kind = 'directory' as const;
  readonly #files = new Map<string, DirFile>();
  readonly #infos: readonly BundleEntryInfo[];
  readonly #streams = new StreamTracker();
  #closing: Promise<void> | undefined;

  constructor(
    readonly path: string,
    files: readonly DirFile[],
  ) {
    for (const f of files) this.#files.set(f.info.name, f);
    this.#infos = Object.freeze(files.map((f) => f.info));
  }

  entries(): readonly BundleEntryInfo[] {
    return this.#infos;
  }

  entry(name: string): BundleEntryInfo | undefined {
    return this.#files.get(name)?.info;
  }

  readEntry(name: string, maxBytes: number): Promise<Buffer> {
    this.#assertOpen();
    return readWholeEntry(this, name, maxBytes);
  }

  async openEntryStream(name: string, opts?: EntryStreamOptions): Promise<Readable> {
    this.#assertOpen();
    const f = this.#files.get(name);
    if (f === undefined) throw new BundleFormatError('ENTRY_NOT_FOUND', this.path, 'no such entry in the bundle', { entry: name });
    const range = resolveStreamRange(f.info.size, opts);
    const handle = await this.#openChecked(f);
    if (this.#closing) {
      await handle.close();
      throw new Error(`bundle ${this.path} is closed`);
    }
    return this.#streams.add(
      new FileRangeStream({
        handle,
        ownsHandle: true,
        start: range.start,
        end: range.end,
        chunkSize: range.chunkSize,
        truncated: (got) =>
          new BundleFormatError('MODIFIED', this.path, `file shrank while being read (ended after ${range.start + got} of ${f.info.size} bytes)`, {
            entry: name,
          }),
        mapError: (err) => ioError(this.path, err, name),
      }),
    );
  }

  close(): Promise<void> {
    this.#closing ??= this.#streams.destroyAll();
    return this.#closing;
  }

  #assertOpen(): void {
    if (this.#closing) throw new Error(`bundle ${this.path} is closed`);
  }

  async #openChecked(f: DirFile): Promise<FileHandle> {
    const name = f.info.name;
    let handle: FileHandle;
    try {
      handle = await open(f.file, OPEN_FLAGS);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'ELOOP' || code === 'EMLINK') {
        throw new BundleFormatError('MODIFIED', this.path, 'file was replaced by a symbolic link since the bundle was opened', { entry: name, cause: err });
      }
      if (code === 'ENOENT') throw new BundleFormatError('MODIFIED', this.path, 'file disappeared since the bundle was opened', { entry: name, cause: err });
      throw ioError(this.path, err, name);
    }
    try {
      const st = await handle.stat();
      if (!st.isFile()) throw new BundleFormatError('UNSAFE_FILE', this.path, 'not a regular file any more', { entry: name });
      if (st.dev !== f.dev || st.ino !== f.ino || st.size !== f.info.size) {
        throw new BundleFormatError('MODIFIED', this.path, 'file was replaced or changed size since the bundle was opened', { entry: name });
      }
      return handle;
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw err instanceof BundleFormatError ? err : ioError(this.path, err, name);
    }
  }
}
