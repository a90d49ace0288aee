// Drives one replay pane's xterm.js terminal to a wall-clock moment: a seek restores the nearest
// keyframe and feeds the rest (replay.frame); playing forward feeds only what came since
// (replay.range from the last position). Requests never overlap: while one runs, the latest
// wanted moment is remembered and reached next, so a fast play loop or a dragged playhead only
// ever costs one request in flight per pane.
import type { Terminal } from '@xterm/xterm';
import type { ReplayChunkView, ReplayFrameView, TrailviewApi } from '../../../electron/core/api/contract.js';
import { Utf8Stream } from '../../../electron/core/replay/utf8-stream.js';

/** Forward jumps longer than this are seeks (a keyframe is nearer than the current position). */
const PLAY_FORWARD_LIMIT_US = 120_000_000;

function base64Bytes(b64: string): Uint8Array {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export class PaneDriver {
  private shownUs: number | null = null;
  private resumeOffset = 0;
  private decoder = new Utf8Stream();
  private running = false;
  private wanted: number | null = null;
  private disposed = false;

  constructor(
    private readonly api: TrailviewApi,
    readonly sessionId: number,
    private readonly term: Terminal,
    private readonly onShown: (tsUs: number) => void,
    private readonly onError: (message: string) => void,
  ) {}

  /** Shows the session at `tsUs` (as soon as the request in flight, if any, is done). */
  goTo(tsUs: number): void {
    this.wanted = tsUs;
    if (!this.running) void this.run();
  }

  /** Forgets the position: the next goTo seeks (after a resize of the pane's font, say). */
  invalidate(): void {
    this.shownUs = null;
  }

  dispose(): void {
    this.disposed = true;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.wanted !== null && !this.disposed) {
        const target = this.wanted;
        this.wanted = null;
        if (target === this.shownUs) continue;
        const shown = this.shownUs;
        if (shown === null || target < shown || target - shown > PLAY_FORWARD_LIMIT_US) await this.seek(target);
        else await this.playTo(shown, target);
        if (!this.disposed) this.onShown(target);
      }
    } catch (error) {
      this.shownUs = null;
      this.onError(error instanceof Error ? error.message : String(error));
    } finally {
      this.running = false;
    }
  }

  private async seek(tsUs: number): Promise<void> {
    const frame: ReplayFrameView = await this.api.call('replay.frame', { sessionId: this.sessionId, tsUs });
    if (this.disposed) return;
    const k = frame.keyframe;
    // Writes still queued from playing would land after the reset: let them finish first.
    await new Promise<void>((resolve) => this.term.write('', resolve));
    this.term.reset();
    if (this.term.cols !== k.cols || this.term.rows !== k.rows) this.term.resize(k.cols, k.rows);
    this.decoder = new Utf8Stream();
    this.decoder.setPending(base64Bytes(k.pending));
    this.term.write(k.state);
    this.apply(frame.chunks);
    this.resumeOffset = frame.resumeOffset;
    this.shownUs = tsUs;
  }

  private async playTo(fromUs: number, toUs: number): Promise<void> {
    let from = fromUs;
    for (;;) {
      const range = await this.api.call('replay.range', { sessionId: this.sessionId, fromUs: from, toUs, resumeOffset: this.resumeOffset });
      if (this.disposed) return;
      this.apply(range.chunks);
      this.resumeOffset = range.resumeOffset;
      if (range.complete) break;
      from = range.chunks[range.chunks.length - 1]?.tsUs ?? toUs;
    }
    this.shownUs = toUs;
  }

  /** Output in order; resizes between writes keep their place (xterm queues writes, resize is immediate). */
  private apply(chunks: readonly ReplayChunkView[]): void {
    let text = '';
    const flush = (): void => {
      if (text !== '') this.term.write(text);
      text = '';
    };
    for (const c of chunks) {
      if ('text' in c) text += this.decoder.decodeText(c.text);
      else if ('b64' in c) text += this.decoder.decode(base64Bytes(c.b64));
      else {
        flush();
        const { cols, rows } = c;
        // Applied once the writes before it are parsed.
        this.term.write('', () => this.term.resize(cols, rows));
      }
    }
    flush();
  }
}
