// Reading a tmux join log: one line per hook event, TAB-separated —
//   <ISO-8601 UTC time>  <event>  key=value  key=value ...
// as written by the snippet of `trailview tmux-hooks` (and by the zoo's hook.sh, the same layout).
// Values are tmux `#{q:…}` output as the shell saw it: the shell removed the quoting again.
import { parseIsoToMicros } from '../../../core/timestamp.js';
import type { Line } from '../common/line-reader.js';

export const TMUX_EVENTS = [
  'session-created',
  'session-closed',
  'pane-piped',
  'pane-exited',
  'client-attached',
  'client-detached',
  'client-session-changed',
] as const;
export type TmuxEventName = (typeof TMUX_EVENTS)[number];

export interface HookLine {
  micros: number;
  event: TmuxEventName;
  fields: ReadonlyMap<string, string>;
  line: number;
}

export type HookLineResult = { ok: true; value: HookLine } | { ok: false; message: string };

const EVENT_SET: ReadonlySet<string> = new Set(TMUX_EVENTS);
/** The start of a hook line, for sniffing: a UTC time, a TAB and a known event name. */
export const HOOK_LINE_START = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z\t(session-created|session-closed|pane-piped|pane-exited|client-attached|client-detached|client-session-changed)\t/;

const utf8 = new TextDecoder('utf-8');

export function parseHookLine(line: Line): HookLineResult {
  if (line.tooLong === true) return { ok: false, message: `is ${line.length} bytes long, not a hook line` };
  let text = utf8.decode(line.bytes);
  if (text.endsWith('\r')) text = text.slice(0, -1);
  if (text.trim() === '') return { ok: false, message: 'is empty' };
  const parts = text.split('\t');
  const [stamp = '', event = ''] = parts;
  let micros: number;
  try {
    micros = parseIsoToMicros(stamp);
  } catch {
    return { ok: false, message: `does not start with a UTC time (found ${JSON.stringify(stamp.slice(0, 40))})` };
  }
  if (!EVENT_SET.has(event)) return { ok: false, message: `names no known tmux hook event (found ${JSON.stringify(event.slice(0, 40))})` };
  const fields = new Map<string, string>();
  for (const part of parts.slice(2)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue; // a stray word (an unquoted value with a space): ignored, the rest stays usable
    fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return { ok: true, value: { micros, event: event as TmuxEventName, fields, line: line.line } };
}

/** A field's value, or undefined when absent or empty (tmux expands unknown variables to ""). */
export function field(line: HookLine, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = line.fields.get(name);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

export function intField(line: HookLine, ...names: string[]): number | undefined {
  const value = field(line, ...names);
  if (value === undefined || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}
