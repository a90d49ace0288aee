// The shell-history importer: bash history written with HISTTIMEFORMAT (`bash-history`) and zsh
// EXTENDED_HISTORY (`zsh-history`). One file is one recording of one session holding only `cmd`
// events (source `history`, confidence 1: the shell saved exactly this text), at second precision.
// A history file says nothing about who, where, which terminal or which of several shells that
// appended to it ran a command, nor about output or exit status: session.start says so in
// `missing`. Entries are sorted by time (stable), because shells that share a file append whole
// blocks at different moments (docs/importers.md "Shell history").
import type { EventOf, TrailEvent } from '../../../core/records.js';
import { formatTimestamp } from '../../../core/timestamp.js';
import { sessionStartEvent } from '../common/events.js';
import { fileChunks } from '../common/file-source.js';
import { readLines } from '../common/line-reader.js';
import { makeRecording } from '../common/make-recording.js';
import type { ProblemLog } from '../common/problems.js';
import { fileSessionId } from '../common/session-id.js';
import type { FormatReader, InputFile, ReaderResult } from '../detect.js';
import type { Recording } from '../recording.js';
import { bashHistoryParser, zshHistoryParser, type HistoryEntry, type HistoryParser } from './parse.js';

export type HistoryFormat = 'bash-history' | 'zsh-history';

/** Lines longer than this are not commands anyone typed; they are skipped, not accumulated. */
const MAX_HISTORY_LINE = 1 << 20;

const ZSH_LINE = /^: *\d{9,12}:\d+;/;
const BASH_STAMP = /^#\d{9,12}\r?$/;

/** Which history format the head of a file is, with a confidence (0 = neither). */
export function sniffHistory(head: Uint8Array): { format: HistoryFormat; confidence: number } | null {
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 16 * 1024)).toString('latin1');
  const lines = text.split('\n');
  if (lines.length > 1) lines.pop(); // the last line may be cut by the head's end
  const first = lines[0] ?? '';
  if (ZSH_LINE.test(first)) {
    const matching = lines.filter((l) => ZSH_LINE.test(l)).length;
    return { format: 'zsh-history', confidence: matching >= 2 || lines.length <= 2 ? 0.9 : 0.7 };
  }
  if (BASH_STAMP.test(first) && lines.length >= 2) {
    const stamps = lines.filter((l) => BASH_STAMP.test(l)).length;
    if (/[\0]/.test(text)) return null;
    return { format: 'bash-history', confidence: stamps >= 2 ? 0.85 : 0.6 };
  }
  return null;
}

export const historyReader: FormatReader = {
  name: 'shell-history',
  sniff: (file) => sniffHistory(file.head)?.confidence ?? 0,
  open: async (files): Promise<ReaderResult> => {
    const recordings: Recording[] = [];
    const problems: ReaderResult['problems'] = [];
    for (const file of files) {
      const format = sniffHistory(file.head)?.format;
      if (format === undefined) {
        problems.push({ file: file.path, severity: 'error', message: 'not a bash (#EPOCH) or zsh extended (": START:ELAPSED;") history file' });
        continue;
      }
      recordings.push(openHistory(file, format));
    }
    return { recordings, problems };
  },
};

/** One history file as a recording (also usable without detection, e.g. by tests). */
export function openHistory(file: Pick<InputFile, 'path' | 'head'>, format: HistoryFormat): Recording {
  const session = fileSessionId(format, file.path, file.head);
  return makeRecording(format, [file.path], (problems) => historyEvents(file.path, format, session, problems));
}

export async function* historyEvents(path: string, format: HistoryFormat, session: string, problems: ProblemLog): AsyncGenerator<TrailEvent> {
  const parser: HistoryParser = format === 'zsh-history' ? zshHistoryParser() : bashHistoryParser();
  let lines = 0;
  for await (const line of readLines(fileChunks(path), MAX_HISTORY_LINE)) {
    lines = line.line;
    parser.push(line);
  }
  parser.finish();
  for (const issue of parser.issues) problems.add({ file: path, line: issue.line, severity: issue.severity, message: issue.message });
  if (lines === 0) {
    problems.warning(path, 'the file is empty: no history entries');
    return;
  }
  const entries = parser.entries;
  if (entries.length === 0) {
    problems.warning(path, 'no history entry with a timestamp was found');
    return;
  }
  const lossy = entries.filter((e) => e.lossy === true);
  for (const entry of lossy.slice(0, 20)) {
    problems.warning(path, `the entry on line ${entry.line} is not valid UTF-8; imported with U+FFFD for the bad bytes and confidence 0.9`, { line: entry.line });
  }
  const outOfOrder = countBackSteps(entries);
  if (outOfOrder > 0) {
    problems.warning(
      path,
      `the entries are not in time order (${outOfOrder} step${outOfOrder === 1 ? '' : 's'} back in time: several shells appended to this file); they are imported sorted by time`,
    );
  }
  const sorted = entries.map((entry, order) => ({ entry, order })).sort((a, b) => a.entry.micros - b.entry.micros || a.order - b.order);
  const first = sorted[0]?.entry as HistoryEntry;
  yield sessionStartEvent(session, first.micros, {
    user: null,
    host: null,
    tty: null,
    term: null,
    cols: null,
    rows: null,
    recorder: { name: format === 'zsh-history' ? 'zsh' : 'bash', format },
    missing: ['user', 'host', 'tty', 'term', 'size', 'input', 'output', 'exitStatus', 'cwd', 'subsecond-time'],
  });
  for (const { entry } of sorted) {
    const event: EventOf<'cmd'> = {
      ts: formatTimestamp(entry.micros),
      type: 'cmd',
      session,
      text: entry.text,
      source: 'history',
      confidence: entry.lossy === true ? 0.9 : 1,
    };
    yield event;
  }
}

function countBackSteps(entries: readonly HistoryEntry[]): number {
  let steps = 0;
  for (let i = 1; i < entries.length; i++) {
    if ((entries[i] as HistoryEntry).micros < (entries[i - 1] as HistoryEntry).micros) steps++;
  }
  return steps;
}
