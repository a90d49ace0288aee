// Throughput of an import phase, for the progress bars: bytes per second over a sliding window of
// recent samples (a plain average since the phase began would hide a stall and then lie about the
// ETA for minutes). Restarts when the item or phase changes. Pure: time is passed in.
const WINDOW_MS = 3000;
const MIN_SPAN_MS = 200;

export class ThroughputMeter {
  private key = '';
  private samples: Array<{ t: number; bytes: number }> = [];

  /** Records a sample; returns bytes per second, or null while the window is too short to tell. */
  update(key: string, bytesDone: number, nowMs: number): number | null {
    if (key !== this.key || (this.samples.length > 0 && bytesDone < (this.samples[this.samples.length - 1]?.bytes ?? 0))) {
      this.key = key;
      this.samples = [];
    }
    this.samples.push({ t: nowMs, bytes: bytesDone });
    while (this.samples.length > 2 && nowMs - (this.samples[1]?.t ?? nowMs) >= WINDOW_MS) this.samples.shift();
    const first = this.samples[0];
    if (first === undefined) return null;
    const span = nowMs - first.t;
    if (span < MIN_SPAN_MS) return null;
    return ((bytesDone - first.bytes) * 1000) / span;
  }
}
