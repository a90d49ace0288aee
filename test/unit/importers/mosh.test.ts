// The mosh fixture (test/fixtures/recordings/make-mosh.sh): a real mosh 1.4.0 session over
// loopback, the shell inside it recorded by tlog-rec (server side), mosh-client's screen by asciinema
// (client side), and the utmp/wtmp records mosh-server wrote through libutempter — including real
// roaming (a new UDP port) and a client that was away for 35 s. Each import is checked against what
// the tools themselves say: tlog-play's output, utmpdump's dump, mosh-server's own stderr.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../electron/cli/cli-io.js';
import { main } from '../../../electron/cli/main.js';
import type { EventOf } from '../../../electron/core/records.js';
import { formatTimestamp } from '../../../electron/core/timestamp.js';
import { readBundleRecords } from '../../../electron/services/bundle/read-records.js';
import { resourcePath, SAMPLE_KEY } from '../../../electron/services/resources.js';
import { verifyBundle } from '../../../electron/services/verify/verify-bundle.js';
import { sampleVerifier } from '../../helpers/bundles.js';
import { runCli } from '../../helpers/cli.js';
import { fixture, importOne, importPaths, micros, onlySession, readFixture, tempDir, utmpdump, type Dumped, type Imported } from './helpers.js';

interface MoshFacts {
  user: string;
  uid: number;
  host: string;
  size: { cols: number; rows: number };
  serverPid: number;
  port: number;
}
const moshFacts = (): MoshFacts => JSON.parse(readFixture('mosh', 'facts.json').toString('utf8')) as MoshFacts;

/** tlog-play appends a terminal reset after the recorded stream (see tlog.test.ts). */
const TLOG_PLAY_TRAILER = Buffer.from('\x1b[0m\x1b[?25h\n\0', 'latin1');

const loginOf = (imported: Imported, line: string): { start: EventOf<'session.start'>; events: Imported['events'] } => {
  const s = [...imported.sessions.values()].find((x) => x.start.tty === `/dev/${line}`);
  if (s === undefined) throw new Error(`no login on ${line}`);
  return { start: s.start, events: s.events };
};

describe('mosh: server side (tlog-rec inside mosh-server)', () => {
  it('imports the shell output byte for byte as tlog-play shows it', async () => {
    const imported = await importOne(fixture('mosh', 'server-shell.tlog.jsonl'));
    expect(imported.recording.format).toBe('tlog-json');
    expect(imported.invalid).toEqual([]);
    expect(imported.problems).toEqual([]);
    const s = onlySession(imported);
    expect(Buffer.concat([s.out, TLOG_PLAY_TRAILER]).equals(readFixture('mosh', 'tlog-play.raw'))).toBe(true);
    const f = moshFacts();
    expect(s.start).toMatchObject({ user: f.user, host: f.host, term: 'xterm-256color', cols: f.size.cols, rows: f.size.rows });
    expect(s.in.length).toBe(0); // tlog-rec's default: no input
    const text = s.out.toString('utf8');
    expect(text).toContain('héllo wörld ✓ 日本語 via mosh');
    // The shell's own `who` saw mosh-server's utmp entry: the client's address is only there.
    expect(text).toContain(`(127.0.0.1 via mosh [${f.serverPid}])`);
  });

  it('starts when mosh-server released the shell: tlog-rec registered its pty in the same wtmp then', async () => {
    const tlog = onlySession(await importOne(fixture('mosh', 'server-shell.tlog.jsonl')));
    const wtmp = await importOne(fixture('mosh', 'wtmp'));
    // tlog-rec's own pty login (pid = tlog-rec) is the second login of the wtmp; tlog has ms precision.
    const ownPty = [...wtmp.sessions.values()].find((s) => s.start.pid !== moshFacts().serverPid);
    expect(ownPty).toBeDefined();
    expect(Math.abs(micros(tlog.start.ts) - micros(ownPty?.start.ts ?? ''))).toBeLessThan(1000);
  });
});

describe('mosh: client side (asciinema around mosh-client)', () => {
  it("imports mosh-client's re-rendered screen as an asciicast v2 session", async () => {
    const s = onlySession(await importOne(fixture('mosh', 'client-side.cast')));
    const text = s.out.toString('utf8');
    expect(text.startsWith('\x1b[?1049h')).toBe(true); // mosh draws on the alternate screen
    expect(text).toContain('[mosh] ');
    expect(text).toContain('[mosh is exiting.]');
  });
});

describe('mosh: the client joins, roams, goes away and comes back (wtmp)', () => {
  it("yields the client's attach from 127.0.0.1 at the µs time and pid utmpdump and mosh-server state", async () => {
    const f = moshFacts();
    const stderr = readFixture('mosh', 'mosh-server.stderr').toString('utf8');
    expect(stderr).toContain(`[mosh-server detached, pid = ${f.serverPid}]`);
    expect(stderr).toMatch(/Server now attached to client at 127\.0\.0\.1:\d+/);

    const imported = await importOne(fixture('mosh', 'wtmp'));
    expect(imported.recording.format).toBe('wtmp');
    expect(imported.invalid).toEqual([]);
    expect(imported.outOfOrder).toBe(0);
    expect(imported.problems).toEqual([]);
    const dump = utmpdump('wtmp.utmpdump.txt');
    const serverLine = dump.find((d) => d.pid === f.serverPid)?.line ?? '';
    const login = loginOf(imported, serverLine);
    const first = dump[0] as Dumped;
    expect(first).toMatchObject({ type: 7, pid: f.serverPid, host: `mosh ?${f.serverPid}?` });
    expect(login.start).toMatchObject({
      ts: formatTimestamp(first.micros), // mosh-server started: no client yet
      type: 'session.start',
      user: f.user,
      host: null,
      tty: `/dev/${serverLine}`,
      term: null,
      cols: null,
      rows: null,
      recorder: { name: 'utmp', format: 'wtmp' },
      missing: ['host', 'term', 'size', 'output', 'input', 'resize', 'commands', 'exitStatus'],
      kind: 'login',
      pid: f.serverPid,
      loginHost: `mosh [${f.serverPid}]`,
    });
    const attach = dump.find((d) => d.type === 7 && d.host === `127.0.0.1 via mosh ?${f.serverPid}?`) as Dumped;
    const join = login.events.find((e) => e.type === 'join');
    expect(join).toEqual({
      ts: formatTimestamp(attach.micros),
      type: 'join',
      session: login.start.session,
      user: f.user,
      readOnly: false,
      clientTty: `/dev/${serverLine}`,
      remote: '127.0.0.1',
      client: 'mosh',
      pid: f.serverPid,
      utHost: `127.0.0.1 via mosh [${f.serverPid}]`,
    });
  });

  it('models every rewrite of the entry as utmpdump shows it: roaming = leave + join, away = leave', async () => {
    const f = moshFacts();
    const imported = await importOne(fixture('mosh', 'wtmp'));
    const dump = utmpdump('wtmp.utmpdump.txt').filter((d) => d.pid === f.serverPid);
    // What the records say, read straight from utmpdump's text: a DEAD_PROCESS followed by a
    // USER_PROCESS is mosh-server rewriting its entry; the last DEAD_PROCESS is its exit.
    const expected: Array<[string, number]> = [];
    let attached = false;
    dump.forEach((d, i) => {
      const prev = dump[i - 1];
      if (d.type === 7 && d.host.includes(' via mosh ')) {
        if (attached && prev !== undefined) expected.push(['leave', prev.micros]); // roaming
        expected.push(['join', d.micros]);
        attached = true;
      } else if (d.type === 7 && attached && prev !== undefined) {
        expected.push(['leave', prev.micros]); // "mosh [PID]" again: no contact for 30 s
        attached = false;
      } else if (d.type === 8 && i === dump.length - 1) {
        if (attached) expected.push(['leave', d.micros]);
        expected.push(['session.end', d.micros]);
      }
    });
    const login = loginOf(imported, (dump[0] as Dumped).line);
    const got = login.events.filter((e) => e.type !== 'session.start').map((e) => [e.type, micros(e.ts)]);
    expect(got).toEqual(expected);
    // This run: attach, roaming to a new port, away 35 s, back (and mosh's 1 ms flap), exit.
    const reasons = login.events.filter((e): e is EventOf<'leave'> => e.type === 'leave').map((e) => e.reason);
    expect(reasons[0]).toMatch(/new port \(roaming/);
    expect(reasons[1]).toMatch(/heard nothing from the client for 30 s/);
    expect(reasons.at(-1)).toMatch(/mosh-server ended/);
    // mosh-server printed one "attached" line per new client address (attach, roaming, return).
    const addresses = readFixture('mosh', 'mosh-server.stderr').toString('utf8').match(/Server now attached to client at 127\.0\.0\.1:\d+/g) ?? [];
    expect(new Set(addresses).size).toBe(addresses.length);
    expect(addresses.length).toBeGreaterThanOrEqual(3);
    expect(login.events.at(-1)).toMatchObject({ type: 'session.end', exitStatus: null });
  });

  it('a utmp copied while the client was attached shows the login with the client, still open', async () => {
    const f = moshFacts();
    const imported = await importOne(fixture('mosh', 'utmp.attached'));
    const [dumped] = utmpdump('utmp.attached.utmpdump.txt').filter((d) => d.pid === f.serverPid);
    const login = loginOf(imported, dumped?.line ?? '');
    expect(login.events.map((e) => e.type)).toEqual(['session.start', 'join']);
    expect(login.events[1]).toMatchObject({ ts: formatTimestamp(dumped?.micros ?? 0), remote: '127.0.0.1', pid: f.serverPid });
    expect(imported.problems.every((p) => p.severity === 'warning' && /no logout record: still logged in/.test(p.message))).toBe(true);
  });

  it('a utmp copied while the client was away shows the server alone, no participant', async () => {
    const f = moshFacts();
    const imported = await importOne(fixture('mosh', 'utmp.detached'));
    expect(imported.outOfOrder).toBe(0); // slot order is not time order: read sorted
    const [dumped] = utmpdump('utmp.detached.utmpdump.txt').filter((d) => d.pid === f.serverPid);
    const login = loginOf(imported, dumped?.line ?? '');
    expect(login.events.map((e) => e.type)).toEqual(['session.start']);
    expect(login.start).toMatchObject({ ts: formatTimestamp(dumped?.micros ?? 0), loginHost: `mosh [${f.serverPid}]` });
  });
});

describe('trailview inspect on the mosh folder', () => {
  it('lists the server-side recording and the login with its joins', async () => {
    let stdout = '';
    const io: CliIo = { stdout: (t) => void (stdout += t), stderr: () => undefined, env: {}, cwd: process.cwd(), isTTY: false };
    const code = await main(['inspect', '--json', fixture('mosh')], io);
    expect(code).toBe(1); // README, facts, stderr and the tools' dumps are not recordings
    const report = JSON.parse(stdout) as {
      sessions: Array<{ id: string; format: string; joins: Array<{ kind: string; ts: string }>; output: { bytes: number }; files: string[] }>;
      problems: Array<{ file: string; severity: string }>;
    };
    const f = moshFacts();
    const tlog = report.sessions.find((s) => s.format === 'tlog-json');
    expect(tlog?.output.bytes).toBe(readFixture('mosh', 'tlog-play.raw').length - TLOG_PLAY_TRAILER.length);
    const wtmp = report.sessions.filter((s) => s.format === 'wtmp' && s.files[0] === fixture('mosh', 'wtmp'));
    expect(wtmp).toHaveLength(2);
    const attach = utmpdump('wtmp.utmpdump.txt').find((d) => d.host.startsWith('127.0.0.1 via mosh'));
    const server = wtmp.find((s) => s.id.endsWith(`-${f.serverPid}`));
    expect(server?.joins[0]).toMatchObject({ kind: 'join', ts: formatTimestamp(attach?.micros ?? 0) });
    expect(report.sessions.some((s) => s.format === 'asciicast-v2')).toBe(true);
    // Every problem is a non-recording file or a utmp note; none is an error.
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);

    const all = await importPaths(fixture('mosh'));
    for (const imported of all.imported) expect(imported.invalid).toEqual([]);
  });
});

describe('sealing the mosh evidence', () => {
  it('seals the server-side recording and the wtmp logins into a bundle that verifies', async () => {
    const bundle = path.join(tempDir(), 'mosh.trail');
    const r = await runCli(['seal', '--key', resourcePath(...SAMPLE_KEY), '--origin', 'test/mosh', '--out', bundle, fixture('mosh', 'server-shell.tlog.jsonl'), fixture('mosh', 'wtmp')]);
    expect(r.code, r.stderr).toBe(0);
    expect((await verifyBundle(bundle, { trusted: [await sampleVerifier()] })).verdict).toBe('verified');
    const joins = [];
    for await (const record of readBundleRecords(bundle)) if (record.type === 'join') joins.push(record);
    expect(joins[0]).toMatchObject({ type: 'join', remote: '127.0.0.1', client: 'mosh', pid: moshFacts().serverPid });
  });
});
