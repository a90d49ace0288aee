import { copyFile, mkdir, open, readFile, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleFormatError, DEFAULT_CHUNK_SIZE, entryNameProblem, type BundleSource } from '../../electron/services/bundle/bundle-source.js';
import { openBundle } from '../../electron/services/bundle/open-bundle.js';
import { writeZipBundle, type ZipBundleEntry } from '../../electron/services/bundle/zip-writer.js';
import { collect, craftZip, makeTempDir, pseudoRandomBytes, sha256, sha256File } from '../helpers/zip-craft.js';

const MiB = 1024 * 1024;

function makeRecords(bytes: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let seq = 0; size < bytes; seq++) {
    const line = `${JSON.stringify({ seq, t: 1_700_000_000 + seq, kind: 'o', data: `line ${seq} `.repeat(1 + (seq % 7)) })}\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join(''));
}

const records = makeRecords(3 * MiB + 12_345);
const attachment = pseudoRandomBytes(200_003, 7);
const manifest = Buffer.from(JSON.stringify({ format: 'trail/1', notes: 'x'.repeat(60_000), list: Array.from({ length: 500 }, (_, i) => i) }));
const contents = new Map<string, Buffer>([
  ['manifest.json', manifest],
  ['records.jsonl', records],
  ['checkpoint', Buffer.from('example.org/trail\n42\nQUJD\n\n— sig\n')],
  ['keys/signer.vkey', Buffer.from('signer+0123abcd+AQID\n')],
  [`attachments/${sha256(attachment)}`, attachment],
  ['empty.txt', Buffer.alloc(0)],
]);

let tmp: { dir: string; cleanup: () => Promise<void> };
let zipPath: string;
let dirPath: string;
const hashesBefore = new Map<string, string>();

beforeAll(async () => {
  tmp = await makeTempDir();
  zipPath = path.join(tmp.dir, 'session.trail');
  const entries: ZipBundleEntry[] = [...contents].map(([name, data]) => ({ name, data }));
  await writeZipBundle(zipPath, entries);
  dirPath = path.join(tmp.dir, 'session-dir');
  for (const [name, data] of contents) {
    await mkdir(path.dirname(path.join(dirPath, name)), { recursive: true });
    await writeFile(path.join(dirPath, name), data);
  }
  hashesBefore.set(zipPath, await sha256File(zipPath));
  for (const name of contents.keys()) hashesBefore.set(path.join(dirPath, name), await sha256File(path.join(dirPath, name)));
});

afterAll(async () => {
  // Reading must never modify the bundle.
  for (const [file, hash] of hashesBefore) expect(await sha256File(file), file).toBe(hash);
  await tmp.cleanup();
});

async function withBundle<T>(p: string, fn: (b: BundleSource) => Promise<T>): Promise<T> {
  const b = await openBundle(p);
  try {
    return await fn(b);
  } finally {
    await b.close();
  }
}

async function readRange(file: string, start: number, end: number, chunk = MiB): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const out = Buffer.alloc(end - start);
    for (let pos = start; pos < end; ) {
      const { bytesRead } = await fh.read(out, pos - start, Math.min(chunk, end - pos), pos);
      if (bytesRead === 0) throw new Error('EOF');
      pos += bytesRead;
    }
    return out;
  } finally {
    await fh.close();
  }
}

describe.each([
  ['zip', () => zipPath],
  ['directory', () => dirPath],
] as const)('%s bundle round trip', (kind, bundlePath) => {
  it('detects the kind and lists the entries', async () => {
    await withBundle(bundlePath(), async (b) => {
      expect(b.kind).toBe(kind);
      expect(b.path).toBe(path.resolve(bundlePath()));
      const names = b.entries().map((e) => e.name);
      if (kind === 'zip') expect(names).toEqual([...contents.keys()]);
      else expect(names).toEqual([...contents.keys()].sort());
      for (const e of b.entries()) {
        expect(e.size).toBe(contents.get(e.name)?.length);
        expect(b.entry(e.name)).toBe(e);
      }
      expect(b.entry('nope')).toBeUndefined();
      expect(b.entry('manifest.json')?.compressed).toBe(kind === 'zip');
      expect(b.entry('records.jsonl')?.compressed).toBe(false);
    });
  });

  it('readEntry and openEntryStream return the exact bytes', async () => {
    await withBundle(bundlePath(), async (b) => {
      for (const [name, data] of contents) {
        expect(sha256(await b.readEntry(name, 10 * MiB)), name).toBe(sha256(data));
        expect(sha256(await collect(await b.openEntryStream(name))), name).toBe(sha256(data));
      }
    });
  });

  it('streams in 1 MiB chunks by default, honouring highWaterMark', async () => {
    await withBundle(bundlePath(), async (b) => {
      const sizes: number[] = [];
      for await (const chunk of (await b.openEntryStream('records.jsonl')) as AsyncIterable<Buffer>) sizes.push(chunk.length);
      expect(sizes[0]).toBe(DEFAULT_CHUNK_SIZE);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(DEFAULT_CHUNK_SIZE);
      expect(sizes.reduce((a, c) => a + c, 0)).toBe(records.length);
      const small: number[] = [];
      for await (const chunk of (await b.openEntryStream('records.jsonl', { highWaterMark: 65_536 })) as AsyncIterable<Buffer>) small.push(chunk.length);
      expect(Math.max(...small)).toBe(65_536);
    });
  });

  it('dataRange of every uncompressed entry reads back as the entry contents', async () => {
    await withBundle(bundlePath(), async (b) => {
      for (const e of b.entries()) {
        if (e.compressed) {
          expect(e.dataRange).toBeUndefined();
          continue;
        }
        expect(e.dataRange).toBeDefined();
        const r = e.dataRange as NonNullable<typeof e.dataRange>;
        expect(path.isAbsolute(r.file)).toBe(true);
        expect(r.end - r.start).toBe(e.size);
        expect(sha256(await readRange(r.file, r.start, r.end))).toBe(sha256(contents.get(e.name) as Buffer));
      }
      if (kind === 'zip') expect(b.entry('records.jsonl')?.dataRange?.file).toBe(await realpath(zipPath));
    });
  });

  it('parallel range reads (streams and dataRange with own descriptors) reassemble the entry', async () => {
    await withBundle(bundlePath(), async (b) => {
      const e = b.entry('records.jsonl');
      expect(e).toBeDefined();
      const size = e?.size ?? 0;
      const parts = 7;
      const bounds = Array.from({ length: parts + 1 }, (_, i) => Math.floor((size * i) / parts));
      const viaStreams = await Promise.all(
        bounds.slice(0, -1).map(async (start, i) => collect(await b.openEntryStream('records.jsonl', { start, end: bounds[i + 1] }))),
      );
      expect(sha256(Buffer.concat(viaStreams))).toBe(sha256(records));
      const r = e?.dataRange;
      expect(r).toBeDefined();
      if (!r) return;
      const viaRanges = await Promise.all(
        bounds.slice(0, -1).map((start, i) => readRange(r.file, r.start + start, r.start + (bounds[i + 1] ?? 0), 300_007)),
      );
      expect(sha256(Buffer.concat(viaRanges))).toBe(sha256(records));
    });
  });

  it('range reads of every entry, including empty ranges and the compressed manifest', async () => {
    await withBundle(bundlePath(), async (b) => {
      for (const [name, data] of contents) {
        const cuts: [number, number][] = [
          [0, data.length],
          [0, 0],
          [data.length, data.length],
          [Math.floor(data.length / 3), Math.floor(data.length / 3)],
          [1, Math.max(1, data.length - 1)],
          [Math.floor(data.length / 2), data.length],
        ];
        for (const [start, end] of cuts) {
          if (start > end || end > data.length) continue;
          const got = await collect(await b.openEntryStream(name, { start, end, highWaterMark: 4096 }));
          expect(got.equals(data.subarray(start, end)), `${name} [${start}, ${end})`).toBe(true);
        }
      }
    });
  });

  it('refuses invalid ranges, missing entries and entries above maxBytes', async () => {
    await withBundle(bundlePath(), async (b) => {
      await expect(b.openEntryStream('records.jsonl', { start: 10, end: 5 })).rejects.toThrow(RangeError);
      await expect(b.openEntryStream('records.jsonl', { end: records.length + 1 })).rejects.toThrow(RangeError);
      await expect(b.openEntryStream('records.jsonl', { start: -1 })).rejects.toThrow(RangeError);
      const missing = await b.readEntry('missing.json', 10).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(BundleFormatError);
      expect((missing as BundleFormatError).code).toBe('ENTRY_NOT_FOUND');
      expect((missing as BundleFormatError).message).toContain('missing.json');
      const big = await b.readEntry('records.jsonl', 1000).catch((e: unknown) => e);
      expect(big).toBeInstanceOf(BundleFormatError);
      expect((big as BundleFormatError).code).toBe('ENTRY_TOO_LARGE');
      expect((big as BundleFormatError).entry).toBe('records.jsonl');
      expect((big as BundleFormatError).message).toContain(path.resolve(bundlePath()));
      expect((await b.readEntry('empty.txt', 0)).length).toBe(0);
    });
  });

  it('close() destroys open streams and later calls fail', async () => {
    const b = await openBundle(bundlePath());
    const s = await b.openEntryStream('records.jsonl', { highWaterMark: 1024 });
    await b.close();
    expect(s.destroyed).toBe(true);
    await b.close(); // idempotent
    await expect(b.openEntryStream('records.jsonl')).rejects.toThrow(/closed/);
  });
});

describe('kind detection by content, not by extension', () => {
  it('a zip without the .trail extension is a zip; a directory named *.trail is a directory', async () => {
    const noExt = path.join(tmp.dir, 'bundle-without-extension');
    await copyFile(zipPath, noExt);
    const dirNamedTrail = path.join(tmp.dir, 'looks-like.trail');
    await mkdir(dirNamedTrail);
    await writeFile(path.join(dirNamedTrail, 'manifest.json'), '{}');
    await withBundle(noExt, async (b) => expect(b.kind).toBe('zip'));
    await withBundle(dirNamedTrail, async (b) => {
      expect(b.kind).toBe('directory');
      expect(b.entries().map((e) => e.name)).toEqual(['manifest.json']);
    });
  });

  it('reports a missing path as IO_ERROR naming the file', async () => {
    const p = path.join(tmp.dir, 'does-not-exist.trail');
    const err = await openBundle(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BundleFormatError);
    expect((err as BundleFormatError).code).toBe('IO_ERROR');
    expect((err as BundleFormatError).message).toContain(p);
  });
});

describe('zip layout details', () => {
  it('zip64 round trip (forceZip64)', async () => {
    const p = path.join(tmp.dir, 'zip64.trail');
    await writeZipBundle(p, [...contents].map(([name, data]) => ({ name, data })), { forceZip64: true });
    const bytes = await readFile(p);
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true); // zip64 end record
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(true); // zip64 locator
    await withBundle(p, async (b) => {
      for (const [name, data] of contents) {
        expect((await b.readEntry(name, 10 * MiB)).equals(data), name).toBe(true);
        const r = b.entry(name)?.dataRange;
        if (r) expect((await readRange(r.file, r.start, r.end)).equals(data)).toBe(true);
      }
    });
  });

  it('uses the local header extra-field length (different from the central one) for dataRange', async () => {
    const data = Buffer.from('the stored bytes');
    const zip = craftZip([
      { name: 'a.bin', content: data, localExtra: Buffer.concat([Buffer.from([0x99, 0x99, 40, 0]), Buffer.alloc(40, 7)]) },
      { name: 'b.bin', content: Buffer.from('second'), centralExtra: Buffer.from([0x98, 0x98, 4, 0, 1, 2, 3, 4]) },
    ]);
    const p = path.join(tmp.dir, 'extra.trail');
    await writeFile(p, zip);
    await withBundle(p, async (b) => {
      const r = b.entry('a.bin')?.dataRange;
      expect(r?.start).toBe(30 + 'a.bin'.length + 44);
      expect(zip.subarray(r?.start, r?.end).equals(data)).toBe(true);
      expect((await b.readEntry('a.bin', 100)).equals(data)).toBe(true);
      expect((await b.readEntry('b.bin', 100)).toString()).toBe('second');
    });
  });

  it('accepts explicit directory entries and deflated entries from other writers', async () => {
    const zip = craftZip([
      { name: 'keys/', externalAttributes: (0o040755 << 16) >>> 0 },
      { name: 'keys/k.vkey', content: Buffer.from('k'.repeat(5000)), method: 8 },
    ]);
    const p = path.join(tmp.dir, 'dirs.trail');
    await writeFile(p, zip);
    await withBundle(p, async (b) => {
      expect(b.entries().map((e) => e.name)).toEqual(['keys/k.vkey']);
      expect((await b.readEntry('keys/k.vkey', 10_000)).toString()).toBe('k'.repeat(5000));
    });
  });

  it('an empty zip opens with no entries', async () => {
    const p = path.join(tmp.dir, 'empty-zip.trail');
    await writeFile(p, craftZip([]));
    await withBundle(p, async (b) => expect(b.entries()).toEqual([]));
  });

  it('verifyCrc: false skips the CRC check (default verifies)', async () => {
    const data = Buffer.from('payload');
    const p = path.join(tmp.dir, 'badcrc-optout.trail');
    await writeFile(p, craftZip([{ name: 'x', content: data, crc32: 0x12345678 }]));
    await withBundle(p, async (b) => {
      expect((await collect(await b.openEntryStream('x', { verifyCrc: false }))).equals(data)).toBe(true);
      await expect(collect(await b.openEntryStream('x'))).rejects.toMatchObject({ code: 'CRC_MISMATCH', entry: 'x' });
    });
  });
});

describe('entryNameProblem', () => {
  it.each([
    ['manifest.json', null],
    ['attachments/' + 'ab'.repeat(32), null],
    ['keys/ü.vkey', null],
    ['', /empty/],
    ['../evil', /traversal/],
    ['a/../b', /traversal/],
    ['/etc/passwd', /absolute/],
    ['C:/x', /drive/],
    ['c:x', /drive/],
    ['a\\b', /backslash/],
    ['a\u0000b', /NUL/],
    ['a\nb', /control/],
    ['a\u202Egnp.exe', /bidirectional/],
    ['a//b', /empty segment/],
    ['a/', /empty segment/],
    ['./a', /"\." segment/],
    ['x'.repeat(1025), /longer/],
    ['bad\uFFFD', /UTF-8/],
    ['lone\uD800', /surrogate/],
  ])('%j', (name, expected) => {
    const problem = entryNameProblem(name);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});
