// Replay benchmark (issue 6): on one 4-hour session with 256 MiB of output (long-session.ts),
// seek latency p50/p95 — restore the nearest keyframe and feed the rest — against re-feeding the
// session from its start to the same moment (how single-recording players seek), measured in the
// same run, with the ratio (target ≥ 100×, seek ≤ 50 ms); keyframe build time and storage; and
// frames per second of the play loop with 4 panes at 16× (headless: fetch the range since the last
// frame, decode, write, wait for the parser), 4 panes at different places of the session.
// The keyframe build (run by every import) is compared with a bare @xterm/headless terminal fed the
// same output in the same run (target ≥ 40 MiB/s on one core), and run once more in its worker
// thread with the main thread's event-loop delay measured (it must stay free for `serve`).
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay, performance as nodePerformance } from 'node:perf_hooks';
import xtermHeadless from '@xterm/headless';
import { DEFAULT_COLS, DEFAULT_ROWS, REPLAY_TERMINAL_OPTIONS } from '../../electron/core/replay/terminal-options.js';
import { TimestampClock } from '../../electron/core/timestamp.js';
import { buildKeyframes } from '../../electron/services/replay/build-keyframes.js';
import { keyframeFile, readKeyframes, writeKeyframes } from '../../electron/services/replay/keyframe-file.js';
import { buildKeyframesInWorker } from '../../electron/services/replay/keyframes-thread.js';
import type { KeyframeIndex, SessionKeyframes } from '../../electron/services/replay/keyframe-types.js';
import { readRecordLines, recordsSize } from '../../electron/services/replay/record-lines.js';
import { recordMicros, toReplayRecord } from '../../electron/services/replay/replay-records.js';
import { ReplayTerminal } from '../../electron/services/replay/replay-terminal.js';
import { applyChunks, applyFrame, frameAt, rangeBetween, type SessionLocation } from '../../electron/services/replay/seek.js';
import { SessionFeed } from '../../electron/services/replay/session-feed.js';
import { CACHE } from './bench-data.js';
import { median, type BenchResult } from './bench-result.js';
import { LONG_SESSION, longSessionBundle } from './long-session.js';

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** The baseline: a fresh terminal fed every record of the session up to the moment. */
async function refeed(bundle: string, s: SessionKeyframes, wallUs: number): Promise<void> {
  const terminal = new ReplayTerminal(DEFAULT_COLS, DEFAULT_ROWS);
  try {
    const feed = new SessionFeed(terminal);
    const clock = new TimestampClock();
    for await (const line of readRecordLines(bundle, { start: s.firstOffset, end: s.endOffset })) {
      const ts = recordMicros(clock, line.record);
      if (ts === null) continue;
      if (ts > wallUs) break;
      const r = toReplayRecord(line.record, ts);
      if (r !== null) await feed.apply(r);
    }
    await terminal.flush();
  } finally {
    terminal.dispose();
  }
}

/** Output of the raw-write baseline held in memory at most (the whole session when smaller). */
const RAW_LIMIT = 64 * 1024 * 1024;
/** Output queued in the baseline terminal before waiting for its parser. */
const RAW_QUEUE = 8 * 1024 * 1024;

/**
 * The keyframe build's baseline: the session's output (up to RAW_LIMIT bytes, read into memory
 * first so reading the log is not timed) written record by record into a bare @xterm/headless
 * terminal with the replay options (xterm's own queue, as a player feeds it), resizes in order,
 * until its last write callback.
 */
async function rawWriteMiBps(bundle: string, s: SessionKeyframes): Promise<{ mibps: number; bytes: number }> {
  const pieces: Array<string | Uint8Array | { cols: number; rows: number }> = [];
  let bytes = 0;
  const clock = new TimestampClock();
  for await (const line of readRecordLines(bundle, { start: s.firstOffset, end: s.endOffset, session: s.session })) {
    if (line.record.session !== s.session) continue;
    const ts = recordMicros(clock, line.record);
    const r = ts === null ? null : toReplayRecord(line.record, ts);
    if (r === null || r.kind === 'in') continue;
    if (r.kind === 'resize') pieces.push({ cols: r.cols, rows: r.rows });
    else {
      pieces.push(r.data);
      bytes += typeof r.data === 'string' ? Buffer.byteLength(r.data) : r.data.length;
      if (bytes >= RAW_LIMIT) break;
    }
  }
  const term = new xtermHeadless.Terminal({ ...REPLAY_TERMINAL_OPTIONS, cols: DEFAULT_COLS, rows: DEFAULT_ROWS, logLevel: 'off' });
  const parsed = (): Promise<void> => new Promise((resolve) => term.write('', resolve));
  const started = performance.now();
  let queued = 0;
  for (const piece of pieces) {
    if (typeof piece === 'string' || piece instanceof Uint8Array) {
      term.write(piece);
      queued += piece.length;
      // Flow control: xterm discards writes once about 50 MB wait to be parsed.
      if (queued >= RAW_QUEUE) {
        await parsed();
        queued = 0;
      }
    } else {
      await parsed();
      term.resize(piece.cols, piece.rows);
    }
  }
  await parsed();
  const ms = performance.now() - started;
  term.dispose();
  return { mibps: bytes / 2 ** 20 / (ms / 1000), bytes };
}

export async function benchReplay(log: (line: string) => void): Promise<BenchResult[]> {
  const totalBytes = Number(process.env.BENCH_REPLAY_BYTES ?? 256 * 1024 * 1024);
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
  log(`replay: a 4-hour session with ${(totalBytes / 2 ** 20).toFixed(0)} MiB of output (generated once into .cache/bench/)`);
  const bundle = await longSessionBundle(totalBytes);
  const bytes = await recordsSize(bundle);
  const sha = `bench${totalBytes}`.padEnd(64, '0');

  // Keyframes: built and timed in this run (stored in the cache like a case stores them), first in
  // this thread (throughput on one core), then in the worker thread an import uses, each while
  // this thread's event-loop delay is sampled.
  const inThreadDelay = monitorEventLoopDelay({ resolution: 10 });
  inThreadDelay.enable();
  let elu = nodePerformance.eventLoopUtilization();
  const buildStart = performance.now();
  const built: KeyframeIndex = await buildKeyframes({ bundlePath: bundle, evidenceSha256: sha, recordsBytes: bytes });
  const buildMs = performance.now() - buildStart;
  const inThreadBusy = nodePerformance.eventLoopUtilization(elu).utilization;
  inThreadDelay.disable();
  const workerDelay = monitorEventLoopDelay({ resolution: 10 });
  workerDelay.enable();
  elu = nodePerformance.eventLoopUtilization();
  const workerStart = performance.now();
  await buildKeyframesInWorker({ bundlePath: bundle, evidenceSha256: sha, recordsBytes: bytes });
  const workerMs = performance.now() - workerStart;
  const workerBusy = nodePerformance.eventLoopUtilization(elu).utilization;
  workerDelay.disable();
  const inThreadMaxMs = inThreadDelay.max / 1e6;
  const workerMaxMs = workerDelay.max / 1e6;
  log(
    `  keyframe build in a worker: ${(workerMs / 1000).toFixed(1)} s; this thread busy ${(100 * workerBusy).toFixed(1)} %, longest stall ${workerMaxMs.toFixed(0)} ms ` +
      `(in-thread build: busy ${(100 * inThreadBusy).toFixed(1)} %, longest stall ${inThreadMaxMs.toFixed(0)} ms)`,
  );
  await writeKeyframes(CACHE, built).catch(() => undefined);
  const index = (await readKeyframes(CACHE, sha, bytes)) ?? built;
  const storage = (await stat(keyframeFile(CACHE, sha)).catch(() => null))?.size ?? 0;
  const s = index.sessions.find((x) => x.session === LONG_SESSION);
  if (s === undefined) throw new Error('the bench session is missing');
  const loc: SessionLocation = { bundlePath: bundle, keyframes: s };
  const outMiB = s.outBytes / 2 ** 20;
  log(`  keyframes: ${s.keyframes.length} built in ${(buildMs / 1000).toFixed(1)} s (${(outMiB / (buildMs / 1000)).toFixed(1)} MiB/s of output), file ${(storage / 2 ** 20).toFixed(1)} MiB`);
  const raw = await rawWriteMiBps(bundle, s);
  const buildMiBps = outMiB / (buildMs / 1000);
  log(`  raw @xterm/headless write of the same output: ${raw.mibps.toFixed(1)} MiB/s (${(raw.bytes / 2 ** 20).toFixed(0)} MiB)`);

  // Seek with keyframes: many random moments (seeded), each: frame from the evidence + restore + feed.
  let seed = 12345;
  const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const moment = (): number => s.startUs + Math.floor(random() * (s.endUs - s.startUs));
  const terminal = new ReplayTerminal(DEFAULT_COLS, DEFAULT_ROWS);
  const seekMs: number[] = [];
  try {
    for (let i = 0; i < 5; i++) await applyFrame(terminal, await frameAt(loc, moment())); // warm-up
    for (let i = 0; i < 40 * rounds; i++) {
      const t = moment();
      const started = performance.now();
      await applyFrame(terminal, await frameAt(loc, t));
      seekMs.push(performance.now() - started);
    }
  } finally {
    terminal.dispose();
  }
  // Re-feeding from the start: seconds per seek, so few moments (same generator, fresh seed).
  seed = 777;
  const refeedMs: number[] = [];
  for (let i = 0; i < 2 + rounds; i++) {
    const t = moment();
    const started = performance.now();
    await refeed(bundle, s, t);
    refeedMs.push(performance.now() - started);
    log(`  re-feed seek ${i + 1}: ${(refeedMs[i] as number).toFixed(0)} ms`);
  }
  const p50 = percentile(seekMs, 50);
  const p95 = percentile(seekMs, 95);
  const baseP50 = percentile(refeedMs, 50);
  const baseP95 = percentile(refeedMs, 95);

  // Play loop: 4 panes, each at a different quarter, 16× for 300 frames of 1/60 s each.
  const panes = await Promise.all(
    [0.1, 0.35, 0.6, 0.85].map(async (f) => {
      const t = s.startUs + Math.floor(f * (s.endUs - s.startUs));
      const term = new ReplayTerminal(DEFAULT_COLS, DEFAULT_ROWS);
      const frame = await frameAt(loc, t);
      const feed = await applyFrame(term, frame);
      return { term, feed, t, resume: frame.resumeOffset };
    }),
  );
  const frames = 300;
  const stepUs = Math.round((16 * 1_000_000) / 60);
  let fed = 0;
  const playStart = performance.now();
  for (let f = 0; f < frames; f++) {
    for (const pane of panes) {
      const range = await rangeBetween(loc, pane.t, pane.t + stepUs, { resumeOffset: pane.resume });
      await applyChunks(pane.feed, range.chunks);
      await pane.term.flush();
      for (const c of range.chunks) fed += 'b64' in c ? (c.b64.length * 3) / 4 : 'text' in c ? c.text.length : 0;
      pane.t += stepUs;
      pane.resume = range.resumeOffset;
    }
  }
  const playMs = performance.now() - playStart;
  for (const pane of panes) pane.term.dispose();
  const fps = frames / (playMs / 1000);
  log(`  play: ${frames} frames × 4 panes at 16× in ${playMs.toFixed(0)} ms, ${(fed / 2 ** 20).toFixed(1)} MiB fed`);

  const note = `${s.keyframes.length} keyframes every ${index.spacing.outputBytes / 1024} KiB; ${seekMs.length} seeks vs ${refeedMs.length} re-feeds; ${path.basename(bundle)}`;
  return [
    { name: 'replay: seek p50, keyframe + remainder', value: p50, unit: 'ms', baseline: { name: 're-feed from start p50', value: baseP50 }, ratio: baseP50 / p50, target: '≥ 100× faster', note },
    { name: 'replay: seek p95, keyframe + remainder', value: p95, unit: 'ms', baseline: { name: 're-feed from start p95', value: baseP95 }, ratio: baseP95 / p95, target: '≤ 50 ms, ≥ 100× faster' },
    { name: 'replay: seek median', value: median(seekMs), unit: 'ms' },
    {
      name: 'replay: keyframe build (import-time cost), one core',
      value: buildMiBps,
      unit: 'MiB/s',
      baseline: { name: 'raw @xterm/headless write of the same output', value: raw.mibps },
      ratio: buildMiBps / raw.mibps,
      target: '≥ 40 MiB/s',
      note: `${(buildMs / 1000).toFixed(1)} s for ${outMiB.toFixed(0)} MiB of output; baseline over the first ${(raw.bytes / 2 ** 20).toFixed(0)} MiB`,
    },
    {
      name: 'replay: keyframe build in its worker, main thread busy',
      value: 100 * workerBusy,
      unit: '% of the build',
      baseline: { name: 'build in the main thread', value: 100 * inThreadBusy },
      ratio: workerBusy / inThreadBusy,
      target: 'main thread free',
      note: `worker build ${(workerMs / 1000).toFixed(1)} s; longest event-loop stall ${workerMaxMs.toFixed(0)} ms vs ${inThreadMaxMs.toFixed(0)} ms in-thread (receiving the result)`,
    },
    { name: 'replay: keyframe storage', value: (100 * storage) / s.outBytes, unit: '% of output', note: `${(storage / 2 ** 20).toFixed(1)} MiB` },
    { name: 'replay: play loop, 4 panes at 16×', value: fps, unit: 'frames/s', target: '≥ 60 frames/s', note: 'headless: range fetch + decode + write + parse per pane per frame' },
  ];
}
