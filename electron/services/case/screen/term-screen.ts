// The full terminal: one @xterm/headless instance for a session while its output needs real
// emulation (cursor addressing, full-screen programs, scroll regions, wide characters, ...).
//
// Like commands/screen.ts (the command extractor's terminal), it looks at the screen through
// private OSC markers written into the stream: xterm parses asynchronously in timer slices, and
// awaiting it for every look would cost a timer tick each; a marker's handler runs while the parser
// is exactly there. That class cannot be reused as it is: it keeps a fixed 200-line scrollback,
// reads only the cursor line and keeps its terminal private. The markers here carry a per-sampler
// nonce, so a recording cannot trigger them by printing the same OSC.
//
// Output is written as bytes, exactly as recorded; markers and rebuilt screens as strings. xterm
// decodes the two through separate decoders, so a UTF-8 character split across records survives a
// marker written between its halves.
import { randomBytes } from 'node:crypto';
import xtermHeadless from '@xterm/headless';
import type { IBuffer, IMarker, Terminal as HeadlessTerminal } from '@xterm/headless';
import { LineScreen, type LineState } from './line-screen.js';
import type { Row } from './screen-rows.js';

const { Terminal } = xtermHeadless;

/** OSC number of the markers (private; commands/screen.ts uses 7789). */
const MARKER_OSC = 7790;

/** Counts shared by all terminals of a sampler. */
export interface TermBudget {
  /** Bytes written to any terminal and not parsed yet. */
  unparsed: number;
  /** Terminals created and not disposed. */
  live: number;
}

export class TermScreen {
  /** Bytes written and not parsed yet. */
  unparsed = 0;
  private readonly term: HeadlessTerminal;
  private readonly budget: TermBudget;
  private readonly nonce: string;
  private readonly waiting = new Map<number, () => void>();
  private nextId = 1;
  private pendingWrites = 0;
  private disposed = false;
  private closed: Promise<void> | undefined;

  constructor(cols: number, rows: number, scrollback: number, budget: TermBudget, nonce = randomBytes(6).toString('hex')) {
    this.nonce = nonce;
    this.budget = budget;
    budget.live++;
    this.term = new Terminal({
      cols,
      rows,
      scrollback,
      // ED 2 (`clear`) pushes the screen into the scrollback instead of dropping it: nothing shown is lost.
      scrollOnEraseInDisplay: true,
      allowProposedApi: true,
      logLevel: 'off',
    });
    this.term.parser.registerOscHandler(MARKER_OSC, (data) => {
      const sep = data.indexOf(';');
      if (sep < 0 || data.slice(0, sep) !== this.nonce) return false;
      const id = Number(data.slice(sep + 1));
      const callback = this.waiting.get(id);
      if (callback === undefined) return false;
      this.waiting.delete(id);
      callback();
      return true;
    });
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  /** Everything written so far is parsed (and every marker's callback has run). */
  get idle(): boolean {
    return this.pendingWrites === 0;
  }

  get normal(): IBuffer {
    return this.term.buffer.normal;
  }

  /** The alternate screen's buffer when it is active, else null. */
  get alt(): IBuffer | null {
    const active = this.term.buffer.active;
    return active.type === 'alternate' ? active : null;
  }

  /** Modes that the fast line emulator assumes (auto-wrap on; insert, origin, reverse-wrap off). */
  get plainModes(): boolean {
    const m = this.term.modes;
    return m.wraparoundMode && !m.insertMode && !m.originMode && !m.reverseWraparoundMode;
  }

  write(data: Uint8Array | string, done?: () => void): void {
    if (data.length === 0 && done === undefined) return;
    const size = data.length;
    this.unparsed += size;
    this.budget.unparsed += size;
    this.pendingWrites++;
    this.term.write(data, () => {
      this.unparsed -= size;
      this.budget.unparsed -= size;
      this.pendingWrites--;
      done?.();
    });
  }

  /** Calls `callback` when the parser reaches this point of the stream. */
  mark(callback: () => void): void {
    const id = this.nextId++;
    this.waiting.set(id, callback);
    this.write(`\x1b]${MARKER_OSC};${this.nonce};${id}\x07`);
  }

  /** Resolves once everything written so far is parsed. */
  sync(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.write('', resolve));
  }

  /** Only when idle (a resize applies at once, not at the stream's position). */
  resize(cols: number, rows: number): void {
    if (cols !== this.term.cols || rows !== this.term.rows) this.term.resize(cols, rows);
  }

  /** A marker on line `line` of the normal buffer (only while it is the active one). */
  markLine(line: number): IMarker | undefined {
    const buffer = this.term.buffer.active;
    if (buffer.type !== 'normal') return undefined;
    return this.term.registerMarker(line - (buffer.baseY + buffer.cursorY));
  }

  /** Disposes the terminal once everything written so far is parsed (idempotent). */
  closeWhenParsed(): Promise<void> {
    this.closed ??= new Promise((resolve) => {
      this.write('', () => {
        // Not from inside xterm's own write loop.
        setImmediate(() => {
          this.dispose();
          resolve();
        });
      });
    });
    return this.closed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.budget.live--;
    this.budget.unparsed -= this.unparsed;
    this.unparsed = 0;
    this.waiting.clear();
    this.term.dispose();
  }

  /**
   * The normal screen as the fast emulator's state, or null when it does not fit that model:
   * another buffer is active, a mode differs, a row below the cursor is not blank, or the cursor
   * row holds a character that is not a plain single cell.
   */
  lineState(): LineState | null {
    if (this.alt !== null || !this.plainModes) return null;
    const buffer = this.normal;
    const rows = this.term.rows;
    const y = buffer.cursorY;
    for (let r = y + 1; r < rows; r++) {
      const line = buffer.getLine(buffer.baseY + r);
      if (line !== undefined && (line.isWrapped || line.translateToString(true).trim() !== '')) return null;
    }
    const line = buffer.getLine(buffer.baseY + y);
    if (line === undefined) return null;
    const cur = line.translateToString(true);
    // Characters of unknown width (combining marks, ...) keep the terminal.
    if (LineScreen.measure(cur) === null) return null;
    const above: Row[] = [];
    readRows(buffer, buffer.baseY, buffer.baseY + y, above);
    return { above, cur, curWrapped: line.isWrapped, x: buffer.cursorX };
  }
}

/**
 * Rows from..to-1 of `buffer`. A row the next row continues holds all its cells (so the two join
 * correctly); others are read without the empty cells at their end.
 */
export function readRows(buffer: IBuffer, from: number, to: number, out: Row[]): Row[] {
  let line = buffer.getLine(Math.max(0, from));
  for (let i = Math.max(0, from); i < to; i++) {
    const next = buffer.getLine(i + 1);
    out.push(line === undefined ? { text: '', wrapped: false } : { text: line.translateToString(next?.isWrapped !== true), wrapped: line.isWrapped });
    line = next;
  }
  return out;
}

/** The visible screen of `buffer`. */
export function screenRows(buffer: IBuffer, rows: number): Row[] {
  return readRows(buffer, buffer.baseY, buffer.baseY + rows, []);
}
