// Hostile containers through `verify`: refused with a clear finding naming file and entry, in
// bounded time, nothing written anywhere, the file left as it was.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../electron/services/verify/verify-bundle.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/bundles.js';
import { craftZip, patchCentral } from '../helpers/zip-craft.js';

let work: string;
beforeAll(async () => {
  work = await tempDir();
});

async function refused(bytes: Buffer, name: string): Promise<{ code: string; entry: string; message: string }> {
  const file = path.join(work, name);
  await writeFile(file, bytes);
  const before = await readdir(work);
  const started = Date.now();
  const v = await verifyBundle(file, { trusted: [] });
  expect(Date.now() - started).toBeLessThan(5000);
  expect(v.verdict).toBe('invalid');
  expect(await readdir(work)).toEqual(before);
  expect((await readFile(file)).equals(bytes)).toBe(true);
  const f = v.findings[0];
  expect(f).toBeDefined();
  expect(f?.message).toContain(file);
  return { code: f?.code ?? '', entry: f?.entry ?? '', message: f?.message ?? '' };
}

describe('verify refuses hostile ZIP bundles', () => {
  it('path traversal in an entry name', async () => {
    const f = await refused(craftZip([{ name: 'manifest.json', content: Buffer.from('{}') }, { name: '../../etc/passwd', content: Buffer.from('x') }]), 'traversal.trail');
    expect(f.code).toBe('BUNDLE_REFUSED');
    expect(f.message).toContain('../../etc/passwd');
  });

  it('a zip bomb: a 1 KiB deflated entry declaring 4 GiB', async () => {
    const data = deflateRawSync(Buffer.alloc(1 << 20));
    let zip = craftZip([{ name: 'records.jsonl', method: 8, data, content: Buffer.alloc(1 << 20) }]);
    zip = patchCentral(zip, 'records.jsonl', { uncompressedSize: 0xfffffff0 });
    const f = await refused(zip, 'bomb.trail');
    expect(f.code).toBe('BUNDLE_REFUSED');
    expect(f.message).toMatch(/bomb|ratio|larger/i);
  });

  it('garbage and an empty file', async () => {
    expect((await refused(Buffer.from('definitely not a zip file, nor a bundle'), 'garbage.trail')).code).toBe('BUNDLE_REFUSED');
    expect((await refused(Buffer.alloc(0), 'empty.trail')).message).toMatch(/empty|not a/i);
  });

  it('through the CLI: exit 1 with the finding, not a crash', async () => {
    const file = path.join(work, 'cli-traversal.trail');
    await writeFile(file, craftZip([{ name: '/abs/path', content: Buffer.from('x') }]));
    const r = await runCli(['verify', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[BUNDLE_REFUSED]');
    expect(r.stdout).toContain('INVALID');
  });
});
