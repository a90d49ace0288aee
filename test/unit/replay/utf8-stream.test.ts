// The replay decoder: same text as the WHATWG decoder (TextDecoder, replacement mode) for any bytes
// split anywhere, and the carry of a split character survives a keyframe (pending/setPending).
import { describe, expect, it } from 'vitest';
import { Utf8Stream } from '../../../electron/core/replay/utf8-stream.js';
import { seededRandom } from '../../helpers/seeded-random.js';

function randomBytes(random: () => number, n: number): Uint8Array {
  // Mostly valid UTF-8 of every length, with invalid bytes, truncations, overlongs and surrogates mixed in.
  const pieces = ['a', 'é', '€', '😀', '日本', '\x1b[31m', '\u{10FFFF}'].map((s) => Buffer.from(s, 'utf8'));
  const bad = [[0xff], [0xc0, 0xaf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80], [0xf0, 0x9f, 0x98]];
  const out: number[] = [];
  while (out.length < n) {
    if (random() < 0.2) out.push(...(bad[Math.floor(random() * bad.length)] as number[]));
    else out.push(...(pieces[Math.floor(random() * pieces.length)] as Buffer));
  }
  return Uint8Array.from(out);
}

describe('Utf8Stream', () => {
  it('decodes like TextDecoder (replacement) whatever the chunking', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 300; round++) {
      const bytes = randomBytes(random, 1 + Math.floor(random() * 200));
      const expected = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
      const d = new Utf8Stream();
      let text = '';
      let at = 0;
      while (at < bytes.length) {
        const n = 1 + Math.floor(random() * 7);
        text += d.decode(bytes.subarray(at, at + n));
        at += n;
      }
      text += d.end();
      expect(text, Buffer.from(bytes).toString('hex')).toBe(expected);
    }
  });

  it('decodeText gives what decode gives for the same bytes, after any carry', () => {
    const euro = Buffer.from('€', 'utf8');
    for (const carry of [euro.subarray(0, 1), euro.subarray(0, 2), Buffer.alloc(0)]) {
      for (const text of ['ab', '€x', '😀']) {
        const viaBytes = new Utf8Stream();
        const viaText = new Utf8Stream();
        expect(viaText.decode(carry) + viaText.decodeText(text)).toBe(viaBytes.decode(carry) + viaBytes.decode(Buffer.from(text, 'utf8')));
      }
    }
  });

  it('shows invalid bytes as U+FFFD, never drops them', () => {
    expect(new Utf8Stream().decode(Uint8Array.from([0x61, 0xff, 0x62, 0xc3, 0x28]))).toBe('a\uFFFDb\uFFFD(');
  });

  it('carries a character split across chunks through pending / setPending', () => {
    const euro = Buffer.from('€', 'utf8');
    const a = new Utf8Stream();
    expect(a.decode(euro.subarray(0, 2))).toBe('');
    expect(Array.from(a.pending)).toEqual([0xe2, 0x82]);
    const b = new Utf8Stream();
    b.setPending(a.pending);
    expect(b.decode(euro.subarray(2))).toBe('€');
  });
});
