import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventProblems } from '../../../electron/core/record-schema.js';
import { openTmuxHookLog } from '../../../electron/services/importers/tmux/reader.js';
import { collect, fixture, mutate } from './tmux-history-helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'tv-tmux-fuzz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('tmux importer fuzz', () => {
  it('imports or reports problems for 200 seeded mutations of the real join log, quickly', async () => {
    const original = readFileSync(fixture('tmux', 'hooks.log'));
    for (const pane of readdirSync(fixture('tmux')).filter((f) => f.startsWith('pane-'))) {
      copyFileSync(fixture('tmux', pane), path.join(scratch, pane));
    }
    const started = Date.now();
    for (let seed = 1; seed <= 200; seed++) {
      const hookLog = path.join(scratch, 'hooks.log');
      writeFileSync(hookLog, mutate(original, seed));
      const recording = await openTmuxHookLog(hookLog);
      const events = await collect(recording.events());
      for (const event of events) expect(eventProblems(event), `seed ${seed}`).toEqual([]);
      for (let i = 1; i < events.length; i++) expect(events[i]!.ts >= events[i - 1]!.ts, `seed ${seed}: order`).toBe(true);
      for (const problem of recording.problems) expect(problem.file).toBe(hookLog);
      expect(events.length > 0 || recording.problems.length > 0, `seed ${seed}`).toBe(true);
    }
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
