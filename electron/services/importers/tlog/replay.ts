// Applies one message's `timing` to its text and byte arrays: the terminal I/O of the message, in
// order, each piece with its offset (ms) from the message's `pos`. Pieces of one direction that
// follow each other with no delay and nothing in between (`>6]2/2>78`: text, raw bytes, text of one
// write) are one chunk, as the write was. Counts that disagree with the data are reported, and data
// the timing does not cover is still imported (at the message's last offset) so no byte is lost.
import type { TlogMessage } from './message.js';
import { advanceCodePoints, parseTiming } from './timing.js';

export type TlogPiece =
  | { kind: 'stream'; dir: 'in' | 'out'; offsetMs: number; parts: Array<string | Buffer> }
  | { kind: 'window'; offsetMs: number; cols: number; rows: number };

interface Cursor {
  text: string;
  textAt: number;
  bin: number[];
  binAt: number;
}

export function replayMessage(message: TlogMessage): { pieces: TlogPiece[]; problems: string[] } {
  const problems: string[] = [];
  const pieces: TlogPiece[] = [];
  const cursors: Record<'in' | 'out', Cursor> = {
    in: { text: message.inTxt, textAt: 0, bin: message.inBin, binAt: 0 },
    out: { text: message.outTxt, textAt: 0, bin: message.outBin, binAt: 0 },
  };
  const { ops, error } = parseTiming(message.timing);
  if (error !== null) problems.push(`timing has a syntax error at character ${error.at + 1}: ${error.message}; the rest of the timing is ignored`);
  let offsetMs = 0;
  let open: Extract<TlogPiece, { kind: 'stream' }> | null = null; // the chunk still being extended
  const add = (dir: 'in' | 'out', part: string | Buffer): void => {
    if (part.length === 0) return;
    if (open !== null && open.dir === dir && open.offsetMs === offsetMs) open.parts.push(part);
    else {
      open = { kind: 'stream', dir, offsetMs, parts: [part] };
      pieces.push(open);
    }
  };
  for (const op of ops) {
    switch (op.kind) {
      case 'delay':
        offsetMs += op.ms;
        if (op.ms > 0) open = null;
        break;
      case 'window':
        pieces.push({ kind: 'window', offsetMs, cols: op.cols, rows: op.rows });
        open = null;
        break;
      case 'text': {
        const c = cursors[op.dir];
        const end = advanceCodePoints(c.text, c.textAt, op.chars);
        if (end === -1) {
          problems.push(`timing takes ${op.chars} characters of ${op.dir}_txt, more than remain; took the rest`);
          add(op.dir, c.text.slice(c.textAt));
          c.textAt = c.text.length;
        } else {
          add(op.dir, c.text.slice(c.textAt, end));
          c.textAt = end;
        }
        break;
      }
      case 'bin': {
        const c = cursors[op.dir];
        const end = advanceCodePoints(c.text, c.textAt, op.skip);
        const skipped = c.text.slice(c.textAt, end === -1 ? c.text.length : end);
        if (end === -1) problems.push(`timing skips ${op.skip} placeholder characters of ${op.dir}_txt, more than remain`);
        else if (/[^\ufffd]/.test(skipped)) problems.push(`timing skips characters of ${op.dir}_txt that are not U+FFFD placeholders (${JSON.stringify(skipped.slice(0, 20))}); imported them`);
        // A skipped character that is not a placeholder would be lost: keep it.
        const stray = skipped.replace(/\ufffd/g, '');
        if (stray !== '') add(op.dir, stray);
        c.textAt = end === -1 ? c.text.length : end;
        const available = c.bin.length - c.binAt;
        if (op.bytes > available) problems.push(`timing takes ${op.bytes} bytes of ${op.dir}_bin, but only ${available} remain; took the rest`);
        const take = Math.min(op.bytes, available);
        add(op.dir, Buffer.from(c.bin.slice(c.binAt, c.binAt + take)));
        c.binAt += take;
        break;
      }
    }
  }
  for (const dir of ['in', 'out'] as const) {
    const c = cursors[dir];
    const restText = c.text.slice(c.textAt);
    const restBin = c.bin.length - c.binAt;
    if (restText.length > 0 || restBin > 0) {
      problems.push(
        `the timing does not account for ${[restText.length > 0 ? `${countCodePoints(restText)} characters of ${dir}_txt` : '', restBin > 0 ? `${restBin} bytes of ${dir}_bin` : ''].filter(Boolean).join(' and ')}; imported at the message's last time`,
      );
      open = null;
      add(dir, restText);
      if (restBin > 0) add(dir, Buffer.from(c.bin.slice(c.binAt)));
    }
  }
  return { pieces, problems };
}

function countCodePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800)) n++;
  }
  return n;
}
