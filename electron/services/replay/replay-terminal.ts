// One headless terminal for replay: writes decoded output, applies resizes in stream order, and
// saves / restores keyframes. xterm parses asynchronously, so anything that must see the screen
// as of the bytes written so far (a snapshot, a resize) waits for the writes first.
import xtermHeadless from '@xterm/headless';
import type { Terminal as HeadlessTerminal } from '@xterm/headless';
import serializeAddon from '@xterm/addon-serialize';
import { KEYFRAME_SCROLLBACK, REPLAY_TERMINAL_OPTIONS } from '../../core/replay/terminal-options.js';
import { fixSerializedSgr, parserAtGround, stateSuffix } from './terminal-state.js';

const { Terminal } = xtermHeadless;
const { SerializeAddon } = serializeAddon;

/** xterm's write queue (internal): `writeSync` parses at once, without a timer per write. */
interface InternalWriteBuffer {
  writeSync?: (data: string) => void;
}

function syncWriter(term: HeadlessTerminal): ((data: string) => void) | null {
  const buffer = (term as unknown as { _core?: { _writeBuffer?: InternalWriteBuffer } })._core?._writeBuffer;
  const writeSync = buffer?.writeSync;
  return typeof writeSync === 'function' ? (data) => writeSync.call(buffer, data) : null;
}

export class ReplayTerminal {
  readonly term: HeadlessTerminal;
  private readonly serializer: InstanceType<typeof SerializeAddon>;
  private written: Promise<void> = Promise.resolve();
  private unflushed = false;
  private readonly parseNow: ((data: string) => void) | null;

  constructor(cols: number, rows: number) {
    this.term = new Terminal({ ...REPLAY_TERMINAL_OPTIONS, cols, rows, logLevel: 'off' });
    this.parseNow = syncWriter(this.term);
    this.serializer = new SerializeAddon();
    // The addon's typings name the browser Terminal; the headless one has the same surface.
    this.term.loadAddon(this.serializer as unknown as Parameters<HeadlessTerminal['loadAddon']>[0]);
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  write(text: string): void {
    if (text.length === 0) return;
    this.unflushed = true;
    this.written = new Promise((resolve) => this.term.write(text, resolve));
  }

  /**
   * Parses the text before returning (the keyframe builder: no timer, callback and promise per
   * write, PERF-NOTES §5). Falls back to a queued write when xterm's internals change shape.
   */
  writeSync(text: string): void {
    if (text.length === 0) return;
    if (this.parseNow === null || this.unflushed) {
      // Queued writes must be parsed first, in order: this one joins the queue.
      this.write(text);
      return;
    }
    this.parseNow(text);
  }

  /** Resolves once everything written has been parsed (writes are processed in order). */
  async flush(): Promise<void> {
    if (!this.unflushed) return;
    await this.written;
    this.unflushed = false;
  }

  async resize(cols: number, rows: number): Promise<void> {
    await this.flush();
    if (cols !== this.term.cols || rows !== this.term.rows) this.term.resize(cols, rows);
  }

  /** Whether a snapshot can be taken here: the parser is not inside an escape sequence. */
  async atGround(): Promise<boolean> {
    await this.flush();
    return parserAtGround(this.term);
  }

  /** The screen plus KEYFRAME_SCROLLBACK rows, modes and the state serialize leaves out. */
  async snapshot(): Promise<string> {
    await this.flush();
    return fixSerializedSgr(this.serializer.serialize({ scrollback: KEYFRAME_SCROLLBACK })) + stateSuffix(this.term);
  }

  /** Puts a keyframe back: a fresh terminal state of that size showing the snapshot. */
  async restore(state: string, cols: number, rows: number): Promise<void> {
    await this.flush();
    this.term.reset();
    if (cols !== this.term.cols || rows !== this.term.rows) this.term.resize(cols, rows);
    this.write(state);
    await this.flush();
  }

  dispose(): void {
    this.term.dispose();
  }
}
