// Screen text for search: what each session's terminal showed, as text with a time, for the case
// database's `screen_text(session_id, ts_us, reason, text)` (indexed with FTS4).
//
// The import pipeline calls push() for every record of every session in record order (sessions
// interleaved), awaiting each call before the next, and end() once at the end; each returns the
// samples completed since the last call — of any session: a sample taken in a terminal is ready
// once xterm has parsed up to it, usually a few records later. Per session, samples come in order.
//
// What is sampled
// - `command`: at each `cmd` record — the screen as it was just before the command ran.
// - `interval`: `intervalSeconds` of session time after output first changed the screen since the
//   previous sample (taken before the session's next record, or when the import's clock passes
//   the due time), dated at the session's latest output. Also `interval`, so that nothing shown is
//   missed: before a resize; when about half the scrollback has scrolled by since the last sample
//   (in the middle of a big record if need be); before a full-screen program's screen is left, or
//   erased (at most once per interval: top redraws every few seconds); before a keystroke into a
//   full-screen program (at most every 2 s: the page a user reads before turning it); before text
//   is erased without scrolling (ED 1, ED 3, home + ED 0, a full reset); for a session closed
//   because too many are open.
// - `end`: at `session.end` (and for sessions still open at end()).
// A sample holds the lines that scrolled off the screen since the previous sample (the last 200 of
// them: bulk output stays in the evidence) plus the screen, but only lines new or changed since
// the previous sample of that session (screen-rows.ts):
// unchanged text is never emitted twice. One line per logical line (wrapped rows joined), right
// trimmed, no escape sequences; blank lines are left out. When a full-screen program (alternate
// screen) is active, its screen is sampled too, after the normal screen's new lines.
//
// What is never sampled: `in` records. Typed input — a password at a no-echo prompt included —
// reaches screen text only if the terminal echoed it, i.e. only as `out` bytes.
//
// How: one screen per open session, emulated by a fast exact line emulator while the output is
// plain line output and by @xterm/headless otherwise (session-screen.ts). Samples are taken
// without waiting for xterm's asynchronous parser (markers in the stream); the sampler waits only
// when a terminal falls more than a few MiB behind, to resize, or to hand a terminal's session
// back to the line emulator.
import { randomBytes } from 'node:crypto';
import type { TrailEvent } from '../../../core/records.js';
import { TimestampClock } from '../../../core/timestamp.js';
import { SessionScreen, type SampleReason, type SamplerStats, type SessionOptions } from './session-screen.js';
import type { TermBudget, TermScreen } from './term-screen.js';

export interface ScreenSample {
  session: string;
  tsUs: number;
  reason: 'command' | 'interval' | 'end';
  text: string;
}

export interface ScreenSamplerOptions {
  /** Session time between interval samples while the screen changes (default 30 s). */
  intervalSeconds?: number;
  /** Minimum session time between two command samples; default 2 s (0: sample every command). */
  minCommandGapSeconds?: number;
  /**
   * Scrollback of each session's terminal (default 1000). Scrolled lines are collected at the
   * latest after half of it has scrolled by, so no line is lost between samples.
   */
  maxScrollbackLines?: number;
  /**
   * Use the fast line emulator for plain line output (default true). false: every session is fed
   * to a headless terminal only — slower, same text; for tests and benchmarks.
   */
  fastPath?: boolean;
}

export type { SamplerStats } from './session-screen.js';

export const DEFAULT_INTERVAL_SECONDS = 30;
/** Command samples closer than this (session time) are merged into the next sample. */
export const DEFAULT_COMMAND_GAP_SECONDS = 2;
export const DEFAULT_SCROLLBACK_LINES = 1000;
/** Open sessions kept at once; beyond, the least recently active is sampled and closed. */
export const MAX_OPEN_SESSIONS = 256;
/**
 * Headless terminals kept at once (idle ones of line-mode sessions are given up first). Each
 * holds its screen and up to maxScrollbackLines rows: about 2.5 MB at 200 columns.
 */
export const MAX_TERMINALS = 32;
/** Unparsed bytes across all terminals before the sampler waits for them. */
const MAX_BACKLOG = 8 << 20;
/** Ended sessions' terminals still parsing before the sampler waits for them. */
const MAX_CLOSING = 16;
const DEFAULT_SIZE = { cols: 80, rows: 24 };
const SWEEP_MICROS = 1_000_000;

export class ScreenSampler {
  /** Where the output went and what happened so far. */
  readonly stats: SamplerStats = {
    lineBytes: 0, termBytes: 0, toTerm: 0, toLine: 0, terminalsCreated: 0, samples: 0, waits: 0, lostScrollback: 0,
  };
  private readonly intervalUs: number;
  private readonly commandGapUs: number;
  private readonly sessionOptions: SessionOptions;
  private readonly budget: TermBudget = { unparsed: 0, live: 0 };
  private readonly sessions = new Map<string, SessionScreen>();
  private readonly closing = new Set<TermScreen>();
  private ready: ScreenSample[] = [];
  private readonly clock = new TimestampClock();
  private now = -Infinity;
  private nextSweep = -Infinity;

  constructor(options: ScreenSamplerOptions = {}) {
    const interval = options.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS;
    if (!(interval > 0)) throw new RangeError(`intervalSeconds must be positive, got ${String(interval)}`);
    const scrollback = Math.floor(options.maxScrollbackLines ?? DEFAULT_SCROLLBACK_LINES);
    if (!(scrollback >= 10)) throw new RangeError(`maxScrollbackLines must be at least 10, got ${String(options.maxScrollbackLines)}`);
    this.intervalUs = Math.round(interval * 1_000_000);
    const gap = options.minCommandGapSeconds ?? DEFAULT_COMMAND_GAP_SECONDS;
    if (!(gap >= 0)) throw new RangeError(`minCommandGapSeconds must not be negative, got ${String(gap)}`);
    this.commandGapUs = Math.round(gap * 1_000_000);
    this.sessionOptions = {
      scrollback,
      flushRows: Math.floor(scrollback / 2),
      fastPath: options.fastPath ?? true,
      intervalUs: this.intervalUs,
      budget: this.budget,
      nonce: randomBytes(6).toString('hex'),
      stats: this.stats,
      emit: (session, tsUs, reason, text) => {
        this.stats.samples++;
        this.ready.push({ session, tsUs, reason, text });
      },
    };
  }

  /** Sessions open now. */
  get openSessions(): number {
    return this.sessions.size;
  }

  /** Headless terminals alive now (including ended sessions' ones still parsing). */
  get liveTerminals(): number {
    return this.budget.live;
  }

  /**
   * `us`: the record's time in microseconds when the caller has parsed `ts` already (the sampler
   * thread passes times, not timestamps: sampler-thread.ts).
   */
  async push(event: TrailEvent, us: number = this.clock.micros(event.ts) ?? this.now): Promise<ScreenSample[]> {
    if (us > this.now) this.now = us;
    const id = event.session;
    switch (event.type) {
      case 'session.start': {
        const old = this.sessions.get(id);
        if (old !== undefined) this.close(old, 'end', us);
        this.open(id, sizeOr(event.cols, DEFAULT_SIZE.cols), sizeOr(event.rows, DEFAULT_SIZE.rows), us);
        break;
      }
      case 'out': {
        const s = this.sessions.get(id) ?? this.open(id, DEFAULT_SIZE.cols, DEFAULT_SIZE.rows, us);
        this.sampleIfDue(s, us);
        s.out(event, us);
        if (s.wantsSettle) await s.settle();
        break;
      }
      case 'in': {
        const s = this.sessions.get(id);
        if (s !== undefined) {
          this.sampleIfDue(s, us);
          s.input(us);
        }
        break;
      }
      case 'cmd': {
        // Commands in a burst (a pasted script, a loop, a replayed history) are sampled once per
        // gap: nothing is lost, since every sample holds all lines new since the previous one.
        const s = this.sessions.get(id);
        if (s !== undefined && us - s.lastSampleUs >= this.commandGapUs) s.sample('command', us, us);
        break;
      }
      case 'resize': {
        const s = this.sessions.get(id);
        const cols = sizeOr(event.cols, 0);
        const rows = sizeOr(event.rows, 0);
        if (s !== undefined && cols > 0 && rows > 0) {
          this.sampleIfDue(s, us);
          await s.resize(cols, rows, us);
        }
        break;
      }
      case 'session.end': {
        const s = this.sessions.get(id);
        if (s !== undefined) this.close(s, 'end', us);
        break;
      }
      default:
        break;
    }
    if (this.now >= this.nextSweep) this.sweep();
    if (this.budget.live - this.closing.size > MAX_TERMINALS) this.limitTerminals(id);
    if (this.budget.unparsed > MAX_BACKLOG || this.closing.size > MAX_CLOSING) await this.catchUp();
    return this.take();
  }

  /** Samples and closes every open session; resolves when every terminal is done. */
  async end(): Promise<ScreenSample[]> {
    for (const s of [...this.sessions.values()]) this.close(s, 'end', s.lastUs);
    await this.catchUp();
    return this.take();
  }

  private open(id: string, cols: number, rows: number, us: number): SessionScreen {
    if (this.sessions.size >= MAX_OPEN_SESSIONS) {
      let oldest: SessionScreen | undefined;
      for (const s of this.sessions.values()) if (oldest === undefined || s.lastUs < oldest.lastUs) oldest = s;
      if (oldest !== undefined) this.close(oldest, 'interval', oldest.lastUs);
    }
    const s = new SessionScreen(id, cols, rows, us, this.sessionOptions);
    this.sessions.set(id, s);
    return s;
  }

  private close(s: SessionScreen, reason: SampleReason, us: number): void {
    this.sessions.delete(s.id);
    const term = s.close(reason, us);
    if (term === null) return;
    this.closing.add(term);
    void term.closeWhenParsed().then(() => this.closing.delete(term));
  }

  private sampleIfDue(s: SessionScreen, us: number): void {
    if (s.dirty && us - s.dirtySince >= this.intervalUs) s.sample('interval', s.lastOutUs, us);
  }

  /** Interval samples of sessions that changed and then went quiet. */
  private sweep(): void {
    this.nextSweep = this.now + SWEEP_MICROS;
    for (const s of this.sessions.values()) this.sampleIfDue(s, this.now);
  }

  /**
   * Too many terminals: idle ones kept by line-mode sessions go first; then the least recently
   * active sessions that need one are sampled and closed (should they go on, they start over
   * with a blank screen: no text is lost, only the look of the screen before).
   */
  private limitTerminals(current: string): void {
    for (const s of this.sessions.values()) if (s.spareTerminal) s.releaseTerminal();
    while (this.budget.live - this.closing.size > MAX_TERMINALS) {
      let oldest: SessionScreen | undefined;
      for (const s of this.sessions.values()) {
        if (s.id !== current && s.mode === 'term' && (oldest === undefined || s.lastUs < oldest.lastUs)) oldest = s;
      }
      if (oldest === undefined) return;
      this.close(oldest, 'interval', oldest.lastUs);
    }
  }

  /** Waits until every terminal has parsed what it was given (and ended ones are disposed). */
  private async catchUp(): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const s of this.sessions.values()) if (s.backlog > 0) waits.push(s.drain());
    for (const term of this.closing) waits.push(term.closeWhenParsed());
    if (waits.length === 0) return;
    this.stats.waits++;
    await Promise.all(waits);
  }

  private take(): ScreenSample[] {
    if (this.ready.length === 0) return [];
    const out = this.ready;
    this.ready = [];
    return out;
  }
}

/** A terminal dimension from a record: 2..2000 (xterm's minimum is 2 columns), else `fallback`. */
function sizeOr(value: number | null | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 2 && value <= 2000 ? value : fallback;
}

