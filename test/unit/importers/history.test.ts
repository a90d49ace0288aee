import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { EventOf, TrailEvent } from '../../../electron/core/records.js';
import { eventProblems } from '../../../electron/core/record-schema.js';
import { historyReader, openHistory, sniffHistory, type HistoryFormat } from '../../../electron/services/importers/history/reader.js';
import { unmetafy } from '../../../electron/services/importers/history/parse.js';
import { detectFormat, FORMAT_READERS } from '../../../electron/services/importers/detect.js';
import { collect, fixture } from './tmux-history-helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'tv-history-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(scratch, name);
  writeFileSync(file, content);
  return file;
}

async function importHistory(file: string, format: HistoryFormat) {
  const recording = openHistory({ path: file, head: readFileSync(file).subarray(0, 65536) }, format);
  const events = await collect(recording.events());
  return { events, problems: recording.problems, commands: events.filter((e): e is EventOf<'cmd'> => e.type === 'cmd') };
}

function expectWellFormed(events: TrailEvent[]): void {
  for (const event of events) expect(eventProblems(event)).toEqual([]);
  for (let i = 1; i < events.length; i++) expect((events[i] as TrailEvent).ts >= (events[i - 1] as TrailEvent).ts).toBe(true);
}

describe('bash history (HISTTIMEFORMAT)', () => {
  it('imports two interleaved shells sharing one file, sorted by time, at second precision', async () => {
    const file = fixture('history', 'bash_history');
    const { events, problems, commands } = await importHistory(file, 'bash-history');
    expectWellFormed(events);
    expect(events[0]?.type).toBe('session.start');
    const start = events[0] as EventOf<'session.start'>;
    expect(start.recorder).toEqual({ name: 'bash', format: 'bash-history' });
    expect(start.missing).toEqual(expect.arrayContaining(['user', 'host', 'tty', 'output', 'exitStatus']));
    // Every entry of the file, in time order (shell B's block was appended after shell A's).
    const raw = readFileSync(file, 'utf8').split('\n');
    const entries = raw.flatMap((line, i) => (/^#\d+$/.test(line) ? [{ at: Number(line.slice(1)), text: raw[i + 1] as string }] : []));
    const expected = entries.map((e, i) => ({ ...e, i })).sort((a, b) => a.at - b.at || a.i - b.i);
    expect(commands.map((c) => c.text)).toEqual(expected.map((e) => e.text));
    expect(commands.map((c) => c.ts)).toEqual(expected.map((e) => new Date(e.at * 1000).toISOString().replace('.000Z', '.000000Z')));
    expect(commands.every((c) => c.source === 'history' && c.confidence === 1)).toBe(true);
    expect(commands.map((c) => c.text)).toContain("echo 'héllo ✓' > hist.txt");
    expect(commands.map((c) => c.text)).toContain('for i in 1 2; do echo $i; done');
    expect(commands.map((c) => c.text)).toEqual(expect.arrayContaining(['echo shell-B started', 'echo shell-B ends last']));
    // Shell B's block is out of order in the file: said once, as a warning.
    expect(problems).toEqual([expect.objectContaining({ file, severity: 'warning', message: expect.stringContaining('not in time order') })]);
  });

  it('reports a broken #epoch line by file and line and leaves only that entry out', async () => {
    const file = write('broken_epoch', '#1795242294\nwhoami\n#17952x2295\ncd /tmp\n#1795242297\nls\n');
    const { commands, problems } = await importHistory(file, 'bash-history');
    expect(commands.map((c) => c.text)).toEqual(['whoami', 'ls']);
    expect(problems).toEqual([expect.objectContaining({ file, line: 3, severity: 'skipped', message: expect.stringContaining('#17952x2295') })]);
  });

  it('keeps multi-line (lithist) entries whole and reports command lines without a timestamp', async () => {
    const file = write('lithist', 'echo untimed\nls\n#1795242294\nfor i in 1 2\ndo echo $i\ndone\n#1795242299\n#1795242300\npwd\n');
    const { commands, problems } = await importHistory(file, 'bash-history');
    expect(commands.map((c) => c.text)).toEqual(['for i in 1 2\ndo echo $i\ndone', 'pwd']);
    expect(problems).toEqual([
      expect.objectContaining({ file, line: 1, severity: 'skipped', message: expect.stringContaining('lines 1–2') }),
      expect.objectContaining({ file, line: 7, severity: 'skipped', message: expect.stringContaining('not followed by a command') }),
    ]);
  });

  it('says so for an empty file and for a file of garbage', async () => {
    const empty = write('empty_history', '');
    const a = await importHistory(empty, 'bash-history');
    expect(a.events).toEqual([]);
    expect(a.problems).toEqual([expect.objectContaining({ file: empty, message: expect.stringContaining('empty') })]);
    const garbage = write('garbage_history', Buffer.from([0xff, 0x00, 0x0a, 0x41, 0x0a, 0x83]));
    const b = await importHistory(garbage, 'zsh-history');
    expect(b.events).toEqual([]);
    expect(b.problems.some((p) => p.line === 1 && p.file === garbage && p.severity === 'skipped')).toBe(true);
    expect(b.problems.some((p) => p.message.includes('no history entry'))).toBe(true);
  });
});

describe('zsh extended history', () => {
  it('decodes continuation lines and metafied bytes exactly as zsh itself reads the file', async () => {
    const file = fixture('history', 'zsh_history');
    const { events, problems, commands } = await importHistory(file, 'zsh-history');
    expectWellFormed(events);
    expect(problems).toEqual([]);
    // zsh_history.decoded: zsh's own reading of the file (fc -R; $history), NUL-separated.
    const zshSays = readFileSync(fixture('history', 'zsh_history.decoded'), 'utf8').split('\0').filter((s) => s !== '');
    expect(commands.slice(0, zshSays.length).map((c) => c.text)).toEqual(zshSays);
    const texts = commands.map((c) => c.text);
    expect(texts).toContain("echo 'héllo ✓ Grüße ★'");
    expect(texts).toContain('for i in 1 2; do\necho $i\ndone');
    expect(texts).toContain('echo one \\\ntwo'); // a typed trailing backslash, then a newline
    expect(readFileSync(file).includes(Buffer.from([0x83]))).toBe(true); // the file really is metafied
    const start = events[0] as EventOf<'session.start'>;
    expect(start.recorder).toEqual({ name: 'zsh', format: 'zsh-history' });
  });

  it('unmetafies 0x83 pairs and reports lines that are not extended entries', async () => {
    expect([...unmetafy(Buffer.from([0x61, 0xe2, 0x83, 0xbc, 0x83, 0xb3])).bytes]).toEqual([0x61, 0xe2, 0x9c, 0x93]);
    const file = write('zsh_mixed', ': 1795242306:0;whoami\nplain line without time\n: 1795242307:3;sleep 3\n');
    const { commands, problems } = await importHistory(file, 'zsh-history');
    expect(commands.map((c) => [c.text, c.ts])).toEqual([
      ['whoami', '2026-11-21T06:25:06.000000Z'],
      ['sleep 3', '2026-11-21T06:25:07.000000Z'],
    ]);
    expect(problems).toEqual([expect.objectContaining({ file, line: 2, severity: 'skipped' })]);
  });
});

describe('detection', () => {
  it('recognises both formats by content and registers the reader', () => {
    const bash = readFileSync(fixture('history', 'bash_history'));
    const zsh = readFileSync(fixture('history', 'zsh_history'));
    expect(sniffHistory(bash)?.format).toBe('bash-history');
    expect(sniffHistory(zsh)?.format).toBe('zsh-history');
    expect(sniffHistory(Buffer.from('#!/bin/sh\necho hi\n'))).toBeNull();
    expect(FORMAT_READERS).toContain(historyReader);
    const input = (head: Buffer) => ({ path: '/x', root: '/x', head, size: head.length, mtimeMs: 0 });
    expect(detectFormat(input(bash))?.reader).toBe(historyReader);
    expect(detectFormat(input(zsh))?.reader).toBe(historyReader);
  });
});
