// Feeding one session's records into a replay terminal: output decoded with U+FFFD for invalid
// bytes, resizes in stream order. Used by the keyframe builder, seeking and the tests alike, so
// "feed from the start" and "restore a keyframe, feed the rest" apply records the same way.
import { Utf8Stream } from '../../core/replay/utf8-stream.js';
import { dataLength, type ReplayRecord } from './replay-records.js';
import type { ReplayTerminal } from './replay-terminal.js';

/** Held output is written once it reaches this many characters (bounds the memory held). */
const HOLD_CHARS = 1 << 20;

export class SessionFeed {
  readonly decoder = new Utf8Stream();
  outBytes = 0;
  private held: string[] = [];
  private heldChars = 0;

  /**
   * `batched` (the keyframe builder): consecutive output is held and written as one string,
   * parsed synchronously, when `release()` is called (before a snapshot), before a resize or past
   * HOLD_CHARS. xterm's cost per write call dominates for pty-sized reads; the bytes parsed and
   * so the screen are the same.
   */
  constructor(
    readonly terminal: ReplayTerminal,
    private readonly batched = false,
  ) {}

  /** Applies one record (input records change nothing on the screen). */
  async apply(r: ReplayRecord): Promise<void> {
    if (r.kind === 'out') {
      this.outBytes += dataLength(r.data);
      const text = typeof r.data === 'string' ? this.decoder.decodeText(r.data) : this.decoder.decode(r.data);
      if (!this.batched) {
        this.terminal.write(text);
        return;
      }
      this.held.push(text);
      this.heldChars += text.length;
      if (this.heldChars >= HOLD_CHARS) this.release();
    } else if (r.kind === 'resize') {
      this.release();
      await this.terminal.resize(r.cols, r.rows);
    }
  }

  /** Writes the held output (batched mode); the terminal then shows every record applied. */
  release(): void {
    if (this.held.length === 0) return;
    const text = this.held.length === 1 ? (this.held[0] as string) : this.held.join('');
    this.held = [];
    this.heldChars = 0;
    this.terminal.writeSync(text);
  }
}
