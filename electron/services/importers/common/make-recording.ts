// Turns an importer's event generator into a `Recording` (recording.ts). It owns the problem log,
// makes `events()` re-runnable (each run starts afresh), and turns an unexpected failure into a
// problem naming the file, closing the sessions it had opened, so a caller never sees a bare throw.
import type { TrailEvent } from '../../../core/records.js';
import { parseTimestamp } from '../../../core/timestamp.js';
import type { ImportProblem, Recording } from '../recording.js';
import { sessionEndEvent } from './events.js';
import { ProblemLog } from './problems.js';

export type EventProducer = (problems: ProblemLog) => AsyncIterable<TrailEvent>;

export function makeRecording(format: string, files: string[], produce: EventProducer): Recording {
  let log = new ProblemLog();
  return {
    format,
    files,
    get problems(): readonly ImportProblem[] {
      return log.list;
    },
    events(): AsyncIterable<TrailEvent> {
      log = new ProblemLog();
      return guarded(produce(log), log, files[0] ?? '');
    },
  };
}

async function* guarded(source: AsyncIterable<TrailEvent>, problems: ProblemLog, file: string): AsyncGenerator<TrailEvent> {
  const open = new Map<string, string>(); // session -> last ts
  let lastTs = '';
  try {
    for await (const event of source) {
      if (event.type === 'session.start') open.set(event.session, event.ts);
      else if (event.type === 'session.end') open.delete(event.session);
      else if (open.has(event.session)) open.set(event.session, event.ts);
      lastTs = event.ts;
      yield event;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    problems.error(file, `reading stopped: ${message}`);
    for (const [session, ts] of open) {
      // The sessions already begun end where reading stopped, saying why.
      const at = ts > lastTs ? ts : lastTs;
      yield sessionEndEvent(session, parseTimestamp(at), null, 'import stopped by an error');
    }
  } finally {
    problems.finish();
  }
}
