// Hostile ZIP input: every case must be refused with a BundleFormatError carrying the right code and a
// message naming the file (and the entry where there is one), quickly, without hanging, and without
// modifying the file.
import { readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleFormatError, type BundleErrorCode, type OpenBundleOptions } from '../../electron/services/bundle/bundle-source.js';
import { openBundle } from '../../electron/services/bundle/open-bundle.js';
import { writeZipBundle } from '../../electron/services/bundle/zip-writer.js';
import {
  collect,
  crc32,
  craftZip,
  makeTempDir,
  patchCentral,
  pseudoRandomBytes,
  sha256,
  sha256File,
  within,
  type CraftEntry,
} from '../helpers/zip-craft.js';

const MiB = 1024 * 1024;
let tmp: { dir: string; cleanup: () => Promise<void> };
const written = new Map<string, string>(); // path -> sha256 at creation
let counter = 0;

beforeAll(async () => {
  tmp = await makeTempDir('trail-hostile-');
});

afterAll(async () => {
  for (const [file, hash] of written) expect(await sha256File(file), `${file} modified by reading`).toBe(hash);
  await tmp.cleanup();
});

async function writeCase(bytes: Buffer, label = 'case'): Promise<string> {
  const p = path.join(tmp.dir, `${String(counter++).padStart(4, '0')}-${label}.trail`);
  await writeFile(p, bytes);
  written.set(p, sha256(bytes));
  return p;
}

/** Opens the bundle and streams every entry completely. */
async function openAndReadAll(p: string, options?: OpenBundleOptions): Promise<void> {
  const b = await openBundle(p, options);
  try {
    for (const e of b.entries()) await collect(await b.openEntryStream(e.name));
  } finally {
    await b.close();
  }
}

async function refusal(p: string, options?: OpenBundleOptions, ms = 10_000): Promise<BundleFormatError> {
  const err = await within(openAndReadAll(p, options), ms, p).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof BundleFormatError)) throw new Error(`expected a BundleFormatError for ${p}, got ${String(err)}`);
  return err;
}

async function expectRefused(
  p: string,
  code: BundleErrorCode,
  entry?: string,
  options?: OpenBundleOptions,
): Promise<BundleFormatError> {
  const err = await refusal(p, options);
  expect(err.code, err.message).toBe(code);
  expect(err.file).toBe(p);
  expect(err.message).toContain(p);
  if (entry !== undefined) {
    expect(err.entry, err.message).toBe(entry);
    expect(err.message).toContain(JSON.stringify(entry));
  }
  return err;
}

const simple = (name: string | Buffer, content = 'data', extra: Partial<CraftEntry> = {}): CraftEntry => ({
  name,
  content: Buffer.from(content),
  ...extra,
});

async function smallBundle(): Promise<Buffer> {
  const p = path.join(tmp.dir, `small-${counter++}.trail`);
  await writeZipBundle(p, [
    { name: 'manifest.json', data: Buffer.from(JSON.stringify({ format: 'trail/1', n: 'x'.repeat(200) })) },
    { name: 'records.jsonl', data: Buffer.from('{"seq":0}\n{"seq":1}\n'.repeat(10)) },
    { name: 'checkpoint', data: Buffer.from('origin\n2\nabc=\n') },
    { name: 'attachments/aa', data: pseudoRandomBytes(300, 3) },
  ]);
  return readFile(p);
}

describe('not a zip', () => {
  it('empty file', async () => {
    const err = await expectRefused(await writeCase(Buffer.alloc(0), 'empty'), 'NOT_A_BUNDLE');
    expect(err.message).toMatch(/empty/);
  });
  it('garbage and text', async () => {
    await expectRefused(await writeCase(pseudoRandomBytes(5000, 11), 'garbage'), 'NOT_A_BUNDLE');
    await expectRefused(await writeCase(Buffer.from('hello world\n'), 'text'), 'NOT_A_BUNDLE');
    await expectRefused(await writeCase(Buffer.from('x'), 'one-byte'), 'NOT_A_BUNDLE');
  });
  it('data prepended to a zip (self-extractor style) is not a bundle', async () => {
    await expectRefused(await writeCase(Buffer.concat([Buffer.from('#!/bin/sh\n'), await smallBundle()]), 'prefixed'), 'NOT_A_BUNDLE');
  });
  it('bytes appended after the end record are refused', async () => {
    await expectRefused(await writeCase(Buffer.concat([await smallBundle(), Buffer.from('trailing')]), 'trailing'), 'CORRUPT');
  });
});

describe('truncation', () => {
  it('every cut point of a small zip is refused as TRUNCATED, fast, without hanging', async () => {
    const full = await smallBundle();
    expect(full.length).toBeGreaterThan(500);
    const p = path.join(tmp.dir, 'cut.trail');
    const codes = new Map<string, number>();
    const started = Date.now();
    for (let cut = 1; cut < full.length; cut++) {
      await writeFile(p, full.subarray(0, cut));
      const err = await refusal(p, undefined, 5000);
      const key = err.code;
      codes.set(key, (codes.get(key) ?? 0) + 1);
      expect(err.message).toContain(p);
      if (err.code !== 'TRUNCATED') throw new Error(`cut at ${cut}: ${err.code}: ${err.message}`);
    }
    expect([...codes.keys()]).toEqual(['TRUNCATED']);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('a stored entry cut while it is being streamed is reported as TRUNCATED for that entry', async () => {
    const records = pseudoRandomBytes(3 * MiB, 5);
    const p = path.join(tmp.dir, 'shrinks.trail');
    await writeZipBundle(p, [
      { name: 'manifest.json', data: Buffer.from('{}') },
      { name: 'records.jsonl', data: records },
    ]);
    const b = await openBundle(p);
    try {
      const r = b.entry('records.jsonl')?.dataRange;
      expect(r).toBeDefined();
      const stream = await b.openEntryStream('records.jsonl');
      await truncate(p, (r?.start ?? 0) + MiB + 100); // cut in the middle of the entry
      const err = await within(collect(stream), 5000, 'stream').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(BundleFormatError);
      expect((err as BundleFormatError).code).toBe('TRUNCATED');
      expect((err as BundleFormatError).entry).toBe('records.jsonl');
      expect((err as BundleFormatError).message).toContain(p);
      expect((err as BundleFormatError).message).toMatch(/truncated/);
    } finally {
      await b.close();
    }
  });

  it('a deflate stream cut short (central directory intact) is TRUNCATED when the entry is streamed', async () => {
    const content = pseudoRandomBytes(40_000, 9);
    const deflated = zlib.deflateRawSync(content);
    const half = deflated.subarray(0, Math.floor(deflated.length / 2));
    const p = await writeCase(
      craftZip([
        { name: 'manifest.json', method: 8, content, data: half, crc32: crc32(content), uncompressedSize: content.length },
        simple('checkpoint'),
      ]),
      'deflate-cut',
    );
    const b = await openBundle(p); // the directory is consistent: opening succeeds
    try {
      const err = await b.readEntry('manifest.json', MiB).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BundleFormatError);
      expect((err as BundleFormatError).code).toBe('TRUNCATED');
      expect((err as BundleFormatError).entry).toBe('manifest.json');
      expect((err as BundleFormatError).message).toContain(p);
      expect((await b.readEntry('checkpoint', 100)).toString()).toBe('data');
    } finally {
      await b.close();
    }
  });

  it('entry data running past the end of the file is TRUNCATED', async () => {
    // b uses a data descriptor (flag bit 3), so its local header carries no sizes to contradict.
    const zip = craftZip([simple('a', 'x'.repeat(100)), simple('b', 'y'.repeat(100), { flags: 0x808 })]);
    // The file is 378 bytes and b's data starts at 162: 300 bytes fit in the file but not after 162.
    expect(zip.length).toBe(378);
    const p = await writeCase(patchCentral(zip, 'b', { compressedSize: 300, uncompressedSize: 300 }), 'past-eof');
    await expectRefused(p, 'TRUNCATED', 'b');
  });

  it('a central directory that cannot fit in the file is refused before iterating', async () => {
    await expectRefused(await writeCase(craftZip([simple('a')], { entryCount: 60_000 }), 'cd-count'), 'TRUNCATED');
  });
});

describe('unsafe entry names', () => {
  it.each([
    ['../evil'],
    ['a/../../evil'],
    ['/etc/passwd'],
    ['C:/Windows/evil.dll'],
    ['C:evil'],
    ['a\\b'],
    ['..\\evil'],
    ['a\u0000b'],
    ['a/./b'],
    ['a//b'],
    ['x\u202Etxt.exe'],
    ['line\nbreak'],
  ])('%j', async (name) => {
    const p = await writeCase(craftZip([simple('manifest.json', '{}'), simple(name)]), 'name');
    const err = await expectRefused(p, 'UNSAFE_ENTRY_NAME', name);
    expect(err.message).toMatch(/unsafe entry name/);
  });

  it('a non-canonical name that would alias another ("a/../b" and "b") is refused', async () => {
    const p = await writeCase(craftZip([simple('b'), simple('a/../b')]), 'alias');
    await expectRefused(p, 'UNSAFE_ENTRY_NAME', 'a/../b');
  });

  it('invalid UTF-8 / non-ASCII name without the UTF-8 flag', async () => {
    await expectRefused(await writeCase(craftZip([simple(Buffer.from([0x61, 0xff, 0x62]))]), 'bad-utf8'), 'UNSAFE_ENTRY_NAME');
    const e = await expectRefused(await writeCase(craftZip([simple('é.txt', 'x', { flags: 0 })]), 'no-utf8-flag'), 'UNSAFE_ENTRY_NAME', 'é.txt');
    expect(e.message).toMatch(/UTF-8 flag/);
  });

  it('an Info-ZIP Unicode Path extra field that disagrees with the header name', async () => {
    const unicodeField = (raw: string, shown: string): Buffer => {
      const data = Buffer.concat([Buffer.from([1]), Buffer.alloc(4), Buffer.from(shown)]);
      data.writeUInt32LE(crc32(Buffer.from(raw)), 1);
      return Buffer.concat([Buffer.from([0x75, 0x70, data.length & 0xff, data.length >> 8]), data]);
    };
    const benign = craftZip([simple('safe.txt', 'x', { flags: 0, centralExtra: unicodeField('safe.txt', 'other.txt') })]);
    await expectRefused(await writeCase(benign, 'unicode-field'), 'UNSAFE_ENTRY_NAME', 'safe.txt');
    const evil = craftZip([simple('safe.txt', 'x', { flags: 0, centralExtra: unicodeField('safe.txt', '../evil') })]);
    await expectRefused(await writeCase(evil, 'unicode-field-evil'), 'UNSAFE_ENTRY_NAME', 'safe.txt');
  });

  it('a local header whose name differs from the central directory', async () => {
    const p = await writeCase(craftZip([simple('a.txt', 'x', { localName: '../evil' })]), 'local-name');
    await expectRefused(p, 'CORRUPT', 'a.txt');
  });
});

describe('duplicate entries', () => {
  it.each([
    [['a', 'a'], 'a'],
    [['Manifest.json', 'manifest.json'], 'manifest.json'],
    [['caf\u00e9', 'cafe\u0301'], 'cafe\u0301'],
    [['a', 'a/b'], 'a/b'],
    [['a/b', 'a'], 'a'],
    [['keys/', 'keys'], 'keys'],
  ])('%j', async (names, entry) => {
    const entries = names.map((n) => (n.endsWith('/') ? simple(n, '', { externalAttributes: (0o040755 << 16) >>> 0 }) : simple(n, 'x')));
    const p = await writeCase(craftZip(entries), 'dup');
    await expectRefused(p, 'DUPLICATE_ENTRY', entry);
  });
});

describe('zip bombs and size lies', () => {
  it('stored entry declaring more bytes than the whole file', async () => {
    const zip = craftZip([simple('manifest.json', '{}'), simple('records.jsonl', 'tiny')]);
    const p = await writeCase(patchCentral(zip, 'records.jsonl', { compressedSize: 10_000_000, uncompressedSize: 10_000_000 }), 'stored-lie');
    const err = await expectRefused(p, 'ZIP_BOMB', 'records.jsonl');
    expect(err.message).toMatch(/10000000/);
  });

  it('stored entry whose uncompressed size exceeds its stored size (patched yazl output)', async () => {
    const zip = await smallBundle();
    const p = await writeCase(patchCentral(zip, 'records.jsonl', { uncompressedSize: 5_000_000 }), 'stored-mismatch');
    await expectRefused(p, 'ZIP_BOMB', 'records.jsonl');
  });

  it('declared compression ratio above the limit', async () => {
    const content = Buffer.alloc(10_000, 0x61);
    const p = await writeCase(craftZip([{ name: 'bomb.json', method: 8, content, uncompressedSize: 2 ** 31 }]), 'ratio');
    const err = await expectRefused(p, 'ZIP_BOMB', 'bomb.json');
    expect(err.message).toMatch(/ratio/);
    // A configurable limit: the same entry declared at 200:1 passes the declared check at a 1000:1 limit
    // but not at 100:1.
    const deflated = zlib.deflateRawSync(pseudoRandomBytes(20_000, 1));
    const lie = craftZip([{ name: 'x.json', method: 8, data: deflated, crc32: 0, uncompressedSize: deflated.length * 200 }]);
    const p2 = await writeCase(lie, 'ratio-configurable');
    await expectRefused(p2, 'ZIP_BOMB', 'x.json', { limits: { maxCompressionRatio: 100, compressionRatioMinBytes: 1024 } });
  });

  it('an entry that inflates beyond its declared size is stopped while streaming', async () => {
    const content = Buffer.alloc(5 * MiB); // deflates ~1000:1
    const p = await writeCase(craftZip([{ name: 'manifest.json', method: 8, content, uncompressedSize: 100_000 }]), 'inflate-more');
    const err = await expectRefused(p, 'ZIP_BOMB', 'manifest.json');
    expect(err.message).toMatch(/beyond its declared size/);
  });

  it('an entry that inflates to fewer bytes than declared is CORRUPT', async () => {
    const content = Buffer.from('short'.repeat(100));
    const p = await writeCase(craftZip([{ name: 'm.json', method: 8, content, uncompressedSize: content.length + 10 }]), 'inflate-less');
    await expectRefused(p, 'CORRUPT', 'm.json');
  });

  it('a huge declared total (zip64 sizes, > 1 TiB) is refused fast without reading data', async () => {
    const data = zlib.deflateRawSync(Buffer.from('x'));
    const zip = craftZip([
      { name: 'manifest.json', content: Buffer.from('{}') },
      { name: 'records.jsonl', method: 8, data, crc32: 0, uncompressedSize: 2 * 2 ** 40, zip64: true },
    ]);
    const p = await writeCase(zip, 'huge-total');
    const t0 = Date.now();
    await expectRefused(p, 'ZIP_BOMB', 'records.jsonl');
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('the declared total limit is configurable and checked before any data is read', async () => {
    const zip = craftZip([simple('a', 'x'.repeat(600)), simple('b', 'y'.repeat(600))]);
    const err = await expectRefused(await writeCase(zip, 'total'), 'ZIP_BOMB', 'b', { limits: { maxTotalUncompressedBytes: 1000 } });
    expect(err.message).toMatch(/total/);
  });

  it('overlapping entries (one entry quoting another)', async () => {
    // a: local header 31 bytes + 4 data bytes; b: local header at 35, data ends at 70.
    const zip = craftZip([
      simple('a', 'AAAA', { flags: 0x808, compressedSize: 70 - 31, uncompressedSize: 70 - 31 }),
      simple('b', 'BBBB'),
    ]);
    const err = await expectRefused(await writeCase(zip, 'overlap'), 'ZIP_BOMB', 'b');
    expect(err.message).toMatch(/overlap/);
  });

  it('two central records sharing one local header', async () => {
    const shared = craftZip([simple('a', 'AAAA'), simple('b', 'AAAA', { skipLocal: true, headerOffset: 0 })]);
    await expectRefused(await writeCase(shared, 'shared-local'), 'CORRUPT', 'b');
  });

  it('too many entries: declared count above the default limit, and a configured limit', async () => {
    const t0 = Date.now();
    await expectRefused(await writeCase(craftZip([simple('a')], { entryCount: 200_000, zip64Eocd: true }), 'many-declared'), 'TOO_MANY_ENTRIES');
    expect(Date.now() - t0).toBeLessThan(1000);
    const four = craftZip(['a', 'b', 'c', 'd'].map((n) => simple(n)));
    await expectRefused(await writeCase(four, 'many'), 'TOO_MANY_ENTRIES', undefined, { limits: { maxEntries: 3 } });
  });
});

describe('unsupported or inconsistent entries', () => {
  it.each([
    ['encrypted', { flags: 0x801 }],
    ['bzip2', { method: 12 }],
    ['symlink', { externalAttributes: (0o120777 << 16) >>> 0 }],
    ['fifo', { externalAttributes: (0o010644 << 16) >>> 0 }],
  ] as const)('%s', async (_label, extra) => {
    const p = await writeCase(craftZip([simple('manifest.json', '{}'), simple('x.bin', 'data', extra)]), 'unsupported');
    await expectRefused(p, 'UNSUPPORTED_ZIP', 'x.bin');
  });

  it('CRC mismatch (stored and deflated) is reported for the entry', async () => {
    const stored = await writeCase(craftZip([simple('records.jsonl', 'hello', { crc32: 1 })]), 'crc-stored');
    await expectRefused(stored, 'CRC_MISMATCH', 'records.jsonl');
    const deflated = await writeCase(craftZip([{ name: 'm.json', method: 8, content: Buffer.from('{"a":1}'.repeat(50)), crc32: 2 }]), 'crc-deflate');
    await expectRefused(deflated, 'CRC_MISMATCH', 'm.json');
  });

  it('local header sizes that disagree with the central directory', async () => {
    const p = await writeCase(craftZip([simple('a', 'abcd', { localCompressedSize: 2, localUncompressedSize: 2 })]), 'local-size');
    await expectRefused(p, 'CORRUPT', 'a');
  });

  it('a method that differs between local and central headers', async () => {
    const p = await writeCase(craftZip([simple('a', 'abcd', { localMethod: 8 })]), 'local-method');
    await expectRefused(p, 'CORRUPT', 'a');
  });
});

describe('fuzzing', () => {
  it('random byte corruption and splicing never hang or throw anything but BundleFormatError', async () => {
    const base = await smallBundle();
    const p = path.join(tmp.dir, 'fuzz.trail');
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    let refused = 0;
    for (let i = 0; i < 400; i++) {
      let bytes = Buffer.from(base);
      if (i % 4 === 3) {
        const a = rnd(bytes.length);
        const b = Math.min(bytes.length, a + 1 + rnd(64));
        bytes = Buffer.concat([bytes.subarray(0, a), bytes.subarray(b)]);
      } else {
        for (let k = 0, n = 1 + rnd(4); k < n; k++) bytes[rnd(bytes.length)] = rnd(256);
      }
      await writeFile(p, bytes);
      const outcome = await within(openAndReadAll(p), 5000, `fuzz case ${i}`).then(
        () => 'ok',
        (e: unknown) => e,
      );
      if (outcome !== 'ok') {
        if (!(outcome instanceof BundleFormatError)) throw new Error(`fuzz case ${i}: unexpected ${String(outcome)}`);
        expect(outcome.message).toContain(p);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
  });
});
