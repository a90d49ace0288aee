// Seeded random damage to real fixtures: every importer must finish quickly and either import or
// report problems — never throw, never hang, never emit an event that breaks the record schema or
// the time order.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fixture, importAll, prng, tempDir } from './helpers.js';

const ITERATIONS = 200;
const MAX_MS_PER_CASE = 2000;

type Rng = () => number;
const int = (rnd: Rng, n: number): number => Math.floor(rnd() * n);

/** One random kind of damage: bit flips, truncation, line shuffle/duplication/removal, junk. */
function mutate(input: Buffer, rnd: Rng): Buffer {
  const buf = Buffer.from(input);
  switch (int(rnd, 7)) {
    case 0: {
      const flips = 1 + int(rnd, 16);
      for (let i = 0; i < flips && buf.length > 0; i++) {
        const at = int(rnd, buf.length);
        buf[at] = (buf[at] as number) ^ (1 << int(rnd, 8));
      }
      return buf;
    }
    case 1:
      return buf.subarray(0, int(rnd, buf.length + 1));
    case 2: {
      const lines = buf.toString('latin1').split('\n');
      for (let i = 0; i < 1 + int(rnd, 5); i++) {
        const a = int(rnd, lines.length);
        const b = int(rnd, lines.length);
        [lines[a], lines[b]] = [lines[b] as string, lines[a] as string];
      }
      return Buffer.from(lines.join('\n'), 'latin1');
    }
    case 3: {
      const lines = buf.toString('latin1').split('\n');
      const at = int(rnd, lines.length);
      if (rnd() < 0.5) lines.splice(at, 0, lines[int(rnd, lines.length)] as string);
      else lines.splice(at, 1 + int(rnd, 3));
      return Buffer.from(lines.join('\n'), 'latin1');
    }
    case 4: {
      const junk = Buffer.alloc(1 + int(rnd, 64));
      for (let i = 0; i < junk.length; i++) junk[i] = int(rnd, 256);
      const at = int(rnd, buf.length + 1);
      return Buffer.concat([buf.subarray(0, at), junk, buf.subarray(at)]);
    }
    case 5: {
      // Digits changed into other digits: counts and times that disagree with the data.
      const digits = [...buf.keys()].filter((i) => (buf[i] as number) >= 0x30 && (buf[i] as number) <= 0x39);
      for (let i = 0; i < 1 + int(rnd, 8) && digits.length > 0; i++) buf[digits[int(rnd, digits.length)] as number] = 0x30 + int(rnd, 10);
      return buf;
    }
    default: {
      const from = int(rnd, buf.length + 1);
      return Buffer.concat([buf.subarray(0, from), buf.subarray(Math.min(buf.length, from + 1 + int(rnd, 200)))]);
    }
  }
}

interface Case {
  name: string;
  /** Copies the base recording into `dir` and returns the files that may be damaged. */
  setup(dir: string): string[];
}

const copyFiles = (dir: string, ...parts: string[][]): string[] =>
  parts.map((p) => {
    const to = path.join(dir, p[p.length - 1] as string);
    cpSync(fixture(...p), to);
    return to;
  });

const CASES: Case[] = [
  { name: 'asciicast v2', setup: (dir) => copyFiles(dir, ['asciicast', 'session.cast']) },
  { name: 'asciicast v1', setup: (dir) => copyFiles(dir, ['asciicast', 'session.v1.json']) },
  { name: 'asciicast v3', setup: (dir) => copyFiles(dir, ['asciicast', 'session.v3.cast']) },
  { name: 'tlog', setup: (dir) => copyFiles(dir, ['tlog', 'interleaved.tlog.jsonl'], ['tlog', 'session.journal.json']) },
  {
    name: 'sudo iolog',
    setup: (dir) => {
      cpSync(fixture('sudo', 'iolog'), path.join(dir, 'iolog'), { recursive: true });
      const s = (tsid: string, f: string): string => path.join(dir, 'iolog', '00', '00', tsid, f);
      return [s('01', 'timing'), s('01', 'ttyout'), s('01', 'log.json'), s('01', 'log'), s('03', 'timing'), s('03', 'stdout'), s('04', 'timing')];
    },
  },
  {
    name: 'script',
    setup: (dir) => copyFiles(dir, ['script', 'classic.timing'], ['script', 'classic.typescript'], ['script', 'adv.timing'], ['script', 'adv.io']),
  },
  { name: 'ttyrec', setup: (dir) => copyFiles(dir, ['ttyrec', 'session.ttyrec'], ['ttyrec', 'ovh-2150.ttyrec']) },
];

describe('fuzzing every importer with damaged real recordings', () => {
  for (const [index, c] of CASES.entries()) {
    it(`${c.name}: ${ITERATIONS} seeded mutations import or report, never throw`, async () => {
      const rnd = prng(0x7a11 + index);
      const dir = tempDir('tv-fuzz-');
      const files = c.setup(dir);
      const originals = files.map((f) => readFileSync(f));
      let imported = 0;
      let reported = 0;
      for (let i = 0; i < ITERATIONS; i++) {
        files.forEach((f, k) => writeFileSync(f, originals[k] as Buffer));
        const target = int(rnd, files.length);
        const original = originals[target] as Buffer;
        const gz = original.length > 2 && original[0] === 0x1f && original[1] === 0x8b;
        // Damage a gzip member either as compressed bytes or inside the compressed data.
        const damaged = gz && rnd() < 0.5 ? gzipSync(mutate(Buffer.from(original), rnd)) : mutate(original, rnd);
        writeFileSync(files[target] as string, damaged);
        const started = Date.now();
        let result;
        try {
          result = await importAll(dir);
        } catch (error) {
          throw new Error(`${c.name}, seed case ${i} (${path.basename(files[target] as string)}): ${error instanceof Error ? error.stack : String(error)}`, { cause: error });
        }
        expect(Date.now() - started).toBeLessThan(MAX_MS_PER_CASE);
        expect(result.sessions > 0 || result.problems > 0).toBe(true);
        if (result.sessions > 0) imported++;
        if (result.problems > 0) reported++;
      }
      // The damage is real: most cases report something, and most still import a session.
      expect(reported).toBeGreaterThan(ITERATIONS / 4);
      expect(imported).toBeGreaterThan(ITERATIONS / 4);
    });
  }
});
