// The evidence commands as a user meets them: keygen, keys, seal, verify, prove, verify-proof,
// checkpoint, demo — exit codes, JSON shapes and messages.
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourcePath, SAMPLE_BUNDLE, SAMPLE_VKEY } from '../../electron/services/resources.js';
import { runBin, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/bundles.js';

let work: string;
let env: Record<string, string>;
const sample = resourcePath(...SAMPLE_BUNDLE);
const sampleVkey = resourcePath(...SAMPLE_VKEY);

beforeAll(async () => {
  work = await tempDir();
  env = { TRAILVIEW_CONFIG_DIR: path.join(work, 'config') };
});

const EVENTS = [
  { ts: '2024-11-21T04:00:00Z', type: 'session.start', session: 's1', user: 'alice', host: 'web-1', tty: '/dev/pts/1', term: 'xterm', cols: 80, rows: 24, recorder: { name: 'manual', format: 'events' } },
  { ts: '2024-11-21T04:00:01.25Z', type: 'out', session: 's1', text: '$ ' },
  { ts: '2024-11-21T04:00:02Z', type: 'cmd', session: 's1', text: 'ls -la', source: 'recorder', confidence: 1, custom: { kept: true } },
  { ts: '2024-11-21T04:00:03Z', type: 'session.end', session: 's1', exitStatus: 0 },
];

describe('keygen, keys, seal, verify', () => {
  it('signs with a new key; untrusted until the key is added to the trust store', async () => {
    const gen = await runCli(['keygen', '--name', 'ops.example/log', '--out', path.join(work, 'keys')], env);
    expect(gen.code).toBe(0);
    const keyFile = path.join(work, 'keys', 'ops.example_log.key');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(keyFile, 'utf8')).toMatch(/^PRIVATE\+KEY\+ops\.example\/log\+[0-9a-f]{8}\+/);
    const vkeyFile = path.join(work, 'keys', 'ops.example_log.vkey');
    expect((await runCli(['keygen', '--name', 'ops.example/log', '--out', path.join(work, 'keys')], env)).stderr).toContain('not overwriting');

    const events = path.join(work, 'events.jsonl');
    await writeFile(events, EVENTS.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const out = path.join(work, 'ops.trail');
    const seal = await runCli(['seal', '--key', keyFile, '--origin', 'ops.example/log', '--out', out, events], env);
    expect(seal.stderr).toBe('');
    expect(seal.stdout).toContain('sealed 5 records (1 sessions)');

    const before = await runCli(['verify', '--json', out], env);
    expect(before.code).toBe(1);
    const json = JSON.parse(before.stdout) as { bundles: Array<Record<string, unknown>> };
    expect(json.bundles[0]).toMatchObject({ path: out, verdict: 'untrusted', records: 5 });
    expect(Object.keys((json.bundles[0]?.findings as object[])[0] ?? {})).toEqual(expect.arrayContaining(['code', 'seq', 'line', 'offset', 'message']));

    expect((await runCli(['keys', 'add', vkeyFile, '--comment', 'from ops'], env)).code).toBe(0);
    const list = await runCli(['keys', 'list'], env);
    expect(list.stdout).toContain('ops.example/log+');
    expect(list.stdout).toContain('# from ops');
    const after = await runCli(['verify', out], env);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('VERIFIED');
    expect(after.stdout).toContain('Records: 5/5 valid.');
    expect(after.stdout).toContain('Time range covered: 2024-11-21T04:00:00.000000Z to 2024-11-21T04:00:03.000000Z');
    expect(after.stdout).toContain('Not covered:');

    expect((await runCli(['keys', 'remove', 'ops.example/log'], env)).code).toBe(0);
    expect((await runCli(['verify', out], env)).code).toBe(1);
    expect((await runCli(['keys', 'remove', 'ops.example/log'], env)).code).toBe(1);
  });

  it('keeps unknown event fields and rejects bad events naming file and line', async () => {
    const file = path.join(work, 'bad.jsonl');
    await writeFile(file, `${JSON.stringify(EVENTS[0])}\n{"ts":"2024-11-21T04:00:01Z","type":"cmd","session":"s1","text":"x"}\n`);
    const r = await runCli(['seal', '--origin', 'o/x', '--out', path.join(work, 'bad.trail'), file], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:2: not a valid event: cmd record lacks field "source"`);
    await expect(stat(path.join(work, 'bad.trail'))).rejects.toThrow();

    await writeFile(file, `{"ts":"2024-11-21T04:00:01Z",`);
    expect((await runCli(['seal', '--origin', 'o/x', '--out', path.join(work, 'bad.trail'), file], env)).stderr).toContain(`${file}:1: not valid JSON`);
  });

  it('an unsigned seal verifies as unsigned; --trust replaces the store; exit 2 on a missing file', async () => {
    const events = path.join(work, 'events.jsonl');
    const out = path.join(work, 'unsigned.trail');
    await runCli(['seal', '--origin', 'ops.example/log', '--out', out, events], env);
    const r = await runCli(['verify', '--json', '--trust', sampleVkey, out], env);
    expect(JSON.parse(r.stdout).bundles[0].verdict).toBe('unsigned');
    expect(r.code).toBe(1);
    const missing = await runCli(['verify', path.join(work, 'nope.trail')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.trail');
    expect((await runCli(['verify', '--trust', path.join(work, 'nope.vkeys'), out], env)).stderr).toContain('cannot read trust file');
  });
});

describe('the shipped sample', () => {
  it('verifies with the sample key through the real executable', async () => {
    const r = await runBin(['verify', '--trust', sampleVkey, sample], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/records: +(\d+)\/\1 valid, in 6 sessions/);
  });

  it('is exactly what `demo --seed 1 --size 800KB` generates (make-sample.sh)', async () => {
    const out = path.join(work, 'regenerated.trail');
    expect((await runCli(['demo', '--seed', '1', '--size', '800KB', '--out', out], env)).code).toBe(0);
    expect((await readFile(out)).equals(await readFile(sample))).toBe(true);
  });
});

describe('prove and verify-proof', () => {
  it('proves a record and checks it without the bundle; tampering fails it', async () => {
    const r = await runCli(['prove', sample, '42', '--json'], env);
    expect(r.code).toBe(0);
    const proof = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(proof)).toEqual(expect.arrayContaining(['origin', 'treeSize', 'leafIndex', 'leafHash', 'proof', 'checkpoint']));
    expect(proof.leafIndex).toBe(41);
    const file = path.join(work, 'proof.json');
    await writeFile(file, r.stdout);
    const ok = await runCli(['verify-proof', file, '--vkey', sampleVkey], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('proof valid');

    await writeFile(file, JSON.stringify({ ...proof, record: String(proof.record).replace('"seq":42', '"seq":43') }));
    const bad = await runCli(['verify-proof', file, '--vkey', sampleVkey], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('FAIL  record hashes to leaf');

    const hashes = proof.proof as string[];
    await writeFile(file, JSON.stringify({ ...proof, proof: [hashes[1], hashes[0], ...hashes.slice(2)] }));
    expect((await runCli(['verify-proof', file, '--vkey', sampleVkey], env)).stdout).toContain('FAIL  inclusion proof');

    const other = await runCli(['keygen', '--name', 'trailview-sample', '--out', path.join(work, 'other')], env);
    expect(other.code).toBe(0);
    await writeFile(file, JSON.stringify(proof));
    const wrongKey = await runCli(['verify-proof', file, '--vkey', path.join(work, 'other', 'trailview-sample.vkey')], env);
    expect(wrongKey.stdout).toContain('FAIL  checkpoint signature');
    expect((await runCli(['prove', sample, '999999'], env)).stderr).toContain('outside the signed log');
  });
});

describe('checkpoint save and show', () => {
  it('saves to the store and to a file; a later verify uses it', async () => {
    const e = { TRAILVIEW_CONFIG_DIR: path.join(work, 'config-cp') };
    const saved = await runCli(['checkpoint', 'save', '--trust', sampleVkey, sample], e);
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain('saved checkpoint of trailview.example/sample-incident');
    const show = await runCli(['checkpoint', 'show', '--json'], e);
    expect(JSON.parse(show.stdout).checkpoints[0].origin).toBe('trailview.example/sample-incident');
    const file = path.join(work, 'saved.checkpoint');
    await runCli(['checkpoint', 'save', '--trust', sampleVkey, '--out', file, sample], e);
    expect((await runCli(['checkpoint', 'show', file], e)).stdout).toContain('tree size');
    const v = await runCli(['verify', '--json', '--trust', sampleVkey, '--checkpoint', file, sample], e);
    expect(JSON.parse(v.stdout).bundles[0].consistency.length).toBe(2);
  });
});

describe('--help on every command', () => {
  it('prints usage and exits 0', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    const names = [...top.stdout.matchAll(/^ {2}([a-z-]+)(?: \[options\]| <|\s)/gm)].map((m) => m[1]).filter((n) => n !== 'help');
    expect(names).toEqual(expect.arrayContaining(['verify', 'seal', 'demo', 'keygen', 'keys', 'prove', 'verify-proof', 'checkpoint']));
    for (const name of names) {
      const r = await runCli([name ?? '', '--help']);
      expect(r.code, name).toBe(0);
      expect(r.stdout, name).toContain(`Usage: trailview ${name}`);
    }
    for (const sub of [['keys', 'add'], ['keys', 'list'], ['keys', 'remove'], ['checkpoint', 'save'], ['checkpoint', 'show']]) {
      expect((await runCli([...sub, '--help'])).stdout).toContain(`Usage: trailview ${sub.join(' ')}`);
    }
    const bad = await runCli(['verify']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("missing required argument 'bundle'");
  });
});
