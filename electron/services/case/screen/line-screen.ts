// The fast path: an exact emulation of the part of xterm that plain line output uses, about ten
// times faster than the full terminal. It holds while the normal screen is shown with default
// modes (auto-wrap on, no insert or origin mode, the whole screen scrolling, ASCII charset, default
// tab stops) and every row below the cursor is blank — the state a shell prompt, `ls`, `cat`, logs
// and build output live in. It understands printable characters of known width (char-width.ts),
// LF, VT, FF, CR, BS, HT, BEL, NUL, SGR, EL, ED 0, CUF, CUB, CHA, OSC strings, keypad and charset-B
// designations and harmless private modes (cursor keys, cursor visibility, mouse, bracketed paste).
// Wide (CJK) and astral (emoji) characters are only appended: once the cursor row holds one, an
// edit in the middle of that row is left to the terminal, as is everything not listed here:
// it stops the emulator where it stands (`stop` = 'unsupported'); the session then rebuilds this
// screen in a real terminal (reconstruction()) and feeds the rest there. Each rule below follows
// @xterm/headless 6 (InputHandler print/lineFeed/backspace/tab/eraseInLine/cursor*), and
// test/unit/screen-line.test.ts checks the two agree on random line output.
import { CELL_WIDTH, SINGLE_CELL_RANGES, WIDTH_DOUBLE, WIDTH_SINGLE, WIDTH_SURROGATE, astralWidth } from './char-width.js';
import { BLANK_ROW, type Row } from './screen-rows.js';

/** feed() results below zero. */
const INCOMPLETE = -1;
const UNSUPPORTED = -2;

/** Private modes (CSI ? n h/l) that change nothing on the screen. */
const HARMLESS_MODES = new Set([1, 9, 12, 25, 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1015, 1016, 2004, 2026]);

/** A run of one-cell characters (the compiled regular expression scans ~2-4x faster than a charCodeAt loop). */
const SINGLE_RUN = new RegExp(`[${SINGLE_CELL_RANGES.map(([from, to]) => `${unicodeEscape(from)}-${unicodeEscape(to)}`).join('')}]*`, 'y');

function unicodeEscape(unit: number): string {
  return `\\u${unit.toString(16).padStart(4, '0')}`;
}

/** Longest escape sequence kept over a chunk boundary before the terminal takes over. */
const MAX_PENDING_SEQUENCE = 4096;

export interface LineState {
  /** Rows above the cursor row, top first (at most rows - 1). */
  above: Row[];
  /** The cursor row's text (blank cells as spaces; trailing blanks may be left out). */
  cur: string;
  curWrapped: boolean;
  /** Cursor column, 0..cols (cols: a wrap is pending). */
  x: number;
}

export class LineScreen {
  readonly cols: number;
  readonly rows: number;
  /** Why the last feed() stopped before the end: an escape sequence is incomplete, or unsupported. */
  stop: 'done' | 'incomplete' | 'unsupported' = 'done';
  /** Rows above the cursor row: a ring of rows - 1 slots, oldest (top) at `head`. */
  private readonly above: Row[];
  private head = 0;
  private count = 0;
  private cur: string;
  /** Cells taken by `cur` (content ends there; the rest of the row is blank). */
  private curCells: number;
  /** Every character of `cur` takes one cell and one UTF-16 unit: index = column. */
  private curSimple: boolean;
  private curWrapped: boolean;
  private x: number;
  private readonly onScroll: (row: Row) => void;
  private readonly params: number[] = [];

  /**
   * `onScroll` receives each row that scrolls off the top of the screen. `state`: the screen to
   * start from; its cursor row must pass measure() and fit the width.
   */
  constructor(cols: number, rows: number, onScroll: (row: Row) => void, state?: LineState) {
    this.cols = cols;
    this.rows = rows;
    this.onScroll = onScroll;
    const initial = rows === 1 ? [] : (state?.above.slice(-(rows - 1)) ?? []);
    this.above = new Array<Row>(Math.max(0, rows - 1)).fill(BLANK_ROW);
    initial.forEach((row, i) => (this.above[i] = row));
    this.count = initial.length;
    const cur = state?.cur ?? '';
    const measured = LineScreen.measure(cur);
    if (measured === null || measured.cells > cols) throw new RangeError('the cursor row holds characters the line emulator does not know');
    this.cur = cur;
    this.curCells = measured.cells;
    this.curSimple = measured.simple;
    this.curWrapped = state?.curWrapped ?? false;
    this.x = Math.min(cols, Math.max(0, state?.x ?? 0));
  }

  /** The cells `text` takes, and whether it is all one-cell BMP characters; null: unknown widths. */
  static measure(text: string): { cells: number; simple: boolean } | null {
    let cells = 0;
    let simple = true;
    for (let i = 0; i < text.length; i++) {
      const w = CELL_WIDTH[text.charCodeAt(i)];
      if (w === WIDTH_SINGLE) cells++;
      else if (w === WIDTH_DOUBLE) {
        cells += 2;
        simple = false;
      } else if (w === WIDTH_SURROGATE) {
        const width = astralWidth(text.codePointAt(i) ?? 0);
        if (width === 0 || i + 1 >= text.length) return null;
        cells += width;
        simple = false;
        i++;
      } else return null;
    }
    return { cells, simple };
  }

  /**
   * Applies `s` from `from` on; returns the index where it stopped (s.length when all was applied).
   * Before s.length, `stop` says why: the rest starts with an incomplete escape sequence (keep it
   * for the next chunk), or with something this emulation does not do (hand it to a terminal).
   */
  feed(s: string, from = 0): number {
    const n = s.length;
    // Imported bindings are checked on every access; the hot loop reads local copies.
    const widths = CELL_WIDTH;
    const run = SINGLE_RUN;
    const single = WIDTH_SINGLE;
    const double = WIDTH_DOUBLE;
    const surrogate = WIDTH_SURROGATE;
    let i = from;
    while (i < n) {
      const c = s.charCodeAt(i);
      const width = widths[c];
      if (width === single) {
        run.lastIndex = i + 1;
        run.test(s);
        const j = Math.max(run.lastIndex, i + 1);
        const reached = this.print(s, i, j);
        if (reached < j) {
          this.stop = 'unsupported';
          return reached;
        }
        i = j;
        continue;
      }
      if (width === double || width === surrogate) {
        if (width === surrogate && i + 1 >= n) {
          this.stop = 'incomplete'; // the character's second half comes with the next chunk
          return i;
        }
        const cells = width === double ? 2 : astralWidth(s.codePointAt(i) ?? 0);
        const size = width === double ? 1 : 2;
        if (cells === 0 || !this.printOne(s.slice(i, i + size), cells)) {
          this.stop = 'unsupported';
          return i;
        }
        i += size;
        continue;
      }
      switch (c) {
        case 0x0a:
        case 0x0b:
        case 0x0c:
          this.lineFeed();
          i++;
          continue;
        case 0x0d:
          this.x = 0;
          i++;
          continue;
        case 0x08:
          this.x = Math.min(this.x, this.cols - 1);
          if (this.x > 0) this.x--;
          i++;
          continue;
        case 0x09:
          if (this.x < this.cols) {
            const stop = (Math.floor(this.x / 8) + 1) * 8;
            this.x = stop >= this.cols ? this.cols - 1 : stop;
          }
          i++;
          continue;
        case 0x00:
        case 0x07:
          i++;
          continue;
        case 0x1b: {
          const next = this.escape(s, i);
          if (next >= 0) {
            i = next;
            continue;
          }
          this.stop = next === INCOMPLETE && n - i <= MAX_PENDING_SEQUENCE ? 'incomplete' : 'unsupported';
          return i;
        }
        default:
          this.stop = 'unsupported';
          return i;
      }
    }
    this.stop = 'done';
    return n;
  }

  /** The screen, top row first: `rows` rows. */
  screen(): Row[] {
    const rows: Row[] = this.aboveRows();
    rows.push({ text: this.cur, wrapped: this.curWrapped });
    while (rows.length < this.rows) rows.push(BLANK_ROW);
    return rows;
  }

  state(): LineState {
    return { above: this.aboveRows(), cur: this.cur, curWrapped: this.curWrapped, x: this.x };
  }

  /**
   * Terminal input that rebuilds this screen in a fresh terminal of the same size: a full reset, the
   * rows (a continued row is written whole so the terminal wraps it itself), the cursor column.
   * `lead` rows are written first and scroll off into the terminal's scrollback: the start of a
   * wrapped line whose end is on screen (possible only when the cursor row is the bottom row).
   */
  reconstruction(lead: readonly Row[] = []): string {
    const all: Row[] = this.count + 1 === this.rows ? [...lead, ...this.aboveRows()] : this.aboveRows();
    all.push({ text: this.x >= this.cols ? this.padded() : this.cur, wrapped: this.curWrapped });
    let out = '\x1bc';
    all.forEach((row, k) => {
      if (k > 0 && !row.wrapped) out += '\r\n';
      // An empty continued row: a blank wraps onto it and is erased (EL 1 keeps the wrap flag).
      else if (k > 0 && row.text === '') out += ' \b\x1b[1K';
      out += row.text;
    });
    if (this.x < this.cols) out += this.x > 0 ? `\r\x1b[${this.x}C` : '\r';
    return out;
  }

  /** Rows written by reconstruction(lead) before the screen's rows. */
  leadRows(lead: readonly Row[]): number {
    return this.count + 1 === this.rows ? lead.length : 0;
  }

  /** Prints one-cell BMP characters s[from..to); returns where it had to stop (to: nowhere). */
  /** The rows above the cursor row, top first. */
  private aboveRows(): Row[] {
    const size = this.above.length;
    const rows: Row[] = [];
    for (let k = 0; k < this.count; k++) rows.push(this.above[(this.head + k) % size] as Row);
    return rows;
  }

  private print(s: string, from: number, to: number): number {
    const cols = this.cols;
    let i = from;
    while (i < to) {
      if (this.x >= cols) this.wrap();
      const x = this.x;
      const cur = this.cur;
      if (x < this.curCells && !this.curSimple) return i; // an edit inside a row with wide characters
      const take = Math.min(to - i, cols - x);
      const segment = s.slice(i, i + take);
      if (x === this.curCells) this.cur = cur + segment;
      else if (x > this.curCells) this.cur = cur + ' '.repeat(x - this.curCells) + segment;
      else this.cur = cur.slice(0, x) + segment + cur.slice(x + take);
      this.curCells = Math.max(this.curCells, x + take);
      this.x = x + take;
      i += take;
    }
    return to;
  }

  /** Appends one wide or astral character taking `cells` cells; false: it would edit the row's middle. */
  private printOne(ch: string, cells: number): boolean {
    if (cells > this.cols) return false;
    if (this.x + cells > this.cols) {
      // It does not fit: the rest of the row is blanked and the character wraps to the next row.
      if (this.x < this.curCells) {
        if (!this.curSimple) return false;
        this.cur = this.cur.slice(0, this.x);
        this.curCells = this.x;
      }
      this.wrap();
    }
    const x = this.x;
    if (x < this.curCells) return false;
    this.cur += (x > this.curCells ? ' '.repeat(x - this.curCells) : '') + ch;
    this.curCells = x + cells;
    this.curSimple = false;
    this.x = x + cells;
    return true;
  }

  /** The cursor row with all its cells (what a continued row holds). */
  private padded(): string {
    return this.curCells < this.cols ? this.cur + ' '.repeat(this.cols - this.curCells) : this.cur;
  }

  /** Automatic wrap: the cursor row is continued by a new row. */
  private wrap(): void {
    this.pushRow({ text: this.padded(), wrapped: this.curWrapped });
    this.setCur('');
    this.curWrapped = true;
    this.x = 0;
  }

  private setCur(text: string): void {
    this.cur = text;
    this.curCells = text.length;
    this.curSimple = true;
  }

  private lineFeed(): void {
    this.pushRow({ text: this.cur, wrapped: this.curWrapped });
    this.setCur('');
    this.curWrapped = false;
    if (this.x >= this.cols) this.x = this.cols - 1;
  }

  /** The cursor row moves up into `above` (scrolling the top row off when the screen is full). */
  private pushRow(row: Row): void {
    if (this.rows === 1) {
      this.onScroll(row);
      return;
    }
    const size = this.above.length;
    if (this.count < size) {
      this.above[(this.head + this.count) % size] = row;
      this.count++;
      return;
    }
    this.onScroll(this.above[this.head] as Row);
    this.above[this.head] = row;
    this.head = this.head + 1 === size ? 0 : this.head + 1;
  }

  /** EL (and ED 0 on the cursor row); false: it would cut a row with wide characters. */
  private eraseInLine(mode: number): boolean {
    const x = this.x;
    if (mode === 0) {
      if (x === 0) this.setCur('');
      else if (x < this.curCells) {
        if (!this.curSimple) return false;
        this.setCur(this.cur.slice(0, x));
      }
      if (x === 0) this.curWrapped = false;
    } else if (mode === 1) {
      const end = Math.min(x + 1, this.cols);
      if (end >= this.curCells) this.setCur('');
      else if (!this.curSimple) return false;
      else this.setCur(' '.repeat(end) + this.cur.slice(end));
    } else if (mode === 2) {
      this.setCur('');
      this.curWrapped = false;
    }
    return true;
  }

  /** s[i] is ESC: the index after the sequence, INCOMPLETE or UNSUPPORTED. */
  private escape(s: string, i: number): number {
    if (i + 1 >= s.length) return INCOMPLETE;
    const c = s.charCodeAt(i + 1);
    if (c === 0x5b) return this.csi(s, i);
    if (c === 0x5d) return osc(s, i);
    if (c === 0x3d || c === 0x3e) return i + 2; // keypad application / numeric mode
    if (c === 0x28) {
      if (i + 2 >= s.length) return INCOMPLETE;
      return s.charCodeAt(i + 2) === 0x42 ? i + 3 : UNSUPPORTED; // ESC ( B: G0 is ASCII (already)
    }
    return UNSUPPORTED;
  }

  private csi(s: string, i: number): number {
    const n = s.length;
    let j = i + 2;
    const priv = j < n && s.charCodeAt(j) === 0x3f;
    if (priv) j++;
    const paramsFrom = j;
    let colon = false;
    for (; j < n; j++) {
      const c = s.charCodeAt(j);
      if ((c >= 0x30 && c <= 0x39) || c === 0x3b) continue;
      if (c === 0x3a) {
        colon = true;
        continue;
      }
      if (c < 0x40 || c > 0x7e) return UNSUPPORTED;
      // SGR (most sequences in output) needs no parameters.
      if (c === 0x6d) return priv ? UNSUPPORTED : j + 1;
      const params = this.params;
      params.length = 0;
      let value = 0;
      for (let k = paramsFrom; k < j; k++) {
        const d = s.charCodeAt(k);
        if (d >= 0x30 && d <= 0x39) {
          value = value * 10 + d - 0x30;
          if (value > 9999) return UNSUPPORTED;
        } else {
          params.push(value);
          value = 0;
          if (params.length > 32) return UNSUPPORTED;
        }
      }
      params.push(value);
      return this.csiFinal(c, priv, colon, params) ? j + 1 : UNSUPPORTED;
    }
    return INCOMPLETE;
  }

  private csiFinal(final: number, priv: boolean, colon: boolean, params: readonly number[]): boolean {
    const p0 = params[0] ?? 0;
    if (final === 0x6d) return !priv; // SGR: colours do not change the text
    if (final === 0x68 || final === 0x6c) return priv && !colon && params.every((p) => HARMLESS_MODES.has(p));
    if (priv || colon) return false;
    const cols = this.cols;
    switch (final) {
      case 0x4b: // EL
        return this.eraseInLine(p0);
      case 0x4a: // ED 0: the rest of the cursor row (rows below are blank already)
        return p0 === 0 && this.eraseInLine(0);
      case 0x43: // CUF
        this.x = Math.min(cols - 1, Math.min(this.x, cols - 1) + (p0 || 1));
        return true;
      case 0x44: // CUB
        this.x = Math.max(0, Math.min(this.x, cols - 1) - (p0 || 1));
        return true;
      case 0x47: // CHA
        this.x = Math.min(cols - 1, Math.max(0, (p0 || 1) - 1));
        return true;
      default:
        return false;
    }
  }
}

/** s[i..] is ESC ]: an OSC string (window title, hyperlink, ...) ended by BEL or ST. */
function osc(s: string, i: number): number {
  for (let j = i + 2; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x07) return j + 1;
    if (c === 0x1b) {
      if (j + 1 >= s.length) return INCOMPLETE;
      return s.charCodeAt(j + 1) === 0x5c ? j + 2 : UNSUPPORTED;
    }
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return UNSUPPORTED;
  }
  return INCOMPLETE;
}
