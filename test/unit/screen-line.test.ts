// The fast line emulator against @xterm/headless itself: character widths, random line output
// (rows, wrap flags, cursor), rebuilding its screen in a terminal and taking a terminal's screen
// over; plus the sequence scanner and the row diff the sampler builds on.
import xtermHeadless from '@xterm/headless';
import type { Terminal as HeadlessTerminal } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { ASTRAL_RANGES, DOUBLE_CELL_RANGES, SINGLE_CELL_RANGES } from '../../electron/services/case/screen/char-width.js';
import { LineScreen } from '../../electron/services/case/screen/line-screen.js';
import { RowDiff, type Row } from '../../electron/services/case/screen/screen-rows.js';
import { SequenceScanner } from '../../electron/services/case/screen/sequence-scan.js';
import { TermScreen, readRows } from '../../electron/services/case/screen/term-screen.js';
import { seededRandom } from '../helpers/seeded-random.js';

const { Terminal } = xtermHeadless;

function terminal(cols: number, rows: number, scrollback = 10_000): HeadlessTerminal {
  return new Terminal({ cols, rows, scrollback, allowProposedApi: true, logLevel: 'off' });
}

function write(term: HeadlessTerminal, data: string): Promise<void> {
  return new Promise((resolve) => term.write(data, resolve));
}

/** Every row of the terminal's normal buffer: scrollback, then the screen. */
function allRows(term: HeadlessTerminal): Row[] {
  const buffer = term.buffer.normal;
  return readRows(buffer, 0, buffer.baseY + term.rows, []);
}

/** Rows compared as the sampler uses them: right-trimmed text, wrap flag, full text of continued rows. */
function comparable(rows: readonly Row[]): string[] {
  return rows.map((row, i) => {
    const continued = rows[i + 1]?.wrapped === true;
    return `${row.wrapped ? '+' : '|'}${continued ? row.text : row.text.trimEnd()}`;
  });
}

function codeUnits(from: number, to: number): string[] {
  const out: string[] = [];
  for (let c = from; c <= to; c++) out.push(String.fromCodePoint(c));
  return out;
}

describe('character widths', () => {
  // Each row of the terminal holds exactly one chunk when every character takes the cells
  // the table says: a width off by one shifts, wraps or merges the row's text.
  async function rowsOf(chars: string[], perRow: number, cols: number): Promise<{ chunks: string[]; rows: string[] }> {
    const chunks: string[] = [];
    for (let i = 0; i < chars.length; i += perRow) chunks.push(chars.slice(i, i + perRow).join(''));
    const term = terminal(cols, 4, chunks.length + 10);
    await write(term, chunks.join('\r\n'));
    const rows = allRows(term).map((row) => row.text);
    term.dispose();
    return { chunks, rows };
  }

  it('one-cell characters take one cell each in xterm', async () => {
    const chars = SINGLE_CELL_RANGES.flatMap(([from, to]) => codeUnits(from, to));
    const { chunks, rows } = await rowsOf(chars, 64, 64);
    chunks.forEach((chunk, i) => expect(rows[i]).toBe(chunk));
  });

  it('double-cell characters take two cells each in xterm', async () => {
    const chars = DOUBLE_CELL_RANGES.flatMap(([from, to]) => codeUnits(from, to));
    const { chunks, rows } = await rowsOf(chars, 32, 64);
    chunks.forEach((chunk, i) => expect(rows[i]).toBe(chunk));
  });

  it('astral characters take the cells listed', async () => {
    for (const [from, to, width] of ASTRAL_RANGES) {
      // Every 7th code point keeps the test quick; the ranges are uniform in Unicode 6 tables.
      const chars = codeUnits(from, to).filter((_, i) => i % 7 === 0);
      const perRow = 64 / width;
      const { chunks, rows } = await rowsOf(chars, perRow, 64);
      chunks.forEach((chunk, i) => expect(rows[i]).toBe(chunk));
    }
  });
});

// ---- random line output --------------------------------------------------------------------

const TOKENS: Array<(r: () => number, cols: number) => string> = [
  (r) => randomWord(r),
  (r) => randomWord(r),
  (r) => randomWord(r),
  () => ' ',
  (r) => pick(r, ['é', 'ß', 'Ωmega', 'жук', '—', '“q”', '…', '●', '│', '└─', '€', '→']),
  (r) => pick(r, ['日本語', '中', '한국어', '全角', '表']),
  (r) => pick(r, ['🎉', '🚀', '😀x']),
  () => '\r\n',
  () => '\r\n',
  () => '\n',
  () => '\r',
  () => '\b',
  () => '\b \b',
  () => '\t',
  () => '\x07',
  (r) => pick(r, ['\x1b[1;31m', '\x1b[0m', '\x1b[m', '\x1b[38;5;200m', '\x1b[38:2:1:2:3m', '\x1b[01;34m']),
  (r) => pick(r, ['\x1b[K', '\x1b[0K', '\x1b[1K', '\x1b[2K', '\x1b[J', '\x1b[0J']),
  (r) => pick(r, ['\x1b[C', '\x1b[3C', '\x1b[D', '\x1b[2D', '\x1b[G', '\x1b[5G', '\x1b[0C', '\x1b[99C', '\x1b[;4G']),
  (r) => pick(r, ['\x1b]0;a title\x07', '\x1b]8;;http://x/\x1b\\link\x1b]8;;\x1b\\', '\x1b]2;t\x1b\\']),
  (r) => pick(r, ['\x1b[?2004h', '\x1b[?2004l', '\x1b[?25l', '\x1b[?25h', '\x1b[?1h\x1b=', '\x1b[?1l\x1b>', '\x1b(B']),
  (r, cols) => 'x'.repeat(cols - 1 + Math.floor(r() * 3)),
  (r, cols) => 'long line '.repeat(Math.ceil((cols * (1 + r() * 2)) / 10)),
];

function token(r: () => number, cols: number): string {
  return (TOKENS[Math.floor(r() * TOKENS.length)] as (r: () => number, cols: number) => string)(r, cols);
}

function pick(r: () => number, options: readonly string[]): string {
  return options[Math.floor(r() * options.length)] as string;
}

function randomWord(r: () => number): string {
  const chars = 'abcdefghijklmnopqrstuvwxyzABC0123456789-_./:=$#';
  let word = '';
  const n = 1 + Math.floor(r() * 12);
  for (let i = 0; i < n; i++) word += chars[Math.floor(r() * chars.length)];
  return word;
}

/**
 * Feeds `data` in random chunks like the sampler does (an incomplete escape sequence waits for the
 * next chunk); returns the prefix the emulator applied (it stops at what it does not do).
 */
function feedInChunks(line: LineScreen, data: string, r: () => number): string {
  let carry = '';
  let applied = 0;
  let at = 0;
  while (at < data.length) {
    const size = 1 + Math.floor(r() * 40);
    const chunk = carry + data.slice(at, at + size);
    const start = applied;
    at += size;
    const stop = line.feed(chunk);
    if (stop === chunk.length) {
      carry = '';
      applied = start + chunk.length;
      continue;
    }
    if (line.stop === 'incomplete') {
      carry = chunk.slice(stop);
      applied = start + stop;
      continue;
    }
    return data.slice(0, start + stop);
  }
  return data.slice(0, applied);
}

describe('LineScreen against xterm on random line output', () => {
  const seeds = Array.from({ length: Number(process.env.SCREEN_FUZZ_SEEDS ?? 150) }, (_, i) => i + 1);

  it.each(seeds)('seed %i: same rows, wrap flags and cursor', async (seed) => {
    const r = seededRandom(seed);
    const cols = 2 + Math.floor(r() * 30);
    const rows = 1 + Math.floor(r() * 8);
    let data = '';
    const count = 20 + Math.floor(r() * 120);
    for (let i = 0; i < count; i++) data += token(r, cols);

    const scrolled: Row[] = [];
    const line = new LineScreen(cols, rows, (row) => scrolled.push(row));
    const applied = feedInChunks(line, data, r);
    // Stopping early is allowed only at an edit inside a row holding wide characters.
    expect(applied.length).toBeGreaterThan(0);

    const term = terminal(cols, rows);
    await write(term, applied);
    expect(comparable([...scrolled, ...line.screen()])).toEqual(comparable(allRows(term)));
    const state = line.state();
    expect(state.x).toBe(term.buffer.normal.cursorX);
    expect(state.above.length).toBe(term.buffer.normal.cursorY);

    // The same screen rebuilt in a fresh terminal.
    const rebuilt = terminal(cols, rows);
    await write(rebuilt, line.reconstruction());
    const screenOf = (t: HeadlessTerminal): string[] => comparable(readRows(t.buffer.normal, t.buffer.normal.baseY, t.buffer.normal.baseY + rows, [])).map((s, i) => (i === 0 ? s.slice(1) : s));
    expect(screenOf(rebuilt)).toEqual(screenOf(term));
    expect(rebuilt.buffer.normal.cursorX).toBe(term.buffer.normal.cursorX);
    expect(rebuilt.buffer.normal.cursorY).toBe(term.buffer.normal.cursorY);
    term.dispose();
    rebuilt.dispose();
  });

  it('stops at a cursor-addressing sequence and at an edit inside a row with wide characters', () => {
    const line = new LineScreen(20, 5, () => undefined);
    const data = 'abc\x1b[2;3Hdef';
    expect(line.feed(data)).toBe(3);
    expect(line.stop).toBe('unsupported');
    const wide = new LineScreen(20, 5, () => undefined);
    const text = '日本語\rX';
    expect(wide.feed(text)).toBe(4);
    expect(wide.stop).toBe('unsupported');
    const cut = new LineScreen(20, 5, () => undefined);
    expect(cut.feed('ok\x1b[3')).toBe(2);
    expect(cut.stop).toBe('incomplete');
  });

  it('takes over a terminal screen (TermScreen.lineState) and continues it exactly', async () => {
    for (let seed = 1000; seed < 1040; seed++) {
      const r = seededRandom(seed);
      const cols = 4 + Math.floor(r() * 20);
      const rows = 2 + Math.floor(r() * 6);
      let first = '';
      let second = '';
      for (let i = 0; i < 40; i++) first += token(r, cols);
      for (let i = 0; i < 40; i++) second += token(r, cols);
      const budget = { unparsed: 0, live: 0 };
      const screen = new TermScreen(cols, rows, 1000, budget);
      screen.write(first);
      await screen.sync();
      const state = screen.lineState();
      screen.dispose();
      if (state === null || LineScreen.measure(state.cur) === null) continue;
      const line = new LineScreen(cols, rows, () => undefined, state);
      const applied = feedInChunks(line, second, r);
      const term = terminal(cols, rows);
      await write(term, first + applied);
      const screenRows = readRows(term.buffer.normal, term.buffer.normal.baseY, term.buffer.normal.baseY + rows, []);
      expect(comparable(line.screen()).slice(1), `seed ${seed}`).toEqual(comparable(screenRows).slice(1));
      expect(line.state().x).toBe(term.buffer.normal.cursorX);
      term.dispose();
    }
  });
});

describe('SequenceScanner', () => {
  it('follows the alternate screen and asks for a look before it is left', () => {
    const scan = new SequenceScanner();
    expect(scan.scan('a\x1b[?1049hb', 24)).toEqual([]);
    expect(scan.alt).toBe(true);
    expect(scan.plain).toBe(false);
    const hits = scan.scan('xy\x1b[2Jz\x1b[?1049l', 24);
    expect(hits.map((h) => [h.kind, h.at])).toEqual([['alt-erase', 2], ['alt-leave', 7]]);
    expect(scan.alt).toBe(false);
    expect(scan.plain).toBe(true);
  });

  it('knows when the stream stops inside an escape sequence, across chunks', () => {
    const scan = new SequenceScanner();
    scan.scan('text\x1b[?10', 24);
    expect(scan.midSequence).toBe(true);
    scan.scan('49h', 24);
    expect(scan.midSequence).toBe(false);
    expect(scan.alt).toBe(true);
    scan.scan('\x1b]0;title', 24);
    expect(scan.midSequence).toBe(true);
    scan.scan(' more\x07', 24);
    expect(scan.midSequence).toBe(false);
  });

  it('marks erases that lose normal-screen text, resets, scroll regions and charsets', () => {
    const scan = new SequenceScanner();
    expect(scan.scan('\x1b[H\x1b[J', 24).map((h) => h.kind)).toEqual(['erase']);
    expect(scan.scan('a\x1b[J', 24)).toEqual([]);
    expect(scan.scan('\x1b[3J', 24).map((h) => h.kind)).toEqual(['erase']);
    scan.scan('\x1b[1;20r', 24);
    expect(scan.plain).toBe(false);
    scan.scan('\x1b[r', 24);
    expect(scan.plain).toBe(true);
    scan.scan('\x1b(0', 24);
    expect(scan.plain).toBe(false);
    expect(scan.scan('\x1bc', 24).map((h) => h.kind)).toEqual(['reset']);
    expect(scan.plain).toBe(true);
  });
});

describe('RowDiff', () => {
  const rows = (...texts: string[]): Row[] => texts.map((text) => ({ text, wrapped: false }));

  it('emits new and changed rows only, and follows rows that scrolled', () => {
    const diff = new RowDiff();
    const out: string[] = [];
    diff.sample(rows('$ ls', 'a  b', '$ '), out);
    expect(out).toEqual(['$ ls', 'a  b', '$']);
    out.length = 0;
    diff.sample(rows('$ ls', 'a  b', '$ '), out);
    expect(out).toEqual([]);
    // Two rows scrolled off; the prompt row got a command; two new rows.
    diff.scrolled.push(...rows('$ ls', 'a  b'));
    diff.sample(rows('$ cat x', 'secret', '$ '), out);
    expect(out).toEqual(['$ cat x', 'secret', '$']);
  });

  it('joins wrapped rows into one line', () => {
    const diff = new RowDiff();
    const out: string[] = [];
    diff.sample([{ text: 'abcde', wrapped: false }, { text: 'fg', wrapped: true }, { text: 'h', wrapped: false }], out);
    expect(out).toEqual(['abcdefg', 'h']);
  });
});
