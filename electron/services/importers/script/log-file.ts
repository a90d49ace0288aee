// Where the recorded bytes are inside a script log file: after the "Script started" line and
// before the "\nScript done" footer (both absent when script was killed, or with very old versions).
import { open } from 'node:fs/promises';
import { parseFooterLine, parseHeaderLine, HEADER_PREFIX, type ScriptHeader } from './header.js';

export interface ScriptLog {
  path: string;
  size: number;
  /** Offset of the first recorded byte (after the header line), 0 when there is no header. */
  dataStart: number;
  /** Offset just past the last recorded byte (before the footer). */
  dataEnd: number;
  header: ScriptHeader | null;
  footer: { endMicros: number | null; exitCode: number | null } | null;
}

const MAX_HEADER = 64 * 1024;
const MAX_FOOTER = 4096;

export async function locateScriptLog(path: string): Promise<ScriptLog> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const headBuf = Buffer.alloc(Math.min(size, MAX_HEADER));
    await handle.read(headBuf, 0, headBuf.length, 0);
    let dataStart = 0;
    let header: ScriptHeader | null = null;
    if (headBuf.subarray(0, HEADER_PREFIX.length).toString('latin1') === HEADER_PREFIX) {
      const nl = headBuf.indexOf(0x0a);
      if (nl !== -1) {
        header = parseHeaderLine(headBuf.subarray(0, nl).toString('utf8'));
        dataStart = nl + 1;
      }
    }
    const tailLength = Math.min(size - dataStart, MAX_FOOTER);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let dataEnd = size;
    let footer: ScriptLog['footer'] = null;
    // The footer is "\nScript done on ...\n": find the last "\nScript done on " that ends the file.
    const marker = tail.lastIndexOf('\nScript done on ');
    if (marker !== -1 && tail[tail.length - 1] === 0x0a && tail.indexOf(0x0a, marker + 1) === tail.length - 1) {
      footer = parseFooterLine(tail.subarray(marker + 1, tail.length - 1).toString('utf8'));
      if (footer !== null) dataEnd = size - tailLength + marker;
    }
    return { path, size, dataStart, dataEnd: Math.max(dataEnd, dataStart), header, footer };
  } finally {
    await handle.close();
  }
}

export function dataLength(log: ScriptLog): number {
  return log.dataEnd - log.dataStart;
}
