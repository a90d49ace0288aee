// Keyframe restore is exact: at many random moments of real-tool recordings and demo sessions,
// restoring the nearest keyframe and feeding the rest gives the same screen, cell by cell with
// every attribute, cursor, buffer (normal/alternate) and modes, as feeding from the start.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildKeyframes, keyframeFor } from '../../../electron/services/replay/build-keyframes.js';
import type { KeyframeIndex, SessionKeyframes } from '../../../electron/services/replay/keyframe-types.js';
import { readRecordLines, recordsSize } from '../../../electron/services/replay/record-lines.js';
import { recordMicros, toReplayRecord } from '../../../electron/services/replay/replay-records.js';
import { ReplayTerminal } from '../../../electron/services/replay/replay-terminal.js';
import { applyFrame, frameAt } from '../../../electron/services/replay/seek.js';
import { SessionFeed } from '../../../electron/services/replay/session-feed.js';
import { DEFAULT_COLS, DEFAULT_ROWS } from '../../../electron/core/replay/terminal-options.js';
import { TimestampClock } from '../../../electron/core/timestamp.js';
import { resourcePath, SAMPLE_KEY } from '../../../electron/services/resources.js';
import { demoBundle } from '../../helpers/case-fixtures.js';
import { tempDir } from '../../helpers/bundles.js';
import { runCli } from '../../helpers/cli.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { describeDifference, dumpScreen, scrollbackRows } from '../../helpers/terminal-cells.js';

const F = path.resolve('test/fixtures/recordings');
/** Every real-tool recording format in the fixtures, sealed into one bundle (sessions interleave). */
const RECORDINGS = [
  'asciicast/session.cast',
  'asciicast/session.v3.cast',
  'keystrokes/session.cast',
  'script/classic.timing',
  'script/classic.typescript',
  'script/adv.timing',
  'script/adv.io',
  'sudo/iolog',
  'tlog/session.tlog.jsonl',
  'tlog/interleaved.tlog.jsonl',
  'ttyrec/session.ttyrec',
  'ttyrec/ovh-2150.ttyrec',
  'mosh/client-side.cast',
  'mosh/server-shell.tlog.jsonl',
  'tmux/hooks.log',
  'tmux/pane-vm-21841-0.log',
  'tmux/pane-vm-21841-1.log',
].map((p) => path.join(F, p));

/** The screen at a moment by feeding the session from its first record. */
async function linearScreen(bundlePath: string, s: SessionKeyframes, wallUs: number): Promise<ReplayTerminal> {
  const terminal = new ReplayTerminal(DEFAULT_COLS, DEFAULT_ROWS);
  const feed = new SessionFeed(terminal);
  const clock = new TimestampClock();
  for await (const line of readRecordLines(bundlePath, { start: s.firstOffset, end: s.endOffset })) {
    if (line.record.session !== s.session) continue;
    const ts = recordMicros(clock, line.record);
    if (ts === null) continue;
    if (ts > wallUs) break;
    const r = toReplayRecord(line.record, ts);
    if (r !== null) await feed.apply(r);
  }
  await terminal.flush();
  return terminal;
}

async function checkMoments(bundlePath: string, index: KeyframeIndex, perSession: number, seed: number): Promise<{ checked: number; fromKeyframe: number }> {
  const random = seededRandom(seed);
  let checked = 0;
  let fromKeyframe = 0;
  for (const s of index.sessions) {
    if (s.outBytes === 0) continue;
    // Random moments, plus exactly at and just after each of a few keyframes (the seams).
    const moments = Array.from({ length: perSession }, () => s.startUs + Math.floor(random() * (s.endUs - s.startUs + 1)));
    for (const k of s.keyframes.slice(1, 4)) moments.push(k.tsUs, k.tsUs + 1);
    moments.push(s.endUs + 1_000_000);
    for (const t of moments) {
      const frame = await frameAt({ bundlePath, keyframes: s }, t);
      const restored = new ReplayTerminal(DEFAULT_COLS, DEFAULT_ROWS);
      const reference = await linearScreen(bundlePath, s, t);
      try {
        await applyFrame(restored, frame);
        if (frame.keyframe.state !== '') fromKeyframe++;
        const depth = Math.min(scrollbackRows(restored.term), scrollbackRows(reference.term), 50);
        const difference = describeDifference(dumpScreen(restored.term, depth), dumpScreen(reference.term, depth));
        expect(difference, `session ${s.session} at ${t} (keyframe at ${keyframeFor(s, t).keyframe.tsUs})`).toBe('');
        checked++;
      } finally {
        restored.dispose();
        reference.dispose();
      }
    }
  }
  return { checked, fromKeyframe };
}

describe('keyframe restore gives the same screen as feeding from the start', () => {
  let recordings: string;

  beforeAll(async () => {
    const dir = await tempDir('tv-replay-');
    recordings = path.join(dir, 'recordings.trail');
    const r = await runCli(['seal', '--key', resourcePath(...SAMPLE_KEY), '--origin', 'test/replay', '--out', recordings, ...RECORDINGS]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('real-tool recordings (every fixture format, interleaved), keyframes every 2 KiB of output or 8 KiB of log', async () => {
    const index = await buildKeyframes({ bundlePath: recordings, evidenceSha256: 'x'.repeat(64), recordsBytes: await recordsSize(recordings), outputBytes: 2048, fileBytes: 8192 });
    expect(index.sessions.length).toBeGreaterThanOrEqual(15);
    const { checked, fromKeyframe } = await checkMoments(recordings, index, 12, 1);
    expect(checked).toBeGreaterThan(200);
    expect(fromKeyframe).toBeGreaterThan(50);
  }, 240_000);

  it('demo sessions (interleaved; full-screen programs, colours, resizes), keyframes every 8 KiB of output or 16 KiB of log', async () => {
    const bundle = await demoBundle(11, 1_500_000);
    const index = await buildKeyframes({ bundlePath: bundle, evidenceSha256: 'y'.repeat(64), recordsBytes: await recordsSize(bundle), outputBytes: 8192, fileBytes: 16384 });
    // Sessions quiet while others wrote got keyframes pointing at their last state (no copy).
    expect(index.sessions.some((s) => s.keyframes.some((k) => k.ref !== undefined))).toBe(true);
    const { checked, fromKeyframe } = await checkMoments(bundle, index, 15, 2);
    expect(checked).toBeGreaterThan(60);
    expect(fromKeyframe).toBeGreaterThan(checked / 2);
  }, 240_000);
});
