// Sealing real recordings: originals kept byte-exact as attachments, referenced from signed
// records, events and commands derived from them; a changed attachment is caught.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { openBundle } from '../../electron/services/bundle/open-bundle.js';
import { readBundleRecords } from '../../electron/services/bundle/read-records.js';
import { verifyBundle } from '../../electron/services/verify/verify-bundle.js';
import type { VerifierKey } from '../../electron/core/note-keys.js';
import { resourcePath, SAMPLE_KEY } from '../../electron/services/resources.js';
import { runCli } from '../helpers/cli.js';
import { explode, sampleVerifier, tempDir } from '../helpers/bundles.js';

const FIXTURES = path.resolve('test/fixtures/recordings');
const cast = path.join(FIXTURES, 'keystrokes', 'session.cast');
const ttyrec = path.join(FIXTURES, 'ttyrec');
let work: string;
let bundle: string;
let trusted: VerifierKey[];

beforeAll(async () => {
  work = await tempDir();
  trusted = [await sampleVerifier()];
  bundle = path.join(work, 'rec.trail');
  const r = await runCli(['seal', '--key', resourcePath(...SAMPLE_KEY), '--origin', 'test/rec', '--out', bundle, cast]);
  expect(r.code, r.stderr).toBe(0);
});

describe('seal RECORDING...', () => {
  it('keeps the original byte-exact as an attachment named by its SHA-256', async () => {
    const original = await readFile(cast);
    const sha = createHash('sha256').update(original).digest('hex');
    const source = await openBundle(bundle);
    try {
      expect((await source.readEntry(`attachments/${sha}`, 1 << 24)).equals(original)).toBe(true);
    } finally {
      await source.close();
    }
    const records = [];
    for await (const r of readBundleRecords(bundle)) records.push(r);
    const attachment = records.find((r) => r.type === 'attachment');
    expect(attachment).toMatchObject({ sha256: sha, size: original.length, name: 'session.cast', role: 'source-recording', session: '' });
    expect(records.some((r) => r.type === 'session.start')).toBe(true);
    const commands = records.filter((r) => r.type === 'cmd').map((r) => (r as { text: string }).text);
    const expected = (await readFile(path.join(FIXTURES, 'keystrokes', 'expected.txt'), 'utf8')).split('\n').filter(Boolean);
    expect(commands).toEqual(expect.arrayContaining(expected.slice(0, 3)));
    const password = (await readFile(path.join(FIXTURES, 'keystrokes', 'password.txt'), 'utf8')).trim();
    expect(commands.some((c) => c.includes(password))).toBe(false);
    expect((await verifyBundle(bundle, { trusted })).verdict).toBe('verified');
  });

  it('ATTACHMENT_MODIFIED: an attachment whose bytes changed; FILE_MISSING when it is gone', async () => {
    const dir = await explode(bundle, path.join(work, 'dir'));
    const sha = createHash('sha256').update(await readFile(cast)).digest('hex');
    const file = path.join(dir, 'attachments', sha);
    const bytes = await readFile(file);
    bytes[100] = (bytes[100] as number) ^ 0x20;
    await writeFile(file, bytes);
    const v = await verifyBundle(dir, { trusted });
    expect(v.verdict).toBe('invalid');
    expect(v.findings.find((f) => f.code === 'ATTACHMENT_MODIFIED')?.entry).toBe(`attachments/${sha}`);
  });

  it('inspect and export read the sealed bundle like the recording', async () => {
    const fromRecording = await runCli(['inspect', '--json', cast]);
    const fromBundle = await runCli(['inspect', '--json', bundle]);
    const a = JSON.parse(fromRecording.stdout).sessions[0];
    const b = JSON.parse(fromBundle.stdout).sessions[0];
    expect(b.output).toEqual(a.output);
    expect(b.input).toEqual(a.input);
    expect(b.commands.map((c: { text: string }) => c.text)).toEqual(a.commands.map((c: { text: string }) => c.text));

    const out = path.join(work, 'export.cast');
    const exported = await runCli(['export', '--format', 'asciicast', '--out', out, bundle]);
    expect(exported.code, exported.stderr).toBe(0);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(JSON.parse(lines[0] ?? '{}').version).toBe(2);
    expect(lines.length).toBeGreaterThan(10);
  });

  it('says what it skipped, and seals what a damaged recording lost as a marker', async () => {
    const out = path.join(work, 'ttyrec.trail');
    const r = await runCli(['seal', '--origin', 'test/rec', '--out', out, ttyrec]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/skipped: .*README\.md: is not a recording/);

    const damaged = path.join(work, 'damaged.cast');
    const text = await readFile(cast, 'utf8');
    await writeFile(damaged, `${text.slice(0, Math.floor(text.length * 0.6))}\n[not json\n`);
    const sealed = path.join(work, 'damaged.trail');
    const d = await runCli(['seal', '--origin', 'test/rec', '--out', sealed, damaged]);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stderr).toContain('damaged.cast');
    const markers = [];
    for await (const rec of readBundleRecords(sealed)) if (rec.type === 'marker') markers.push(rec);
    expect(markers.length).toBeGreaterThan(0);
    expect((markers[0] as { label: string }).label).toMatch(/^import\./);
    expect((markers[0] as { note: string }).note).toContain('damaged.cast');
  });
});
