// One session's screen for the sampler: the fast line emulator while the output is plain line
// output, the headless terminal while it is not, and the sampling state both feed.
//
// - Line mode (line-screen.ts): synchronous; a sample is computed on the spot.
// - Term mode (term-screen.ts): output is batched and written to xterm, which parses later;
//   samples are private markers in the stream, computed when the parser reaches them. The
//   sampler never waits for the parser to take a sample.
// - Line -> term: where the line emulator meets something it does not do, the terminal is reset
//   and given the same screen (LineScreen.reconstruction), then the rest of the output.
// - Term -> line: when the terminal has parsed everything, the written stream left no special
//   state (sequence-scan.ts) and the screen fits the line model (TermScreen.lineState).
import { isUtf8 } from 'node:buffer';
import type { IMarker } from '@xterm/headless';
import type { EventOf } from '../../../core/records.js';
import { decodeStreamBytes } from '../../../core/record-encoding.js';
import { LineScreen } from './line-screen.js';
import { RowDiff, type Row } from './screen-rows.js';
import { SequenceScanner, type ScanHit } from './sequence-scan.js';
import { TermScreen, readRows, screenRows, type TermBudget } from './term-screen.js';

/** Scrolled rows kept between two samples (about four screens); older ones are not screen text. */
const CARRIED_SCROLL_ROWS = 200;

export type SampleReason = 'command' | 'interval' | 'end';

export interface SessionOptions {
  scrollback: number;
  /** A flush of scrolled rows is due after this many possible scrolls (newlines + wraps). */
  flushRows: number;
  /** Use the fast line emulator (false: the terminal only, for comparison). */
  fastPath: boolean;
  /** Session time between interval samples (µs): also the least time between samples before erases. */
  intervalUs: number;
  budget: TermBudget;
  nonce: string;
  emit: (session: string, tsUs: number, reason: SampleReason, text: string) => void;
  stats: SamplerStats;
}

/** Where output went and what happened, for benchmarks and tests. */
export interface SamplerStats {
  /** Output applied by the line emulator (characters of text: bytes for ASCII). */
  lineBytes: number;
  /** Output written to headless terminals (characters of text, or bytes). */
  termBytes: number;
  /** Line -> term switches (screen rebuilt in a terminal). */
  toTerm: number;
  /** Term -> line switches. */
  toLine: number;
  terminalsCreated: number;
  samples: number;
  /** Waits for terminals to catch up (parse backlog, settles, resizes). */
  waits: number;
  /** Captures that found scrolled rows already dropped from the scrollback (should stay 0). */
  lostScrollback: number;
}

interface Capture {
  kind: 'sample' | 'flush' | 'anchor' | 'after-reset';
  reason: SampleReason;
  tsUs: number;
}

/** Output bytes, output text, or a screen rebuilt from the line emulator (a string too), or a capture. */
type BatchItem = Buffer | string | Capture;

/** Term-mode output is written to xterm in pieces of about this size. */
const BATCH_BYTES = 64 * 1024;
/** Term mode tries to hand back to the line emulator at most once per this many bytes... */
const TRY_LINE_BYTES = 16 * 1024;
/** ...and waits for the parser to be able to, once this much plain output went to the terminal. */
const SETTLE_BYTES = 256 * 1024;
/** The alternate screen is looked at before a keystroke at most this often (µs). */
const ALT_LOOK_MICROS = 2_000_000;
/** Rows of a wrapped line kept whole when the screen moves into a terminal. */
const MAX_LEAD_ROWS = 64;

export class SessionScreen {
  readonly id: string;
  cols: number;
  rows: number;
  /** Output arrived since the last sample (interval samples are taken only then)... */
  dirty = false;
  /** ...first at this time. */
  dirtySince = 0;
  /** Time of the latest output, of the latest event. */
  lastOutUs: number;
  lastUs: number;
  /** Scrolled rows collected by flushes since the last sample (at most CARRIED_SCROLL_ROWS). */
  private carried: string[] = [];
  /** Session time of the last sample taken (command samples closer than a minimum gap are merged). */
  lastSampleUs = Number.NEGATIVE_INFINITY;
  private readonly o: SessionOptions;
  private line: LineScreen | null = null;
  private term: TermScreen | null = null;
  private readonly diff = new RowDiff();
  private readonly scan = new SequenceScanner();
  /** Line mode: an escape sequence cut at the end of the last chunk. */
  private seqCarry = '';
  /** Line mode: a UTF-8 character cut at the end of the last chunk. */
  private byteCarry: Buffer | null = null;
  /** Term mode: the last chunk written ended inside a UTF-8 character. */
  private termMidChar = false;
  private batch: BatchItem[] = [];
  private batchBytes = 0;
  /** Captures waiting for the stream to leave an escape sequence. */
  private deferred: Capture[] = [];
  /** First normal-buffer row not yet moved into diff.scrolled: a marker (+ skip), else a fixed line. */
  private anchor: IMarker | undefined;
  private anchorSkip = 0;
  private anchorLine = 0;
  private potential = 0;
  private termBytesSinceTry = 0;
  private lastLookUs = -Infinity;

  constructor(id: string, cols: number, rows: number, startUs: number, options: SessionOptions) {
    this.id = id;
    this.cols = cols;
    this.rows = rows;
    this.lastOutUs = startUs;
    this.lastUs = startUs;
    this.o = options;
    if (options.fastPath) this.line = this.newLine();
    else this.term = this.newTerm();
  }

  get mode(): 'line' | 'term' {
    return this.line !== null ? 'line' : 'term';
  }

  /** Holds an idle terminal it could give up (line mode keeps the last one for reuse). */
  get spareTerminal(): boolean {
    return this.line !== null && this.term !== null;
  }

  /** Plain output went to the terminal for a while: wait for it, then try the line emulator. */
  get wantsSettle(): boolean {
    return this.term !== null && this.line === null && this.o.fastPath && this.termBytesSinceTry >= SETTLE_BYTES && this.scan.plain;
  }

  /** Written to the terminal and not parsed yet, or waiting in the batch. */
  get backlog(): number {
    return this.batchBytes + (this.term?.unparsed ?? 0);
  }

  out(event: EventOf<'out'>, us: number): void {
    this.lastOutUs = us;
    this.lastUs = us;
    if (!this.dirty) {
      this.dirty = true;
      this.dirtySince = us;
    }
    const data: string | Buffer = typeof event.text === 'string' ? event.text : decodeStreamBytes(event);
    const cols = this.cols;
    const limit = this.o.flushRows;
    // Potential scrolls (newlines + wraps): the scrolled rows are collected before they can
    // fall out of the terminal's scrollback, cutting big records where needed. The cuts depend
    // only on the bytes, so both emulations cut at the same places.
    const whole = countNewlines(data, 0, data.length) + Math.ceil(data.length / cols);
    if (this.potential + whole < limit) {
      this.potential += whole;
      this.feed(data);
      return;
    }
    let from = 0;
    while (from < data.length) {
      const cut = cutPoint(data, from, limit - this.potential, cols);
      this.potential += countNewlines(data, from, cut) + Math.ceil((cut - from) / cols);
      this.feed(sliceOf(data, from, cut));
      from = cut;
      if (cut < data.length) {
        this.potential = 0;
        this.capture({ kind: 'flush', reason: 'interval', tsUs: us });
      }
    }
  }

  private feed(data: string | Buffer): void {
    const text = typeof data === 'string' ? data : null;
    const bytes = typeof data === 'string' ? null : data;
    if (this.line === null) this.maybeTryLine();
    if (this.line !== null) this.feedLine(text, bytes);
    else this.feedTerm(data, this.lastOutUs);
  }

  /** A keystroke (its bytes are never used): look at a full-screen program's screen first. */
  input(us: number): void {
    this.lastUs = us;
    if (this.line === null && this.scan.alt && this.dirty && us - this.lastLookUs >= ALT_LOOK_MICROS) {
      this.lastLookUs = us;
      this.sample('interval', this.lastOutUs, us);
    }
  }

  /** Samples the screen (nothing when no output came since the last sample). */
  sample(reason: SampleReason, tsUs: number, nowUs: number): void {
    if (nowUs > this.lastUs) this.lastUs = nowUs;
    if (!this.dirty) return;
    this.lastSampleUs = nowUs;
    this.dirty = false;
    this.potential = 0;
    this.capture({ kind: 'sample', reason, tsUs });
  }

  async resize(cols: number, rows: number, us: number): Promise<void> {
    this.lastUs = us;
    if (cols === this.cols && rows === this.rows) return;
    this.sample('interval', this.lastOutUs, us);
    if (this.line !== null) this.toTerm();
    const term = this.term as TermScreen;
    this.releaseDeferred();
    this.flushBatch();
    if (!term.idle) {
      this.o.stats.waits++;
      await term.sync();
    }
    term.resize(cols, rows);
    this.cols = term.cols;
    this.rows = term.rows;
    const alt = term.alt;
    this.diff.rebase(screenRows(term.normal, this.rows));
    this.diff.prevAlt = alt === null ? null : screenRows(alt, this.rows);
    this.setScrollStart(term.normal.baseY);
    this.potential = 0;
  }

  /** Waits for the terminal to parse everything, then hands over to the line emulator if it can. */
  async settle(): Promise<void> {
    const term = this.term;
    if (term === null || this.line !== null) return;
    this.flushBatch();
    this.o.stats.waits++;
    await term.sync();
    this.termBytesSinceTry = TRY_LINE_BYTES;
    this.maybeTryLine();
    this.termBytesSinceTry = 0;
  }

  /** Writes what is batched; resolves when the terminal has parsed it. */
  async drain(): Promise<void> {
    this.flushBatch();
    if (this.term !== null && !this.term.idle) await this.term.sync();
  }

  /**
   * Takes the last sample and lets go of the terminal (disposed once it has parsed everything;
   * returned so the caller can wait for that).
   */
  close(reason: SampleReason, tsUs: number): TermScreen | null {
    this.sample(reason, tsUs, tsUs);
    if (this.line !== null) this.releaseDeferred();
    const term = this.term;
    this.term = null;
    if (term === null) return null;
    if (this.line !== null) {
      term.dispose();
      return null;
    }
    this.releaseDeferred();
    this.flushBatchTo(term);
    return term;
  }

  /** Disposes the idle terminal kept in line mode. */
  releaseTerminal(): void {
    if (this.line === null || this.term === null) return;
    this.term.dispose();
    this.term = null;
  }

  // ---- line mode ---------------------------------------------------------------------------

  private newLine(state?: ReturnType<TermScreen['lineState']>): LineScreen {
    return new LineScreen(this.cols, this.rows, (row) => this.diff.scrolled.push(row), state ?? undefined);
  }

  private feedLine(text: string | null, bytes: Buffer | null): void {
    const line = this.line as LineScreen;
    let s: string;
    if (text !== null && this.byteCarry === null) s = text;
    else {
      let all = bytes ?? Buffer.from(text ?? '', 'utf8');
      if (this.byteCarry !== null) {
        all = Buffer.concat([this.byteCarry, all]);
        this.byteCarry = null;
      }
      const cut = completeUtf8Length(all);
      const head = cut === all.length ? all : all.subarray(0, cut);
      if (!isUtf8(head)) {
        // Not UTF-8: the terminal decodes it (exactly these bytes, as recorded).
        this.toTerm();
        this.feedTerm(all, this.lastOutUs);
        return;
      }
      if (cut < all.length) this.byteCarry = Buffer.from(all.subarray(cut));
      s = head.toString('utf8');
    }
    const data = this.seqCarry === '' ? s : this.seqCarry + s;
    this.seqCarry = '';
    const stop = line.feed(data);
    this.o.stats.lineBytes += stop;
    if (stop === data.length) {
      this.releaseDeferred();
      return;
    }
    if (line.stop === 'incomplete') {
      this.seqCarry = data.slice(stop);
      return;
    }
    this.toTerm();
    this.feedTerm(data.slice(stop), this.lastOutUs);
    if (this.byteCarry !== null) {
      const carry = this.byteCarry;
      this.byteCarry = null;
      this.feedTerm(carry, this.lastOutUs);
    }
  }

  /** Rebuilds the line emulator's screen in a terminal; from here on output goes there. */
  private toTerm(): void {
    const line = this.line as LineScreen;
    this.term ??= this.newTerm();
    // The start of a wrapped line whose rest is on the screen goes into the terminal's scrollback.
    const top = line.screen()[0];
    const scrolled = this.diff.scrolled;
    let lead: Row[] = [];
    if (top?.wrapped === true && scrolled.length > 0) {
      let from = scrolled.length - 1;
      while (from > 0 && scrolled.length - from < MAX_LEAD_ROWS && scrolled[from]?.wrapped === true) from--;
      lead = scrolled.slice(from);
    }
    const text = line.reconstruction(lead);
    scrolled.length -= line.leadRows(lead);
    this.line = null;
    this.scan.reset();
    this.termMidChar = false;
    this.termBytesSinceTry = 0;
    this.o.stats.toTerm++;
    this.batch.push(text, { kind: 'anchor', reason: 'interval', tsUs: this.lastOutUs });
    if (this.seqCarry !== '') {
      const carry = this.seqCarry;
      this.seqCarry = '';
      this.feedTerm(carry, this.lastOutUs);
    }
  }

  // ---- term mode ---------------------------------------------------------------------------

  private newTerm(): TermScreen {
    this.o.stats.terminalsCreated++;
    return new TermScreen(this.cols, this.rows, this.o.scrollback, this.o.budget, this.o.nonce);
  }

  /**
   * Output for the terminal. Text goes as a string unless the bytes written before end inside a
   * UTF-8 character (xterm decodes strings and bytes separately: the character's rest must reach
   * the byte decoder); either way xterm sees exactly the recorded bytes.
   */
  private feedTerm(output: string | Buffer, us: number): void {
    if (output.length === 0) return;
    const data = typeof output === 'string' && this.termMidChar ? Buffer.from(output, 'utf8') : output;
    this.o.stats.termBytes += data.length;
    const hits = this.scan.scan(typeof data === 'string' ? data : data.toString('latin1'), this.rows);
    let from = 0;
    for (const hit of hits) from = this.captureBefore(hit, data, from, us);
    this.batch.push(from === 0 ? data : sliceOf(data, from, data.length));
    this.batchBytes += data.length;
    this.termBytesSinceTry += data.length;
    this.termMidChar = typeof data !== 'string' && completeUtf8Length(data) !== data.length;
    if (!this.scan.midSequence) this.releaseDeferred();
    if (this.batchBytes >= BATCH_BYTES) this.flushBatch();
  }

  /** Places the capture a scan hit asks for; returns where the bytes not yet batched start. */
  private captureBefore(hit: ScanHit, data: string | Buffer, from: number, us: number): number {
    // A full-screen program erasing its screen is mostly redrawing (top, watch): looked at no more
    // often than interval samples; keystrokes (input()) catch the pages a user turns.
    if (hit.kind === 'alt-erase' && us - this.lastLookUs < this.o.intervalUs) return from;
    if (hit.kind === 'alt-erase' || hit.kind === 'alt-leave') this.lastLookUs = us;
    if (hit.at > from) this.batch.push(sliceOf(data, from, hit.at));
    this.batch.push({ kind: 'sample', reason: 'interval', tsUs: us });
    if (hit.kind !== 'reset') return hit.at;
    this.batch.push(sliceOf(data, hit.at, hit.end), { kind: 'after-reset', reason: 'interval', tsUs: us });
    return hit.end;
  }

  /**
   * Samples now (line mode) or at this point of the terminal's stream. While the output stops
   * inside an escape sequence, both wait for it to end: the terminal could not be marked there,
   * and both emulations must look at the same moments.
   */
  private capture(c: Capture): void {
    if (this.line !== null ? this.seqCarry !== '' : this.scan.midSequence) this.deferred.push(c);
    else if (this.line !== null) this.run(c);
    else this.batch.push(c);
  }

  private releaseDeferred(): void {
    if (this.deferred.length === 0) return;
    const captures = this.deferred;
    this.deferred = [];
    if (this.line !== null) for (const c of captures) this.run(c);
    else this.batch.push(...captures);
  }

  private flushBatch(): void {
    if (this.term !== null) this.flushBatchTo(this.term);
  }

  private flushBatchTo(term: TermScreen): void {
    if (this.batch.length === 0) return;
    const items = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    let bytes: Buffer[] = [];
    let texts: string[] = [];
    const writeBytes = (): void => {
      if (bytes.length > 0) term.write(bytes.length === 1 ? (bytes[0] as Buffer) : Buffer.concat(bytes));
      bytes = [];
    };
    const writeTexts = (): void => {
      if (texts.length > 0) term.write(texts.length === 1 ? (texts[0] as string) : texts.join(''));
      texts = [];
    };
    for (const item of items) {
      if (Buffer.isBuffer(item)) {
        writeTexts();
        bytes.push(item);
      } else if (typeof item === 'string') {
        writeBytes();
        texts.push(item);
      } else {
        writeBytes();
        writeTexts();
        term.mark(() => this.run(item, term));
      }
    }
    writeBytes();
    writeTexts();
  }

  /** Runs a capture: in line mode now, in term mode when the parser reaches its marker. */
  private run(c: Capture, term: TermScreen | null = null): void {
    const lines: string[] = [];
    /** Lines of a sample before this index scrolled off the screen; the rest are on it. */
    let screenFrom = 0;
    if (term === null) {
      const line = this.line as LineScreen;
      if (c.kind === 'sample') {
        screenFrom = this.diff.sample(line.screen(), lines);
        this.diff.prevAlt = null;
      } else if (c.kind === 'flush') {
        this.diff.flush(line.screen()[0], lines);
      }
    } else {
      switch (c.kind) {
        case 'anchor':
          this.setScrollStart(0, term);
          return;
        case 'after-reset':
          this.diff.rebase([]);
          this.diff.prevAlt = null;
          this.setScrollStart(0, term);
          return;
        case 'sample': {
          this.collectScrolled(term);
          screenFrom = this.diff.sample(screenRows(term.normal, term.rows), lines);
          const alt = term.alt;
          this.diff.sampleAlt(alt === null ? null : screenRows(alt, term.rows), lines);
          break;
        }
        case 'flush': {
          this.collectScrolled(term);
          const normal = term.normal;
          this.diff.flush(readRows(normal, normal.baseY, normal.baseY + 1, [])[0], lines);
          break;
        }
      }
    }
    if (c.kind === 'flush') {
      // Scrolled rows collected between two samples are carried to the next sample, but only the
      // last CARRIED_SCROLL_ROWS of them: screen text is what the terminal showed around each
      // sample, not a second copy of bulk output (that stays in the evidence).
      this.carried.push(...lines);
      if (this.carried.length > CARRIED_SCROLL_ROWS) this.carried.splice(0, this.carried.length - CARRIED_SCROLL_ROWS);
      return;
    }
    // The sample: the last CARRIED_SCROLL_ROWS lines that scrolled off (carried ones first), then
    // the screen (and a full-screen program's screen).
    let text = lines;
    if (this.carried.length > 0 || screenFrom > CARRIED_SCROLL_ROWS) {
      const scrolled = [...this.carried, ...lines.slice(0, screenFrom)];
      text = [...scrolled.slice(Math.max(0, scrolled.length - CARRIED_SCROLL_ROWS)), ...lines.slice(screenFrom)];
    }
    this.carried = [];
    if (text.length > 0) this.o.emit(this.id, c.tsUs, c.reason, text.join('\n'));
  }

  /** Moves the normal buffer's rows that scrolled off since the last look into diff.scrolled. */
  private collectScrolled(term: TermScreen): void {
    const normal = term.normal;
    let start = this.anchorLine;
    if (this.anchor !== undefined) {
      if (this.anchor.isDisposed || this.anchor.line < 0) {
        this.o.stats.lostScrollback++;
        start = 0;
      } else {
        start = this.anchor.line + this.anchorSkip;
      }
    }
    const end = normal.baseY;
    if (end > start) readRows(normal, start, end, this.diff.scrolled);
    this.setScrollStart(end, term);
  }

  private setScrollStart(line: number, term: TermScreen | null = this.term): void {
    if (term === null) return;
    if (term.alt === null) {
      this.anchor?.dispose();
      this.anchor = term.markLine(line);
      this.anchorSkip = 0;
      this.anchorLine = line;
    } else if (this.anchor !== undefined && !this.anchor.isDisposed) {
      this.anchorSkip = line - this.anchor.line;
    } else {
      this.anchor = undefined;
      this.anchorLine = line;
    }
  }

  private maybeTryLine(): void {
    const term = this.term;
    if (!this.o.fastPath || term === null || this.line !== null || this.termBytesSinceTry < TRY_LINE_BYTES) return;
    if (!this.scan.plain || this.scan.midSequence || this.termMidChar || this.batch.length > 0 || this.deferred.length > 0 || !term.idle) return;
    this.termBytesSinceTry = 0;
    const state = term.lineState();
    if (state === null) return;
    this.collectScrolled(term);
    this.anchor?.dispose();
    this.anchor = undefined;
    this.line = this.newLine(state);
    this.o.stats.toLine++;
  }
}

function countNewlines(data: string | Buffer, from: number, to: number): number {
  let n = 0;
  if (typeof data === 'string') {
    for (let i = data.indexOf('\n', from); i >= 0 && i < to; i = data.indexOf('\n', i + 1)) n++;
  } else {
    for (let i = data.indexOf(0x0a, from); i >= 0 && i < to; i = data.indexOf(0x0a, i + 1)) n++;
  }
  return n;
}

/**
 * Where to cut data[from..] so that the piece stays below `room` potential scrolls (newlines +
 * ceil(length / cols)): before the line that would reach it, or inside a line that reaches it
 * alone; data.length when all of the rest stays below.
 */
function cutPoint(data: string | Buffer, from: number, room: number, cols: number): number {
  let lines = 0;
  let at = from;
  for (;;) {
    const nl = typeof data === 'string' ? data.indexOf('\n', at) : data.indexOf(0x0a, at);
    const end = nl < 0 ? data.length : nl + 1;
    if (lines + (nl < 0 ? 0 : 1) + Math.ceil((end - from) / cols) >= room) {
      if (at > from) return at;
      const inside = charBoundary(data, from + Math.max(1, room - 1) * cols);
      return Math.min(end, inside > from ? inside : end);
    }
    if (nl < 0) return data.length;
    lines++;
    at = end;
  }
}

/** `at`, or the nearest earlier index that does not split a character (UTF-16 pair / UTF-8 sequence). */
function charBoundary(data: string | Buffer, at: number): number {
  if (at >= data.length || at <= 0) return at;
  if (typeof data === 'string') {
    const c = data.charCodeAt(at - 1);
    return c >= 0xd800 && c < 0xdc00 ? at - 1 : at;
  }
  let i = at;
  while (i > at - 3 && i > 1 && ((data[i] as number) & 0xc0) === 0x80) i--;
  return i;
}

function sliceOf(data: string | Buffer, from: number, to: number): string | Buffer {
  if (from === 0 && to === data.length) return data;
  return typeof data === 'string' ? data.slice(from, to) : data.subarray(from, to);
}

/** Length of the prefix of `bytes` that does not end inside a UTF-8 character. */
export function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 4 && back <= n; back++) {
    const b = bytes[n - back] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}
