// Directory bundles: symlinks, special files, names, limits, and files changed after opening.
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, realpath, rename, symlink, truncate, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BundleFormatError, type BundleErrorCode, type OpenBundleOptions } from '../../electron/services/bundle/bundle-source.js';
import { openBundle } from '../../electron/services/bundle/open-bundle.js';
import { collect, makeTempDir, sha256File, within } from '../helpers/zip-craft.js';

const posix = process.platform !== 'win32';
let tmp: { dir: string; cleanup: () => Promise<void> };
let bundle: string;
let outside: string;

beforeEach(async () => {
  tmp = await makeTempDir('trail-dir-');
  bundle = path.join(tmp.dir, 'bundle');
  outside = path.join(tmp.dir, 'outside');
  await mkdir(path.join(bundle, 'keys'), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(bundle, 'manifest.json'), '{"format":"trail/1"}');
  await writeFile(path.join(bundle, 'records.jsonl'), '{"seq":0}\n');
  await writeFile(path.join(bundle, 'keys', 'a.vkey'), 'key\n');
  await writeFile(path.join(outside, 'secret.txt'), 'top secret');
});

afterEach(async () => {
  await tmp.cleanup();
});

async function refusal(p: string, options?: OpenBundleOptions): Promise<BundleFormatError> {
  const err = await within(
    (async () => {
      const b = await openBundle(p, options);
      try {
        for (const e of b.entries()) await collect(await b.openEntryStream(e.name));
      } finally {
        await b.close();
      }
    })(),
    5000,
    p,
  ).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof BundleFormatError)) throw new Error(`expected a BundleFormatError, got ${String(err)}`);
  return err;
}

async function expectRefused(code: BundleErrorCode, entry?: string, options?: OpenBundleOptions): Promise<BundleFormatError> {
  const err = await refusal(bundle, options);
  expect(err.code, err.message).toBe(code);
  expect(err.message).toContain(bundle);
  if (entry !== undefined) {
    expect(err.entry).toBe(entry);
    expect(err.message).toContain(JSON.stringify(entry));
  }
  return err;
}

describe('directory bundles', () => {
  it('lists files recursively with forward-slash names; reading leaves them unchanged', async () => {
    const before = await sha256File(path.join(bundle, 'keys', 'a.vkey'));
    const b = await openBundle(bundle);
    try {
      expect(b.kind).toBe('directory');
      expect(b.entries().map((e) => e.name)).toEqual(['keys/a.vkey', 'manifest.json', 'records.jsonl']);
      expect((await b.readEntry('keys/a.vkey', 100)).toString()).toBe('key\n');
      expect(b.entry('keys/a.vkey')?.dataRange).toEqual({ file: path.join(await realpath(bundle), 'keys', 'a.vkey'), start: 0, end: 4 });
    } finally {
      await b.close();
    }
    expect(await sha256File(path.join(bundle, 'keys', 'a.vkey'))).toBe(before);
  });

  it.runIf(posix)('opens through a symlinked bundle path', async () => {
    const link = path.join(tmp.dir, 'link-to-bundle');
    await symlink(bundle, link);
    const b = await openBundle(link);
    try {
      expect(b.entries()).toHaveLength(3);
    } finally {
      await b.close();
    }
  });

  it.runIf(posix)('refuses a symlink to a file outside the directory', async () => {
    await symlink(path.join(outside, 'secret.txt'), path.join(bundle, 'attachment'));
    const err = await expectRefused('UNSAFE_FILE', 'attachment');
    expect(err.message).toMatch(/outside/);
  });

  it.runIf(posix)('refuses relative symlinks escaping with ..', async () => {
    await symlink('../../outside/secret.txt', path.join(bundle, 'keys', 'b.vkey'));
    await expectRefused('UNSAFE_FILE', 'keys/b.vkey');
  });

  it.runIf(posix)('refuses a symlink to a directory (inside or outside), and dangling links', async () => {
    await symlink(outside, path.join(bundle, 'attachments'));
    await expectRefused('UNSAFE_FILE', 'attachments');
    await unlink(path.join(bundle, 'attachments'));
    await symlink(path.join(bundle, 'keys'), path.join(bundle, 'keys2'));
    await expectRefused('UNSAFE_FILE', 'keys2');
    await unlink(path.join(bundle, 'keys2'));
    await symlink(path.join(bundle, 'nope'), path.join(bundle, 'dangling'));
    await expectRefused('UNSAFE_FILE', 'dangling');
  });

  it.runIf(posix)('accepts a symlink to a regular file inside the directory', async () => {
    await symlink('manifest.json', path.join(bundle, 'alias.json'));
    const b = await openBundle(bundle);
    try {
      expect((await b.readEntry('alias.json', 100)).toString()).toBe('{"format":"trail/1"}');
      expect(b.entry('alias.json')?.dataRange?.file).toBe(path.join(await realpath(bundle), 'manifest.json'));
    } finally {
      await b.close();
    }
  });

  it.runIf(posix)('refuses a FIFO without blocking on it', async () => {
    execFileSync('mkfifo', [path.join(bundle, 'records.pipe')]);
    await expectRefused('UNSAFE_FILE', 'records.pipe');
  });

  it.runIf(posix)('validates names like zip entry names', async () => {
    await writeFile(path.join(bundle, 'evil\\name'), 'x');
    await expectRefused('UNSAFE_ENTRY_NAME', 'evil\\name');
    await unlink(path.join(bundle, 'evil\\name'));
    await writeFile(path.join(bundle, 'line\nbreak'), 'x');
    await expectRefused('UNSAFE_ENTRY_NAME', 'line\nbreak');
  });

  it('refuses names that collide on case-insensitive file systems', async () => {
    await writeFile(path.join(bundle, 'Manifest.json'), '{}');
    if ((await readdir(bundle)).length < 5) return; // this file system folds case itself
    await expectRefused('DUPLICATE_ENTRY');
  });

  it('enforces the entry-count and depth limits', async () => {
    await expectRefused('TOO_MANY_ENTRIES', undefined, { limits: { maxEntries: 2 } });
    await mkdir(path.join(bundle, 'a', 'b', 'c'), { recursive: true });
    await writeFile(path.join(bundle, 'a', 'b', 'c', 'deep'), 'x');
    await expectRefused('UNSAFE_FILE', undefined, { limits: { maxDirectoryDepth: 2 } });
  });

  it('refuses files replaced, shrunk or swapped for an outside symlink after opening', async () => {
    const b = await openBundle(bundle);
    try {
      await writeFile(path.join(tmp.dir, 'other'), '{"format":"evil!"}!!');
      await rename(path.join(tmp.dir, 'other'), path.join(bundle, 'manifest.json'));
      await expect(b.openEntryStream('manifest.json')).rejects.toMatchObject({ code: 'MODIFIED', entry: 'manifest.json' });

      await truncate(path.join(bundle, 'records.jsonl'), 3);
      await expect(b.readEntry('records.jsonl', 100)).rejects.toMatchObject({ code: 'MODIFIED', entry: 'records.jsonl' });

      if (posix) {
        await unlink(path.join(bundle, 'keys', 'a.vkey'));
        await symlink(path.join(outside, 'secret.txt'), path.join(bundle, 'keys', 'a.vkey'));
        await expect(b.readEntry('keys/a.vkey', 100)).rejects.toMatchObject({ code: 'MODIFIED', entry: 'keys/a.vkey' });
      }
    } finally {
      await b.close();
    }
  });
});
