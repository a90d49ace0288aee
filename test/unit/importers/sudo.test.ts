import { cpSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { formatTimestamp } from '../../../electron/core/timestamp.js';
import { parseSudoTimingLine } from '../../../electron/services/importers/sudo/timing.js';
import { facts, fixture, importOne, importPaths, micros, readFixture, tempDir, typedKeys, type SessionData } from './helpers.js';

const IOLOG = fixture('sudo', 'iolog');
const sessionDir = (tsid: string): string => path.join(IOLOG, tsid.slice(0, 2), tsid.slice(2, 4), tsid.slice(4, 6));
const streamFile = (tsid: string, stream: string): Buffer => {
  const raw = readFileSync(path.join(sessionDir(tsid), stream));
  return raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
};
const TSIDS = ['000001', '000002', '000003', '000004', '000005'];

/** sudoreplay's non-tty output: a banner, the streams, maybe a geometry warning, then CR LF. */
function sudoreplayStreams(tsid: string): Buffer {
  const out = readFixture('sudo', `sudoreplay-${tsid}.out`);
  const command = readFileSync(path.join(sessionDir(tsid), 'log'), 'utf8').split('\n')[2] as string;
  const banner = Buffer.from(`Replaying sudo session: ${command}`);
  expect(out.subarray(0, banner.length).equals(banner)).toBe(true);
  const tail = /(?:Warning: your terminal is too small to properly replay the log\.\nLog geometry is \d+ x \d+, your terminal's geometry is \d+ x \d+\.)?\r\n$/.exec(out.toString('latin1'));
  expect(tail).not.toBeNull();
  return out.subarray(banner.length, out.length - (tail?.[0].length ?? 0));
}

async function iologSessions(): Promise<Map<string, SessionData>> {
  const imported = await importOne(IOLOG);
  expect(imported.recording.format).toBe('sudo-iolog');
  expect(imported.invalid).toEqual([]);
  expect(imported.outOfOrder).toBe(0);
  expect(imported.problems).toEqual([]);
  return imported.sessions;
}

describe('sudo I/O log directory (sudo 1.9.13)', () => {
  it('reads every session of an iolog_dir as one recording, with host and TSID ids', async () => {
    const sessions = await iologSessions();
    expect([...sessions.keys()]).toEqual(TSIDS.map((t) => `sudo-${facts().host}-${t}`));
  });

  it('each stream is byte for byte the stream file (gzip members inflated), in timing order like sudoreplay', async () => {
    const sessions = [...(await iologSessions()).values()];
    TSIDS.forEach((tsid, i) => {
      const s = sessions[i] as SessionData;
      for (const stream of ['stdin', 'stdout', 'stderr', 'ttyin', 'ttyout']) {
        expect(s.streams.get(stream) ?? Buffer.alloc(0)).toEqual(streamFile(tsid, stream));
      }
      // sudoreplay replays the output streams (ttyout, stdout, stderr) interleaved in timing order.
      expect(s.out.equals(sudoreplayStreams(tsid))).toBe(true);
    });
    const shell = sessions[0] as SessionData;
    expect(shell.in.equals(typedKeys(null))).toBe(true);
    expect(shell.out.includes(Buffer.from([0xe2, 0x9c]))).toBe(true); // the split ✓, raw
    expect(shell.out.includes(Buffer.from(' raw:\xff\xfe end', 'latin1'))).toBe(true);
  });

  it('states submit user, host, tty, cwd, size, run user; the command line is a sudo cmd event', async () => {
    const f = facts();
    const sessions = [...(await iologSessions()).values()];
    const list = readFixture('sudo', 'sudoreplay-list.txt').toString('utf8').trim().split('\n');
    sessions.forEach((s, i) => {
      const line = list[i] as string;
      const field = (name: string): string => (new RegExp(`${name}=(.*?)(?: ; |$)`).exec(line)?.[1] ?? '').replace(/\\\\/g, '\\');
      expect(s.start).toMatchObject({ user: f.user, uid: f.uid, host: f.host, tty: `/dev/${field('TTY')}`, cwd: field('CWD'), runUser: field('USER') });
      const cmd = s.events.filter((e) => e.type === 'cmd');
      expect(cmd).toEqual([{ ts: s.start.ts, type: 'cmd', session: s.start.session, text: field('COMMAND'), source: 'sudo', confidence: 1, cwd: field('CWD'), user: field('USER') }]);
      expect(s.start.missing).toEqual(['exitStatus']);
      expect(s.end?.exitStatus).toBeNull(); // 000005 exited 3: sudo does not record it
    });
    expect((sessions[0] as SessionData).start).toMatchObject({ cols: f.size.cols, rows: f.size.rows, term: 'xterm-256color', runUid: 65534 });
    expect((sessions[0] as SessionData).events.filter((e) => e.type === 'resize')).toMatchObject([{ cols: f.resized.cols, rows: f.resized.rows }]);
  });

  it('times: log.json seconds + nanoseconds, plus the running sum of %.9f delays, exact to the µs', async () => {
    const sessions = [...(await iologSessions()).values()];
    const s = sessions[0] as SessionData;
    const json = JSON.parse(readFileSync(path.join(sessionDir('000001'), 'log.json'), 'utf8')) as { timestamp: { seconds: number; nanoseconds: number } };
    const startNs = BigInt(json.timestamp.seconds) * 1_000_000_000n + BigInt(json.timestamp.nanoseconds);
    expect(s.start.ts).toBe(formatTimestamp(Number(startNs / 1000n)));
    let ns = startNs;
    const expected: string[] = [];
    for (const line of readFileSync(path.join(sessionDir('000001'), 'timing'), 'utf8').trim().split('\n')) {
      const [, delay] = line.split(' ') as [string, string];
      const [whole, frac = ''] = delay.split('.') as [string, string?];
      ns += BigInt(whole) * 1_000_000_000n + BigInt(frac.padEnd(9, '0'));
      expected.push(formatTimestamp(Number(ns / 1000n)));
    }
    const timed = s.events.filter((e) => e.type === 'out' || e.type === 'in' || e.type === 'resize').map((e) => e.ts);
    expect(timed).toEqual(expected);
    expect(micros(s.end?.ts ?? '')).toBe(micros(expected[expected.length - 1] as string));
  });

  it('one session directory alone, and the same session named by its timing file', async () => {
    const alone = await importOne(sessionDir('000003'));
    expect(alone.sessions.size).toBe(1);
    expect(alone.problems).toEqual([]);
    const viaFile = await importOne(path.join(sessionDir('000002'), 'timing'));
    expect([...viaFile.sessions.keys()]).toEqual([`sudo-${facts().host}-000002`]);
  });
});

describe('sudo timing lines', () => {
  it('parses events 0–7 and the oldest two-field form', () => {
    expect(parseSudoTimingLine('4 0.003828211 31')).toEqual({ kind: 'io', delayNanos: 3_828_211, stream: 'ttyout', bytes: 31 });
    expect(parseSudoTimingLine('6 1.5 2')).toEqual({ kind: 'io', delayNanos: 1_500_000_000, stream: 'ttyout', bytes: 2 });
    expect(parseSudoTimingLine('0 0,25 3')).toEqual({ kind: 'io', delayNanos: 250_000_000, stream: 'stdin', bytes: 3 });
    expect(parseSudoTimingLine('5 0.809318858 28 90')).toEqual({ kind: 'winsize', delayNanos: 809_318_858, rows: 28, cols: 90 });
    expect(parseSudoTimingLine('7 2.000000001 SIGTSTP')).toEqual({ kind: 'suspend', delayNanos: 2_000_000_001, signal: 'SIGTSTP' });
    expect(parseSudoTimingLine('0.5 12')).toEqual({ kind: 'io', delayNanos: 500_000_000, stream: 'ttyout', bytes: 12 });
    expect(parseSudoTimingLine('8 0.1 3')).toBe('has event type 8, which sudo does not define');
    expect(parseSudoTimingLine('4 x 3')).toMatch(/is not "EVENT DELAY/);
  });
});

describe('sudo bad input', () => {
  const copySession = (tsid: string): string => {
    const dir = path.join(tempDir(), 'sess');
    cpSync(sessionDir(tsid), dir, { recursive: true });
    return dir;
  };

  it('timing that wants more bytes than ttyout has: named file and line, bytes present kept', async () => {
    const dir = copySession('000001');
    const ttyout = readFileSync(path.join(dir, 'ttyout'));
    truncateSync(path.join(dir, 'ttyout'), ttyout.length - 100);
    const imported = await importOne(dir);
    expect(imported.invalid).toEqual([]);
    const problem = imported.problems.find((p) => p.severity === 'skipped');
    expect(problem).toMatchObject({ file: path.join(dir, 'timing'), message: expect.stringMatching(/timing wants \d+ bytes of ttyout, but ttyout ends \d+ bytes short/) });
    expect(problem?.line).toBeGreaterThan(1);
    const s = [...imported.sessions.values()][0] as SessionData;
    expect(s.streams.get('ttyout')?.equals(ttyout.subarray(0, ttyout.length - 100))).toBe(true);
  });

  it('bytes the timing does not cover are kept at the end, with a warning', async () => {
    const dir = copySession('000002');
    writeFileSync(path.join(dir, 'ttyout'), Buffer.concat([readFileSync(path.join(dir, 'ttyout')), Buffer.from('extra')]));
    const imported = await importOne(dir);
    expect(imported.problems).toEqual([expect.objectContaining({ file: path.join(dir, 'ttyout'), severity: 'warning', message: expect.stringMatching(/^5 bytes at the end are not in the timing file/) })]);
    expect([...imported.sessions.values()][0]?.out.toString('latin1').endsWith('extra')).toBe(true);
  });

  it('garbage and wrong counts in the timing file are skipped by line', async () => {
    const dir = copySession('000002');
    writeFileSync(path.join(dir, 'timing'), `${readFileSync(path.join(dir, 'timing'), 'utf8')}garbage here\n9 0.1 4\n4 0.1 -3\n`);
    const imported = await importOne(dir);
    expect(imported.problems.map((p) => [p.line, p.severity])).toEqual([
      [2, 'skipped'],
      [3, 'skipped'],
      [4, 'skipped'],
    ]);
  });

  it('a truncated gzip stream or timing file is reported, the readable part imported', async () => {
    const dir = copySession('000003');
    const stdout = readFileSync(path.join(dir, 'stdout'));
    writeFileSync(path.join(dir, 'stdout'), stdout.subarray(0, stdout.length - 12));
    const imported = await importOne(dir);
    expect(imported.invalid).toEqual([]);
    expect(imported.problems.some((p) => p.file === path.join(dir, 'stdout') && p.severity === 'error')).toBe(true);
    expect([...imported.sessions.values()][0]?.end).not.toBeNull();

    const dir2 = copySession('000003');
    const timing = readFileSync(path.join(dir2, 'timing'));
    writeFileSync(path.join(dir2, 'timing'), timing.subarray(0, 20));
    const imported2 = await importOne(dir2);
    expect(imported2.problems.some((p) => p.file === path.join(dir2, 'timing') && /reading stopped/.test(p.message))).toBe(true);
  });

  it('a session without log.json and log, or without timing, is named and not imported', async () => {
    const dir = copySession('000002');
    rmSync(path.join(dir, 'log.json'));
    rmSync(path.join(dir, 'log'));
    const { imported, problems } = await importPaths(dir);
    expect(imported).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ file: path.join(dir, 'log'), severity: 'error', message: expect.stringMatching(/neither log.json nor log/) })]);

    const dir2 = copySession('000002');
    rmSync(path.join(dir2, 'timing'));
    const result = await importPaths(dir2);
    expect(result.imported).toEqual([]);
    expect(result.problems).toEqual(expect.arrayContaining([expect.objectContaining({ file: path.join(dir2, 'timing'), message: expect.stringMatching(/no timing file/) })]));
  });

  it('the old three-line log (no log.json) still gives user, tty, size and command; host is missing', async () => {
    const dir = copySession('000002');
    rmSync(path.join(dir, 'log.json'));
    const imported = await importOne(dir);
    const s = [...imported.sessions.values()][0] as SessionData;
    expect(s.start).toMatchObject({ user: facts().user, host: null, cols: 90, rows: 28, command: '/usr/bin/id' });
    expect(s.start.missing).toEqual(['host', 'exitStatus', 'term']);
    expect(s.start.session).toBe('sudo-sess'); // no host, and a folder name that is not a sudo sequence path
  });
});
