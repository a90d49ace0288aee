import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventProblems } from '../../../electron/core/record-schema.js';
import { openHistory, type HistoryFormat } from '../../../electron/services/importers/history/reader.js';
import { collect, fixture, mutate } from './tmux-history-helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'tv-history-fuzz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each([
  ['bash-history', 'bash_history'],
  ['zsh-history', 'zsh_history'],
] as [HistoryFormat, string][])('%s fuzz', (format, name) => {
  it('imports or reports problems for 200 seeded mutations of the real fixture, quickly', async () => {
    const original = readFileSync(fixture('history', name));
    const started = Date.now();
    for (let seed = 1; seed <= 200; seed++) {
      const file = path.join(scratch, `${name}-${seed}`);
      writeFileSync(file, mutate(original, seed));
      const recording = openHistory({ path: file, head: readFileSync(file).subarray(0, 65536) }, format);
      const events = await collect(recording.events());
      for (const event of events) expect(eventProblems(event), `seed ${seed}`).toEqual([]);
      for (const problem of recording.problems) expect(problem.file).toBe(file);
      expect(events.length > 0 || recording.problems.length > 0, `seed ${seed}: neither events nor problems`).toBe(true);
    }
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
