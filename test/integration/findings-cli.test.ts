// `trailview finding add|list|edit|move|remove` as a reviewer scripts them (docs/cli.md, "Findings and reports"):
// anchors resolved against the evidence, every change in the hash-chained activity log (deletion
// included), clear errors for bad input, and the case still intact afterwards.
import { beforeAll, describe, expect, it } from 'vitest';
import { openCase } from '../../electron/services/case/case.js';
import type { Finding } from '../../electron/services/findings/finding-types.js';
import { runCli } from '../helpers/cli.js';
import { demoCase } from '../helpers/report-fixtures.js';

interface SessionInfo {
  key: string;
  start: string;
  end: string;
}

let dir: string;
let session: SessionInfo;

beforeAll(async () => {
  dir = await demoCase(11);
  const handle = await openCase(dir, { readOnly: true });
  try {
    const r = handle.db.exec("SELECT session_key, start_us, end_us FROM sessions WHERE commands > 3 ORDER BY id LIMIT 1")[0]?.values[0];
    if (r === undefined) throw new Error('demo case has no session with commands');
    const iso = (us: unknown): string => new Date(Number(us) / 1000).toISOString();
    session = { key: String(r[0]), start: iso(r[1]), end: iso(r[2]) };
  } finally {
    await handle.close();
  }
});

async function list(): Promise<Finding[]> {
  const listed = await runCli(['finding', 'list', dir, '--json']);
  expect(listed.code).toBe(0);
  return (JSON.parse(listed.stdout) as { findings: Finding[] }).findings;
}

async function actions(): Promise<Array<{ action: string; details: Record<string, unknown> | null }>> {
  const handle = await openCase(dir, { readOnly: true });
  try {
    return (await handle.activity()).map((r) => ({ action: r.action, details: r.details }));
  } finally {
    await handle.close();
  }
}

describe('trailview finding', () => {
  it('adds a session-range finding with the record seqs it covers, and a query finding', async () => {
    const added = await runCli(['finding', 'add', dir, '--title', 'Shadow file read', '--severity', 'high', '--session', session.key, '--from', session.start, '--to', session.end, '--notes', 'Read *twice*.', '--tags', 'creds, exfil']);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/^finding \d+ added: \[high\] Shadow file read \(session .* records \d+–\d+\)/);
    const query = await runCli(['finding', 'add', dir, '--title', 'All sudo', '--severity', 'LOW', '--query', 'sudo']);
    expect(query.code).toBe(0);

    const findings = await list();
    const [first, second] = findings;
    expect(first).toMatchObject({ title: 'Shadow file read', severity: 'high', status: 'open', tags: ['creds', 'exfil'], notes: 'Read *twice*.', position: 1 });
    const anchor = first?.anchors[0];
    expect(anchor?.kind).toBe('session');
    if (anchor?.kind !== 'session') throw new Error('unreachable');
    expect(anchor.sessionKey).toBe(session.key);
    expect(anchor.records).not.toBeNull();
    expect(anchor.records?.count).toBeGreaterThan(3);
    expect(anchor.records?.last).toBeGreaterThan(anchor.records?.first ?? 0);
    expect(second).toMatchObject({ severity: 'low', position: 2, anchors: [{ kind: 'query', query: 'sudo' }] });

    const log = await actions();
    const addedRecords = log.filter((a) => a.action === 'finding.added');
    expect(addedRecords.map((a) => (a.details?.finding as { title: string }).title)).toEqual(['Shadow file read', 'All sudo']);
  });

  it('edits and removes; the removal keeps the whole finding in the activity log; numbers are not reused', async () => {
    const before = await list();
    const target = before[before.length - 1] as Finding;
    const edited = await runCli(['finding', 'edit', dir, String(target.id), '--status', 'confirmed', '--title', 'Every sudo']);
    expect(edited.code).toBe(0);
    expect((await list()).find((f) => f.id === target.id)).toMatchObject({ status: 'confirmed', title: 'Every sudo' });
    const editRecord = (await actions()).filter((a) => a.action === 'finding.edited').pop();
    expect(editRecord?.details).toMatchObject({ id: target.id, changes: { status: { from: 'open', to: 'confirmed' }, title: { from: target.title, to: 'Every sudo' } } });

    const removed = await runCli(['finding', 'remove', dir, String(target.id)]);
    expect(removed.code).toBe(0);
    expect((await list()).map((f) => f.id)).not.toContain(target.id);
    const removal = (await actions()).filter((a) => a.action === 'finding.removed').pop();
    expect(removal?.details?.finding).toMatchObject({ id: target.id, title: 'Every sudo', status: 'confirmed', anchors: [{ kind: 'query', query: 'sudo' }] });

    const again = await runCli(['finding', 'add', dir, '--title', 'Later', '--severity', 'info', '--query', 'ls']);
    expect(again.code).toBe(0);
    const newest = (await list()).pop() as Finding;
    expect(newest.id).toBeGreaterThan(target.id);

    const moved = await runCli(['finding', 'move', dir, String(newest.id), '--to', '1']);
    expect(moved.stdout).toMatch(/is now number 1 of 2/);
    expect((await list()).map((f) => [f.title, f.position])).toEqual([
      ['Later', 1],
      ['Shadow file read', 2],
    ]);
    expect((await actions()).pop()).toMatchObject({ action: 'finding.reordered' });
    expect((await runCli(['finding', 'move', dir, String(newest.id), '--to', '9'])).stderr).toMatch(/--to must be between 1 and 2/);

    const verified = await runCli(['case', 'verify', dir, '--quick']);
    expect(verified.stdout).toMatch(/^INTACT/);
  });

  it('refuses bad input with the flag named, and changes nothing', async () => {
    const log = (await actions()).length;
    const cases: Array<[string[], RegExp]> = [
      [['--title', 'x', '--severity', 'severe', '--query', 'a'], /--severity must be one of info, low, medium, high, critical/],
      [['--title', 'x', '--severity', 'low'], /needs an anchor/],
      [['--title', 'x', '--severity', 'low', '--session', session.key, '--from', session.start], /missing --to/],
      [['--title', 'x', '--severity', 'low', '--session', session.key, '--from', '2024-11-27 03:00', '--to', session.end], /--from: .*not an ISO-8601 date-time with a zone/],
      [['--title', 'x', '--severity', 'low', '--session', 'no-such-session', '--from', session.start, '--to', session.end], /session "no-such-session" is not in the case/],
      [['--title', 'x', '--severity', 'low', '--session', session.key, '--from', session.end, '--to', session.start], /--to .* is before --from/],
      [['--title', 'x', '--severity', 'low', '--session', session.key, '--from', '2001-01-01T00:00:00Z', '--to', '2001-01-01T01:00:00Z'], /lies outside it/],
      [['--title', 'x', '--severity', 'low', '--query', 'a', '--session', session.key], /not both/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(['finding', 'add', dir, ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
    }
    expect((await runCli(['finding', 'remove', dir, '999'])).stderr).toMatch(/finding 999 is not in the case/);
    expect((await actions()).length).toBe(log);
  });
});
