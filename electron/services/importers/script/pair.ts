// Pairing script's files. Advanced timing files name their logs (H OUTPUT_LOG / INPUT_LOG, as given
// on the recording machine's command line: only the file name is used). A classic timing file names
// nothing: it is paired with the log whose recorded byte count equals the sum of its counts, the
// name (`x.timing` / `x.typescript`, `timing` / `typescript`) deciding between equals.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { scanDelayAndCount } from '../common/decimal.js';
import { fileChunks } from '../common/file-source.js';
import { readLines } from '../common/line-reader.js';
import { dataLength, type ScriptLog } from './log-file.js';

export interface AdvancedNames {
  output: string | null;
  input: string | null;
}

/** OUTPUT_LOG / INPUT_LOG from the H lines at the top of an advanced timing file. */
export async function advancedLogNames(timing: string): Promise<AdvancedNames> {
  const names: AdvancedNames = { output: null, input: null };
  const lines = readLines(fileChunks(timing), 1 << 20)[Symbol.asyncIterator]();
  try {
    for (let n = 0; n < 64; n++) {
      const next = await lines.next();
      if (next.done === true) break;
      const m = /^H \d+\.\d+ (OUTPUT_LOG|INPUT_LOG) (.*)$/.exec(next.value.bytes.toString('utf8'));
      if (m !== null) names[m[1] === 'OUTPUT_LOG' ? 'output' : 'input'] = m[2] as string;
      else if (!next.value.bytes.toString('latin1').startsWith('H ')) break;
    }
  } finally {
    await lines.return?.(undefined);
  }
  return names;
}

/** Sum of the byte counts of a classic timing file (a fast scan: `DELAY BYTES` per line). */
export async function classicByteSum(timing: string): Promise<number> {
  let sum = 0;
  for await (const line of readLines(fileChunks(timing), 1 << 20)) {
    const fields = scanDelayAndCount(line.bytes, 0, 6);
    if (fields !== null) sum += fields[1];
    else {
      const m = /^\d+(?:[.,]\d+)? (\d{1,13})\r?$/.exec(line.bytes.toString('latin1'));
      if (m !== null) sum += Number(m[1]);
    }
  }
  return sum;
}

/** Finds the log a timing file names, among the candidates first, then beside the timing file. */
export function findNamedLog(timing: string, name: string, candidates: readonly string[]): string | null {
  const base = path.basename(name);
  const dir = path.dirname(timing);
  const sameDir = candidates.find((c) => path.dirname(c) === dir && path.basename(c) === base);
  if (sameDir !== undefined) return sameDir;
  const elsewhere = candidates.filter((c) => path.basename(c) === base);
  if (elsewhere.length === 1) return elsewhere[0] as string;
  const beside = path.join(dir, base);
  return existsSync(beside) ? beside : null;
}

const stem = (file: string): string => path.basename(file).replace(/\.(?:timing|time|tm|tim|typescript|ts|log|out|script)$/i, '');

export function namesRelated(timing: string, log: string): boolean {
  const t = path.basename(timing).toLowerCase();
  const l = path.basename(log).toLowerCase();
  if ((t === 'timing' || t === 'time' || t === 'timingfile') && l === 'typescript') return true;
  return stem(timing) === stem(log) && timing !== log;
}

export interface ClassicPair {
  timing: string;
  log: ScriptLog;
}

/**
 * Greedy pairing by score: equal byte counts weigh most, then a related name, then the same folder.
 * A pair needs equal counts or a related name.
 */
export function pairClassic(timings: Array<{ path: string; sum: number }>, logs: ScriptLog[]): { pairs: ClassicPair[]; lonelyTimings: string[]; lonelyLogs: ScriptLog[] } {
  const scored: Array<{ t: number; l: number; score: number }> = [];
  timings.forEach((timing, t) => {
    logs.forEach((log, l) => {
      const sizeMatch = dataLength(log) === timing.sum || log.size === timing.sum;
      const nameMatch = namesRelated(timing.path, log.path);
      if (!sizeMatch && !nameMatch) return;
      const score = (sizeMatch ? 10 : 0) + (nameMatch ? 3 : 0) + (path.dirname(timing.path) === path.dirname(log.path) ? 2 : 0);
      scored.push({ t, l, score });
    });
  });
  scored.sort((a, b) => b.score - a.score || a.t - b.t || a.l - b.l);
  const usedT = new Set<number>();
  const usedL = new Set<number>();
  const pairs: ClassicPair[] = [];
  for (const s of scored) {
    if (usedT.has(s.t) || usedL.has(s.l)) continue;
    usedT.add(s.t);
    usedL.add(s.l);
    pairs.push({ timing: (timings[s.t] as { path: string }).path, log: logs[s.l] as ScriptLog });
  }
  return {
    pairs,
    lonelyTimings: timings.filter((_, i) => !usedT.has(i)).map((t) => t.path),
    lonelyLogs: logs.filter((_, i) => !usedL.has(i)),
  };
}
