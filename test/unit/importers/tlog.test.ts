import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTimestamp } from '../../../electron/core/timestamp.js';
import type { TlogMessage } from '../../../electron/services/importers/tlog/message.js';
import { replayMessage } from '../../../electron/services/importers/tlog/replay.js';
import { advanceCodePoints, parseTiming } from '../../../electron/services/importers/tlog/timing.js';
import { facts, fixture, importOne, micros, onlySession, readFixture, tempDir, typedKeys } from './helpers.js';

const messages = (name: string): Array<Record<string, unknown>> =>
  readFixture('tlog', name)
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const writeLines = (lines: Array<Record<string, unknown> | string>): string => {
  const file = path.join(tempDir(), 'x.tlog.jsonl');
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
};

/** tlog-play appends a terminal reset after the recorded stream. */
const TLOG_PLAY_TRAILER = Buffer.from('\x1b[0m\x1b[?25h\n\0', 'latin1');

describe('tlog file-writer log (tlog-rec 12)', () => {
  it('imports output and input byte for byte (output as tlog-play writes it)', async () => {
    const imported = await importOne(fixture('tlog', 'session.tlog.jsonl'));
    expect(imported.recording.format).toBe('tlog-json');
    expect(imported.invalid).toEqual([]);
    expect(imported.outOfOrder).toBe(0);
    expect(imported.problems).toEqual([]);
    const s = onlySession(imported);
    const played = readFixture('tlog', 'tlog-play.raw');
    expect(Buffer.concat([s.out, TLOG_PLAY_TRAILER]).equals(played)).toBe(true);
    expect(s.in.equals(typedKeys(facts().sudoPassword))).toBe(true);
    // The raw invalid bytes survive (out_bin), unlike in asciicast.
    expect(s.out.includes(Buffer.from([0x20, 0x72, 0x61, 0x77, 0x3a, 0xff, 0xfe]))).toBe(true);
  });

  it('states user, host, size and what tlog lacks; the resize is one event', async () => {
    const s = onlySession(await importOne(fixture('tlog', 'session.tlog.jsonl')));
    const f = facts();
    expect(s.start).toMatchObject({ user: f.user, host: f.host, tty: null, term: 'xterm-256color', cols: f.size.cols, rows: f.size.rows });
    expect(s.start.missing).toEqual(['tty', 'exitStatus']);
    expect(s.events.filter((e) => e.type === 'resize')).toMatchObject([{ cols: f.resized.cols, rows: f.resized.rows }]);
    expect(s.end?.exitStatus).toBeNull();
    const first = messages('session.tlog.jsonl')[0] as { rec: string; time: number };
    expect(s.start.session).toBe(`tlog-${first.rec}`);
    expect(s.start.ts).toBe(formatTimestamp(Math.round(first.time * 1000) * 1000));
  });

  it('places each record at the message time plus the running delays (ms)', async () => {
    const s = onlySession(await importOne(fixture('tlog', 'session.tlog.jsonl')));
    const msgs = messages('session.tlog.jsonl');
    const expected: number[] = [];
    for (const m of msgs as Array<{ time: number; timing: string }>) {
      let at = Math.round(m.time * 1000) * 1000;
      let open: string | null = null;
      for (const op of parseTiming(m.timing).ops) {
        if (op.kind === 'delay') {
          at += op.ms * 1000;
          if (op.ms > 0) open = null;
        } else if (op.kind === 'window') open = null;
        else if (op.dir !== open) {
          expected.push(at);
          open = op.dir;
        }
      }
    }
    const got = s.events.filter((e) => e.type === 'out' || e.type === 'in').map((e) => micros(e.ts));
    expect(got).toEqual(expected);
  });

  it('reads the same messages from a journalctl -o json export', async () => {
    const plain = onlySession(await importOne(fixture('tlog', 'session.tlog.jsonl')));
    const imported = await importOne(fixture('tlog', 'session.journal.json'));
    expect(imported.recording.format).toBe('tlog-journal');
    expect(imported.invalid).toEqual([]);
    expect(imported.problems.map((p) => p.message)).toEqual(['2 journal entries are not tlog messages; skipped']);
    const s = onlySession(imported);
    expect(s.out.equals(plain.out)).toBe(true);
    expect(s.in.equals(plain.in)).toBe(true);
    expect(s.events.map((e) => e.ts)).toEqual(plain.events.map((e) => e.ts));
  });

  it('splits recordings interleaved in one file by rec, and merges them in time order', async () => {
    const imported = await importOne(fixture('tlog', 'interleaved.tlog.jsonl'));
    expect(imported.invalid).toEqual([]);
    expect(imported.outOfOrder).toBe(0);
    expect(imported.problems).toEqual([]);
    expect(imported.sessions.size).toBe(2);
    const msgs = messages('interleaved.tlog.jsonl') as Array<{ rec: string; time: number }>;
    // The file is not in time order across recordings (each tlog-rec flushes on its own).
    const recs = [...new Set(msgs.map((m) => m.rec))];
    expect(recs).toHaveLength(2);
    const [a, b] = [...imported.sessions.values()];
    const text = (buf: Buffer | undefined): string => (buf ?? Buffer.alloc(0)).toString('utf8');
    expect(text(a?.out)).toMatch(/alpha-1[^]*alpha-2[^]*alpha-3/);
    expect(text(a?.out)).not.toMatch(/beta-/);
    expect(text(b?.out)).toMatch(/beta-1[^]*beta-2[^]*beta-3/);
    expect(text(b?.out)).not.toMatch(/alpha-/);
  });
});

describe('tlog message ids', () => {
  const base = messages('session.tlog.jsonl');

  it('reports a gap, naming the lines around it, and imports the rest', async () => {
    const file = writeLines(base.filter((m) => m.id !== 3 && m.id !== 4));
    const imported = await importOne(file);
    expect(imported.invalid).toEqual([]);
    expect(imported.problems).toEqual([
      expect.objectContaining({ file, line: 3, severity: 'warning', message: expect.stringMatching(/messages 3–4 are missing .* between line 2 and line 3/) }),
    ]);
  });

  it('reorders messages by id and says so', async () => {
    const swapped = [...base];
    [swapped[2], swapped[3]] = [swapped[3] as Record<string, unknown>, swapped[2] as Record<string, unknown>];
    const file = writeLines(swapped);
    const imported = await importOne(file);
    expect(imported.outOfOrder).toBe(0);
    expect(imported.problems).toEqual([expect.objectContaining({ line: 4, message: expect.stringMatching(/message id 3 .* comes after id 4 \(line 3\)/) })]);
    const plain = onlySession(await importOne(fixture('tlog', 'session.tlog.jsonl')));
    expect(onlySession(imported).out.equals(plain.out)).toBe(true);
  });

  it('skips a duplicated message', async () => {
    const file = writeLines([...base.slice(0, 3), base[1] as Record<string, unknown>, ...base.slice(3)]);
    const imported = await importOne(file);
    expect(imported.problems).toEqual([expect.objectContaining({ line: 4, severity: 'skipped', message: expect.stringMatching(/appears again/) })]);
    const plain = onlySession(await importOne(fixture('tlog', 'session.tlog.jsonl')));
    expect(onlySession(imported).out.equals(plain.out)).toBe(true);
  });
});

describe('tlog timing grammar', () => {
  const message = (timing: string, outTxt: string, outBin: number[] = [], inTxt = ''): TlogMessage => ({
    ver: '2.3',
    host: 'h',
    rec: 'r',
    user: 'u',
    term: 'xterm',
    auditSession: null,
    id: 1,
    pos: 0,
    timeMicros: 0,
    timing,
    inTxt,
    inBin: [],
    outTxt,
    outBin,
  });

  it('parses every record kind', () => {
    expect(parseTiming('=80x24+12<3>4[1/2]3/4').ops).toEqual([
      { kind: 'window', cols: 80, rows: 24 },
      { kind: 'delay', ms: 12 },
      { kind: 'text', dir: 'in', chars: 3 },
      { kind: 'text', dir: 'out', chars: 4 },
      { kind: 'bin', dir: 'in', skip: 1, bytes: 2 },
      { kind: 'bin', dir: 'out', skip: 3, bytes: 4 },
    ]);
    expect(parseTiming('>1x').error).toEqual({ at: 2, message: 'unexpected character "x"' });
    expect(parseTiming('=80').error?.message).toMatch(/WIDTHxHEIGHT/);
  });

  it('counts characters as code points (an emoji is one character, two UTF-16 units)', () => {
    expect(advanceCodePoints('a🎉b', 0, 2)).toBe(3);
    const { pieces, problems } = replayMessage(message('>2+5>1', 'é🎉x'));
    expect(problems).toEqual([]);
    expect(pieces).toEqual([
      { kind: 'stream', dir: 'out', offsetMs: 0, parts: ['é🎉'] },
      { kind: 'stream', dir: 'out', offsetMs: 5, parts: ['x'] },
    ]);
  });

  it('one write with invalid bytes stays one chunk: text, raw bytes from out_bin, text', () => {
    const { pieces } = replayMessage(message('>6]2/2>5', '✓ raw:\ufffd\ufffd end\r', [255, 254]));
    expect(pieces).toHaveLength(1);
    const piece = pieces[0] as { parts: Array<string | Buffer> };
    const bytes = Buffer.concat(piece.parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
    expect(bytes.equals(Buffer.concat([Buffer.from('✓ raw:'), Buffer.from([255, 254]), Buffer.from(' end\r')]))).toBe(true);
  });

  it('reports counts that run past the text, and keeps text the timing does not cover', () => {
    const past = replayMessage(message('>10', 'abc'));
    expect(past.problems[0]).toMatch(/more than remain/);
    const rest = replayMessage(message('>1', 'abc'));
    expect(rest.problems[0]).toMatch(/does not account for 2 characters of out_txt/);
    expect(rest.pieces.flatMap((p) => (p.kind === 'stream' ? p.parts : []))).toEqual(['a', 'bc']);
    const bin = replayMessage(message(']1/5', '\ufffd', [1, 2]));
    expect(bin.problems[0]).toMatch(/takes 5 bytes of out_bin, but only 2 remain/);
  });

  it('a message with broken timing is reported with its line, its data still imported', async () => {
    const msgs = messages('session.tlog.jsonl');
    const broken = { ...msgs[1], timing: '=100x30>5?oops' };
    const file = writeLines([msgs[0] as Record<string, unknown>, broken, ...msgs.slice(2)]);
    const imported = await importOne(file);
    expect(imported.invalid).toEqual([]);
    expect(imported.problems).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringMatching(/^message 2: timing has a syntax error at character 10: unexpected character "\?"/) }),
      expect.objectContaining({ line: 2, message: expect.stringMatching(/does not account for 18 characters of in_txt/) }),
      expect.objectContaining({ line: 2, message: expect.stringMatching(/does not account for 316 characters of out_txt/) }),
    ]);
    const plain = onlySession(await importOne(fixture('tlog', 'session.tlog.jsonl')));
    expect(onlySession(imported).out.equals(plain.out)).toBe(true);
  });
});

describe('tlog bad input', () => {
  it('garbage lines and a truncated last line are named by line, never thrown', async () => {
    const msgs = messages('session.tlog.jsonl');
    const lastLine = JSON.stringify(msgs[msgs.length - 1]);
    const file = path.join(tempDir(), 'bad.jsonl');
    writeFileSync(
      file,
      [JSON.stringify(msgs[0]), '{"ver":"2.3","timing":">1"}', '{"ver":"7","timing":"","id":2,"pos":0}', ...msgs.slice(1, -1).map((m) => JSON.stringify(m)), lastLine.slice(0, 100)].join('\n'),
    );
    const imported = await importOne(file);
    expect(imported.invalid).toEqual([]);
    expect(imported.problems.map((p) => [p.line, p.severity, p.message])).toEqual([
      [2, 'skipped', expect.stringMatching(/"id"/)],
      [3, 'skipped', expect.stringMatching(/only tlog message formats 1.x and 2.x/)],
      [msgs.length + 2, 'skipped', expect.stringMatching(/truncated/)],
    ]);
  });

  it('a file of JSON that holds no tlog message is an error, not a session', async () => {
    const file = writeLines(['{"ver":"2.3","timing":"nope"}']);
    const { recordings } = await import('../../../electron/services/importers/open-recordings.js').then((m) => m.openRecordings([file]));
    expect(recordings).toHaveLength(1);
    const imported = await importOne(file);
    expect(imported.sessions.size).toBe(0);
    expect(imported.problems.some((p) => p.severity === 'error' && /no tlog message/.test(p.message))).toBe(true);
  });
});
