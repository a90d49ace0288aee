// Builds the keyframes of an evidence item: one pass over its records.jsonl, one headless terminal
// per session, a snapshot every KEYFRAME_OUTPUT_BYTES of a session's output (PERF-NOTES §5). Reads
// the evidence only; writes nothing (keyframe-file.ts stores the result).
//
// Speed (docs/architecture.md, "Replay"): xterm's parser is most of the cost, so everything else
// stays out of its way. A session's consecutive output is held and handed to xterm as one string,
// parsed synchronously, only when a snapshot (or a resize) needs the screen (SessionFeed batched):
// one write per keyframe instead of one per pty read, and no timer, callback or promise per write.
// The keyframes are taken at the same records as with one write per record. keyframes-thread.ts
// runs this in a worker thread.
import { TimestampClock } from '../../core/timestamp.js';
import { DEFAULT_COLS, DEFAULT_ROWS } from '../../core/replay/terminal-options.js';
import { readRecordLines } from './record-lines.js';
import { recordMicros, toReplayRecord } from './replay-records.js';
import { ReplayTerminal } from './replay-terminal.js';
import { SessionFeed } from './session-feed.js';
import {
  KEYFRAME_FILE_BYTES,
  KEYFRAME_OUTPUT_BYTES,
  KEYFRAMES_FORMAT,
  KEYFRAMES_VERSION,
  QUIET_MIN_US,
  type Keyframe,
  type KeyframeIndex,
  type SessionKeyframes,
} from './keyframe-types.js';

export interface BuildKeyframesOptions {
  bundlePath: string;
  evidenceSha256: string;
  recordsBytes: number;
  outputBytes?: number;
  fileBytes?: number;
  cancelled?: () => boolean;
  progress?: (bytesDone: number, bytesTotal: number) => void;
}

interface Building {
  out: SessionKeyframes;
  feed: SessionFeed | null;
  lastTsUs: number;
  maxTsUs: number;
  /** Output bytes at the last keyframe. */
  outAtKeyframe: number;
  changedSinceKeyframe: boolean;
  ended: boolean;
}

/** Log bytes between progress reports and cancellation checks (at most). */
const REPORT_BYTES = 1 << 20;

export class KeyframesCancelled extends Error {
  constructor() {
    super('building keyframes was cancelled');
  }
}

export async function buildKeyframes(o: BuildKeyframesOptions): Promise<KeyframeIndex> {
  const outputSpacing = o.outputBytes ?? KEYFRAME_OUTPUT_BYTES;
  const fileSpacing = o.fileBytes ?? KEYFRAME_FILE_BYTES;
  const clock = new TimestampClock();
  const sessions = new Map<string, Building>();
  /** Sessions not ended: the sweep visits only these (a case may hold thousands of ended ones). */
  const live = new Set<Building>();
  let lines = 0;

  const keyframe = async (b: Building, offset: number): Promise<void> => {
    const feed = b.feed;
    const list = b.out.keyframes;
    const last = list[list.length - 1];
    const base = { tsUs: b.maxTsUs, offset, outBytes: feed?.outBytes ?? b.out.outBytes };
    if (!b.changedSinceKeyframe && last !== undefined) {
      // Nothing shown since: point at the last stored state instead of storing it again.
      list.push({ ...base, cols: last.cols, rows: last.rows, pending: last.pending, state: '', ref: last.ref ?? list.length - 1 });
    } else if (feed !== null) {
      feed.release();
      // Mid escape sequence: try again after the session's next record.
      if (!(await feed.terminal.atGround())) return;
      const state = await feed.terminal.snapshot();
      list.push({ ...base, cols: feed.terminal.cols, rows: feed.terminal.rows, pending: Buffer.from(feed.decoder.pending).toString('base64'), state });
    }
    b.outAtKeyframe = base.outBytes;
    b.changedSinceKeyframe = false;
  };

  // Sessions that stay quiet while others write get a keyframe every fileSpacing bytes of the log
  // too (usually a reference to their last state): a seek never reads far past its moment.
  const sweepEvery = Math.max(1, Math.floor(fileSpacing / 4));
  let nextSweep = sweepEvery;
  let nextReport = REPORT_BYTES;
  try {
    for await (const line of readRecordLines(o.bundlePath)) {
      // Every 1024 lines or 1 MiB of log, whichever comes first (records may be a few bytes or MiBs).
      if ((++lines & 1023) === 0 || line.offset >= nextReport) {
        nextReport = line.offset + REPORT_BYTES;
        if (o.cancelled?.() === true) throw new KeyframesCancelled();
        o.progress?.(line.offset, o.recordsBytes);
      }
      if (line.offset >= nextSweep) {
        nextSweep = line.offset + sweepEvery;
        for (const b of live) {
          const last = b.out.keyframes[b.out.keyframes.length - 1];
          if (last !== undefined && line.offset - last.offset >= fileSpacing) await keyframe(b, line.offset);
        }
      }
      const { record } = line;
      const key = record.session;
      if (typeof key !== 'string' || key === '') continue;
      const tsUs = recordMicros(clock, record);
      if (tsUs === null) continue;
      let b = sessions.get(key);
      if (b === undefined) {
        b = {
          out: { session: key, firstOffset: line.offset, endOffset: line.next, startUs: tsUs, endUs: tsUs, outBytes: 0, keyframes: [], quiet: [] },
          feed: new SessionFeed(new ReplayTerminal(DEFAULT_COLS, DEFAULT_ROWS), true),
          lastTsUs: tsUs,
          maxTsUs: tsUs,
          outAtKeyframe: 0,
          changedSinceKeyframe: false,
          ended: false,
        };
        // The start state: an empty terminal, before the session's first record.
        b.out.keyframes.push({ tsUs, offset: line.offset, outBytes: 0, cols: DEFAULT_COLS, rows: DEFAULT_ROWS, pending: '', state: '' });
        sessions.set(key, b);
        live.add(b);
      }
      if (tsUs - b.lastTsUs >= QUIET_MIN_US) b.out.quiet.push([b.lastTsUs, tsUs]);
      b.lastTsUs = tsUs;
      if (tsUs < b.out.startUs) b.out.startUs = tsUs;
      if (tsUs > b.out.endUs) b.out.endUs = tsUs;
      b.maxTsUs = Math.max(b.maxTsUs, tsUs);
      b.out.endOffset = line.next;
      const r = toReplayRecord(record, tsUs);
      if (r !== null && r.kind !== 'in' && b.feed === null) {
        // A record after the session's end (rare): carry on from its end state.
        b.feed = await resumeFeed(b.out);
        b.ended = false;
        live.add(b);
      }
      if (r !== null && b.feed !== null) {
        await b.feed.apply(r);
        if (r.kind !== 'in') b.changedSinceKeyframe = true;
        b.out.outBytes = b.feed.outBytes;
      }
      const since = b.out.outBytes - b.outAtKeyframe;
      const lastOffset = b.out.keyframes[b.out.keyframes.length - 1]?.offset ?? line.offset;
      if (since >= outputSpacing || (!b.ended && line.next - lastOffset >= fileSpacing)) await keyframe(b, line.next);
      if (record.type === 'session.end' && !b.ended) {
        // The end state, then the terminal is released (a case may hold thousands of sessions).
        if (b.changedSinceKeyframe) await keyframe(b, line.next);
        b.ended = true;
        live.delete(b);
        b.feed?.terminal.dispose();
        b.feed = null;
      }
    }
    for (const b of sessions.values()) if (b.feed !== null && b.changedSinceKeyframe) await keyframe(b, b.out.endOffset);
  } finally {
    for (const b of sessions.values()) b.feed?.terminal.dispose();
  }
  o.progress?.(o.recordsBytes, o.recordsBytes);
  return {
    format: KEYFRAMES_FORMAT,
    version: KEYFRAMES_VERSION,
    evidenceSha256: o.evidenceSha256,
    recordsBytes: o.recordsBytes,
    spacing: { outputBytes: outputSpacing, fileBytes: fileSpacing },
    sessions: [...sessions.values()].map((b) => b.out),
  };
}

async function resumeFeed(s: SessionKeyframes): Promise<SessionFeed> {
  const last = s.keyframes[s.keyframes.length - 1] as Keyframe;
  const state = last.ref === undefined ? last.state : (s.keyframes[last.ref]?.state ?? '');
  const terminal = new ReplayTerminal(last.cols, last.rows);
  await terminal.restore(state, last.cols, last.rows);
  const feed = new SessionFeed(terminal, true);
  feed.outBytes = last.outBytes;
  feed.decoder.setPending(Buffer.from(last.pending, 'base64'));
  return feed;
}

/** The keyframe to start from for a moment: the last one whose prefix lies entirely at or before it. */
export function keyframeFor(s: SessionKeyframes, wallUs: number): { keyframe: Keyframe; state: string } {
  const list = s.keyframes;
  let lo = 0;
  let hi = list.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as Keyframe).tsUs <= wallUs) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const keyframe = list[found] as Keyframe;
  const state = keyframe.ref === undefined ? keyframe.state : (list[keyframe.ref]?.state ?? '');
  return { keyframe, state };
}
