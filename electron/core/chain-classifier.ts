// Says *what* happened to a log whose chain does not hold (docs/bundle-format.md §6.3).
// Only the error path runs this: it needs every line's (seq, prev, leaf), which the streaming
// pass does not keep. The chain gives evidence that is local and precise: record n+1's `prev`
// commits to record n's exact bytes, so each break can be named and placed.
import { finding, type Finding } from './findings.js';
import { GENESIS_PREV } from './records.js';

export interface LineLink {
  /** 0-based line index in records.jsonl. */
  index: number;
  offset: number;
  seq: number | null;
  prev: string | null;
  leaf: string;
}

const ENTRY = 'records.jsonl';

/**
 * @param signedSize the checkpoint's tree size when the checkpoint could be read: records claiming a
 *   seq beyond it are outside what was signed. Pass `Infinity` when there is no usable checkpoint.
 */
export function classifyChain(lines: readonly LineLink[], signedSize = Number.POSITIVE_INFINITY): Finding[] {
  const findings: Finding[] = [];
  const firstIndexOfLeaf = new Map<string, number>();
  const duplicate = new Set<number>();

  for (const line of lines) {
    const earlier = firstIndexOfLeaf.get(line.leaf);
    if (earlier === undefined) {
      firstIndexOfLeaf.set(line.leaf, line.index);
      continue;
    }
    duplicate.add(line.index);
    findings.push(
      finding('RECORD_DUPLICATED', ENTRY, `line ${line.index + 1} repeats line ${earlier + 1} byte for byte (record seq ${line.seq ?? '?'} appears twice)`, {
        line: line.index + 1,
        offset: line.offset,
        seq: line.seq,
        expected: 'each record once',
        found: `a copy of line ${earlier + 1}`,
      }),
    );
  }

  const live = lines.filter((l) => !duplicate.has(l.index));
  const known = (prev: string | null): boolean => prev === GENESIS_PREV || (prev !== null && firstIndexOfLeaf.has(prev));

  // A line is vouched for when some other line's `prev` names its leaf: its bytes are as recorded.
  const vouched = new Set<number>();
  for (const line of live) {
    if (line.prev !== null && line.prev !== GENESIS_PREV) {
      const target = firstIndexOfLeaf.get(line.prev);
      if (target !== undefined && target !== line.index) vouched.add(target);
    }
  }

  const bySeq = new Map<number, LineLink[]>();
  const beyondSigned: LineLink[] = [];
  for (const line of live) {
    if (line.seq === null) continue;
    if (line.seq > signedSize) {
      beyondSigned.push(line);
      continue;
    }
    const list = bySeq.get(line.seq);
    if (list === undefined) bySeq.set(line.seq, [line]);
    else list.push(line);
  }
  let maxSeq = 0;
  for (const seq of bySeq.keys()) if (seq > maxSeq) maxSeq = seq;
  const lastByPosition = live[live.length - 1];

  // Missing: seq numbers nobody claims, reported as ranges.
  let gapStart: number | null = null;
  for (let s = 1; s <= maxSeq + 1; s++) {
    const absent = s <= maxSeq && !bySeq.has(s);
    if (absent && gapStart === null) gapStart = s;
    if (!absent && gapStart !== null) {
      const gapEnd = s - 1;
      const next = bySeq.get(s)?.[0];
      const count = gapEnd - gapStart + 1;
      findings.push(
        finding(
          'RECORD_MISSING',
          ENTRY,
          count === 1
            ? `record seq ${gapStart} is missing: the log jumps from seq ${gapStart - 1} to seq ${s}`
            : `${count} records (seq ${gapStart}–${gapEnd}) are missing: the log jumps from seq ${gapStart - 1} to seq ${s}`,
          { line: next ? next.index + 1 : null, offset: next?.offset ?? null, seq: gapStart, expected: `seq ${gapStart}`, found: `seq ${s}` },
        ),
      );
      gapStart = null;
    }
  }

  // Modified and inserted: lines no other line vouches for, except the log's last record
  // (only the signed root covers that one; the caller compares it).
  const lastSeqLine = bySeq.get(maxSeq)?.[0];
  const positionOf = new Map(live.map((l, i) => [l.index, i]));
  const inserted = new Set<number>();
  for (const line of beyondSigned) {
    inserted.add(line.index);
    findings.push(
      finding('RECORD_INSERTED', ENTRY, `line ${line.index + 1} claims seq ${line.seq}, beyond the ${signedSize} records the checkpoint signs`, {
        line: line.index + 1,
        offset: line.offset,
        seq: line.seq,
        expected: `seq ≤ ${signedSize}`,
        found: `seq ${line.seq}`,
      }),
    );
  }
  for (const line of live) {
    if (inserted.has(line.index) || vouched.has(line.index) || line === lastSeqLine || line === lastByPosition) continue;
    const successor =
      line.seq !== null ? bySeq.get(line.seq + 1)?.find((s) => s.index !== line.index) : live[(positionOf.get(line.index) ?? -2) + 1];
    if (successor !== undefined && !known(successor.prev)) {
      findings.push(
        finding(
          'RECORD_MODIFIED',
          ENTRY,
          `record seq ${line.seq ?? '?'} at line ${line.index + 1} was changed: record seq ${successor.seq ?? '?'} committed to different bytes`,
          { line: line.index + 1, offset: line.offset, seq: line.seq, expected: `leaf hash ${successor.prev ?? '?'}`, found: `leaf hash ${line.leaf}` },
        ),
      );
      continue;
    }
    // No successor: either the last record or the one before a gap (reported as missing above).
    if (successor === undefined) continue;
    inserted.add(line.index);
    findings.push(
      finding('RECORD_INSERTED', ENTRY, `line ${line.index + 1} (claiming seq ${line.seq ?? '?'}) is not part of the chain: no later record commits to it`, {
        line: line.index + 1,
        offset: line.offset,
        seq: line.seq,
        expected: 'a record committed to by its successor',
        found: `leaf hash ${line.leaf} referenced by no record`,
      }),
    );
  }

  // Reordered: among the remaining lines, those outside the longest run in increasing seq order.
  const ordered = live.filter((l) => !inserted.has(l.index) && l.seq !== null);
  const keep = longestIncreasingBySeq(ordered);
  for (let i = 0; i < ordered.length; i++) {
    const line = ordered[i];
    if (line === undefined || keep.has(line.index)) continue;
    const before = ordered[i - 1];
    findings.push(
      finding(
        'RECORD_REORDERED',
        ENTRY,
        `record seq ${line.seq} is out of order at line ${line.index + 1}${before ? `, after record seq ${before.seq}` : ', at the start of the log'}`,
        { line: line.index + 1, offset: line.offset, seq: line.seq, expected: `seq ${line.seq} at its place in sequence`, found: before ? `after seq ${before.seq}` : 'first' },
      ),
    );
  }

  const firstLine = live.find((l) => l.seq === 1);
  if (firstLine !== undefined && firstLine.prev !== GENESIS_PREV && !findings.some((f) => f.line === firstLine.index + 1)) {
    findings.push(
      finding('RECORD_MODIFIED', ENTRY, `record seq 1 must have prev = 64 zeros (it starts the log)`, {
        line: firstLine.index + 1,
        offset: firstLine.offset,
        seq: 1,
        expected: GENESIS_PREV,
        found: firstLine.prev ?? 'nothing',
      }),
    );
  }
  return findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** Indexes of one longest subsequence of `lines` whose seq strictly increases (patience sorting). */
function longestIncreasingBySeq(lines: readonly LineLink[]): Set<number> {
  const tails: number[] = []; // tails[k] = position in `lines` of the smallest tail of a run of length k+1
  const parent: number[] = new Array<number>(lines.length).fill(-1);
  const seqAt = (p: number): number => lines[p]?.seq ?? 0;
  for (let p = 0; p < lines.length; p++) {
    const s = seqAt(p);
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seqAt(tails[mid] ?? 0) < s) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) parent[p] = tails[lo - 1] ?? -1;
    tails[lo] = p;
  }
  const keep = new Set<number>();
  let p = tails[tails.length - 1] ?? -1;
  while (p >= 0) {
    const line = lines[p];
    if (line !== undefined) keep.add(line.index);
    p = parent[p] ?? -1;
  }
  return keep;
}
