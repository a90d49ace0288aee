// What the terminal showed at one moment, as styled runs of cells, for the report's screen
// excerpts: rendered by @xterm/headless from the session's output bytes exactly as recorded, so
// colours, cursor addressing, full-screen programs and wide characters come out as on the
// examinee's terminal. Runs never mix widths: a wide character (CJK) is its own run of two cells,
// so a renderer can place every run at its column and stay aligned.
import xtermHeadless from '@xterm/headless';
import type { IBufferCell, Terminal as HeadlessTerminal } from '@xterm/headless';
import { REPLAY_TERMINAL_OPTIONS } from '../../core/replay/terminal-options.js';

const { Terminal } = xtermHeadless;

export interface ScreenRun {
  /** 0-based column of the first cell. */
  col: number;
  text: string;
  /** Cells covered (a wide character covers 2). */
  cells: number;
  wide: boolean;
  /** `#rrggbb`, or null for the terminal's default. */
  fg: string | null;
  bg: string | null;
  bold: boolean;
  italic: boolean;
  underline: boolean;
}

export interface ScreenExcerpt {
  cols: number;
  /** Visible rows, top to bottom (trailing blank rows removed). */
  rows: ScreenRun[][];
}

/**
 * The 16 basic colours, as a modern terminal shows them on a dark background (VS Code's terminal
 * palette): xterm's own #0000ee blue is nearly invisible on the excerpt's dark background.
 */
const ANSI16 = ['#000000', '#cd3131', '#0dbc79', '#e5e510', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5', '#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff'];
const CUBE = [0, 95, 135, 175, 215, 255];

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

export function paletteColor(index: number): string {
  if (index < 16) return ANSI16[index] ?? '#e5e5e5';
  if (index < 232) {
    const i = index - 16;
    return `#${hex2(CUBE[Math.floor(i / 36)] ?? 0)}${hex2(CUBE[Math.floor(i / 6) % 6] ?? 0)}${hex2(CUBE[i % 6] ?? 0)}`;
  }
  const level = 8 + (index - 232) * 10;
  return `#${hex2(level)}${hex2(level)}${hex2(level)}`;
}

function fgOf(cell: IBufferCell): string | null {
  if (cell.isFgDefault()) return null;
  if (cell.isFgRGB()) return `#${cell.getFgColor().toString(16).padStart(6, '0')}`;
  const index = cell.getFgColor();
  // Bold text in one of the 8 basic colours is shown bright, as xterm and most terminals do.
  return paletteColor(cell.isBold() !== 0 && index < 8 ? index + 8 : index);
}

function bgOf(cell: IBufferCell): string | null {
  if (cell.isBgDefault()) return null;
  if (cell.isBgRGB()) return `#${cell.getBgColor().toString(16).padStart(6, '0')}`;
  return paletteColor(cell.getBgColor());
}

/** Default colours of the excerpt (a dark terminal, which the recorded colours were chosen for). */
export const DEFAULT_FG = '#e5e5e5';
export const DEFAULT_BG = '#1e1e1e';

/** A headless terminal fed with one session's output, snapshotted at chosen moments. */
export class SessionTerminal {
  private readonly term: HeadlessTerminal;

  constructor(cols: number, rows: number) {
    // The replay's settings (what a byte stream puts on the screen must match what the reviewer
    // replays), without scrollback: an excerpt shows the screen.
    this.term = new Terminal({ ...REPLAY_TERMINAL_OPTIONS, cols: Math.max(2, cols), rows: Math.max(1, rows), scrollback: 0, logLevel: 'off' });
  }

  write(bytes: Uint8Array): void {
    this.term.write(bytes);
  }

  resize(cols: number, rows: number): void {
    this.term.resize(Math.max(2, cols), Math.max(1, rows));
  }

  /** Resolves once everything written so far is parsed. */
  settle(): Promise<void> {
    return new Promise((resolve) => this.term.write('', resolve));
  }

  async snapshot(): Promise<ScreenExcerpt> {
    await this.settle();
    const buffer = this.term.buffer.active;
    const rows: ScreenRun[][] = [];
    let cell: IBufferCell | undefined;
    for (let y = 0; y < this.term.rows; y++) {
      const line = buffer.getLine(buffer.baseY + y);
      const runs: ScreenRun[] = [];
      if (line !== undefined) {
        for (let x = 0; x < this.term.cols; x++) {
          cell = line.getCell(x, cell);
          if (cell === undefined) break;
          const width = cell.getWidth();
          if (width === 0) continue; // the right half of a wide character
          let fg = fgOf(cell);
          let bg = bgOf(cell);
          if (cell.isInverse() !== 0) [fg, bg] = [bg ?? DEFAULT_BG, fg ?? DEFAULT_FG];
          const chars = cell.isInvisible() !== 0 ? ' ' : cell.getChars() === '' ? ' ' : cell.getChars();
          const style = { fg, bg, bold: cell.isBold() !== 0, italic: cell.isItalic() !== 0, underline: cell.isUnderline() !== 0 };
          const last = runs[runs.length - 1];
          const wide = width === 2;
          if (!wide && last !== undefined && !last.wide && last.col + last.cells === x && sameStyle(last, style)) {
            last.text += chars;
            last.cells += 1;
          } else {
            runs.push({ col: x, text: chars, cells: width, wide, ...style });
          }
        }
      }
      rows.push(trimRow(runs));
    }
    while (rows.length > 0 && (rows[rows.length - 1] as ScreenRun[]).length === 0) rows.pop();
    return { cols: this.term.cols, rows };
  }

  dispose(): void {
    this.term.dispose();
  }
}

function sameStyle(a: ScreenRun, b: Pick<ScreenRun, 'fg' | 'bg' | 'bold' | 'italic' | 'underline'>): boolean {
  return a.fg === b.fg && a.bg === b.bg && a.bold === b.bold && a.italic === b.italic && a.underline === b.underline;
}

/** Drops trailing blanks on the default background (they draw nothing). */
function trimRow(runs: ScreenRun[]): ScreenRun[] {
  while (runs.length > 0) {
    const last = runs[runs.length - 1] as ScreenRun;
    if (last.bg !== null || last.underline) break;
    const trimmed = last.text.replace(/ +$/, '');
    if (trimmed === '') {
      runs.pop();
      continue;
    }
    last.cells -= last.text.length - trimmed.length;
    last.text = trimmed;
    break;
  }
  return runs;
}

/** The row as plain text (one character per cell, wide characters once), for search and tests. */
export function rowText(runs: readonly ScreenRun[]): string {
  let out = '';
  let col = 0;
  for (const r of runs) {
    if (r.col > col) out += ' '.repeat(r.col - col);
    out += r.text;
    col = r.col + r.cells;
  }
  return out;
}
