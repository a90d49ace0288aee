// First pass over a tlog file: where each recording's messages are. A file may hold several
// recordings interleaved (several tlog-rec writing one file, a journal export), split by `rec`,
// and a recording's messages may be missing or out of order (ids are 1, 2, 3, ... per recording).
// Only offsets and ids are kept (a few bytes per message), never the messages themselves.
import { fileChunks } from '../common/file-source.js';
import { readLines } from '../common/line-reader.js';
import type { ProblemLog } from '../common/problems.js';
import { parseTlogLine } from './message.js';

export interface MessageRef {
  offset: number;
  length: number;
  line: number;
  id: number;
  pos: number;
}

export interface RecIndex {
  rec: string;
  /** Messages in id order (duplicates removed). */
  messages: MessageRef[];
  /** Wall-clock µs of the first message's `pos`, or null when the messages carry no time. */
  startMicros: number | null;
  firstPos: number;
}

/** Longest message line accepted: tlog's default payload is 2 KiB; a journal line a bit more. */
const MAX_LINE = 64 << 20;

export async function indexTlogFile(file: string, problems: ProblemLog): Promise<RecIndex[]> {
  const byRec = new Map<string, { refs: MessageRef[]; startMicros: number | null; firstId: number; firstPos: number }>();
  let others = 0;
  for await (const line of readLines(fileChunks(file), MAX_LINE)) {
    const where = { line: line.line, offset: line.offset };
    if (line.tooLong === true) {
      problems.skipped(file, `line is ${line.length} bytes long, too long for a tlog message; skipped`, where);
      continue;
    }
    if (line.bytes.length === 0 || (line.bytes.length === 1 && line.bytes[0] === 0x0d)) continue;
    const parsed = parseTlogLine(line.bytes.toString('utf8'));
    if (parsed.kind === 'other') {
      others += 1;
      continue;
    }
    if (parsed.kind === 'invalid') {
      const cut = line.terminated ? '' : ' (the file ends inside this line: truncated)';
      problems.skipped(file, `line ${parsed.reason}${cut}; skipped`, where);
      continue;
    }
    const m = parsed.message;
    const time = m.timeMicros ?? parsed.journalMicros;
    let entry = byRec.get(m.rec);
    if (entry === undefined) {
      entry = { refs: [], startMicros: null, firstId: Infinity, firstPos: 0 };
      byRec.set(m.rec, entry);
    }
    if (m.id < entry.firstId) {
      entry.firstId = m.id;
      entry.firstPos = m.pos;
      entry.startMicros = time;
    }
    entry.refs.push({ offset: line.offset, length: line.length, line: line.line, id: m.id, pos: m.pos });
  }
  if (others > 0) problems.warning(file, `${others} journal entries are not tlog messages; skipped`);
  const result: RecIndex[] = [];
  for (const [rec, entry] of byRec) {
    result.push({ rec, messages: orderMessages(file, rec, entry.refs, problems), startMicros: entry.startMicros, firstPos: entry.firstPos });
  }
  return result;
}

/** Sorts by id, reporting reordering, gaps and duplicates. */
function orderMessages(file: string, rec: string, refs: MessageRef[], problems: ProblemLog): MessageRef[] {
  const name = rec === '' ? 'the recording' : `recording ${rec}`;
  let reordered = 0;
  const seen = new Set<number>(refs.length > 0 ? [(refs[0] as MessageRef).id] : []);
  for (let i = 1; i < refs.length; i++) {
    const prev = refs[i - 1] as MessageRef;
    const cur = refs[i] as MessageRef;
    const duplicate = seen.has(cur.id); // reported below, as a duplicate
    seen.add(cur.id);
    if (cur.id < prev.id && !duplicate && ++reordered <= 20) {
      problems.warning(file, `message id ${cur.id} of ${name} comes after id ${prev.id} (line ${prev.line}); imported in id order`, { line: cur.line });
    }
  }
  const sorted = [...refs].sort((a, b) => a.id - b.id || a.line - b.line);
  const out: MessageRef[] = [];
  let expected = 1;
  for (const ref of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && ref.id === last.id) {
      problems.skipped(file, `message id ${ref.id} of ${name} appears again (first on line ${last.line}); this copy is skipped`, { line: ref.line });
      continue;
    }
    if (ref.id > expected) {
      const span = ref.id - 1 === expected ? `message ${expected} is` : `messages ${expected}–${ref.id - 1} are`;
      const after = last === undefined ? 'before the first message in the file' : `between line ${last.line} and line ${ref.line}`;
      const lost = last === undefined ? '' : ` (about ${ref.pos - last.pos} ms of the session, partly)`;
      problems.warning(file, `${span} missing from ${name} ${after}${lost}: that terminal I/O is not in the file`, { line: ref.line });
    }
    out.push(ref);
    expected = ref.id + 1;
  }
  return out;
}
