// The screen sampler on its own thread (sampler-worker.ts), so that emulating terminals does not
// add to the import thread's work: on a 2-core machine the import thread (parse, inserts, full-text
// index) is the longest chain, and the sampler is about a fifth of it.
//
// Same results as ScreenSampler in the caller's thread: the records go to the worker in order and
// each is pushed there with the time the import already parsed. Only what the sampler reads
// crosses: type, session, time, the output (`text` or `b64`) and terminal sizes, never typed input.
// Records travel in batches (typed arrays, transferred); samples come back with the acknowledgement
// of each batch, and push() returns those that have arrived. At most MAX_IN_FLIGHT batches are
// outstanding, so memory stays bounded when the sampler is slower than the import.
import { Worker } from 'node:worker_threads';
import type { TrailEvent } from '../../../core/records.js';
import type { ScreenSample, ScreenSamplerOptions } from './screen-sampler.js';
import { builtWorkerScript } from '../../threads/worker-script.js';

/** Record types the sampler distinguishes; anything else only moves its clock. */
export const EVENT_CODES = ['other', 'session.start', 'out', 'in', 'cmd', 'resize', 'session.end'] as const;
const CODE = new Map<string, number>(EVENT_CODES.map((t, i) => [t, i]));
const CODE_OUT_B64 = EVENT_CODES.length;

/** One batch of records, as plain data and transferable buffers. */
export interface SamplerBatch {
  id: number;
  count: number;
  /** Index into EVENT_CODES (CODE_OUT_B64: an `out` record with `b64`). */
  types: Uint8Array;
  us: Float64Array;
  /** Index into `names`. */
  sessions: Uint32Array;
  names: string[];
  /** The output of each `out` record, in order. */
  outputs: string[];
  /** cols, rows of each record (0 when absent or not an integer). */
  sizes: Int32Array;
}

export type ToSampler = { kind: 'batch'; batch: SamplerBatch } | { kind: 'end' };
export type FromSampler =
  | { kind: 'samples'; batch: number; samples: ScreenSample[] }
  | { kind: 'ended'; samples: ScreenSample[] }
  | { kind: 'failed'; message: string };

export const OUT_B64 = CODE_OUT_B64;

const BATCH_RECORDS = 4096;
const BATCH_CHARS = 1 << 20;
const MAX_IN_FLIGHT = 4;

function workerScript(): URL | null {
  return builtWorkerScript(import.meta.url, 'sampler-worker.js');
}

/** Whether the sampler can run on its own thread here (the worker script is built). */
export function samplerThreadAvailable(): boolean {
  return workerScript() !== null;
}

function dimension(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value < 2 ** 31 ? value : 0;
}

export class ThreadedScreenSampler {
  private readonly worker: Worker;
  private ready: ScreenSample[] = [];
  private failure: Error | null = null;
  private nextId = 0;
  private inFlight = 0;
  private wake: (() => void) | null = null;
  private ending: { resolve: (samples: ScreenSample[]) => void; reject: (error: Error) => void } | null = null;
  /** end() or dispose() was called: the thread's exit is expected. */
  private finished = false;
  private batch = this.newBatch();
  private names = new Map<string, number>();
  private chars = 0;

  constructor(options: ScreenSamplerOptions = {}) {
    const script = workerScript();
    if (script === null) throw new Error('internal: the screen sampler worker is not built');
    this.worker = new Worker(script, { workerData: options });
    this.worker.on('message', (message: FromSampler) => this.receive(message));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (!this.finished) this.fail(new Error(`the screen sampler thread stopped (exit code ${code})`));
    });
  }

  /** Queues one record; returns the samples that have come back so far. */
  async push(event: TrailEvent, us: number): Promise<ScreenSample[]> {
    if (this.failure !== null) throw this.failure;
    const b = this.batch;
    const i = b.count++;
    let code = CODE.get(event.type) ?? 0;
    if (event.type === 'out') {
      const text = (event as { text?: unknown }).text;
      const b64 = (event as { b64?: unknown }).b64;
      const output = typeof text === 'string' ? text : typeof b64 === 'string' ? b64 : '';
      if (typeof text !== 'string' && typeof b64 === 'string') code = CODE_OUT_B64;
      b.outputs.push(output);
      this.chars += output.length;
    } else if (event.type === 'session.start' || event.type === 'resize') {
      const e = event as { cols?: unknown; rows?: unknown };
      b.sizes[2 * i] = dimension(e.cols);
      b.sizes[2 * i + 1] = dimension(e.rows);
    }
    b.types[i] = code;
    b.us[i] = us;
    let name = this.names.get(event.session);
    if (name === undefined) {
      name = b.names.length;
      b.names.push(event.session);
      this.names.set(event.session, name);
    }
    b.sessions[i] = name;
    if (b.count === BATCH_RECORDS || this.chars >= BATCH_CHARS) await this.send();
    return this.take();
  }

  /** Sends what is queued, then every sample still to come; resolves when the sampler has finished. */
  async end(): Promise<ScreenSample[]> {
    if (this.batch.count > 0) await this.send();
    if (this.failure !== null) throw this.failure;
    const last = await new Promise<ScreenSample[]>((resolve, reject) => {
      this.ending = { resolve, reject };
      this.worker.postMessage({ kind: 'end' } satisfies ToSampler);
    });
    this.finished = true;
    await this.worker.terminate();
    return [...this.take(), ...last];
  }

  /** Stops the thread (after a failure or a cancel: nothing more is wanted from it). */
  async dispose(): Promise<void> {
    this.finished = true;
    await this.worker.terminate();
  }

  private async send(): Promise<void> {
    const b = this.batch;
    const batch: SamplerBatch = { ...b, types: b.types.slice(0, b.count), us: b.us.slice(0, b.count), sessions: b.sessions.slice(0, b.count), sizes: b.sizes.slice(0, 2 * b.count) };
    this.batch = this.newBatch();
    this.names = new Map();
    this.chars = 0;
    this.inFlight++;
    this.worker.postMessage({ kind: 'batch', batch } satisfies ToSampler, [batch.types.buffer as ArrayBuffer, batch.us.buffer as ArrayBuffer, batch.sessions.buffer as ArrayBuffer, batch.sizes.buffer as ArrayBuffer]);
    while (this.inFlight >= MAX_IN_FLIGHT && this.failure === null) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    if (this.failure !== null) throw this.failure;
  }

  private receive(message: FromSampler): void {
    if (message.kind === 'failed') {
      this.fail(new Error(message.message));
      return;
    }
    if (message.kind === 'samples') {
      if (message.samples.length > 0) this.ready.push(...message.samples);
      this.inFlight--;
      this.wakeUp();
    } else {
      this.ending?.resolve(message.samples);
      this.ending = null;
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wakeUp();
    this.ending?.reject(this.failure);
    this.ending = null;
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private take(): ScreenSample[] {
    if (this.ready.length === 0) return [];
    const out = this.ready;
    this.ready = [];
    return out;
  }

  private newBatch(): SamplerBatch {
    return {
      id: this.nextId++,
      count: 0,
      types: new Uint8Array(BATCH_RECORDS),
      us: new Float64Array(BATCH_RECORDS),
      sessions: new Uint32Array(BATCH_RECORDS),
      names: [],
      outputs: [],
      sizes: new Int32Array(2 * BATCH_RECORDS),
    };
  }
}
