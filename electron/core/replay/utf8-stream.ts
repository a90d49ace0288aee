// A streaming UTF-8 decoder for terminal output, shared by keyframe building, seeking and the UI.
//
// Why not xterm's own byte decoder: it skips invalid sequences, so tampered or binary output would
// vanish from the screen; here every invalid byte becomes U+FFFD (WHATWG Encoding "maximal subpart"
// replacement, the same as TextDecoder with fatal: false), so it is shown, never dropped silently.
// Why not TextDecoder with stream: true: a keyframe must record the bytes of a character split
// across two records (`pending`), and TextDecoder does not expose them.

const REPLACEMENT = '\uFFFD';

export class Utf8Stream {
  /** Bytes of an incomplete character at the end of the last chunk (0–3 bytes). */
  private held: number[] = [];

  /** The incomplete character carried to the next chunk (for keyframes). */
  get pending(): Uint8Array {
    return Uint8Array.from(this.held);
  }

  /** Restores the carry of a keyframe. */
  setPending(bytes: Uint8Array): void {
    this.held = Array.from(bytes.subarray(0, 3));
  }

  /** Decodes a chunk; an incomplete character at its end is held until the next chunk. */
  decode(chunk: Uint8Array): string {
    let bytes = chunk;
    if (this.held.length > 0) {
      bytes = new Uint8Array(this.held.length + chunk.length);
      bytes.set(this.held, 0);
      bytes.set(chunk, this.held.length);
      this.held = [];
    }
    let out = '';
    let ascii = 0; // start of a pending run of ASCII, appended in one slice
    let i = 0;
    const n = bytes.length;
    const flushAscii = (to: number): void => {
      if (to > ascii) out += latin1(bytes, ascii, to);
    };
    while (i < n) {
      const b = bytes[i] as number;
      if (b < 0x80) {
        i++;
        continue;
      }
      flushAscii(i);
      const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
      if (need < 0) {
        out += REPLACEMENT;
        i++;
        ascii = i;
        continue;
      }
      // Valid range of the second byte depends on the first (no overlongs, no surrogates, ≤ U+10FFFF).
      const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
      let cp = need === 1 ? b & 0x1f : need === 2 ? b & 0x0f : b & 0x07;
      let j = 1;
      let broken = false;
      for (; j <= need; j++) {
        if (i + j >= n) {
          // Incomplete at the end of the chunk: hold the bytes for the next one.
          this.held = Array.from(bytes.subarray(i, n));
          return out;
        }
        const c = bytes[i + j] as number;
        const min = j === 1 ? lo : 0x80;
        const max = j === 1 ? hi : 0xbf;
        if (c < min || c > max) {
          broken = true;
          break;
        }
        cp = (cp << 6) | (c & 0x3f);
      }
      if (broken) {
        // The maximal subpart (lead plus the valid continuation bytes seen) becomes one U+FFFD.
        out += REPLACEMENT;
        i += j;
      } else {
        out += String.fromCodePoint(cp);
        i += need + 1;
      }
      ascii = i;
    }
    flushAscii(n);
    return out;
  }

  /**
   * Decodes a record's `text` (valid UTF-8 by the format, so already a string): the same result as
   * decode() of its bytes, without the round trip. A character left incomplete before it cannot
   * be completed by it (text never starts with a continuation byte): it becomes one U+FFFD.
   */
  decodeText(text: string): string {
    if (this.held.length === 0) return text;
    this.held = [];
    return REPLACEMENT + text;
  }

  /** The end of the stream: a character left incomplete is shown as U+FFFD. */
  end(): string {
    const had = this.held.length > 0;
    this.held = [];
    return had ? REPLACEMENT : '';
  }
}

function latin1(bytes: Uint8Array, from: number, to: number): string {
  // Chunks of 8 KiB keep String.fromCharCode's argument list small.
  let s = '';
  for (let k = from; k < to; k += 8192) s += String.fromCharCode(...bytes.subarray(k, Math.min(to, k + 8192)));
  return s;
}
