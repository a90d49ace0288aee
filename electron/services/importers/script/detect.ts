// Recognising script's files by content: an advanced timing file (`H 0.000000 START_TIME ...`,
// lines `[IOSH] DELAY ...`), a classic timing file (lines `DELAY BYTES` only), and a log file that
// begins with "Script started on ".
import { HEADER_PREFIX } from './header.js';

export type ScriptFileKind = 'advanced-timing' | 'classic-timing' | 'log';

const ADVANCED_LINE = /^[IOSH] \d+\.\d+(?: .*)?$/;
const CLASSIC_LINE = /^\d+\.\d+ \d+$/;

export function sniffScript(head: Buffer, size: number): { kind: ScriptFileKind; confidence: number } | null {
  if (head.length === 0) return null;
  if (head.subarray(0, HEADER_PREFIX.length).toString('latin1') === HEADER_PREFIX) return { kind: 'log', confidence: 0.9 };
  const text = head.toString('latin1');
  const lines = text.split('\n');
  const complete = size <= head.length ? lines : lines.slice(0, -1);
  const nonEmpty = complete.filter((l) => l !== '');
  if (nonEmpty.length === 0) return null;
  const advanced = nonEmpty.filter((l) => ADVANCED_LINE.test(l)).length;
  const classic = nonEmpty.filter((l) => CLASSIC_LINE.test(l)).length;
  const starts = /^H \d+\.\d+ START_TIME /.test(nonEmpty[0] as string);
  if (advanced === nonEmpty.length) return { kind: 'advanced-timing', confidence: starts ? 0.95 : 0.8 };
  if (classic === nonEmpty.length) return { kind: 'classic-timing', confidence: 0.5 };
  // A damaged timing file is still one: its importer reports the lines it cannot read.
  if (starts || (advanced >= 5 && advanced >= 0.8 * nonEmpty.length)) return { kind: 'advanced-timing', confidence: 0.6 };
  if (classic >= 5 && classic >= 0.8 * nonEmpty.length) return { kind: 'classic-timing', confidence: 0.35 };
  return null;
}
