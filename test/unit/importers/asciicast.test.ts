import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTimestamp } from '../../../electron/core/timestamp.js';
import { facts, fixture, importOne, importPaths, micros, onlySession, readFixture, tempDir, typedKeys } from './helpers.js';

const castLines = (name: string): unknown[][] =>
  readFixture('asciicast', name)
    .toString('utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => JSON.parse(l) as unknown[]);

describe('asciicast v2 (asciinema 2.2)', () => {
  it('imports the output stream byte for byte as `asciinema cat` shows it', async () => {
    const imported = await importOne(fixture('asciicast', 'session.cast'));
    expect(imported.recording.format).toBe('asciicast-v2');
    expect(imported.invalid).toEqual([]);
    expect(imported.outOfOrder).toBe(0);
    expect(imported.problems).toEqual([]);
    const s = onlySession(imported);
    expect(s.out.equals(readFixture('asciicast', 'asciinema-cat.out'))).toBe(true);
    // asciinema replaced the invalid bytes \xff\xfe itself: what the file holds is imported.
    expect(s.out.includes(Buffer.from(' raw:\ufffd\ufffd end'))).toBe(true);
  });

  it('imports the keystrokes (--stdin) exactly as typed, password included', async () => {
    const s = onlySession(await importOne(fixture('asciicast', 'session.cast')));
    expect(s.in.equals(typedKeys(facts().sudoPassword))).toBe(true);
  });

  it('keeps one event per asciicast event, each at header timestamp + its time, in µs', async () => {
    const s = onlySession(await importOne(fixture('asciicast', 'session.cast')));
    const header = JSON.parse(readFixture('asciicast', 'session.cast').toString('utf8').split('\n')[0] as string) as { timestamp: number };
    const lines = castLines('session.cast');
    const io = s.events.filter((e) => e.type === 'out' || e.type === 'in');
    expect(io).toHaveLength(lines.length);
    io.forEach((event, i) => {
      const [t, code, data] = lines[i] as [number, string, string];
      expect(event.type).toBe(code === 'o' ? 'out' : 'in');
      expect(event.ts).toBe(formatTimestamp(header.timestamp * 1_000_000 + Math.round(t * 1_000_000)));
      expect((event as { text?: string }).text).toBe(data);
    });
    expect(s.start.ts).toBe(formatTimestamp(header.timestamp * 1_000_000));
    expect(s.end?.ts).toBe(io[io.length - 1]?.ts);
  });

  it('states what the format cannot tell', async () => {
    const s = onlySession(await importOne(fixture('asciicast', 'session.cast')));
    expect(s.start).toMatchObject({ user: facts().user, host: null, tty: null, term: 'xterm-256color', cols: 100, rows: 30, title: 'trailview fixture' });
    expect(s.start.recorder).toEqual({ name: 'asciinema', format: 'asciicast-v2' });
    expect(s.start.missing).toEqual(['host', 'tty', 'exitStatus']);
    expect(s.end?.exitStatus).toBeNull();
  });
});

describe('asciicast v1 and v3', () => {
  it('v1: the same stream as asciinema 2.2 replays it, times from 1970 (v1 has no start time)', async () => {
    const imported = await importOne(fixture('asciicast', 'session.v1.json'));
    expect(imported.recording.format).toBe('asciicast-v1');
    expect(imported.invalid).toEqual([]);
    const s = onlySession(imported);
    expect(s.out.equals(readFixture('asciicast', 'asciinema-cat.v1.out'))).toBe(true);
    expect(s.start.ts).toBe('1970-01-01T00:00:00.000000Z');
    expect(s.start.missing).toContain('startTime');
    expect(imported.problems.map((p) => p.message)).toEqual([expect.stringContaining('no start time')]);
    // The v1 frames' delays add up to the v2 times (both come from the same recording).
    const v2 = onlySession(await importOne(fixture('asciicast', 'session.cast')));
    const v2Out = v2.events.filter((e) => e.type === 'out').map((e) => micros(e.ts) - micros(v2.start.ts));
    const v1Out = s.events.filter((e) => e.type === 'out').map((e) => micros(e.ts));
    expect(v1Out).toEqual(v2Out);
    expect(s.events.find((e) => e.type === 'cmd')).toMatchObject({ text: '/bin/bash', source: 'recorder', confidence: 1 });
  });

  it('v3: intervals summed in integer µs, comments skipped, resize, marker and exit status', async () => {
    const imported = await importOne(fixture('asciicast', 'session.v3.cast'));
    expect(imported.recording.format).toBe('asciicast-v3');
    expect(imported.invalid).toEqual([]);
    expect(imported.problems).toEqual([]);
    const s = onlySession(imported);
    const v2 = onlySession(await importOne(fixture('asciicast', 'session.cast')));
    expect(s.out.equals(v2.out)).toBe(true);
    expect(s.in.equals(v2.in)).toBe(true);
    const times = (events: typeof s.events): string[] => events.filter((e) => e.type === 'out' || e.type === 'in').map((e) => e.ts);
    expect(times(s.events)).toEqual(times(v2.events));
    expect(s.events.filter((e) => e.type === 'resize')).toMatchObject([{ cols: 90, rows: 28 }]);
    expect(s.events.filter((e) => e.type === 'marker')).toMatchObject([{ label: 'after resize' }]);
    expect(s.end?.exitStatus).toBe(0);
    expect(s.start.missing).not.toContain('exitStatus');
  });
});

describe('asciicast bad input', () => {
  const write = (dir: string, name: string, text: string | Buffer): string => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const header = '{"version": 2, "width": 80, "height": 24, "timestamp": 1700000000}\n';

  it('a truncated last line is skipped and named; the rest imports', async () => {
    const dir = tempDir();
    const text = readFixture('asciicast', 'session.cast').toString('utf8');
    const file = write(dir, 'cut.cast', text.slice(0, text.length - 25));
    const imported = await importOne(file);
    const lineCount = text.slice(0, text.length - 25).split('\n').length;
    expect(imported.problems).toEqual([
      expect.objectContaining({ file, line: lineCount, severity: 'skipped', message: expect.stringContaining('truncated') }),
    ]);
    expect(onlySession(imported).end).not.toBeNull();
  });

  it('garbage lines, wrong shapes, negative and backward times, unknown codes are reported by line', async () => {
    const dir = tempDir();
    const file = write(
      dir,
      'bad.cast',
      header +
        '[0.5, "o", "ok"]\n' +
        'not json\n' +
        '{"a": 1}\n' +
        '[-1, "o", "negative"]\n' +
        '[0.2, "o", "backwards"]\n' +
        '[0.6, "z", "unknown code"]\n' +
        '[0.7, "r", "wide"]\n' +
        '\n' +
        '[0.8, "o", "\\ud800 lone"]\n',
    );
    const imported = await importOne(file);
    expect(imported.invalid).toEqual([]);
    expect(imported.outOfOrder).toBe(0);
    const byLine = imported.problems.map((p) => [p.line, p.severity]);
    expect(byLine).toEqual([
      [3, 'skipped'],
      [4, 'skipped'],
      [5, 'skipped'],
      [6, 'warning'],
      [7, 'warning'],
      [8, 'skipped'],
      [10, 'warning'],
    ]);
    const texts = onlySession(imported).events.filter((e) => e.type === 'out').map((e) => (e as { text: string }).text);
    expect(texts).toEqual(['ok', 'backwards', '\ufffd lone']);
  });

  it('an empty file, a header-only file and a wrong version', async () => {
    const dir = tempDir();
    const empty = write(dir, 'empty.cast', '');
    const { imported, problems } = await importPaths(empty);
    expect(imported).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ file: empty, message: 'is empty: not a recording' })]);

    const only = await importOne(write(dir, 'only.cast', header));
    expect(onlySession(only).events.map((e) => e.type)).toEqual(['session.start', 'session.end']);

    const v9 = write(dir, 'v9.cast', '{"version": 9, "width": 80}\n[0.1, "o", "x"]\n');
    const result = await importPaths(v9);
    expect(result.imported).toEqual([]);
    expect(result.problems[0]?.file).toBe(v9);
  });

  it('detection is by content: a cast named .txt is read, a .cast that is not one is not', async () => {
    const dir = tempDir();
    const renamed = path.join(dir, 'notes.txt');
    copyFileSync(fixture('asciicast', 'session.cast'), renamed);
    expect((await importOne(renamed)).recording.format).toBe('asciicast-v2');
    const fake = write(dir, 'fake.cast', 'hello world\n');
    const result = await importPaths(fake);
    expect(result.imported).toEqual([]);
    expect(result.problems[0]?.message).toMatch(/not a recording in a known format/);
  });

  it('a v1 document cut off is reported as truncated, frames before the cut imported', async () => {
    const dir = tempDir();
    const text = readFileSync(fixture('asciicast', 'session.v1.json'), 'utf8');
    const file = write(dir, 'cut.json', text.slice(0, Math.floor(text.length / 2)));
    const imported = await importOne(file);
    expect(imported.problems.some((p) => p.severity === 'error' && /truncated/.test(p.message))).toBe(true);
    expect(onlySession(imported).out.length).toBeGreaterThan(100);
  });
});
