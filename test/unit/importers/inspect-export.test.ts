import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../electron/cli/cli-io.js';
import { main } from '../../../electron/cli/main.js';
import type { TrailEvent } from '../../../electron/core/records.js';
import { formatSeconds, writeAsciicastV2, type AsciicastExportSummary } from '../../../electron/services/export/asciicast-writer.js';
import { facts, fixture, importOne, micros, onlySession, readFixture, tempDir } from './helpers.js';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {}, cwd: process.cwd(), isTTY: false };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function collect(lines: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const line of lines) text += line;
  return text;
}

describe('trailview inspect', () => {
  it('--json has exactly the agreed shape, with byte counts and SHA-256 of the streams', async () => {
    const { code, stdout } = await run('inspect', '--json', fixture('sudo', 'iolog'));
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { sessions: Array<Record<string, unknown>>; problems: unknown[] };
    expect(report.problems).toEqual([]);
    expect(report.sessions).toHaveLength(5);
    const first = report.sessions[0] as Record<string, unknown>;
    expect(Object.keys(first).slice(0, 14)).toEqual(['id', 'format', 'user', 'host', 'tty', 'start', 'end', 'cols', 'rows', 'joins', 'commands', 'output', 'input', 'missing']);
    const f = facts();
    const ttyout = readFileSync(path.join(fixture('sudo', 'iolog'), '00', '00', '01', 'ttyout'));
    const ttyin = readFileSync(path.join(fixture('sudo', 'iolog'), '00', '00', '01', 'ttyin'));
    expect(first).toMatchObject({
      id: `sudo-${f.host}-000001`,
      format: 'sudo-iolog',
      user: f.user,
      host: f.host,
      cols: 100,
      rows: 30,
      joins: [],
      // The command line sudo states, then the commands typed in the shell it ran (keystrokes).
      commands: expect.arrayContaining([
        { ts: first.start, text: `/usr/bin/bash --rcfile /home/${f.user}/.bashrc -i`, source: 'sudo', confidence: 1 },
        expect.objectContaining({ text: 'whoami', source: 'keystrokes' }),
      ]),
      output: { bytes: ttyout.length, sha256: sha(ttyout) },
      input: { bytes: ttyin.length, sha256: sha(ttyin) },
      missing: ['exitStatus'],
    });
  });

  it('prints text per session and problems; exit 1 when something was skipped, 2 when nothing was read', async () => {
    const ok = await run('inspect', fixture('ttyrec', 'session.ttyrec'));
    expect(ok.code).toBe(0);
    const out = readFixture('ttyrec', 'ttyplay-n.out');
    expect(ok.stdout).toContain(`output ${out.length} bytes  sha256 ${sha(out)}`);
    expect(ok.stdout).toContain('missing: user, host, tty, term, size, input, resize, exitStatus');

    const partial = await run('inspect', fixture('script'));
    expect(partial.code).toBe(1); // the scriptreplay outputs and README are not recordings
    expect(partial.stdout).toMatch(/problems:\n(?: {2}.*\n)* {2}skipped: \S*README\.md: is not a recording/);

    const none = await run('inspect', path.join(tempDir(), 'nothing-here'));
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('no sessions found');
  });
});

describe('asciicast export', () => {
  it('replaces invalid UTF-8 exactly as asciinema does: ttyrec bytes → the text asciinema recorded', async () => {
    // The ttyrec and asciinema fixtures are two recordings of the same typed session: the raw bytes
    // differ only where asciinema decoded them. Exporting the raw stream must give asciinema's text.
    const raw = onlySession(await importOne(fixture('ttyrec', 'session.ttyrec')));
    const summary: AsciicastExportSummary = { session: null, events: 0, replacedBytes: 0, otherSessions: [] };
    const cast = await collect(writeAsciicastV2(raw.events, {}, summary));
    const lines = cast.trim().split('\n');
    const header = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(header).toMatchObject({ version: 2, width: 80, height: 24, trailview: { session: raw.start.session, lossy: expect.stringMatching(/U\+FFFD/) } });
    const text = lines
      .slice(1)
      .map((l) => JSON.parse(l) as [number, string, string])
      .filter((e) => e[1] === 'o')
      .map((e) => e[2])
      .join('');
    expect(Buffer.from(text, 'utf8').equals(readFixture('asciicast', 'asciinema-cat.out'))).toBe(true);
    expect(summary.replacedBytes).toBe(2); // \xff and \xfe
  });

  it('keeps times to the µs: re-importing the export gives the same wall-clock times', async () => {
    const s = onlySession(await importOne(fixture('script', 'adv.timing'), fixture('script', 'adv.io')));
    const dir = tempDir();
    const file = path.join(dir, 'out.cast');
    const { code, stderr } = await run('export', '--format', 'asciicast', '--out', file, fixture('script', 'adv.timing'), fixture('script', 'adv.io'));
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/exported session .* 2 invalid UTF-8 sequences replaced by U\+FFFD/);
    const back = onlySession(await importOne(file));
    const times = (events: readonly TrailEvent[]): string[] => events.filter((e) => e.type === 'out' || e.type === 'in' || e.type === 'resize').map((e) => e.ts);
    expect(times(back.events)).toEqual(times(s.events));
    expect(back.in.equals(s.in)).toBe(true);
    expect(back.events.filter((e) => e.type === 'resize')).toMatchObject([{ cols: 90, rows: 28 }]);
    expect(back.start).toMatchObject({ cols: 100, rows: 30, term: 'xterm-256color' });
  });

  it('exports the chosen session of a multi-session recording and names the others', async () => {
    const f = facts();
    const { code, stdout, stderr } = await run('export', '--format', 'asciicast', '--session', `sudo-${f.host}-000004`, fixture('sudo', 'iolog'));
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ version: 2, width: 80, height: 24, command: "/usr/bin/sh -c 'echo to-stdout; echo to-stderr >&2'" });
    expect(lines.slice(1).map((l) => (JSON.parse(l) as unknown[])[2])).toEqual(['to-stdout\n', 'to-stderr\n']);
    expect(stderr).toContain(`also in the input, not exported: sudo-${f.host}-000001, sudo-${f.host}-000002, sudo-${f.host}-000003, sudo-${f.host}-000005`);

    const missing = await run('export', '--format', 'asciicast', '--session', 'nope', '--out', path.join(tempDir(), 'x.cast'), fixture('sudo', 'iolog'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no session "nope"/);
    const wrong = await run('export', '--format', 'mp4', fixture('ttyrec', 'session.ttyrec'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/unknown --format "mp4"/);
  });

  it('does not leave an empty file behind when there is nothing to export', async () => {
    const out = path.join(tempDir(), 'none.cast');
    const result = await run('export', '--format', 'asciicast', '--session', 'absent', '--out', out, fixture('ttyrec', 'session.ttyrec'));
    expect(result.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('an incomplete UTF-8 sequence is completed by the next write, or replaced at the end', async () => {
    const t0 = 1_700_000_000_000_000;
    const ev = (us: number, extra: Record<string, unknown>): TrailEvent => ({ ts: new Date(Math.floor((t0 + us) / 1000)).toISOString().replace('Z', '000Z'), session: 's', ...extra }) as TrailEvent;
    const events = [
      ev(0, { type: 'session.start', user: null, host: null, tty: null, term: null, cols: null, rows: null, recorder: { name: 't', format: 't' } }),
      ev(1000, { type: 'out', b64: Buffer.from([0x61, 0xe2, 0x9c]).toString('base64') }),
      ev(2000, { type: 'out', b64: Buffer.from([0x93, 0xe2]).toString('base64') }),
      ev(3000, { type: 'session.end', exitStatus: null }),
    ];
    const summary: AsciicastExportSummary = { session: null, events: 0, replacedBytes: 0, otherSessions: [] };
    const lines = (await collect(writeAsciicastV2(events, {}, summary))).trim().split('\n');
    expect(lines.slice(1)).toEqual(['[0.001, "o", "a"]', '[0.002, "o", "✓"]', '[0.003, "o", "\ufffd"]']);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ width: 80, height: 24, timestamp: t0 / 1e6, trailview: { note: expect.stringMatching(/no terminal size/) } });
    expect(summary.replacedBytes).toBe(1);
    expect(micros(events[1]?.ts ?? '')).toBe(t0 + 1000);
  });

  it('formats seconds the way asciinema writes them', () => {
    expect(formatSeconds(30_299_560)).toBe('30.29956');
    expect(formatSeconds(1_000_000)).toBe('1.0');
    expect(formatSeconds(6_501)).toBe('0.006501');
  });
});
