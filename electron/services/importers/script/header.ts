// The human header and footer util-linux `script` writes around the bytes of every log file:
//   Script started on 2026-11-21 05:52:42+00:00 [TERM="xterm-256color" TTY="/dev/pts/7" COLUMNS="100" LINES="30"]
//   ...bytes...
//   \nScript done on 2026-11-21 05:53:12+00:00 [COMMAND_EXIT_CODE="130"]
// (util-linux ≥ 2.35; older versions wrote a locale date such as `Thu 21 Nov 2026 05:52:42 AM UTC`
// and no [...] part). Neither line is covered by the timing file.
import { parseIsoToMicros } from '../../../core/timestamp.js';

export interface ScriptHeader {
  startMicros: number | null;
  term: string | null;
  tty: string | null;
  cols: number | null;
  rows: number | null;
  command: string | null;
}

export const HEADER_PREFIX = 'Script started on ';
export const FOOTER_PREFIX = 'Script done on ';

const field = (text: string, name: string): string | null => {
  const m = new RegExp(`(?:^|[ \\[])${name}="([^"]*)"`).exec(text);
  return m === null ? null : (m[1] as string);
};
const dimension = (v: string | null): number | null => (v !== null && /^\d{1,6}$/.test(v) && Number(v) > 0 ? Number(v) : null);

/** Parses a date as script writes it: ISO with a numeric offset (≥ 2.35), else a best effort. */
export function parseScriptDate(text: string): number | null {
  const iso = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})([+-]\d{2}:?\d{2})$/.exec(text.trim());
  if (iso !== null) {
    try {
      return parseIsoToMicros(`${iso[1]}T${iso[2]}${iso[3]}`);
    } catch {
      return null;
    }
  }
  // Older script: a ctime/locale date. Only accepted when it names UTC/GMT explicitly.
  if (/\b(?:UTC|GMT)\b/.test(text)) {
    const ms = Date.parse(text.replace(/\b(AM|PM)\b/, ' $1').replace(/\s+/g, ' '));
    if (Number.isFinite(ms)) return ms * 1000;
  }
  return null;
}

export function parseHeaderLine(line: string): ScriptHeader | null {
  if (!line.startsWith(HEADER_PREFIX)) return null;
  const rest = line.slice(HEADER_PREFIX.length);
  const bracket = rest.indexOf(' [');
  const date = bracket === -1 ? rest : rest.slice(0, bracket);
  const info = bracket === -1 ? '' : rest.slice(bracket + 1);
  const command = /COMMAND="(.*?)"(?= TERM=| TTY=| <not executed|\]$)/.exec(info);
  return {
    startMicros: parseScriptDate(date),
    term: field(info, 'TERM'),
    tty: field(info, 'TTY'),
    cols: dimension(field(info, 'COLUMNS')),
    rows: dimension(field(info, 'LINES')),
    command: command === null ? null : (command[1] as string),
  };
}

export function parseFooterLine(line: string): { endMicros: number | null; exitCode: number | null } | null {
  if (!line.startsWith(FOOTER_PREFIX)) return null;
  const rest = line.slice(FOOTER_PREFIX.length);
  const bracket = rest.indexOf(' [');
  const code = /COMMAND_EXIT_CODE="(-?\d{1,10})"/.exec(rest);
  return {
    endMicros: parseScriptDate(bracket === -1 ? rest : rest.slice(0, bracket)),
    exitCode: code === null ? null : Number(code[1]),
  };
}
