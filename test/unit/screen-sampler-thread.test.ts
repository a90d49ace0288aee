// The screen sampler on its own thread (sampler-thread.ts) must give exactly the samples of the
// sampler in the caller's thread, for real recordings and the demo incident, and report a sampler
// that fails there as an error instead of hanging or losing samples.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TrailEvent } from '../../electron/core/records.js';
import { parseTimestamp } from '../../electron/core/timestamp.js';
import { samplerThreadAvailable, ThreadedScreenSampler } from '../../electron/services/case/screen/sampler-thread.js';
import { ScreenSampler, type ScreenSample, type ScreenSamplerOptions } from '../../electron/services/case/screen/screen-sampler.js';
import { generateDemoEvents } from '../../electron/services/demo/generate-demo.js';
import { extractCommands } from '../../electron/services/importers/commands/extract.js';
import { openRecordings } from '../../electron/services/importers/open-recordings.js';

const RECORDINGS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/recordings');

async function inThread(events: readonly TrailEvent[], options: ScreenSamplerOptions = {}): Promise<ScreenSample[]> {
  const sampler = new ScreenSampler(options);
  const samples: ScreenSample[] = [];
  for (const event of events) samples.push(...(await sampler.push(event)));
  samples.push(...(await sampler.end()));
  return samples;
}

async function onThread(events: readonly TrailEvent[], options: ScreenSamplerOptions = {}): Promise<ScreenSample[]> {
  const sampler = new ThreadedScreenSampler(options);
  const samples: ScreenSample[] = [];
  for (const event of events) samples.push(...(await sampler.push(event, parseTimestamp(event.ts))));
  samples.push(...(await sampler.end()));
  return samples;
}

/** Samples per session, in order (sessions are independent: their relative order may differ). */
function bySession(samples: readonly ScreenSample[]): string[] {
  const ids = [...new Set(samples.map((s) => s.session))].sort();
  return ids.flatMap((id) => samples.filter((s) => s.session === id).map((s) => `${id} ${s.tsUs} ${s.reason}\n${s.text}`));
}

describe('ThreadedScreenSampler', () => {
  it('is built (npm test compiles the worker first)', () => {
    expect(samplerThreadAvailable()).toBe(true);
  });

  it('gives the same samples as the sampler in this thread, on the demo incident', async () => {
    const events = [...generateDemoEvents({ seed: 1 })];
    const here = await inThread(events, { intervalSeconds: 2 });
    const there = await onThread(events, { intervalSeconds: 2 });
    expect(here.length).toBeGreaterThan(50);
    expect(bySession(there)).toEqual(bySession(here));
  });

  it('gives the same samples for every fixture recording (full-screen programs, resizes, raw bytes)', async () => {
    const { recordings } = await openRecordings([RECORDINGS]);
    expect(recordings.length).toBeGreaterThan(10);
    let compared = 0;
    for (const recording of recordings) {
      const events: TrailEvent[] = [];
      for await (const event of extractCommands(recording.events())) events.push(event);
      const here = await inThread(events);
      expect(bySession(await onThread(events)), recording.files[0]).toEqual(bySession(here));
      compared += here.length;
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('reports a sampler that fails on its thread', async () => {
    const sampler = new ThreadedScreenSampler({ maxScrollbackLines: 3 });
    const run = async (): Promise<void> => {
      for (const event of generateDemoEvents({ seed: 1 })) await sampler.push(event, parseTimestamp(event.ts));
      await sampler.end();
    };
    await expect(run()).rejects.toThrow(/maxScrollbackLines must be at least 10/);
    await sampler.dispose();
  });
});
