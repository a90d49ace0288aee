// What the sampler must know about the output it hands to the headless terminal, found at write
// time (the terminal parses later): where the screen is about to lose text that was never sampled
// (the alternate screen is left or erased, the scrollback cleared, the terminal reset), whether
// the state is plain enough for the fast line emulator to take over again, and whether the stream
// stops in the middle of an escape sequence (a marker must not be written there: it would cut
// the sequence in two and print its tail as text).
//
// Scanning runs on the bytes as latin1 (one character per byte), so positions are byte offsets.

export type HitKind =
  /** Before the alternate screen is left: its last screen would be gone. */
  | 'alt-leave'
  /** Before the alternate screen is erased (rate-limited by the caller). */
  | 'alt-erase'
  /** Before normal-screen text is erased without going to scrollback (ED 1, ED 3, home + ED 0). */
  | 'erase'
  /** Before a full reset (RIS). */
  | 'reset';

export interface ScanHit {
  /** Byte offset in the chunk of the sequence's ESC. */
  at: number;
  /** Byte offset just after the sequence. */
  end: number;
  kind: HitKind;
}

// CSI with the finals that matter, single-character ESC functions, charset designations, SO/SI.
// Escape sequences are made of control characters, which is what these expressions look for.
/* eslint-disable no-control-regex */
const SEQUENCES = /\x1b(?:\[(\??)([0-9;]*)(!?)([hlJrgp])|([c78HDEMno])|([()*+\-./])([\x20-\x7e]))|([\x0e\x0f])/g;
const CURSOR_HOME = /\x1b\[(?:1?(?:;1?)?)?H$/;
const COMPLETE_CSI = /^\x1b\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]/;
/* eslint-enable no-control-regex */
const STRING_START = new Set([0x5d, 0x50, 0x58, 0x5e, 0x5f]); // ] P X ^ _
/** An unfinished sequence longer than this is treated as finished (nothing real is that long). */
const MAX_SEQUENCE = 4096;

export class SequenceScanner {
  /** The alternate screen is active (as the written stream says). */
  alt = false;
  private scrollRegion = false;
  private readonly charsets = ['B', 'B', 'B', 'B'];
  private shift = 0;
  private tabsChanged = false;
  private newlineMode = false;
  /** The written stream ends inside an escape sequence: its start so far, else ''. */
  private open = '';

  /** Nothing written so far keeps the fast line emulator from describing the screen. */
  get plain(): boolean {
    return !this.alt && !this.scrollRegion && this.charsets[this.shift] === 'B' && !this.tabsChanged && !this.newlineMode;
  }

  /** The stream stops inside an escape sequence: no marker may be written now. */
  get midSequence(): boolean {
    return this.open !== '';
  }

  /** State after a full reset (the terminal was reset by the sampler itself). */
  reset(): void {
    this.alt = false;
    this.scrollRegion = false;
    this.charsets.fill('B');
    this.shift = 0;
    this.tabsChanged = false;
    this.newlineMode = false;
    this.open = '';
  }

  /**
   * Scans one chunk (bytes as latin1), updating the state; returns the places to capture before.
   * `rows` is the screen height (for the scroll region's default).
   */
  scan(text: string, rows: number): ScanHit[] {
    const hits: ScanHit[] = [];
    const carried = this.open.length;
    // A sequence cut at the previous chunk's end is completed by this one's start.
    const haystack = carried > 0 ? this.open + text : text;
    SEQUENCES.lastIndex = 0;
    for (let m = SEQUENCES.exec(haystack); m !== null; m = SEQUENCES.exec(haystack)) {
      const kind = this.apply(m, haystack, rows);
      // A sequence begun in the previous chunk cannot get a marker before it any more.
      if (kind !== null && m.index >= carried) hits.push({ at: m.index - carried, end: m.index - carried + m[0].length, kind });
    }
    this.open = openSequence(haystack);
    return hits;
  }

  private apply(m: RegExpExecArray, text: string, rows: number): HitKind | null {
    const [, priv, params, bang, final, single, designator, charset, shift] = m;
    if (shift !== undefined) {
      this.shift = shift === '\x0e' ? 1 : 0;
      return null;
    }
    if (designator !== undefined && charset !== undefined) {
      const g = '(-'.includes(designator) ? 0 : ')'.includes(designator) ? 1 : '*.'.includes(designator) ? 2 : 3;
      this.charsets[g] = charset;
      return null;
    }
    if (single !== undefined) {
      switch (single) {
        case 'c':
          this.reset();
          return 'reset';
        case 'H':
          this.tabsChanged = true;
          return null;
        case 'n':
          this.shift = 2;
          return null;
        case 'o':
          this.shift = 3;
          return null;
        default:
          return null;
      }
    }
    const values = (params ?? '').split(';').map((p) => (p === '' ? 0 : Number(p)));
    const first = values[0] ?? 0;
    switch (final) {
      case 'h':
      case 'l': {
        const on = final === 'h';
        if (priv === '?') {
          if (values.some((v) => v === 1049 || v === 1047 || v === 47)) {
            const leaving = this.alt && !on;
            this.alt = on;
            return leaving ? 'alt-leave' : null;
          }
        } else if (values.includes(20)) {
          this.newlineMode = on;
        }
        return null;
      }
      case 'J':
        if (this.alt) return 'alt-erase';
        if (first === 1 || first === 3) return 'erase';
        if (first === 0 && CURSOR_HOME.test(text.slice(Math.max(0, (m.index ?? 0) - 8), m.index))) return 'erase';
        return null;
      case 'r':
        if (priv === '' && bang === '') {
          const top = first || 1;
          const bottom = values[1] || rows;
          this.scrollRegion = !(top <= 1 && bottom >= rows);
        }
        return null;
      case 'g':
        if (priv === '' && bang === '') this.tabsChanged = true;
        return null;
      case 'p':
        if (bang === '!') {
          // DECSTR soft reset: scroll region, charsets and modes back to defaults.
          this.scrollRegion = false;
          this.charsets.fill('B');
          this.shift = 0;
        }
        return null;
      default:
        return null;
    }
  }
}

/** The unfinished escape sequence `text` ends with, or ''. */
function openSequence(text: string): string {
  const esc = text.lastIndexOf('\x1b');
  if (esc < 0 || text.length - esc > MAX_SEQUENCE) return '';
  const tail = text.slice(esc);
  if (tail.length === 1) return tail;
  const kind = tail.charCodeAt(1);
  if (kind === 0x5b) return COMPLETE_CSI.test(tail) ? '' : tail;
  if (STRING_START.has(kind)) return tail.includes('\x07') ? '' : tail;
  if (kind >= 0x20 && kind <= 0x2f) return tail.length >= 3 ? '' : tail; // ESC ( B and friends
  return '';
}
