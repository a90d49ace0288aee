// The one splitter of JSON-lines streams (core/line-splitter.ts): whatever the chunk boundaries,
// the same lines at the same byte offsets, and a cut-off last line reported as such.
import { describe, expect, it } from 'vitest';
import { LineSplitter, type SplitLine } from '../../electron/core/line-splitter.js';

function splitAll(text: Buffer, cuts: readonly number[], start = 0): { lines: Array<[string, number]>; rest: [string, number] | null; offset: number } {
  const splitter = new LineSplitter(start);
  const lines: Array<[string, number]> = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    // A fresh buffer per chunk, overwritten after use: lines must not depend on old chunks.
    const chunk = Buffer.from(text.subarray(from, cut));
    for (const { bytes, offset } of splitter.push(chunk)) lines.push([bytes.toString('utf8'), offset]);
    chunk.fill(0x21);
    from = cut;
  }
  const rest: SplitLine | null = splitter.end();
  return { lines, rest: rest === null ? null : [rest.bytes.toString('utf8'), rest.offset], offset: splitter.offset };
}

describe('LineSplitter', () => {
  const text = Buffer.from('{"a":1}\n\n{"b":"é✓"}\n{"c":"a longer line than most chunks"}\ncut-off', 'utf8');
  const expected: Array<[string, number]> = [];
  for (let at = 0, nl = text.indexOf(10); nl !== -1; at = nl + 1, nl = text.indexOf(10, at)) expected.push([text.subarray(at, nl).toString('utf8'), at]);
  const tail = text.lastIndexOf(10) + 1;

  it('gives every line with its offset for every single cut, and every pair of cuts', () => {
    expect(expected).toHaveLength(4);
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j += 3) {
        const got = splitAll(text, [i, j]);
        expect(got.lines, `cuts ${i}, ${j}`).toEqual(expected);
        expect(got.rest).toEqual([text.subarray(tail).toString('utf8'), tail]);
        expect(got.offset).toBe(text.length);
      }
    }
  });

  it('byte by byte, with a starting offset', () => {
    const got = splitAll(text, Array.from({ length: text.length }, (_, i) => i), 1000);
    expect(got.lines).toEqual(expected.map(([line, at]) => [line, at + 1000]));
    expect(got.rest?.[1]).toBe(tail + 1000);
  });

  it('no cut-off line when the stream ends with a newline', () => {
    expect(splitAll(Buffer.from('x\ny\n'), [1, 3]).rest).toBeNull();
    expect(splitAll(Buffer.alloc(0), []).lines).toEqual([]);
  });
});
