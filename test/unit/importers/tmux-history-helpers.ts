// Shared by the tmux, history and command-extraction tests: fixtures, a minimal asciicast v2
// reader (timing + "i"/"o" only, enough to feed extractCommands), seeded mutations for fuzzing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrailEvent } from '../../../electron/core/records.js';
import { formatTimestamp } from '../../../electron/core/timestamp.js';
import { seededRandom } from '../../helpers/seeded-random.js';

export const RECORDINGS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/recordings');

export function fixture(...parts: string[]): string {
  return path.join(RECORDINGS, ...parts);
}

export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

export async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

/** asciicast v2 as Trail events: session.start from the header, "o" → out, "i" → in (unless dropped). */
export function castEvents(file: string, options: { input?: boolean; session?: string } = {}): TrailEvent[] {
  const session = options.session ?? 'cast';
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const header = JSON.parse(lines[0] as string) as { width: number; height: number; timestamp: number };
  const base = header.timestamp * 1_000_000;
  const events: TrailEvent[] = [{
    ts: formatTimestamp(base), type: 'session.start', session, user: null, host: null, tty: null, term: null,
    cols: header.width, rows: header.height, recorder: { name: 'asciinema', format: 'asciicast-v2' },
  }];
  for (const line of lines.slice(1)) {
    const [time, code, data] = JSON.parse(line) as [number, string, string];
    if (code === 'i' && options.input === false) continue;
    if (code !== 'i' && code !== 'o') continue;
    events.push({ ts: formatTimestamp(base + Math.round(time * 1_000_000)), type: code === 'o' ? 'out' : 'in', session, text: data });
  }
  return events;
}

export const rng = seededRandom;

/** Seeded byte-level damage: flips, deletions, duplicated or cut ranges, inserted garbage. */
export function mutate(input: Buffer, seed: number): Buffer {
  const random = rng(seed);
  let data = Buffer.from(input);
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * Math.max(1, data.length));
    const len = 1 + Math.floor(random() * 64);
    switch (Math.floor(random() * 6)) {
      case 0: // flip bytes
        for (let j = at; j < Math.min(data.length, at + len); j++) data[j] = Math.floor(random() * 256);
        break;
      case 1: // delete a range
        data = Buffer.concat([data.subarray(0, at), data.subarray(at + len)]);
        break;
      case 2: // duplicate a range
        data = Buffer.concat([data.subarray(0, at + len), data.subarray(at, at + len), data.subarray(at + len)]);
        break;
      case 3: // cut the file
        data = data.subarray(0, at);
        break;
      case 4: { // insert garbage, sometimes with newlines and tabs
        const junk = Buffer.alloc(len);
        for (let j = 0; j < len; j++) junk[j] = random() < 0.2 ? [0x0a, 0x09, 0x5c, 0x23, 0x83][Math.floor(random() * 5)] as number : Math.floor(random() * 256);
        data = Buffer.concat([data.subarray(0, at), junk, data.subarray(at)]);
        break;
      }
      default: // swap two lines
        {
          const lines = data.toString('latin1').split('\n');
          const a = Math.floor(random() * lines.length);
          const b = Math.floor(random() * lines.length);
          [lines[a], lines[b]] = [lines[b] as string, lines[a] as string];
          data = Buffer.from(lines.join('\n'), 'latin1');
        }
    }
  }
  return data;
}
