// What makes the keyframe build fast must not change what it builds: the batched feed (held output
// written as one string, parsed synchronously) gives the same screen, cell by cell, as one queued
// write per record; and the build in its worker thread gives the same keyframes as in this
// thread, reports progress, can be cancelled and reports failures with the bundle's name.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COLS, DEFAULT_ROWS } from '../../../electron/core/replay/terminal-options.js';
import { TimestampClock } from '../../../electron/core/timestamp.js';
import { buildKeyframes, KeyframesCancelled } from '../../../electron/services/replay/build-keyframes.js';
import { buildKeyframesInWorker, keyframesWorkerScript } from '../../../electron/services/replay/keyframes-thread.js';
import { readRecordLines, recordsSize } from '../../../electron/services/replay/record-lines.js';
import { recordMicros, toReplayRecord } from '../../../electron/services/replay/replay-records.js';
import { ReplayTerminal } from '../../../electron/services/replay/replay-terminal.js';
import { SessionFeed } from '../../../electron/services/replay/session-feed.js';
import { demoBundle } from '../../helpers/case-fixtures.js';
import { describeDifference, dumpScreen, scrollbackRows } from '../../helpers/terminal-cells.js';

describe('keyframe build speed-ups keep the result', () => {
  let bundle: string;
  let bytes: number;

  beforeAll(async () => {
    bundle = await demoBundle(23, 3_000_000);
    bytes = await recordsSize(bundle);
  });

  it('a batched feed shows the same screens as one write per record (checked every 40 records of each session)', async () => {
    const feeds = new Map<string, { plain: SessionFeed; batched: SessionFeed; records: number }>();
    const clock = new TimestampClock();
    let compared = 0;
    const compare = async (key: string, f: { plain: SessionFeed; batched: SessionFeed }): Promise<void> => {
      f.batched.release();
      await f.plain.terminal.flush();
      await f.batched.terminal.flush();
      const depth = Math.min(scrollbackRows(f.plain.terminal.term), 50);
      expect(describeDifference(dumpScreen(f.batched.terminal.term, depth), dumpScreen(f.plain.terminal.term, depth)), `session ${key}`).toBe('');
      expect(f.batched.outBytes).toBe(f.plain.outBytes);
      compared++;
    };
    try {
      for await (const line of readRecordLines(bundle)) {
        const key = line.record.session;
        const ts = recordMicros(clock, line.record);
        if (typeof key !== 'string' || ts === null) continue;
        const r = toReplayRecord(line.record, ts);
        if (r === null) continue;
        let f = feeds.get(key);
        if (f === undefined) {
          f = { plain: new SessionFeed(new ReplayTerminal(DEFAULT_COLS, DEFAULT_ROWS)), batched: new SessionFeed(new ReplayTerminal(DEFAULT_COLS, DEFAULT_ROWS), true), records: 0 };
          feeds.set(key, f);
        }
        await f.plain.apply(r);
        await f.batched.apply(r);
        if (++f.records % 40 === 0) await compare(key, f);
      }
      for (const [key, f] of feeds) await compare(key, f);
    } finally {
      for (const f of feeds.values()) {
        f.plain.terminal.dispose();
        f.batched.terminal.dispose();
      }
    }
    expect(feeds.size).toBeGreaterThanOrEqual(3);
    expect(compared).toBeGreaterThan(20);
  }, 120_000);

  it('the worker thread builds the same keyframes as this thread, with progress up to the end', async () => {
    expect(keyframesWorkerScript(), 'the compiled worker (npx tsc -p tsconfig.json)').not.toBeNull();
    const options = { bundlePath: bundle, evidenceSha256: 'w'.repeat(64), recordsBytes: bytes, outputBytes: 16384, fileBytes: 65536 };
    const seen: number[] = [];
    const inWorker = await buildKeyframesInWorker({ ...options, progress: (done) => seen.push(done) });
    const here = await buildKeyframes(options);
    expect(inWorker).toEqual(here);
    expect(here.sessions.reduce((n, s) => n + s.keyframes.length, 0)).toBeGreaterThan(20);
    // Reports at least every MiB of log, in order, ending at the total.
    expect(seen.length).toBeGreaterThanOrEqual(Math.floor(bytes / 2 ** 20));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen[seen.length - 1]).toBe(bytes);
  }, 120_000);

  it('a build in the worker stops when cancelled, and a failure names the bundle', async () => {
    let asked = 0;
    // Cancelled from the first poll on: the worker is running by then (it never got to finish).
    const build = buildKeyframesInWorker({ bundlePath: bundle, evidenceSha256: 'c'.repeat(64), recordsBytes: bytes, cancelled: () => ++asked > 1 });
    await expect(build).rejects.toBeInstanceOf(KeyframesCancelled);
    expect(asked).toBeGreaterThan(1);

    const missing = path.join(path.dirname(bundle), 'no-such-bundle.trail');
    await expect(buildKeyframesInWorker({ bundlePath: missing, evidenceSha256: 'm'.repeat(64), recordsBytes: 1 })).rejects.toThrow('no-such-bundle.trail');
  }, 120_000);
});
