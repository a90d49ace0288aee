import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseIsoToMicros } from '../../../electron/core/timestamp.js';
import { parseHeaderLine } from '../../../electron/services/importers/script/header.js';
import { facts, fixture, importOne, importPaths, micros, onlySession, readFixture, tempDir, typedKeys } from './helpers.js';

/** scriptreplay ends its output with one newline of its own. */
const replayed = (name: string): Buffer => {
  const out = readFixture('script', name);
  expect(out[out.length - 1]).toBe(0x0a);
  return out.subarray(0, out.length - 1);
};

const copy = (dir: string, from: string, to: string): string => {
  const file = path.join(dir, to);
  copyFileSync(fixture('script', from), file);
  return file;
};

describe('script advanced format (--log-timing + --log-io, util-linux 2.38)', () => {
  it('output and input byte for byte as scriptreplay shows them', async () => {
    const imported = await importOne(fixture('script', 'adv.timing'), fixture('script', 'adv.io'));
    expect(imported.recording.format).toBe('script-advanced');
    expect(imported.invalid).toEqual([]);
    expect(imported.outOfOrder).toBe(0);
    expect(imported.problems).toEqual([]);
    const s = onlySession(imported);
    expect(s.out.equals(replayed('adv.replay.out'))).toBe(true);
    // `scriptreplay -x in -c never` is the input stream.
    expect(s.in.equals(replayed('adv.replay-in.out'))).toBe(true);
    expect(s.in.equals(typedKeys(facts().sudoPassword))).toBe(true);
  });

  it('header facts from the H lines, resize from S SIGWINCH, exit code from EXIT_CODE', async () => {
    const s = onlySession(await importOne(fixture('script', 'adv.timing'), fixture('script', 'adv.io')));
    const timing = readFixture('script', 'adv.timing').toString('utf8');
    const h = (key: string): string => new RegExp(`^H 0\\.000000 ${key} (.*)$`, 'm').exec(timing)?.[1] ?? '';
    expect(s.start.ts).toBe(formatTimestamp(parseIsoToMicros(h('START_TIME').replace(' ', 'T'))));
    expect(s.start).toMatchObject({ user: null, host: null, tty: h('TTY'), term: h('TERM'), cols: Number(h('COLUMNS')), rows: Number(h('LINES')) });
    expect(s.start.missing).toEqual(['user', 'host']);
    expect(s.events.filter((e) => e.type === 'resize')).toMatchObject([{ cols: facts().resized.cols, rows: facts().resized.rows }]);
    expect(s.end?.exitStatus).toBe(Number(h('EXIT_CODE')));
    expect(s.end?.exitStatus).toBe(130); // bash's status after the Ctrl-C'd sleep
  });

  it('times: START_TIME plus the running sum of %.6f delays of every line (H, I, O, S)', async () => {
    const s = onlySession(await importOne(fixture('script', 'adv.timing'), fixture('script', 'adv.io')));
    let at = micros(s.start.ts);
    const expected: number[] = [];
    for (const line of readFixture('script', 'adv.timing').toString('utf8').trim().split('\n')) {
      const [type, delay] = line.split(' ') as [string, string];
      at += Math.round(Number(delay) * 1e6);
      if (type !== 'H') expected.push(at);
    }
    expect(s.events.filter((e) => e.type === 'out' || e.type === 'in' || e.type === 'resize').map((e) => micros(e.ts))).toEqual(expected);
  });

  it('separate --log-in and --log-out files', async () => {
    const imported = await importOne(fixture('script', 'sep.timing'), fixture('script', 'sep.in'), fixture('script', 'sep.out'));
    expect(imported.problems).toEqual([]);
    const s = onlySession(imported);
    expect(s.out.equals(replayed('sep.replay.out'))).toBe(true);
    expect(s.in.toString('utf8')).toBe("echo separate 'ünïcode ✓'\rprintf \"\\xff end\\n\"\rexit\r");
  });

  it('finds the logs an advanced timing file names even when only the timing file is given', async () => {
    const imported = await importOne(fixture('script', 'sep.timing'));
    expect(imported.recording.files).toEqual([fixture('script', 'sep.timing'), fixture('script', 'sep.out'), fixture('script', 'sep.in')]);
  });
});

describe('script classic format (-t timing + typescript)', () => {
  it('output byte for byte as scriptreplay shows it; input, user, host and resizes missing', async () => {
    const imported = await importOne(fixture('script', 'classic.timing'), fixture('script', 'classic.typescript'));
    expect(imported.recording.format).toBe('script-classic');
    expect(imported.invalid).toEqual([]);
    expect(imported.problems).toEqual([]);
    const s = onlySession(imported);
    expect(s.out.equals(replayed('classic.replay.out'))).toBe(true);
    expect(s.in.length).toBe(0);
    expect(s.start.missing).toEqual(['user', 'host', 'input', 'resize']);
    expect(s.start).toMatchObject({ cols: 100, rows: 30, term: 'xterm-256color' });
    expect(s.end?.exitStatus).toBe(130); // from the "Script done" footer
  });

  it('pairs a timing file with its typescript by content when the names say nothing', async () => {
    const dir = tempDir();
    const timing = copy(dir, 'classic.timing', 'a');
    const typescript = copy(dir, 'classic.typescript', 'b');
    const imported = await importOne(dir);
    expect(imported.recording.files).toEqual([timing, typescript]);
    expect(onlySession(imported).out.equals(replayed('classic.replay.out'))).toBe(true);
  });

  it('two pairs in one folder: the byte counts decide, not the names', async () => {
    const dir = tempDir();
    const t1 = copy(dir, 'classic.timing', 'one.timing');
    // A second classic pair with another byte count, derived from the short -I/-O recording.
    let pendingDelay = 0;
    const classic: string[] = [];
    for (const line of readFixture('script', 'sep.timing').toString('utf8').trim().split('\n')) {
      const [type, delay, rest] = line.split(' ') as [string, string, string];
      pendingDelay += Number(delay);
      if (type === 'O') {
        classic.push(`${pendingDelay.toFixed(6)} ${rest}`);
        pendingDelay = 0;
      }
    }
    const t2 = path.join(dir, 'two.timing');
    writeFileSync(t2, `${classic.join('\n')}\n`);
    const sepOut = replayed('sep.replay.out');
    // Cross the names: one.typescript holds the second recording's bytes, and vice versa.
    const header = readFixture('script', 'classic.typescript').toString('latin1').split('\n')[0] as string;
    writeFileSync(path.join(dir, 'one.typescript'), Buffer.concat([Buffer.from(`${header}\n`, 'latin1'), sepOut]));
    copy(dir, 'classic.typescript', 'two.typescript');
    const { imported, problems } = await importPaths(dir);
    expect(problems).toEqual([]);
    const byTiming = new Map(imported.map((i) => [i.recording.files[0], i]));
    expect(byTiming.get(t1)?.recording.files[1]).toBe(path.join(dir, 'two.typescript'));
    expect(byTiming.get(t2)?.recording.files[1]).toBe(path.join(dir, 'one.typescript'));
    const second = byTiming.get(t2);
    expect(second === undefined ? null : onlySession(second).out.equals(sepOut)).toBe(true);
    expect(second?.problems).toEqual([]);
  });

  it('parses the header line with and without the [...] part', () => {
    expect(parseHeaderLine('Script started on 2026-11-21 05:52:42+00:00 [TERM="xterm" TTY="/dev/pts/7" COLUMNS="100" LINES="30"]')).toEqual({
      startMicros: parseIsoToMicros('2026-11-21T05:52:42Z'),
      term: 'xterm',
      tty: '/dev/pts/7',
      cols: 100,
      rows: 30,
      command: null,
    });
    expect(parseHeaderLine('Script started on 2026-11-21 06:18:46+01:00 [COMMAND="printf "x"; exit 3" <not executed on terminal>]')).toMatchObject({
      startMicros: parseIsoToMicros('2026-11-21T05:18:46Z'),
      command: 'printf "x"; exit 3',
      tty: null,
    });
    expect(parseHeaderLine('Script started on Thu 21 Nov 2026 05:52:42 AM UTC')?.startMicros).toBe(parseIsoToMicros('2026-11-21T05:52:42Z'));
    expect(parseHeaderLine('Script started on Thu 21 Nov 2026 05:52:42 AM CET')?.startMicros).toBeNull();
  });
});

describe('script bad input', () => {
  it('timing that runs past the data (a cut typescript): named line, the bytes there imported', async () => {
    const dir = tempDir();
    const timing = copy(dir, 'classic.timing', 'x.timing');
    const ts = readFixture('script', 'classic.typescript');
    writeFileSync(path.join(dir, 'x.typescript'), ts.subarray(0, 900));
    const imported = await importOne(dir);
    expect(imported.invalid).toEqual([]);
    const p = imported.problems.find((q) => q.severity === 'skipped');
    expect(p).toMatchObject({ file: timing, message: expect.stringMatching(/the timing runs past the data/) });
    expect(p?.line).toBeGreaterThan(1);
    const header = ts.indexOf(0x0a) + 1;
    expect(onlySession(imported).out.equals(ts.subarray(header, 900))).toBe(true);
  });

  it('wrong counts and garbage lines in the timing file are skipped by line; uncovered bytes kept', async () => {
    const dir = tempDir();
    const lines = readFixture('script', 'classic.timing').toString('utf8').trim().split('\n');
    lines.splice(3, 0, 'garbage', '1.0 -5', '0.5');
    lines.pop(); // the last entry's bytes are then not covered
    writeFileSync(path.join(dir, 'x.timing'), `${lines.join('\n')}\n`);
    copy(dir, 'classic.typescript', 'x.typescript');
    const imported = await importOne(dir);
    expect(imported.problems.map((p) => [p.line, p.severity])).toEqual([
      [4, 'skipped'],
      [5, 'skipped'],
      [6, 'skipped'],
      [undefined, 'warning'],
    ]);
    expect(onlySession(imported).out.equals(replayed('classic.replay.out'))).toBe(true);
  });

  it('a typescript without timing imports at the start time with a warning; a timing alone is an error', async () => {
    const dir = tempDir();
    const ts = copy(dir, 'classic.typescript', 'lonely.typescript');
    const imported = await importPaths(ts);
    expect(imported.problems).toEqual([expect.objectContaining({ file: ts, severity: 'warning', message: expect.stringMatching(/without a timing file/) })]);
    const s = onlySession(imported.imported[0] as never);
    expect(s.out.equals(replayed('classic.replay.out'))).toBe(true);
    expect(new Set(s.events.filter((e) => e.type === 'out').map((e) => e.ts)).size).toBe(1);

    const dir2 = tempDir();
    const timing = copy(dir2, 'classic.timing', 'alone.timing');
    const result = await importPaths(timing);
    expect(result.imported).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining({ file: timing, severity: 'error', message: expect.stringMatching(/no typescript/) })]);
  });

  it('an advanced timing file whose log is missing says which file it wanted', async () => {
    const dir = tempDir();
    const timing = copy(dir, 'adv.timing', 'adv.timing');
    const { imported, problems } = await importPaths(timing);
    expect(problems).toEqual([expect.objectContaining({ file: timing, severity: 'error', message: expect.stringMatching(/names the log ".*adv\.io", but no file adv\.io/) })]);
    const rec = imported[0];
    expect(rec?.problems.filter((p) => p.severity === 'skipped').length).toBeGreaterThan(0);
    expect(rec?.invalid).toEqual([]);
  });

  it('an empty timing file and an empty log', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'e.timing'), '');
    writeFileSync(path.join(dir, 'e.typescript'), '');
    const { imported, problems } = await importPaths(dir);
    expect(imported).toEqual([]);
    expect(problems.map((p) => p.message)).toEqual(['is empty: not a recording', 'is empty: not a recording']);
    expect(readFileSync(fixture('script', 'classic.timing')).length).toBeGreaterThan(0);
  });
});
