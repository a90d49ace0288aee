// Cell-by-cell description of a headless terminal's screen (characters, widths, colours and every
// attribute, wrapped flags, cursor, buffer type, modes), for comparing two terminals exactly.
import type { IBufferCell, Terminal } from '@xterm/headless';

function cellKey(c: IBufferCell): string {
  return [
    c.getChars(),
    c.getWidth(),
    c.getFgColorMode(),
    c.getFgColor(),
    c.getBgColorMode(),
    c.getBgColor(),
    c.isBold(),
    c.isDim(),
    c.isItalic(),
    c.isUnderline(),
    c.isBlink(),
    c.isInverse(),
    c.isInvisible(),
    c.isStrikethrough(),
    c.isOverline(),
  ].join('\u0001');
}

/** The rows of the active buffer from `fromRow` (absolute) to its end, one string per row. */
function rows(term: Terminal, from: number, to: number): string[] {
  const buffer = term.buffer.active;
  const out: string[] = [];
  for (let y = from; y < to; y++) {
    const line = buffer.getLine(y);
    if (line === undefined) {
      out.push('<missing>');
      continue;
    }
    const cells: string[] = [line.isWrapped ? 'W' : '-'];
    for (let x = 0; x < term.cols; x++) {
      const cell = line.getCell(x);
      cells.push(cell === undefined ? '<none>' : cellKey(cell));
    }
    out.push(cells.join('\u0002'));
  }
  return out;
}

export interface ScreenDump {
  size: string;
  buffer: string;
  cursor: string;
  modes: string;
  viewport: string[];
  /** The last scrollback rows (as many as asked for). */
  scrollback: string[];
}

export function dumpScreen(term: Terminal, scrollbackRows = 0): ScreenDump {
  const buffer = term.buffer.active;
  const base = buffer.baseY;
  const n = Math.min(scrollbackRows, base);
  return {
    size: `${term.cols}x${term.rows}`,
    buffer: buffer.type,
    cursor: `${buffer.cursorX},${buffer.cursorY}`,
    modes: JSON.stringify(term.modes),
    viewport: rows(term, base, base + term.rows),
    scrollback: rows(term, base - n, base),
  };
}

/** Readable text of the viewport, for failure messages. */
export function viewportText(term: Terminal): string {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < term.rows; y++) lines.push(buffer.getLine(buffer.baseY + y)?.translateToString(true) ?? '');
  return lines.join('\n');
}

export function scrollbackRows(term: Terminal): number {
  return term.buffer.active.baseY;
}

/** '' when the two dumps are equal; else what differs first, readably (for a failure message). */
export function describeDifference(restored: ScreenDump, reference: ScreenDump): string {
  const problems: string[] = [];
  for (const key of ['size', 'buffer', 'cursor', 'modes'] as const) {
    if (restored[key] !== reference[key]) problems.push(`${key}: ${restored[key]} instead of ${reference[key]}`);
  }
  for (const part of ['viewport', 'scrollback'] as const) {
    const a = restored[part];
    const b = reference[part];
    if (a.length !== b.length) problems.push(`${part}: ${a.length} rows instead of ${b.length}`);
    for (let y = 0; y < Math.min(a.length, b.length); y++) {
      if (a[y] === b[y]) continue;
      const ca = (a[y] as string).split('\u0002');
      const cb = (b[y] as string).split('\u0002');
      const x = ca.findIndex((c, i) => c !== cb[i]);
      const show = (cells: string[]): string => cells.map((c) => c.split('\u0001')[0] || '·').join('').slice(1);
      problems.push(`${part} row ${y}, cell ${x - 1}: ${JSON.stringify(ca[x]?.split('\u0001'))} instead of ${JSON.stringify(cb[x]?.split('\u0001'))}\n  restored:  ${show(ca)}\n  reference: ${show(cb)}`);
      break;
    }
  }
  return problems.join('\n');
}
