// `trailview case new|import|info|verify` as a user runs them (docs/cli.md, "Cases"): output,
// JSON shapes and exit statuses, including a locked case and a tampered one.
import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourcePath, SAMPLE_VKEY } from '../../electron/services/resources.js';
import { tempDir } from '../helpers/bundles.js';
import { demoBundle, FIXTURES, readLines, writeLines } from '../helpers/case-fixtures.js';
import { runBin, runCli } from '../helpers/cli.js';

let demo: string;
let trust: string[];
beforeAll(async () => {
  demo = await demoBundle(21, 200_000);
  trust = ['--trust', resourcePath(...SAMPLE_VKEY)];
});

async function caseDir(): Promise<string> {
  return path.join(await tempDir('tv-case-cli-'), 'case');
}

describe('trailview case', () => {
  it('new, import --json, info --json, verify: a whole session', async () => {
    const dir = await caseDir();
    const created = await runCli(['case', 'new', dir, '--name', 'Incident 4711', '--examiner', 'Erin']);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toMatch(/case "Incident 4711" created/);

    const cast = path.join(FIXTURES, 'asciicast', 'session.cast');
    const imported = await runCli(['case', 'import', dir, demo, cast, demo, '--json', ...trust]);
    expect(imported.code).toBe(0);
    const doc = JSON.parse(imported.stdout) as { imported: number; duplicates: number; failed: number; items: Array<{ status: string; verdict: string | null; sha256: string }> };
    expect(doc).toMatchObject({ imported: 2, duplicates: 1, failed: 0 });
    expect(doc.items.map((i) => [i.status, i.verdict])).toEqual([
      ['imported', 'verified'],
      ['imported', 'raw'],
      ['duplicate', null],
    ]);

    const info = await runCli(['case', 'info', dir, '--json']);
    expect(info.code).toBe(0);
    const summary = JSON.parse(info.stdout) as Record<string, unknown> & { evidence: unknown[]; users: string[]; hosts: string[]; timeRange: unknown; activity: { records: number } };
    expect(summary).toMatchObject({ name: 'Incident 4711', examiner: 'Erin' });
    expect(summary.evidence).toHaveLength(2);
    expect(summary.users.length).toBeGreaterThan(0);
    expect(summary.hosts.length).toBeGreaterThan(0);
    expect(summary.timeRange).not.toBeNull();
    expect(summary.activity.records).toBe(4); // created, 2 × evidence.imported, flags.analyzed

    const text = await runCli(['case', 'info', dir]);
    expect(text.stdout).toMatch(/Evidence \(2\):[\s\S]*verified[\s\S]*raw[\s\S]*Users: [\s\S]*Hosts: [\s\S]*Time range: /);

    const verified = await runCli(['case', 'verify', dir, ...trust]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^INTACT/);
  });

  it('import exit status 1 when an item fails; text lists each item', async () => {
    const dir = await caseDir();
    await runCli(['case', 'new', dir]);
    const junk = path.join(await tempDir(), 'junk.bin');
    await writeFile(junk, Buffer.from([1, 2, 3, 4]));
    const result = await runCli(['case', 'import', dir, demo, junk, ...trust]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^imported +.*verified/m);
    expect(result.stdout).toMatch(/^failed +.*junk\.bin/m);
    expect(result.stdout).toMatch(/1 imported, 0 already in the case, 1 failed/);
  });

  it('a tampered case: verify exit 1 naming the record, import refused', async () => {
    const dir = await caseDir();
    await runCli(['case', 'new', dir]);
    await runCli(['case', 'import', dir, demo, ...trust]);
    const log = path.join(dir, 'activity.jsonl');
    const lines = await readLines(log);
    await writeLines(log, [lines[0] as string, (lines[1] as string).replace('"verdict":"verified"', '"verdict":"invalid"'), ...lines.slice(2)]);
    const verified = await runCli(['case', 'verify', dir, '--json', ...trust]);
    expect(verified.code).toBe(1);
    const report = JSON.parse(verified.stdout) as { intact: boolean; problems: Array<{ code: string; file: string; line?: number }> };
    expect(report.intact).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ code: 'RECORD_MODIFIED', file: 'activity.jsonl', line: 2 }));
    const refused = await runCli(['case', 'import', dir, demo, ...trust]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/changed outside Trailview/);
    expect((await runCli(['case', 'info', dir])).code).toBe(1);
  });

  it('a case open elsewhere: one clear line, exit 2', async () => {
    const dir = await caseDir();
    await runCli(['case', 'new', dir]);
    const child = await import('node:child_process');
    const holder = child.spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await writeFile(path.join(dir, 'case.lock'), JSON.stringify({ pid: holder.pid, host: hostname(), since: '2024-11-21T04:00:00.000Z', token: 'x', tool: 'trailview 0.1.0' }));
      const result = await runCli(['case', 'import', dir, demo, ...trust]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^trailview: .*open elsewhere: trailview 0\\.1\\.0 pid ${holder.pid} on ${hostname()}`));
    } finally {
      holder.kill();
    }
  });

  it('usage errors: not a case, existing folder', async () => {
    const dir = await tempDir();
    expect((await runCli(['case', 'info', dir])).stderr).toMatch(/not a Trailview case/);
    await writeFile(path.join(dir, 'x'), 'x');
    expect(await runCli(['case', 'new', dir])).toMatchObject({ code: 2, stderr: expect.stringMatching(/not empty/) as unknown });
  });

  it('runs as the real executable', async () => {
    const dir = await caseDir();
    expect((await runBin(['case', 'new', dir])).code).toBe(0);
    const result = await runBin(['case', 'import', dir, demo, '--json', ...trust]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ imported: 1 });
  });
});
