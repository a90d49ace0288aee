// Screen text for search: real recordings (opened by the importers, commands extracted as the
// import pipeline does) and the demo incident through ScreenSampler, checking what an auditor
// searches for: output at the right time, full-screen programs, lines that scrolled away, never a
// typed password, no repeated text; and resize, interleaving, bounded memory, and that the fast
// line emulator gives exactly the samples the terminal alone gives.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EventOf, TrailEvent } from '../../electron/core/records.js';
import { formatTimestamp, parseTimestamp } from '../../electron/core/timestamp.js';
import { ScreenSampler, MAX_OPEN_SESSIONS, MAX_TERMINALS, type ScreenSample, type ScreenSamplerOptions } from '../../electron/services/case/screen/screen-sampler.js';
import { HIDDEN_INPUTS } from '../../electron/services/demo/cast.js';
import { generateDemoEvents } from '../../electron/services/demo/generate-demo.js';
import { extractCommands } from '../../electron/services/importers/commands/extract.js';
import { openRecordings } from '../../electron/services/importers/open-recordings.js';

const RECORDINGS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/recordings');
const fixture = (...parts: string[]): string => path.join(RECORDINGS, ...parts);

interface Run {
  samples: ScreenSample[];
  events: TrailEvent[];
  sampler: ScreenSampler;
}

async function sampleAll(events: Iterable<TrailEvent> | AsyncIterable<TrailEvent>, options: ScreenSamplerOptions = {}): Promise<Run> {
  const sampler = new ScreenSampler(options);
  const samples: ScreenSample[] = [];
  const seen: TrailEvent[] = [];
  for await (const event of events) {
    seen.push(event);
    samples.push(...(await sampler.push(event)));
  }
  samples.push(...(await sampler.end()));
  return { samples, events: seen, sampler };
}

/** A recording as the import pipeline reads it: importer, then command extraction. */
async function* recordingEvents(...paths: string[]): AsyncGenerator<TrailEvent> {
  const { recordings } = await openRecordings(paths);
  if (recordings.length === 0) throw new Error(`no recording in ${paths.join(', ')}`);
  for (const recording of recordings) yield* extractCommands(recording.events());
}

const commands = (events: readonly TrailEvent[], session?: string): EventOf<'cmd'>[] =>
  events.filter((e): e is EventOf<'cmd'> => e.type === 'cmd' && (session === undefined || e.session === session));

const of = (samples: readonly ScreenSample[], session: string): ScreenSample[] => samples.filter((s) => s.session === session);

/** Samples per session in order, as comparable strings. */
function bySession(samples: readonly ScreenSample[]): string[] {
  const ids = [...new Set(samples.map((s) => s.session))].sort();
  return ids.flatMap((id) => of(samples, id).map((s) => `${id} ${s.tsUs} ${s.reason}\n${s.text}`));
}

/** The first sample of `session` whose text contains `needle`. */
function firstWith(samples: readonly ScreenSample[], session: string, needle: string): ScreenSample | undefined {
  return samples.find((s) => s.session === session && s.text.includes(needle));
}

const T0 = parseTimestamp('2024-11-21T02:00:00.000000Z');
const at = (seconds: number): string => formatTimestamp(T0 + Math.round(seconds * 1e6));
const start = (session: string, seconds: number, cols: number | null = 80, rows: number | null = 24): TrailEvent => ({
  ts: at(seconds), type: 'session.start', session, user: 'u', host: 'h', tty: null, term: 'xterm', cols, rows, recorder: { name: 'test', format: 'test' },
});
const out = (session: string, seconds: number, text: string): TrailEvent => ({ ts: at(seconds), type: 'out', session, text });
const input = (session: string, seconds: number, text: string): TrailEvent => ({ ts: at(seconds), type: 'in', session, text });
const cmd = (session: string, seconds: number, text: string): TrailEvent => ({ ts: at(seconds), type: 'cmd', session, text, source: 'recorder', confidence: 1 });
const end = (session: string, seconds: number): TrailEvent => ({ ts: at(seconds), type: 'session.end', session, exitStatus: 0 });
const resize = (session: string, seconds: number, cols: number, rows: number): TrailEvent => ({ ts: at(seconds), type: 'resize', session, cols, rows });

describe('ScreenSampler on recorded sessions', () => {
  it('samples `cat` output at the next command, with the lines that scrolled off the 30-row screen', async () => {
    // Every command sampled (the fixture's commands are typed less than the default gap apart).
    const { samples, events } = await sampleAll(recordingEvents(fixture('keystrokes', 'session.cast')), { minCommandGapSeconds: 0 });
    const cmds = commands(events);
    const cats = cmds.filter((c) => c.text.startsWith('cat '));
    expect(cats).toHaveLength(2);
    const firstCat = cats[0] as EventOf<'cmd'>;
    const afterCat = cmds[cmds.indexOf(firstCat) + 1] as EventOf<'cmd'>;
    const sample = samples.find((s) => s.reason === 'command' && s.tsUs === parseTimestamp(afterCat.ts));
    expect(sample).toBeDefined();
    const lines = (sample as ScreenSample).text.split('\n');
    // All 60 lines of the file, though 31 of them scrolled off before the next command was typed.
    const fileLines = Array.from({ length: 60 }, (_, i) => `line ${i + 1} of the file`);
    expect(lines.filter((l) => l.startsWith('line '))).toEqual(fileLines);
    expect(lines.at(-1)).toBe(`tvalice@vm:~/work$ ${afterCat.text}`);
    // Nothing of it before the command ran.
    const before = samples.filter((s) => s.tsUs <= parseTimestamp(firstCat.ts));
    expect(before.some((s) => s.text.includes('line 1 of the file'))).toBe(false);
    expect(before.some((s) => s.text.includes(`$ ${firstCat.text}`))).toBe(true);
    // Text only: no escape sequences, no control characters.
    for (const s of samples) expect([...s.text].filter((ch) => ch !== '\n' && (ch.charCodeAt(0) < 0x20 || ch === '\x7f'))).toEqual([]);
  });

  it('merges command samples closer than the gap, without losing a line', async () => {
    const every = await sampleAll(recordingEvents(fixture('keystrokes', 'session.cast')), { minCommandGapSeconds: 0 });
    const merged = await sampleAll(recordingEvents(fixture('keystrokes', 'session.cast')), { minCommandGapSeconds: 60 });
    const count = (r: Run): number => r.samples.filter((x) => x.reason === 'command').length;
    expect(count(merged)).toBeLessThan(count(every));
    const lines = (r: Run): Set<string> => new Set(r.samples.flatMap((x) => x.text.split('\n')));
    const kept = lines(merged);
    for (const line of lines(every)) if (line.startsWith('line ')) expect(kept.has(line), line).toBe(true);
    expect([...lines(every)].filter((l) => l.startsWith('line ')).length).toBe(60);
  });

  it('samples what less and vim showed on the alternate screen', async () => {
    const { samples, events } = await sampleAll(recordingEvents(fixture('keystrokes', 'session.cast')));
    const cmds = commands(events);
    const less = cmds.find((c) => c.text.startsWith('less ')) as EventOf<'cmd'>;
    const vim = cmds.find((c) => c.text.startsWith('vim ')) as EventOf<'cmd'>;
    const next = cmds[cmds.indexOf(vim) + 1] as EventOf<'cmd'>;
    const inLess = samples.filter((s) => s.tsUs > parseTimestamp(less.ts) && s.tsUs < parseTimestamp(vim.ts)).map((s) => s.text).join('\n');
    // less's status line (reverse video) exists only on the alternate screen.
    expect(inLess).toContain('longfilename-for-completion.txt');
    const inVim = samples.filter((s) => s.tsUs > parseTimestamp(vim.ts) && s.tsUs <= parseTimestamp(next.ts)).map((s) => s.text).join('\n');
    expect(inVim).toContain('typed');
    expect(inVim).toMatch(/"notes\.txt" \[New( File)?\].*written/);
  });

  it('never samples a password typed at a hidden prompt', async () => {
    const password = readFileSync(fixture('keystrokes', 'password.txt'), 'utf8').trim();
    const { samples, events } = await sampleAll(recordingEvents(fixture('keystrokes', 'session.cast')));
    // It is in the recording, as keystrokes...
    const typed = events.filter((e): e is EventOf<'in'> => e.type === 'in').map((e) => e.text ?? '').join('');
    expect(typed).toContain(password);
    // ...and the prompt that asked for it is in the screen text, the password is not.
    expect(samples.some((s) => s.text.includes('[sudo] password for tvalice:'))).toBe(true);
    expect(samples.some((s) => s.text.includes(password))).toBe(false);

    const facts = JSON.parse(readFileSync(fixture('rec-facts.json'), 'utf8')) as { sudoPassword: string };
    const cast = await sampleAll(recordingEvents(fixture('asciicast', 'session.cast')));
    expect(cast.samples.some((s) => s.text.includes('[sudo] password for tvrec:'))).toBe(true);
    expect(cast.samples.some((s) => s.text.includes(facts.sudoPassword))).toBe(false);
  });

  it('decodes UTF-8 split across records, wide characters and emoji', async () => {
    const { samples } = await sampleAll(recordingEvents(fixture('asciicast', 'session.cast')));
    const text = samples.map((s) => s.text).join('\n');
    expect(text).toContain('\nhéllo wörld 日本語 🎉\n');
    expect(text).toContain('\nsplit:✓ raw:');
  });

  it('handles a resize: text before and after it, nothing sampled twice', async () => {
    for (const fastPath of [true, false]) {
      const { samples, events } = await sampleAll(recordingEvents(fixture('tlog', 'session.tlog.jsonl')), { fastPath });
      expect(events.some((e) => e.type === 'resize')).toBe(true);
      const lines = samples.flatMap((s) => s.text.split('\n'));
      expect(lines).toContain('resized');
      expect(lines.filter((l) => l.endsWith('$ echo resized'))).toHaveLength(1);
      expect(lines.filter((l) => l === 'completed by Tab')).toHaveLength(1);
    }
  });

  it('keeps interleaved sessions apart', async () => {
    const { samples, events } = await sampleAll(recordingEvents(fixture('tlog', 'interleaved.tlog.jsonl')));
    const sessions = [...new Set(events.map((e) => e.session))];
    expect(sessions).toHaveLength(2);
    for (const id of sessions) {
      const mine = commands(events, id).filter((c) => c.text.startsWith('echo ')).map((c) => c.text.slice(5));
      const others = commands(events).filter((c) => c.session !== id && c.text.startsWith('echo ')).map((c) => c.text.slice(5));
      const lines = of(samples, id).flatMap((s) => s.text.split('\n'));
      for (const word of mine) expect(lines).toContain(word);
      for (const word of others) expect(lines.some((l) => l.includes(word))).toBe(false);
    }
  });

  it('gives the same samples with and without the fast line emulator, for every fixture recording', async () => {
    const { recordings } = await openRecordings([RECORDINGS]);
    expect(recordings.length).toBeGreaterThan(10);
    for (const recording of recordings) {
      const runs: string[][] = [];
      for (const fastPath of [true, false]) {
        const { samples } = await sampleAll(extractCommands(recording.events()), { fastPath });
        runs.push(bySession(samples));
      }
      expect(runs[0], recording.files[0]).toEqual(runs[1]);
    }
  });
});

describe('ScreenSampler on the demo incident', () => {
  const demo = (options: ScreenSamplerOptions = {}): Promise<Run> => sampleAll(generateDemoEvents({ seed: 1 }), options);

  it('never samples any of the passwords typed in the demo', async () => {
    const { samples, events } = await demo();
    const typed = events.filter((e): e is EventOf<'in'> => e.type === 'in').map((e) => e.text ?? '').join('');
    // Typed in this incident (bob never uses sudo in it)...
    expect(HIDDEN_INPUTS.filter((secret) => typed.includes(secret)).length).toBeGreaterThanOrEqual(5);
    // ...and never on screen.
    for (const secret of HIDDEN_INPUTS) expect(samples.filter((s) => s.text.includes(secret))).toEqual([]);
    expect(samples.some((s) => s.text.includes('[sudo] password for mallory:'))).toBe(true);
  });

  it('samples `ls` output with its command, at the next command', async () => {
    const { samples, events } = await demo();
    const session = 'web-1-tmux-ops';
    const cmds = commands(events, session);
    const ls = cmds.find((c) => c.text.startsWith('ls -la')) as EventOf<'cmd'>;
    const next = cmds[cmds.indexOf(ls) + 1] as EventOf<'cmd'>;
    const atLs = of(samples, session).find((x) => x.reason === 'command' && x.tsUs === parseTimestamp(ls.ts));
    expect(atLs?.text.split('\n').at(-1)).toBe(`carol@web-1:~$ ${ls.text}`);
    const sample = of(samples, session).find((x) => x.reason === 'command' && x.tsUs === parseTimestamp(next.ts));
    expect(sample?.text).toMatch(/^-rw-r----- +1 www-data adm +31774226 Nov 19 23:59 access\.log\.2\.gz$/m);
    expect(sample?.text).toContain(`$ ${next.text}`);
    // Shown only once, then: no sample before the command, and none after repeats it.
    const shown = of(samples, session).filter((x) => x.text.includes('access.log.2.gz'));
    expect(shown).toEqual([sample]);
  });

  it('samples top and vim on the alternate screen, without repeating unchanged rows', async () => {
    // top runs for about 15 s: with 2 s intervals it is sampled several times.
    const { samples, events } = await demo({ intervalSeconds: 2 });
    const ops = 'web-1-tmux-ops';
    const cmds = commands(events, ops);
    const top = cmds.find((c) => c.text === 'top') as EventOf<'cmd'>;
    const afterTop = cmds[cmds.indexOf(top) + 1] as EventOf<'cmd'>;
    const during = of(samples, ops).filter((s) => s.tsUs > parseTimestamp(top.ts) && s.tsUs < parseTimestamp(afterTop.ts));
    const frames = during.filter((s) => /^top - \d\d:\d\d:\d\d up 41 days/m.test(s.text));
    expect(frames.length).toBeGreaterThan(3);
    // The column header never changes: it is sampled once, not with every frame.
    expect(during.filter((s) => /PID USER +PR +NI/.test(s.text))).toHaveLength(1);

    const bob = 'bastion-pts-4-bob-1';
    const vim = commands(events, bob).find((c) => c.text.startsWith('vim ')) as EventOf<'cmd'>;
    const edited = firstWith(samples, bob, '  const width = displayWidth(text);');
    expect(edited?.tsUs).toBeGreaterThan(parseTimestamp(vim.ts));
    expect(firstWith(samples, bob, '"src/format/width.ts" 18L, 674B written')).toBeDefined();
  });

  it('keeps the six interleaved sessions apart', async () => {
    const { samples } = await demo();
    const prompts: Record<string, RegExp> = {
      'web-1-tmux-ops': /^carol@web-1:/m,
      'bastion-pts-4-bob-1': /^bob@bastion:/m,
      'web-1-pts-2-alice-1': /^alice@web-1:/m,
      'web-1-pts-3-mallory-1': /^mallory@web-1:/m,
      'db-1-pts-1-mallory-1': /^mallory@db-1:/m,
      'db-1-sudo-alice-1': /^root@db-1:/m,
    };
    for (const [session, prompt] of Object.entries(prompts)) {
      expect(of(samples, session).some((s) => prompt.test(s.text)), session).toBe(true);
      for (const [other, otherPrompt] of Object.entries(prompts)) {
        if (other !== session) expect(of(samples, session).some((s) => otherPrompt.test(s.text)), `${other} in ${session}`).toBe(false);
      }
    }
    // Per session, samples come in time order.
    for (const session of Object.keys(prompts)) {
      const times = of(samples, session).map((s) => s.tsUs);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });

  it('gives the same samples with and without the fast line emulator', async () => {
    const fast = await demo();
    const term = await demo({ fastPath: false });
    expect(fast.sampler.stats.lineBytes).toBeGreaterThan(fast.sampler.stats.termBytes);
    expect(bySession(fast.samples)).toEqual(bySession(term.samples));
  });
});

describe('ScreenSampler rules', () => {
  it('emits unchanged screens once: repeated commands and idle intervals add nothing', async () => {
    const s = 's1';
    const { samples } = await sampleAll([
      start(s, 0),
      out(s, 1, 'hello\r\n$ '),
      cmd(s, 2, 'a'),
      cmd(s, 3, 'b'),
      input(s, 40, 'x'),
      cmd(s, 100, 'c'),
      out(s, 101, 'x\r\nworld\r\n$ '),
      cmd(s, 102, 'd'),
      end(s, 103),
    ]);
    expect(samples.map((x) => [x.reason, x.tsUs - T0, x.text])).toEqual([
      ['command', 2e6, 'hello\n$'],
      ['command', 102e6, '$ x\nworld\n$'],
    ]);
  });

  it('takes interval samples when the screen changed, dated at the latest output', async () => {
    const s = 's1';
    const { samples } = await sampleAll([
      start(s, 0),
      out(s, 1, 'first\r\n'),
      out(s, 10, 'second\r\n'),
      input(s, 20, 'x'), // 19 s after the first change: not yet
      input(s, 31.5, 'y'), // due: sampled before this record
      out(s, 40, 'third\r\n'),
      end(s, 41),
    ], { intervalSeconds: 30 });
    expect(samples.map((x) => [x.reason, x.tsUs - T0, x.text])).toEqual([
      ['interval', 10e6, 'first\nsecond'],
      ['end', 41e6, 'third'],
    ]);
  });

  it('samples quiet sessions when the import clock passes their due time', async () => {
    const { samples } = await sampleAll([
      start('a', 0),
      start('b', 0),
      out('a', 1, 'from a\r\n'),
      out('b', 5, 'b1\r\n'),
      out('b', 35, 'b2\r\n'),
      out('b', 36, 'b3\r\n'),
    ]);
    const a = of(samples, 'a');
    expect(a[0]).toMatchObject({ reason: 'interval', tsUs: T0 + 1e6, text: 'from a' });
  });

  it('keeps bulk output between two samples to its last rows: in order, once, with the screen', async () => {
    for (const fastPath of [true, false]) {
      const s = 'bulk';
      const events: TrailEvent[] = [start(s, 0, 80, 24)];
      let chunk = '';
      for (let i = 1; i <= 5000; i++) {
        chunk += `\x1b[32mrow\x1b[0m ${i} ${'·'.repeat(i % 90)}\r\n`;
        if (i % 700 === 0 || i === 5000) {
          events.push(out(s, i / 1000, chunk));
          chunk = '';
        }
      }
      events.push(cmd(s, 10, 'next'), end(s, 11));
      const { samples, sampler } = await sampleAll(events, { fastPath, maxScrollbackLines: 200 });
      const rows = samples.flatMap((x) => x.text.split('\n')).filter((l) => l.startsWith('row ')).map((l) => Number(l.split(' ')[1]));
      // Screen text is what was shown around the sample: the last rows before it, not all 5,000
      // (those stay in the evidence). They come once each, in order, ending with the last one.
      expect(rows.at(-1)).toBe(5000);
      expect(rows.length).toBeGreaterThanOrEqual(200);
      expect(rows.length).toBeLessThanOrEqual(200 + 24 + 100);
      for (let i = 1; i < rows.length; i++) expect(rows[i]).toBe((rows[i - 1] as number) + 1);
      expect(sampler.stats.lostScrollback).toBe(0);
    }
  });

  it('holds exactly the screen and the last 200 lines that scrolled off before it', async () => {
    for (const fastPath of [true, false]) {
      const s = 'tail';
      let text = '';
      for (let i = 1; i <= 650; i++) text += `row ${i}\r\n`;
      const events: TrailEvent[] = [start(s, 0, 80, 24), out(s, 1, text.slice(0, 4000)), out(s, 2, text.slice(4000)), cmd(s, 10, 'next'), end(s, 11)];
      const { samples } = await sampleAll(events, { fastPath });
      const atCommand = samples.find((x) => x.reason === 'command');
      // 650 rows: 627 scrolled off (the last 200 are kept: 428–627) and 23 on the 24-row screen.
      expect(atCommand?.text.split('\n'), `fastPath ${String(fastPath)}`).toEqual(Array.from({ length: 223 }, (_, k) => `row ${428 + k}`));
    }
  });

  it('joins wrapped lines and does not sample them again after a resize reflows them', async () => {
    for (const fastPath of [true, false]) {
      const s = 'r';
      const long = 'abcdefghij'.repeat(5);
      const { samples } = await sampleAll([
        start(s, 0, 20, 5),
        out(s, 1, `${long}\r\n$ `),
        cmd(s, 2, 'x'),
        resize(s, 3, 33, 6),
        cmd(s, 4, 'y'),
        out(s, 5, 'ls\r\nfile\r\n$ '),
        resize(s, 6, 12, 4),
        cmd(s, 7, 'z'),
        end(s, 8),
      ], { fastPath });
      expect(samples.map((x) => x.text), `fastPath ${String(fastPath)}`).toEqual([`${long}\n$`, '$ ls\nfile\n$']);
    }
  });

  it('samples a full-screen program before it leaves, and the normal screen it returns to only once', async () => {
    for (const fastPath of [true, false]) {
      const s = 'fs';
      const { samples } = await sampleAll([
        start(s, 0, 40, 6),
        out(s, 1, 'before\r\n$ '),
        cmd(s, 2, 'less secret.txt'),
        out(s, 3, '\r\n\x1b[?1049h\x1b[H\x1b[2Jtop secret: hunter2\r\n\x1b[6;1H(END)'),
        input(s, 4, 'q'),
        out(s, 4.1, '\x1b[?1049l$ '),
        cmd(s, 5, 'echo hi'),
        end(s, 6),
      ], { fastPath });
      const all = samples.map((x) => x.text).join('\n');
      expect(all.match(/top secret: hunter2/g)).toHaveLength(1);
      expect(all.match(/^before$/gm)).toHaveLength(1);
      expect(all).toContain('(END)');
    }
  });

  it('emits text written just before the screen is cleared (ED 3) or reset', async () => {
    for (const fastPath of [true, false]) {
      const s = 'clr';
      const { samples } = await sampleAll([
        start(s, 0, 40, 6),
        out(s, 1, 'password=swordfish\r\n$ '),
        out(s, 2, 'clear\r\n\x1b[H\x1b[2J\x1b[3J$ '),
        out(s, 3, 'api_key=abc123\r\n\x1bc$ '),
        end(s, 4),
      ], { fastPath });
      const all = samples.map((x) => x.text).join('\n');
      expect(all).toContain('password=swordfish');
      expect(all).toContain('api_key=abc123');
    }
  });

  it('bounds memory: sessions opened and closed leave no terminals behind; open sessions are capped', async () => {
    const sampler = new ScreenSampler();
    let maxTerminals = 0;
    for (let i = 0; i < 600; i++) {
      const id = `s${i}`;
      const t = i * 2;
      await sampler.push(start(id, t, 60, 10));
      await sampler.push(out(id, t + 0.1, `hello ${i}\r\n$ `));
      // Every third session runs a full-screen program: it needs a real terminal.
      if (i % 3 === 0) await sampler.push(out(id, t + 0.2, '\x1b[?1049h\x1b[Hfull screen\x1b[?1049l'));
      await sampler.push(end(id, t + 1));
      maxTerminals = Math.max(maxTerminals, sampler.liveTerminals);
      expect(sampler.openSessions).toBe(0);
    }
    await sampler.end();
    expect(maxTerminals).toBeLessThanOrEqual(20);
    expect(sampler.liveTerminals).toBe(0);

    const capped = new ScreenSampler();
    const samples: ScreenSample[] = [];
    for (let i = 0; i < MAX_OPEN_SESSIONS + 50; i++) {
      samples.push(...(await capped.push(start(`c${i}`, i))));
      samples.push(...(await capped.push(out(`c${i}`, i + 0.5, `session ${i}\r\n`))));
    }
    expect(capped.openSessions).toBe(MAX_OPEN_SESSIONS);
    // The least recently active ones were sampled before they were closed.
    expect(samples.map((s) => s.text)).toContain('session 0');
    samples.push(...(await capped.end()));
    expect(capped.openSessions).toBe(0);
    expect(new Set(samples.map((s) => s.text)).size).toBe(MAX_OPEN_SESSIONS + 50);

    // Sessions that all need a real terminal at once (full-screen programs): terminals are capped,
    // the least recently active session is sampled and closed first.
    const busy = new ScreenSampler();
    const shown: ScreenSample[] = [];
    let most = 0;
    for (let i = 0; i < 3 * MAX_TERMINALS; i++) {
      shown.push(...(await busy.push(start(`f${i}`, i))));
      shown.push(...(await busy.push(out(`f${i}`, i + 0.5, `\x1b[?1049h\x1b[Hscreen of ${i}`))));
      most = Math.max(most, busy.liveTerminals);
    }
    shown.push(...(await busy.end()));
    expect(most).toBeLessThanOrEqual(MAX_TERMINALS + 17);
    expect(busy.liveTerminals).toBe(0);
    for (let i = 0; i < 3 * MAX_TERMINALS; i++) expect(shown.map((s) => s.text)).toContain(`screen of ${i}`);
  });

  it('gives the same text with and without the fast line emulator on plain line output', async () => {
    // Colours, progress bars redrawn with CR, tabs, long wrapped lines, wide characters and emoji,
    // records cut anywhere (inside escape sequences and UTF-8 characters).
    let text = '';
    for (let i = 0; i < 400; i++) {
      text += `\x1b[01;3${i % 8}m${i}\x1b[0m\tfile-${i}.log  ${i % 7 === 0 ? '日本語 🎉 ' : ''}${'ok '.repeat(i % 37)}\r\n`;
      if (i % 50 === 0) for (let p = 0; p <= 100; p += 20) text += `\rprogress ${p}%\x1b[K`;
      if (i % 50 === 0) text += '\r\n';
    }
    const bytes = Buffer.from(text, 'utf8');
    const events: TrailEvent[] = [start('p', 0, 50, 12)];
    let pos = 0;
    let n = 0;
    while (pos < bytes.length) {
      const size = 1 + ((n * 7919) % 900);
      const piece = bytes.subarray(pos, pos + size);
      events.push({ ts: at(1 + n * 0.01), type: 'out', session: 'p', ...(Buffer.from(piece.toString('utf8'), 'utf8').equals(piece) ? { text: piece.toString('utf8') } : { b64: piece.toString('base64') }) });
      if (n % 9 === 0) events.push(cmd('p', 1 + n * 0.01, `c${n}`));
      pos += size;
      n++;
    }
    events.push(end('p', 100));
    const fast = await sampleAll(events);
    const term = await sampleAll(events, { fastPath: false });
    expect(fast.sampler.stats.termBytes).toBe(0);
    expect(bySession(fast.samples)).toEqual(bySession(term.samples));
    expect(fast.samples.map((s) => s.text).join('\n')).toMatch(/^399 {5}file-399\.log/m);
  });
});
