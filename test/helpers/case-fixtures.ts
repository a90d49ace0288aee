// Helpers for the case tests: snapshots of a whole case folder (to prove an operation left it
// exactly as it was), small demo bundles, a bundle that fails in the middle of being read, and
// direct edits of case files as someone with a text editor would make them.
import { createHash } from 'node:crypto';
import { chmod, lstat, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBundle } from '../../electron/services/bundle/open-bundle.js';
import { writeZipBundle } from '../../electron/services/bundle/zip-writer.js';
import { sealDemo, tempDir } from './bundles.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/recordings');

export interface EntrySnapshot {
  kind: 'file' | 'dir';
  size: number;
  mode: number;
  sha256: string;
}

/** Every file and folder under `dir` with size, mode and SHA-256 of its bytes. */
export async function snapshotFolder(dir: string): Promise<Record<string, EntrySnapshot>> {
  const out: Record<string, EntrySnapshot> = {};
  const walk = async (folder: string, prefix: string): Promise<void> => {
    for (const name of (await readdir(folder)).sort()) {
      const full = path.join(folder, name);
      const rel = prefix === '' ? name : `${prefix}/${name}`;
      const info = await lstat(full);
      if (info.isDirectory()) {
        out[rel] = { kind: 'dir', size: 0, mode: info.mode, sha256: '' };
        await walk(full, rel);
      } else {
        out[rel] = { kind: 'file', size: info.size, mode: info.mode, sha256: createHash('sha256').update(await readFile(full)).digest('hex') };
      }
    }
  };
  await walk(dir, '');
  return out;
}

export async function sha256File(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** A small signed demo bundle (about `size` bytes of output) in a fresh temp folder. */
export async function demoBundle(seed: number, size = 200_000, sessions?: number): Promise<string> {
  const dir = await tempDir('tv-case-bundle-');
  return sealDemo(path.join(dir, `demo-${seed}.trail`), { seed, size, ...(sessions !== undefined ? { sessions } : {}) });
}

/**
 * A bundle whose records.jsonl is deflated and damaged in the middle: it opens, its first records
 * read fine, then inflating fails. (Deflate data is not self-checking: a run of zeros in the middle
 * of a compressed block makes the decoder hit an invalid block well before the end.)
 */
export async function bundleFailingMidway(seed: number, size = 400_000): Promise<string> {
  const source = await demoBundle(seed, size);
  const dir = path.dirname(source);
  const bundle = await openBundle(source);
  const entries: Array<{ name: string; data: Buffer; compress: boolean }> = [];
  try {
    for (const e of bundle.entries()) entries.push({ name: e.name, data: await bundle.readEntry(e.name, 1 << 30), compress: e.name === 'records.jsonl' || e.name.endsWith('.json') });
  } finally {
    await bundle.close();
  }
  const out = path.join(dir, `broken-${seed}.trail`);
  await writeZipBundle(out, entries);
  const bytes = await readFile(out);
  // Find the records entry's local header (30 bytes, then the name), damage the middle of its data.
  const name = Buffer.from('records.jsonl');
  const nameAt = bytes.indexOf(name);
  const at = nameAt - 30;
  if (at < 0 || bytes.readUInt32LE(at) !== 0x04034b50) throw new Error('test helper: records.jsonl local header not found');
  const dataStart = nameAt + name.length + bytes.readUInt16LE(at + 28);
  const next = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]), dataStart);
  if (next < 0) throw new Error('test helper: records.jsonl data descriptor not found');
  const middle = dataStart + Math.floor((next - dataStart) / 2);
  bytes.fill(0, middle, middle + 4096);
  await writeFile(out, bytes);
  return out;
}

/** Rewrites a read-only file as an editor would (making it writable first), keeping nothing else. */
export async function editFile(file: string, edit: (bytes: Buffer) => Buffer, options: { keepTimes?: boolean } = {}): Promise<void> {
  const before = await stat(file);
  await chmod(file, 0o644);
  await writeFile(file, edit(await readFile(file)));
  await chmod(file, before.mode & 0o777);
  if (options.keepTimes === true) await utimes(file, before.atime, before.mtime);
}

export async function readLines(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8')).split('\n').slice(0, -1);
}

export async function writeLines(file: string, lines: readonly string[]): Promise<void> {
  await writeFile(file, lines.map((l) => `${l}\n`).join(''));
}

/** Counts records of each type in a bundle's records.jsonl. */
export async function recordTypes(bundlePath: string): Promise<Map<string, number>> {
  const bundle = await openBundle(bundlePath);
  try {
    const text = (await bundle.readEntry('records.jsonl', 1 << 30)).toString('utf8');
    const counts = new Map<string, number>();
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const type = (JSON.parse(line) as { type: string }).type;
      counts.set(type, (counts.get(type) ?? 0) + 1);
    }
    return counts;
  } finally {
    await bundle.close();
  }
}
