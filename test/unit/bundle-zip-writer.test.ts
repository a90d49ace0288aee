import { execFileSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { BundleFormatError } from '../../electron/services/bundle/bundle-source.js';
import { openBundle } from '../../electron/services/bundle/open-bundle.js';
import { writeZipBundle, type ZipBundleEntry } from '../../electron/services/bundle/zip-writer.js';
import { centralRecords, makeTempDir, pseudoRandomBytes, sha256 } from '../helpers/zip-craft.js';

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  tmp = await makeTempDir('trail-writer-');
});
afterEach(async () => {
  await tmp.cleanup();
});

const manifest = Buffer.from(JSON.stringify({ format: 'trail/1', pad: 'p'.repeat(2000) }));
const records = Buffer.from('{"seq":0,"data":"hello"}\n'.repeat(5000));
const attachment = pseudoRandomBytes(70_000, 42);
const attName = `attachments/${sha256(attachment)}`;

function bufferEntries(): ZipBundleEntry[] {
  return [
    { name: 'manifest.json', data: manifest },
    { name: 'records.jsonl', data: records },
    { name: 'checkpoint', data: Buffer.from('cp\n') },
    { name: attName, data: attachment },
  ];
}

function streamOf(buf: Buffer, chunk = 777): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunk) parts.push(buf.subarray(i, i + chunk));
  return Readable.from(parts);
}

/** A stream that delivers some bytes and then fails. */
function failingStream(afterBytes: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= afterBytes) {
        this.destroy(new Error('disk went away'));
        return;
      }
      const n = Math.min(1000, afterBytes - sent);
      sent += n;
      this.push(Buffer.alloc(n, 0x41));
    },
  });
}

async function listDir(): Promise<string[]> {
  return (await readdir(tmp.dir)).sort();
}

describe('writeZipBundle', () => {
  it('round-trips and defaults records/attachments to STORED, *.json to deflate', async () => {
    const out = path.join(tmp.dir, 'a.trail');
    const res = await writeZipBundle(out, bufferEntries());
    expect(res.path).toBe(out);
    expect(res.bytes).toBe((await readFile(out)).length);
    const b = await openBundle(out);
    try {
      expect(b.entries().map((e) => [e.name, e.compressed])).toEqual([
        ['manifest.json', true],
        ['records.jsonl', false],
        ['checkpoint', false],
        [attName, false],
      ]);
      expect((await b.readEntry('records.jsonl', 1e7)).equals(records)).toBe(true);
      expect((await b.readEntry(attName, 1e7)).equals(attachment)).toBe(true);
      expect((await b.readEntry('manifest.json', 1e7)).equals(manifest)).toBe(true);
    } finally {
      await b.close();
    }
  });

  it('honours explicit compress flags', async () => {
    const out = path.join(tmp.dir, 'c.trail');
    await writeZipBundle(out, [
      { name: 'manifest.json', data: manifest, compress: false },
      { name: 'records.jsonl', data: records, compress: true },
    ]);
    const b = await openBundle(out);
    try {
      expect(b.entry('manifest.json')?.compressed).toBe(false);
      expect(b.entry('records.jsonl')?.compressed).toBe(true);
      expect(b.entry('records.jsonl')?.compressedSize).toBeLessThan(records.length / 10);
      expect((await b.readEntry('records.jsonl', 1e7)).equals(records)).toBe(true);
    } finally {
      await b.close();
    }
  });

  it('is deterministic: same input => same bytes, whatever the input kind, time of day or timezone', async () => {
    const files = path.join(tmp.dir, 'src');
    await writeFile(files, records);
    const a = path.join(tmp.dir, 'a.trail');
    const b = path.join(tmp.dir, 'b.trail');
    const c = path.join(tmp.dir, 'c.trail');
    const d = path.join(tmp.dir, 'd.trail');
    await writeZipBundle(a, bufferEntries());
    await new Promise((r) => setTimeout(r, 1100));
    await writeZipBundle(b, bufferEntries());
    // Same content given as a file path and as streams (with and without size).
    await writeZipBundle(c, [
      { name: 'manifest.json', data: streamOf(manifest) },
      { name: 'records.jsonl', data: files },
      { name: 'checkpoint', data: streamOf(Buffer.from('cp\n')), size: 3 },
      { name: attName, data: streamOf(attachment, 4096) },
    ]);
    const savedTz = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Chatham';
      await writeZipBundle(d, bufferEntries());
    } finally {
      if (savedTz === undefined) delete process.env.TZ;
      else process.env.TZ = savedTz;
    }
    const ha = sha256(await readFile(a));
    expect(sha256(await readFile(b))).toBe(ha);
    expect(sha256(await readFile(c))).toBe(ha);
    expect(sha256(await readFile(d))).toBe(ha);
    // A different mtime gives different bytes, and is what readers see (UTC wall-clock, 2 s precision).
    const e = path.join(tmp.dir, 'e.trail');
    const mtime = new Date(Date.UTC(2024, 4, 17, 13, 45, 30));
    await writeZipBundle(e, bufferEntries(), { mtime });
    expect(sha256(await readFile(e))).not.toBe(ha);
    const zf = await yauzl.openPromise(e, { lazyEntries: true });
    try {
      const first = await new Promise<yauzl.Entry>((resolve, reject) => {
        zf.once('entry', resolve);
        zf.once('error', reject);
        zf.readEntry();
      });
      expect(first.getLastModDate({ timezone: 'UTC' }).toISOString()).toBe(mtime.toISOString());
      expect((first.externalFileAttributes >>> 16).toString(8)).toBe('100644');
    } finally {
      zf.close();
    }
  });

  it('keeps the given entry order', async () => {
    const out = path.join(tmp.dir, 'order.trail');
    const names = ['z', 'records.jsonl', 'a', 'manifest.json', 'keys/k.vkey'];
    await writeZipBundle(out, names.map((name) => ({ name, data: Buffer.from(name) })));
    expect(centralRecords(await readFile(out)).map((r) => r.name)).toEqual(names);
  });

  it('a failing source stream leaves neither the bundle nor a temp file', async () => {
    const out = path.join(tmp.dir, 'fail.trail');
    const err = await writeZipBundle(out, [
      { name: 'manifest.json', data: manifest },
      { name: 'records.jsonl', data: failingStream(300_000) },
      { name: 'checkpoint', data: Buffer.from('cp') },
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/disk went away/);
    expect((err as Error).message).toContain(out);
    expect(await listDir()).toEqual([]);
  });

  it('a failure while overwriting keeps the previous bundle intact', async () => {
    const out = path.join(tmp.dir, 'keep.trail');
    await writeZipBundle(out, bufferEntries());
    const before = sha256(await readFile(out));
    await expect(
      writeZipBundle(out, [{ name: 'records.jsonl', data: failingStream(5000) }], { overwrite: true }),
    ).rejects.toThrow(/disk went away/);
    expect(sha256(await readFile(out))).toBe(before);
    expect(await listDir()).toEqual(['keep.trail']);
    // ...and a successful overwrite replaces it.
    await writeZipBundle(out, [{ name: 'x', data: Buffer.from('new') }], { overwrite: true });
    expect(sha256(await readFile(out))).not.toBe(before);
    expect(await listDir()).toEqual(['keep.trail']);
  });

  it('refuses to replace an existing file unless overwrite is set', async () => {
    const out = path.join(tmp.dir, 'exists.trail');
    await writeFile(out, 'precious');
    const err = await writeZipBundle(out, bufferEntries()).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('EEXIST');
    expect(await readFile(out, 'utf8')).toBe('precious');
    expect(await listDir()).toEqual(['exists.trail']);
  });

  it('size mismatches, missing input files and aborts clean up', async () => {
    const out = path.join(tmp.dir, 'bad.trail');
    await expect(writeZipBundle(out, [{ name: 'r', data: streamOf(Buffer.alloc(100)), size: 200 }])).rejects.toThrow(out);
    expect(await listDir()).toEqual([]);
    await expect(writeZipBundle(out, [{ name: 'r', data: path.join(tmp.dir, 'missing') }])).rejects.toThrow(/missing/);
    expect(await listDir()).toEqual([]);
    const ac = new AbortController();
    const never = new PassThrough(); // never ends: only the abort can finish the write
    never.write(Buffer.alloc(10));
    const pending = writeZipBundle(out, [{ name: 'r', data: never }], { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('user cancelled')), 50);
    await expect(pending).rejects.toThrow(/user cancelled/);
    expect(await listDir()).toEqual([]);
  });

  it('refuses unsafe and duplicate names before creating anything', async () => {
    const out = path.join(tmp.dir, 'names.trail');
    for (const name of ['../evil', '/abs', 'a\\b', 'a//b', 'C:x']) {
      const err = await writeZipBundle(out, [{ name, data: Buffer.from('x') }]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BundleFormatError);
      expect((err as BundleFormatError).code).toBe('UNSAFE_ENTRY_NAME');
    }
    const dup = await writeZipBundle(out, [
      { name: 'a', data: Buffer.from('1') },
      { name: 'A', data: Buffer.from('2') },
    ]).catch((e: unknown) => e);
    expect((dup as BundleFormatError).code).toBe('DUPLICATE_ENTRY');
    expect(await listDir()).toEqual([]);
  });

  it.runIf(hasUnzip())('produces archives that Info-ZIP unzip accepts (also with forced zip64)', async () => {
    const a = path.join(tmp.dir, 'plain.trail');
    const z = path.join(tmp.dir, 'z64.trail');
    await writeZipBundle(a, bufferEntries());
    await writeZipBundle(z, bufferEntries(), { forceZip64: true });
    execFileSync('unzip', ['-tq', a]);
    execFileSync('unzip', ['-tq', z]);
  });
});

function hasUnzip(): boolean {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
