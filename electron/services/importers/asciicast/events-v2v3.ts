// asciicast v2 and v3 bodies: one JSON array per line, `[time, code, data]`.
//   v2: time = seconds since the recording start.   v3: time = seconds since the previous event,
//   lines starting with `#` are comments, `x` carries the exit status.
// Codes: `o` output, `i` input, `r` resize ("COLSxROWS"), `m` marker (label), `x` exit (v3).
import type { EventOf, TrailEvent } from '../../../core/records.js';
import { SessionClock } from '../common/clock.js';
import { secondsToMicros } from '../common/decimal.js';
import { commandEvent, eventTimestamp, markerEvent, resizeEvent, sessionEndEvent, sessionStartEvent } from '../common/events.js';
import type { Line } from '../common/line-reader.js';
import type { ProblemLog } from '../common/problems.js';
import { sessionFacts, type AsciicastHeader } from './header.js';
import { textFields } from '../common/text.js';

const SIZE = /^(\d{1,6})x(\d{1,6})$/;

export async function* asciicastLineEvents(
  file: string,
  session: string,
  header: AsciicastHeader,
  lines: AsyncIterator<Line>,
  problems: ProblemLog,
): AsyncGenerator<TrailEvent> {
  const start = header.startMicros ?? 0;
  const clock = new SessionClock(start, problems, file);
  yield sessionStartEvent(session, start, sessionFacts(header));
  if (header.command !== null) yield commandEvent(session, start, { text: header.command, source: 'recorder' });
  let elapsed = 0; // v3: running sum of intervals, integer µs
  let exitStatus: number | null = null;
  let lossyLines = 0;
  const unknownCodes = new Set<string>();
  for (;;) {
    const next = await lines.next();
    if (next.done === true) break;
    const line = next.value;
    const where = { line: line.line, offset: line.offset };
    if (line.tooLong === true) {
      problems.skipped(file, `line is ${line.length} bytes long, more than an asciicast event can be; skipped`, where);
      continue;
    }
    const raw = line.bytes.toString('utf8');
    if (raw.trim() === '') continue;
    if (header.version === 3 && raw.startsWith('#')) continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      const cut = !line.terminated ? ' (the file ends inside it: truncated)' : '';
      problems.skipped(file, `line is not valid JSON${cut}; skipped`, where);
      continue;
    }
    if (!Array.isArray(value) || value.length < 3 || typeof value[1] !== 'string' || typeof value[2] !== 'string') {
      problems.skipped(file, 'line is not an event [time, code, data]; skipped', where);
      continue;
    }
    const seconds = secondsToMicros(value[0]);
    if (seconds === null || seconds < 0) {
      problems.skipped(file, `event time ${JSON.stringify(value[0])} is not a non-negative number of seconds; skipped`, where);
      continue;
    }
    let micros: number;
    if (header.version === 3) {
      elapsed += seconds;
      micros = clock.at(start + elapsed, where);
    } else {
      micros = clock.at(start + seconds, where);
    }
    const code = value[1];
    const data = value[2];
    switch (code) {
      case 'o':
      case 'i': {
        const { fields, lossy } = textFields(data);
        if (lossy && ++lossyLines <= 20) {
          problems.warning(file, 'event text holds a lone UTF-16 surrogate, which has no UTF-8 form; imported as U+FFFD', where);
        }
        yield { ts: eventTimestamp(micros), type: code === 'o' ? 'out' : 'in', session, ...fields } as EventOf<'out'>;
        break;
      }
      case 'r': {
        const m = SIZE.exec(data);
        if (m === null) problems.skipped(file, `resize ${JSON.stringify(data)} is not COLSxROWS; skipped`, where);
        else yield resizeEvent(session, micros, Number(m[1]), Number(m[2]));
        break;
      }
      case 'm':
        yield markerEvent(session, micros, data);
        break;
      case 'x': {
        const status = Number(data);
        if (data.trim() === '' || !Number.isSafeInteger(status)) problems.warning(file, `exit status ${JSON.stringify(data)} is not an integer`, where);
        else exitStatus = status;
        break;
      }
      default:
        if (!unknownCodes.has(code)) {
          unknownCodes.add(code);
          problems.warning(file, `event code ${JSON.stringify(code)} is not one asciicast v${header.version} defines; such events are skipped`, where);
        }
    }
  }
  yield sessionEndEvent(session, clock.now, exitStatus);
}

