// Opening a bundle: a directory bundle or a ZIP file, told apart by content, never by extension.
// Kept apart from bundle-source.ts (the shared types and helpers) so the two container
// implementations depend on those helpers without an import cycle.
import { constants as fsConstants } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { BundleFormatError, ioError, resolveLimits, type BundleSource, type OpenBundleOptions } from './bundle-source.js';
import { openDirectorySource } from './directory-source.js';
import { openZipSource } from './zip-source.js';

/**
 * Opens a bundle read-only. Detects the kind by stat/content, never by extension: a directory is a
 * directory bundle; a regular file must start with a ZIP signature.
 */
export async function openBundle(bundlePath: string, options?: OpenBundleOptions): Promise<BundleSource> {
  const limits = resolveLimits(options?.limits);
  const file = path.resolve(bundlePath);
  let st;
  try {
    st = await stat(file);
  } catch (err) {
    throw ioError(file, err);
  }
  if (st.isDirectory()) return openDirectorySource(file, limits);
  if (!st.isFile()) throw new BundleFormatError('NOT_A_BUNDLE', file, 'not a regular file or directory');

  let handle: FileHandle;
  try {
    // O_NONBLOCK: if the path was swapped for a FIFO after stat, open must not block.
    handle = await open(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw ioError(file, err);
  }
  let sniffed: { size: number; realFile: string } | 'directory';
  try {
    sniffed = await sniffZip(file, handle);
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw ioError(file, err);
  }
  if (sniffed === 'directory') {
    await handle.close();
    return openDirectorySource(file, limits);
  }
  // openZipSource takes ownership of the handle (and closes it on failure).
  return openZipSource({ file, realFile: sniffed.realFile, handle, size: sniffed.size, limits });
}

async function sniffZip(file: string, handle: FileHandle): Promise<{ size: number; realFile: string } | 'directory'> {
  const st = await handle.stat();
  if (st.isDirectory()) return 'directory';
  if (!st.isFile()) throw new BundleFormatError('NOT_A_BUNDLE', file, 'not a regular file or directory');
  if (st.size === 0) throw new BundleFormatError('NOT_A_BUNDLE', file, 'empty file (0 bytes), not a ZIP bundle');
  const head = Buffer.alloc(4);
  const { bytesRead } = await handle.read(head, 0, 4, 0);
  const magic = head.subarray(0, bytesRead);
  if (bytesRead === 4 && (magic.equals(ZIP_LOCAL_SIG) || magic.equals(ZIP_EMPTY_SIG))) {
    try {
      return { size: st.size, realFile: await realpath(file) };
    } catch (err) {
      throw ioError(file, err);
    }
  }
  if (bytesRead < 4 && ZIP_LOCAL_SIG.subarray(0, bytesRead).equals(magic)) {
    throw new BundleFormatError('TRUNCATED', file, `truncated ZIP file (only ${bytesRead} bytes)`);
  }
  throw new BundleFormatError('NOT_A_BUNDLE', file, `not a ZIP bundle (starts with 0x${magic.toString('hex')})`);
}

const ZIP_LOCAL_SIG = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_EMPTY_SIG = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

