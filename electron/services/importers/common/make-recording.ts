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
      const problems = log;
      return { [Symbol.asyncIterator]: () => new Guarded(produce(problems)[Symbol.asyncIterator](), problems, files[0] ?? '') };
    },
  };
}

/**
 * Passes the producer's events through (a hand-written iterator: no extra generator per event),
 * remembering which sessions are open; if the producer throws, reports it and ends those sessions.
 */
class Guarded implements AsyncIterator<TrailEvent> {
  private readonly open = new Map<string, string>(); // session -> last ts
  private lastTs = '';
  private closing: TrailEvent[] | null = null;
  private finished = false;

  constructor(
    private readonly source: AsyncIterator<TrailEvent>,
    private readonly problems: ProblemLog,
    private readonly file: string,
  ) {}

  async next(): Promise<IteratorResult<TrailEvent>> {
    if (this.closing !== null) return this.drain();
    if (this.finished) return { done: true, value: undefined };
    let result: IteratorResult<TrailEvent>;
    try {
      result = await this.source.next();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.problems.error(this.file, `reading stopped: ${message}`);
      // The sessions already begun end where reading stopped, saying why.
      this.closing = [...this.open].map(([session, ts]) =>
        sessionEndEvent(session, parseTimestamp(ts > this.lastTs ? ts : this.lastTs), null, 'import stopped by an error'),
      );
      return this.drain();
    }
    if (result.done === true) {
      this.finish();
      return result;
    }
    const event = result.value;
    if (event.type === 'session.start') this.open.set(event.session, event.ts);
    else if (event.type === 'session.end') this.open.delete(event.session);
    else if (this.open.has(event.session)) this.open.set(event.session, event.ts);
    this.lastTs = event.ts;
    return result;
  }

  async return(): Promise<IteratorResult<TrailEvent>> {
    if (!this.finished) await this.source.return?.();
    this.finish();
    return { done: true, value: undefined };
  }

  private drain(): IteratorResult<TrailEvent> {
    const event = this.closing?.shift();
    if (event !== undefined) return { done: false, value: event };
    this.finish();
    return { done: true, value: undefined };
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.closing = [];
    this.problems.finish();
  }
}
