// Keeps one session's event times non-decreasing (recording.ts requires `ts` order). A source whose
// clock goes backwards (a corrupt delay, a wall-clock step in ttyrec) keeps the event at the
// previous time and says so, instead of reordering evidence or inventing a time.
import type { ProblemLog } from './problems.js';

const EPOCH_MIN = 0;
/** The last time held exactly as integer µs in a double (year 2255; see core/timestamp.ts). */
export const MAX_MICROS = Number.MAX_SAFE_INTEGER;

export class SessionClock {
  private last: number;
  private clamped = 0;

  constructor(
    start: number,
    private readonly problems: ProblemLog,
    private readonly file: string,
  ) {
    this.last = start;
  }

  get now(): number {
    return this.last;
  }

  /** The event time to use for a source time of `micros`. */
  at(micros: number, where: { line?: number; offset?: number } = {}): number {
    if (!Number.isSafeInteger(micros) || micros < EPOCH_MIN || micros > MAX_MICROS) {
      this.problems.warning(this.file, `time ${micros} µs is outside 1970–2255; the event keeps the previous time`, where);
      return this.last;
    }
    if (micros < this.last) {
      this.clamped += 1;
      if (this.clamped <= 20) {
        this.problems.warning(
          this.file,
          `time goes back by ${this.last - micros} µs; the event keeps the previous time so events stay in order`,
          where,
        );
      }
      return this.last;
    }
    this.last = micros;
    return micros;
  }
}
