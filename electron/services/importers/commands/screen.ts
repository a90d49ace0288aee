// A headless terminal fed with one session's output, that can report what the screen shows at an
// exact point of the byte stream. xterm parses writes asynchronously in batches; instead of waiting
// for it before every look (a timer tick each), a private OSC marker is written into the stream and
// its handler reads the screen while the parser is exactly there. Markers are consumed by the
// handler and change nothing on the screen; an incomplete UTF-8 character around a marker is
// kept, because strings and bytes go through separate decoders in xterm.
import xtermHeadless from '@xterm/headless';
import type { Terminal as HeadlessTerminal } from '@xterm/headless';

const { Terminal } = xtermHeadless;

/** OSC number of the markers (private; unknown to shells and programs). */
const MARKER_OSC = 7789;
/** Before this much unparsed data piles up (xterm refuses writes beyond 50 MB), wait for the parser. */
const MAX_UNPARSED = 8 << 20;
/** A logical line (a row plus the rows wrapped onto it) longer than this many rows is cut. */
const MAX_WRAPPED_ROWS = 64;

export interface ScreenLine {
  /** The logical line under the cursor (wrapped rows joined), right-trimmed. */
  text: string;
  /** The part of that line before the cursor (not trimmed). */
  beforeCursor: string;
  /** The alternate screen (full-screen programs: less, vim, top) is active. */
  alt: boolean;
}

export class Screen {
  private readonly term: HeadlessTerminal;
  private readonly waiting = new Map<number, { callback: (line: ScreenLine) => void; wanted?: () => boolean }>();
  private nextId = 1;
  private unparsed = 0;

  constructor(cols: number, rows: number) {
    this.term = new Terminal({ cols, rows, scrollback: 200, allowProposedApi: true, logLevel: 'off' });
    this.term.parser.registerOscHandler(MARKER_OSC, (data) => {
      const id = Number(data);
      const entry = this.waiting.get(id);
      if (entry !== undefined) {
        this.waiting.delete(id);
        if (entry.wanted === undefined || entry.wanted()) entry.callback(this.read());
      }
      return true;
    });
  }

  /** Whether the caller should `await sync()` before writing more. */
  get congested(): boolean {
    return this.unparsed > MAX_UNPARSED;
  }

  write(data: string | Uint8Array): void {
    if (data.length === 0) return;
    this.unparsed += data.length;
    this.term.write(data);
  }

  /**
   * Calls `callback` with the screen as it is after everything written so far — only if `wanted`
   * (asked at that same moment) says so, sparing the read of the screen otherwise.
   */
  capture(callback: (line: ScreenLine) => void, wanted?: () => boolean): void {
    const id = this.nextId++;
    this.waiting.set(id, wanted === undefined ? { callback } : { callback, wanted });
    this.term.write(`\x1b]${MARKER_OSC};${id}\x07`);
  }

  /** Resolves once everything written so far is parsed (and every capture called). */
  sync(): Promise<void> {
    this.unparsed = 0;
    return new Promise((resolve) => this.term.write('', resolve));
  }

  async resize(cols: number, rows: number): Promise<void> {
    await this.sync();
    if (cols > 0 && rows > 0 && (cols !== this.term.cols || rows !== this.term.rows)) this.term.resize(cols, rows);
  }

  dispose(): void {
    this.term.dispose();
  }

  private read(): ScreenLine {
    const buffer = this.term.buffer.active;
    const y = buffer.baseY + buffer.cursorY;
    let start = y;
    while (start > 0 && y - start < MAX_WRAPPED_ROWS && buffer.getLine(start)?.isWrapped === true) start--;
    let end = y;
    while (end - start < MAX_WRAPPED_ROWS && buffer.getLine(end + 1)?.isWrapped === true) end++;
    let text = '';
    let beforeCursor = '';
    for (let row = start; row <= end; row++) {
      const line = buffer.getLine(row);
      if (line === undefined) break;
      // Rows that wrap onto the next are full: keep their trailing blanks, they are part of the line.
      text += line.translateToString(row === end);
      if (row < y) beforeCursor += line.translateToString(false);
      else if (row === y) beforeCursor += line.translateToString(false, 0, buffer.cursorX);
    }
    return { text: text.trimEnd(), beforeCursor, alt: buffer.type === 'alternate' };
  }
}
