// The index reads records.jsonl from the staged copy while the copy is still writing it
// (follow-copy.ts): it must see exactly the bytes of the entry, never bytes not yet written, and
// fail when the copy fails or ends short.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBundle } from '../../electron/services/bundle/open-bundle.js';
import { followCopy, storedRecordsRange, WrittenBytes } from '../../electron/services/case/import/follow-copy.js';
import { tempDir } from '../helpers/bundles.js';
import { demoBundle } from '../helpers/case-fixtures.js';

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

describe('following a copy while it is written', () => {
  it('reads a byte range behind the writer, never ahead of it, in order', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'copy');
    const content = Buffer.alloc(5 * (1 << 20) + 12_345);
    for (let i = 0; i < content.length; i++) content[i] = (i * 7919) % 251;
    const written = new WrittenBytes();
    const start = 1000;
    const end = content.length - 777;
    let writtenSoFar = 0;
    const reader = (async (): Promise<Buffer> => {
      const parts: Buffer[] = [];
      let at = start;
      for await (const chunk of followCopy(file, start, end, written)) {
        at += chunk.length;
        // Whatever was yielded had been written already.
        expect(at).toBeLessThanOrEqual(writtenSoFar);
        parts.push(chunk);
      }
      return Buffer.concat(parts);
    })();
    // The writer: the file appears with its first piece, then grows in uneven steps.
    for (let pos = 0; pos < content.length; ) {
      const next = Math.min(content.length, pos + 300_000 + (pos % 7) * 100_000);
      if (pos === 0) await writeFile(file, content.subarray(pos, next));
      else await appendFile(file, content.subarray(pos, next));
      writtenSoFar = next;
      written.update(next);
      pos = next;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    written.finish();
    expect((await reader).equals(content.subarray(start, end))).toBe(true);
  });

  it("fails with the copy's error when the copy fails, and when it ends before the range does", async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'copy');
    await writeFile(file, Buffer.alloc(2 << 20, 1));

    const failing = new WrittenBytes();
    failing.update(1 << 20);
    const reading = collect(followCopy(file, 0, 2 << 20, failing));
    failing.fail(new Error('disk full'));
    await expect(reading).rejects.toThrow('disk full');

    const short = new WrittenBytes();
    short.update(1.5 * (1 << 20));
    short.finish();
    await expect(collect(followCopy(file, 0, 2 << 20, short))).rejects.toThrow(/the copy ended at byte 1572864, before the end of records\.jsonl at byte 2097152/);
  });

  it('finds where a sealed bundle stores records.jsonl', async () => {
    const bundle = await demoBundle(3);
    const range = await storedRecordsRange(bundle);
    expect(range).not.toBeNull();
    const source = await openBundle(bundle);
    try {
      const entry = await collect((await source.openEntryStream('records.jsonl')) as AsyncIterable<Buffer>);
      const { start, end } = range as { start: number; end: number };
      expect((await readFile(bundle)).subarray(start, end).equals(entry)).toBe(true);
    } finally {
      await source.close();
    }
    const dir = await tempDir();
    await writeFile(path.join(dir, 'not-a-bundle'), 'hello');
    expect(await storedRecordsRange(path.join(dir, 'not-a-bundle'))).toBeNull();
  });
});
