import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EventOf, TrailEvent } from '../../../electron/core/records.js';
import { eventProblems } from '../../../electron/core/record-schema.js';
import { formatTimestamp } from '../../../electron/core/timestamp.js';
import { extractCommands } from '../../../electron/services/importers/commands/extract.js';
import { openTmuxHookLog } from '../../../electron/services/importers/tmux/reader.js';
import { castEvents, collect, fixture, fromArray } from './tmux-history-helpers.js';

const CAST = fixture('keystrokes', 'session.cast');
const expected = readFileSync(fixture('keystrokes', 'expected.txt'), 'utf8').split('\n').filter((l) => l !== '');
const password = readFileSync(fixture('keystrokes', 'password.txt'), 'utf8').trim();

const commandsOf = (events: TrailEvent[]) => events.filter((e): e is EventOf<'cmd'> => e.type === 'cmd');

describe('command extraction from keystrokes (asciinema --stdin, real bash)', () => {
  it('yields exactly the typed commands as the screen showed them: typo, tab, Up, editing, wrapping', async () => {
    const input = castEvents(CAST);
    const output = await collect(extractCommands(fromArray(input)));
    // Every event passes through unchanged and in order; only cmd events are added.
    expect(output.filter((e) => e.type !== 'cmd')).toEqual(input);
    for (const event of output) expect(eventProblems(event)).toEqual([]);
    for (let i = 1; i < output.length; i++) expect(output[i]!.ts >= output[i - 1]!.ts).toBe(true);
    const cmds = commandsOf(output);
    expect(cmds.map((c) => c.text)).toEqual(expected);
    expect(cmds.map((c) => c.text)).toContain('whoami'); // typed "whoamk", Backspace, "i"
    expect(cmds.every((c) => c.source === 'keystrokes' && c.confidence >= 0.85)).toBe(true);
    // ts = the Enter keystroke; cwd from the prompt.
    const enterTimes = new Set(input.filter((e) => e.type === 'in' && e.text === '\r').map((e) => e.ts));
    expect(cmds.every((c) => enterTimes.has(c.ts))).toBe(true);
    expect(cmds[0]).toMatchObject({ text: 'whoami', cwd: '~' });
    expect(cmds.find((c) => c.text.startsWith('less'))).toMatchObject({ cwd: '~/work' });
  });

  it('never emits the sudo password, nor anything typed inside less or vim', async () => {
    const cmds = commandsOf(await collect(extractCommands(fromArray(castEvents(CAST)))));
    expect(castEvents(CAST).some((e) => e.type === 'in' && (e.text ?? '').includes(password.slice(0, 1)))).toBe(true);
    const typedIn = castEvents(CAST).filter((e) => e.type === 'in').map((e) => e.text ?? '').join('');
    expect(typedIn).toContain(password); // the recording holds it: extraction must not copy it
    for (const cmd of cmds) {
      expect(cmd.text).not.toContain(password);
      expect(cmd.text).not.toMatch(/typed in vim|:wq|line 4|^q$|^\/|never-run/);
    }
  });

  it('without input, finds the commands in the output alone, with lower confidence', async () => {
    const input = castEvents(CAST, { input: false });
    const cmds = commandsOf(await collect(extractCommands(fromArray(input))));
    expect(cmds.map((c) => c.text)).toEqual(expected);
    expect(cmds.every((c) => c.source === 'output' && c.confidence === 0.5)).toBe(true);
  });

  it('finds the commands of a tmux pane log (output only, no timing)', async () => {
    const recording = await openTmuxHookLog(fixture('tmux', 'hooks.log'));
    const cmds = commandsOf(await collect(extractCommands(recording.events())));
    expect(cmds.map((c) => c.text)).toEqual([
      'whoami; tty',
      'cd ~/work',
      "echo 'héllo ✓ from client 1' > shared.txt",
      "tmux list-clients -F '#{client_name} #{client_user} ro=#{client_readonly}'",
      "tmux split-window -v 'echo second pane; sleep 1'",
      'ls --color=always /usr/share | head -n 3',
      'exit',
    ]);
    expect(cmds[2]).toMatchObject({ cwd: '~/work', source: 'output' });
  });

  it('does not duplicate a command the recording states (history, sudo, recorder) at the same moment', async () => {
    const input = castEvents(CAST);
    const enter = input.find((e) => e.type === 'in' && e.text === '\r') as TrailEvent;
    const second = formatTimestamp(Math.floor(Date.parse(enter.ts) / 1000) * 1_000_000);
    // A history entry (whole seconds, before the Enter) and a recorder's statement just after it.
    const history: EventOf<'cmd'> = { ts: second, type: 'cmd', session: 'cast', text: 'whoami', source: 'history', confidence: 1 };
    const at = input.indexOf(enter);
    const later = input.findIndex((e, i) => i > at && e.type === 'in' && e.text === '\r');
    const stated: EventOf<'cmd'> = { ts: input[later]!.ts, type: 'cmd', session: 'cast', text: 'cd ~/work/', source: 'recorder', confidence: 1 };
    const merged = [...input];
    merged.splice(later + 2, 0, stated);
    merged.splice(1, 0, history);
    const cmds = commandsOf(await collect(extractCommands(fromArray(merged))));
    expect(cmds.filter((c) => c.text === 'whoami').map((c) => c.source)).toEqual(['history']);
    expect(cmds.filter((c) => c.text === 'cd ~/work/').map((c) => c.source)).toEqual(['recorder']);
    expect(cmds.filter((c) => c.source === 'keystrokes')).toHaveLength(expected.length - 2);
  });
});

describe('command extraction edge cases (synthetic)', () => {
  const t0 = Date.parse('2026-01-01T00:00:00Z') * 1000;
  let step = 0;
  const at = () => formatTimestamp(t0 + 1000 * step++);
  const session = (): TrailEvent => ({ ts: at(), type: 'session.start', session: 's', user: null, host: null, tty: null, term: null, cols: 40, rows: 10, recorder: { name: 'test', format: 'test' } });
  const out = (text: string): TrailEvent => ({ ts: at(), type: 'out', session: 's', text });
  const typed = (text: string): TrailEvent => ({ ts: at(), type: 'in', session: 's', text });
  const typeWithEcho = (text: string): TrailEvent[] => [...text].flatMap((c) => [typed(c), out(c)]);

  it('skips input at a no-echo prompt, at a Password: prompt and in the alternate screen', async () => {
    step = 0;
    const events = [
      session(),
      out('$ '), ...typeWithEcho('ssh host'), typed('\r'), out('\r\nPassword: '),
      ...[...'hunter22'].map((c) => typed(c)), typed('\r'), out('\r\n$ '),
      ...[...'silent'].map((c) => typed(c)), typed('\r'), out('\r\n$ '),
      ...typeWithEcho('top'), typed('\r'), out('\r\n\x1b[?1049h\x1b[Htop screen'), typed('q'), typed('\r'), out('\r\n'), out('\x1b[?1049l$ '),
      ...typeWithEcho('echo done'), typed('\r'), out('\r\ndone\r\n$ '),
      { ts: at(), type: 'session.end', session: 's', exitStatus: 0 } as TrailEvent,
    ];
    const cmds = commandsOf(await collect(extractCommands(fromArray(events))));
    expect(cmds.map((c) => [c.text, c.confidence])).toEqual([['ssh host', 0.75], ['top', 0.75], ['echo done', 0.75]]);
  });

  it('reads a pasted line whose echo arrives with the newline, and handles a resize', async () => {
    step = 0;
    const events: TrailEvent[] = [
      session(),
      out('\x1b[01;32mbob@srv\x1b[00m:\x1b[01;34m/etc\x1b[00m# '),
      typed('ls -l /etc/passwd\r'),
      out('ls -l /etc/passwd\r\n-rw-r--r-- 1 root root 1 passwd\r\n'),
      { ts: at(), type: 'resize', session: 's', cols: 20, rows: 5 },
      out('\x1b[01;32mbob@srv\x1b[00m:\x1b[01;34m/etc\x1b[00m# '),
      ...typeWithEcho('echo a-long-line-that-wraps'), typed('\r'), out('\r\na-long-line-that-wraps\r\n'),
    ];
    const cmds = commandsOf(await collect(extractCommands(fromArray(events))));
    expect(cmds.map((c) => [c.text, c.cwd])).toEqual([['ls -l /etc/passwd', '/etc'], ['echo a-long-line-that-wraps', '/etc']]);
  });
});

describe('command extraction over long sessions', () => {
  it('pairs every Enter with its own line when the terminal parser lags behind the events (regression)', async () => {
    // Fed from memory, the events run far ahead of xterm's asynchronous parser; Enters older than
    // the 5 s newline wait must not be mistaken for unanswered ones.
    const prompt = '\x1b[?2004h\x1b]0;eve@box: ~\x07\x1b[01;32meve@box\x1b[00m:\x1b[01;34m~\x1b[00m$ ';
    const events: TrailEvent[] = [{ ts: formatTimestamp(0), type: 'session.start', session: 'l', user: null, host: null, tty: null, term: null, cols: 80, rows: 24, recorder: { name: 't', format: 't' } }];
    const typedLines = Array.from({ length: 40 }, (_, i) => `echo command-${i}`);
    let us = 1_000_000;
    for (const line of typedLines) {
      events.push({ ts: formatTimestamp(us), type: 'out', session: 'l', text: prompt });
      for (const c of line) {
        us += 150_000;
        events.push({ ts: formatTimestamp(us), type: 'in', session: 'l', text: c }, { ts: formatTimestamp(us + 200), type: 'out', session: 'l', text: c });
      }
      us += 300_000;
      events.push({ ts: formatTimestamp(us), type: 'in', session: 'l', text: '\r' });
      events.push({ ts: formatTimestamp(us + 500), type: 'out', session: 'l', text: `\r\n\x1b[?2004l\r${line.slice(5)}\r\n` });
      us += 1_000_000;
    }
    const output = await collect(extractCommands(fromArray(events)));
    expect(output.filter((e) => e.type !== 'cmd')).toEqual(events);
    expect(commandsOf(output).map((c) => [c.text, c.confidence])).toEqual(typedLines.map((l) => [l, 0.9]));
  });
});

describe('command extraction throughput', () => {
  it('keeps up with large output (MB/s of output fed, both modes)', async () => {
    const prompt = '\x1b[?2004h\x1b]0;u@h: ~\x07\x1b[01;32mu@h\x1b[00m:\x1b[01;34m~\x1b[00m$ ';
    const listing = Array.from({ length: 400 }, (_, i) => `\x1b[01;34mdir${i}\x1b[0m  file-${i}.txt  $HOME/x  50% done  #${i}\r\n`).join('');
    const build = (withInput: boolean): TrailEvent[] => {
      const events: TrailEvent[] = [{ ts: formatTimestamp(0), type: 'session.start', session: 'b', user: null, host: null, tty: null, term: null, cols: 120, rows: 40, recorder: { name: 'bench', format: 'bench' } }];
      let us = 1;
      for (let i = 0; i < 600; i++) {
        events.push({ ts: formatTimestamp(us++), type: 'out', session: 'b', text: prompt });
        for (const c of `ls -la dir${i}`) {
          if (withInput) events.push({ ts: formatTimestamp(us++), type: 'in', session: 'b', text: c });
          events.push({ ts: formatTimestamp(us++), type: 'out', session: 'b', text: c });
        }
        if (withInput) events.push({ ts: formatTimestamp(us++), type: 'in', session: 'b', text: '\r' });
        events.push({ ts: formatTimestamp(us++), type: 'out', session: 'b', text: '\r\n\x1b[?2004l\r' + listing });
      }
      return events;
    };
    for (const withInput of [true, false]) {
      const events = build(withInput);
      const bytes = events.reduce((n, e) => n + (e.type === 'out' ? Buffer.byteLength(e.text ?? '') : 0), 0);
      const started = performance.now();
      const cmds = commandsOf(await collect(extractCommands(fromArray(events))));
      const seconds = (performance.now() - started) / 1000;
      const mbps = bytes / 1e6 / seconds;
      console.log(`extractCommands ${withInput ? 'keystrokes' : 'output-only'}: ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s = ${mbps.toFixed(1)} MB/s`);
      expect(cmds).toHaveLength(600);
      expect(cmds[599]?.text).toBe('ls -la dir599');
      expect(mbps).toBeGreaterThan(5);
    }
  });
});

