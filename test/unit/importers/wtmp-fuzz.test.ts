// Seeded random damage to the real utmp/wtmp files of the mosh fixture (fuzz.test.ts does the same
// for the byte-stream importers): bit flips, cuts, records swapped, duplicated or removed, junk
// inserted, bytes deleted, fields overwritten. The importer must finish quickly and import or
// report — never throw, never emit an event that breaks the record schema or the time order, and
// name the damaged file in every problem.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECORD_SIZE } from '../../../electron/services/importers/wtmp/record.js';
import { fixture, importAll, prng, tempDir } from './helpers.js';

const ITERATIONS = 200;
const MAX_MS_PER_CASE = 2000;

type Rng = () => number;
const int = (rnd: Rng, n: number): number => Math.floor(rnd() * n);

function records(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < buf.length; at += RECORD_SIZE) out.push(buf.subarray(at, Math.min(buf.length, at + RECORD_SIZE)));
  return out;
}

function mutate(input: Buffer, rnd: Rng): Buffer {
  const buf = Buffer.from(input);
  const count = Math.max(1, Math.floor(buf.length / RECORD_SIZE));
  switch (int(rnd, 8)) {
    case 0: {
      for (let i = 0; i < 1 + int(rnd, 16); i++) {
        const at = int(rnd, buf.length);
        buf[at] = (buf[at] as number) ^ (1 << int(rnd, 8));
      }
      return buf;
    }
    case 1:
      return buf.subarray(0, int(rnd, buf.length + 1));
    case 2: {
      const list = records(buf);
      for (let i = 0; i < 1 + int(rnd, 4); i++) {
        const a = int(rnd, list.length);
        const b = int(rnd, list.length);
        [list[a], list[b]] = [list[b] as Buffer, list[a] as Buffer];
      }
      return Buffer.concat(list);
    }
    case 3: {
      const list = records(buf);
      const at = int(rnd, list.length);
      if (rnd() < 0.5) list.splice(at, 0, list[int(rnd, list.length)] as Buffer);
      else list.splice(at, 1 + int(rnd, 3));
      return Buffer.concat(list);
    }
    case 4: {
      const junk = Buffer.alloc(1 + int(rnd, 64));
      for (let i = 0; i < junk.length; i++) junk[i] = int(rnd, 256);
      const at = int(rnd, buf.length + 1);
      return Buffer.concat([buf.subarray(0, at), junk, buf.subarray(at)]);
    }
    case 5: {
      const from = int(rnd, buf.length + 1);
      return Buffer.concat([buf.subarray(0, from), buf.subarray(Math.min(buf.length, from + 1 + int(rnd, 200)))]);
    }
    case 6: {
      // A field of one record overwritten: type, pid, time, microseconds.
      const base = int(rnd, count) * RECORD_SIZE;
      if (base + RECORD_SIZE > buf.length) return buf;
      const field = int(rnd, 4);
      if (field === 0) buf.writeInt16LE(int(rnd, 12) - 1, base);
      else if (field === 1) buf.writeInt32LE(int(rnd, 2 ** 32) - 2 ** 31, base + 4);
      else if (field === 2) buf.writeUInt32LE(int(rnd, 2 ** 32), base + 340);
      else buf.writeInt32LE(int(rnd, 2_000_000) - 500_000, base + 344);
      return buf;
    }
    default: {
      // A host rewritten: a mosh address, a plain host, or nothing.
      const base = int(rnd, count) * RECORD_SIZE;
      if (base + RECORD_SIZE > buf.length) return buf;
      const hosts = [`10.${int(rnd, 256)}.0.1 via mosh [${int(rnd, 99999)}]`, `mosh [${int(rnd, 99999)}]`, 'client.example', ''];
      buf.fill(0, base + 76, base + 332);
      buf.write(hosts[int(rnd, hosts.length)] as string, base + 76, 255, 'utf8');
      return buf;
    }
  }
}

describe('fuzzing the utmp/wtmp importer with damaged real files', () => {
  for (const [index, name] of ['wtmp', 'utmp.detached'].entries()) {
    it(`${name}: ${ITERATIONS} seeded mutations import or report, never throw`, async () => {
      const rnd = prng(0x3f7d + index);
      const dir = tempDir('tv-wtmp-fuzz-');
      const file = path.join(dir, name);
      cpSync(fixture('mosh', name), file);
      const original = readFileSync(file);
      let imported = 0;
      let reported = 0;
      for (let i = 0; i < ITERATIONS; i++) {
        writeFileSync(file, mutate(original, rnd));
        const started = Date.now();
        let result;
        try {
          result = await importAll(dir, file);
        } catch (error) {
          throw new Error(`${name}, seed case ${i}: ${error instanceof Error ? error.stack : String(error)}`, { cause: error });
        }
        expect(Date.now() - started).toBeLessThan(MAX_MS_PER_CASE);
        expect(result.sessions > 0 || result.problems > 0, `case ${i}`).toBe(true);
        if (result.sessions > 0) imported++;
        if (result.problems > 0) reported++;
      }
      expect(reported).toBeGreaterThan(ITERATIONS / 4);
      expect(imported).toBeGreaterThan(ITERATIONS / 4);
    });
  }
});
