// Recognising the files of a sudo I/O log session by content: `log` (three text lines, the first
// `time:user:runas:group:tty[:lines:cols]`), `log.json` (JSON with submituser/runuser/timestamp) and
// `timing` (lines `EVENT DELAY REST`, plain or gzip). The stream files (ttyout, ...) hold arbitrary
// bytes and are found as companions of these.
import { gunzipSync, constants } from 'node:zlib';
import { isGzip } from '../common/file-source.js';

export type SudoFileKind = 'log' | 'log.json' | 'timing' | 'seq';

const LOG_FIRST = /^\d{9,12}:[^:\n]*:[^:\n]*:[^:\n]*:[^:\n]*(?::\d+:\d+)?\n/;
const TIMING_LINE = /^(?:[0-7] \d+[.,]\d+ \S.*|\d+[.,]\d+ \d+)$/;
const SUDO_TIMING = /^[0-7] \d+[.,]\d+ /;

export function sniffSudo(head: Buffer, size: number): { kind: SudoFileKind; confidence: number } | null {
  if (head.length === 0) return null;
  let bytes = head;
  if (isGzip(head)) {
    try {
      bytes = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      return null;
    }
  }
  const text = bytes.toString('utf8');
  if (LOG_FIRST.test(text)) return { kind: 'log', confidence: 0.9 };
  if (text.trimStart().startsWith('{') && /"submituser"\s*:/.test(text) && /"(?:runuser|command|timestamp)"\s*:/.test(text)) {
    return { kind: 'log.json', confidence: 0.9 };
  }
  if (/^[0-9A-Z]{6}\n?$/.test(text) && size <= 7) return { kind: 'seq', confidence: 0.2 };
  const lines = text.split('\n');
  const complete = bytes.length < head.length || size <= head.length ? lines : lines.slice(0, -1);
  const nonEmpty = complete.filter((l) => l !== '');
  if (nonEmpty.length === 0) return null;
  if (nonEmpty.every((l) => TIMING_LINE.test(l))) {
    // The three-field form is sudo's; the bare `DELAY BYTES` form is also script's classic timing.
    return { kind: 'timing', confidence: nonEmpty.some((l) => SUDO_TIMING.test(l)) ? 0.7 : 0.1 };
  }
  return null;
}
