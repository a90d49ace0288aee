// The events of one tlog recording (one `rec`), from its indexed messages.
import { encodeStreamBytes } from '../../../core/record-encoding.js';
import type { EventOf } from '../../../core/records.js';
import type { BlockReader } from '../common/block-reader.js';
import { SessionClock } from '../common/clock.js';
import { eventTimestamp, resizeEvent, sessionEndEvent, type SessionFacts, sessionStartEvent, type Timed } from '../common/events.js';
import type { ProblemLog } from '../common/problems.js';
import { textFields } from '../common/text.js';
import type { RecIndex } from './index-pass.js';
import { parseTlogLine, type TlogMessage } from './message.js';
import { replayMessage, type TlogPiece } from './replay.js';

const NO_AUDIT_SESSION = 4294967295;

export async function* recEvents(
  file: string,
  session: string,
  index: RecIndex,
  reader: BlockReader,
  format: string,
  problems: ProblemLog,
): AsyncGenerator<Timed> {
  const start = index.startMicros ?? 0;
  const clock = new SessionClock(start, problems, file);
  let first: TlogMessage | null = null;
  let size: { cols: number; rows: number } | null = null;
  let differs = false;
  let lossy = 0;
  for (const ref of index.messages) {
    const where = { line: ref.line, offset: ref.offset };
    const bytes = await reader.read(ref.offset, ref.length);
    const parsed = parseTlogLine(bytes.toString('utf8'));
    if (parsed.kind !== 'message') continue; // reported by the index pass
    const m = parsed.message;
    const base = m.timeMicros ?? parsed.journalMicros ?? start + (m.pos - index.firstPos) * 1000;
    const { pieces, problems: notes } = replayMessage(m);
    for (const note of notes) problems.warning(file, `message ${m.id}: ${note}`, where);
    if (first === null) {
      first = m;
      size = initialSize(pieces);
      yield { micros: start, event: sessionStartEvent(session, start, startFields(m, size, index.startMicros === null, format)) };
    } else if (!differs && (m.host !== first.host || m.user !== first.user || m.term !== first.term)) {
      differs = true;
      problems.warning(file, `message ${m.id} names a different host, user or term than message ${first.id} of the same recording; the first one's are used`, where);
    }
    for (const piece of pieces) {
      const micros = clock.at(base + piece.offsetMs * 1000, where);
      if (piece.kind === 'window') {
        if (size === null || size.cols !== piece.cols || size.rows !== piece.rows) {
          size = { cols: piece.cols, rows: piece.rows };
          yield { micros, event: resizeEvent(session, micros, piece.cols, piece.rows) };
        }
        continue;
      }
      const type = piece.dir;
      let fields;
      if (piece.parts.every((p) => typeof p === 'string')) {
        const text = textFields(piece.parts.join(''));
        if (text.lossy && ++lossy <= 20) problems.warning(file, `message ${m.id}: text holds a lone UTF-16 surrogate; imported as U+FFFD`, where);
        fields = text.fields;
      } else {
        fields = encodeStreamBytes(Buffer.concat(piece.parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p))));
      }
      const event = { ts: eventTimestamp(micros), type, session, ...fields } as EventOf<'out'> | EventOf<'in'>;
      yield { micros, event };
    }
  }
  if (first !== null) yield { micros: clock.now, event: sessionEndEvent(session, clock.now, null) };
}

/** The window size in force before the first byte of I/O (tlog starts every message with it). */
function initialSize(pieces: TlogPiece[]): { cols: number; rows: number } | null {
  let size: { cols: number; rows: number } | null = null;
  for (const piece of pieces) {
    if (piece.kind === 'stream' || piece.offsetMs > 0) break;
    size = { cols: piece.cols, rows: piece.rows };
  }
  return size;
}

function startFields(m: TlogMessage, size: { cols: number; rows: number } | null, noTime: boolean, format: string): SessionFacts {
  const missing = ['tty', 'exitStatus'];
  if (size === null) missing.push('size');
  if (noTime) missing.push('startTime');
  if (m.host === null) missing.unshift('host');
  if (m.user === null) missing.unshift('user');
  if (m.term === null) missing.push('term');
  const fields: SessionFacts = {
    user: m.user,
    host: m.host,
    tty: null,
    term: m.term,
    cols: size?.cols ?? null,
    rows: size?.rows ?? null,
    recorder: { name: 'tlog-rec', format },
    missing,
  };
  if (m.auditSession !== null && m.auditSession !== NO_AUDIT_SESSION) fields.auditSession = m.auditSession;
  fields.tlogRec = m.rec;
  fields.tlogVersion = m.ver;
  return fields;
}
