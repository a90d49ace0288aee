// asciicast v1 (asciinema 1.x): one JSON object, frames `[delay, data]` in "stdout", delays in
// seconds since the previous frame. v1 has no start time: events are placed from 1970-01-01 and
// the session says `missing: ["startTime", ...]` rather than guessing one from the file's mtime.
import type { EventOf, TrailEvent } from '../../../core/records.js';
import { SessionClock } from '../common/clock.js';
import { secondsToMicros } from '../common/decimal.js';
import { commandEvent, eventTimestamp, sessionEndEvent, sessionStartEvent } from '../common/events.js';
import { fileChunks } from '../common/file-source.js';
import type { ProblemLog } from '../common/problems.js';
import { readHeader, sessionFacts } from './header.js';
import { textFields } from '../common/text.js';
import { scanV1 } from './v1-scan.js';

export async function* asciicastV1Events(file: string, session: string, problems: ProblemLog): AsyncGenerator<TrailEvent> {
  // Pass 1: the header members, wherever they stand relative to "stdout".
  const members: Record<string, unknown> = {};
  for await (const item of scanV1(fileChunks(file), false)) {
    if (item.kind === 'member') members[item.key] = item.value;
    else if (item.kind === 'problem') problems.error(file, item.message, { offset: item.offset });
  }
  const header = readHeader(members);
  if (typeof header === 'string') {
    problems.error(file, header);
    return;
  }
  for (const note of header.notes) problems.warning(file, note);
  problems.warning(file, 'asciicast v1 records no start time: event times count from 1970-01-01T00:00:00Z');
  const clock = new SessionClock(0, problems, file);
  yield sessionStartEvent(session, 0, sessionFacts(header));
  if (header.command !== null) yield commandEvent(session, 0, { text: header.command, source: 'recorder' });
  // Pass 2: the frames.
  let elapsed = 0;
  for await (const item of scanV1(fileChunks(file), true)) {
    if (item.kind !== 'frame') continue; // problems were reported by pass 1
    const value = item.value;
    const where = { offset: item.offset };
    if (!Array.isArray(value) || value.length < 2 || typeof value[1] !== 'string') {
      problems.skipped(file, 'a frame is not [delay, data]; skipped', where);
      continue;
    }
    const delay = secondsToMicros(value[0]);
    if (delay === null || delay < 0) {
      problems.skipped(file, `frame delay ${JSON.stringify(value[0])} is not a non-negative number of seconds; skipped`, where);
      continue;
    }
    elapsed += delay;
    const micros = clock.at(elapsed, where);
    const { fields, lossy } = textFields(value[1]);
    if (lossy) problems.warning(file, 'frame text holds a lone UTF-16 surrogate; imported as U+FFFD', where);
    yield { ts: eventTimestamp(micros), type: 'out', session, ...fields } as EventOf<'out'>;
  }
  yield sessionEndEvent(session, clock.now, null);
}
