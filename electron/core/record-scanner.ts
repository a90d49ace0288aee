// One streaming pass over a run of records.jsonl bytes (docs/bundle-format.md §6.3, first pass).
// It hashes every line as stored, checks the chain links inside the run, validates each record
// and summarises what the manifest must agree with. Runs are independent, so a large log is split
// at line boundaries and scanned by several workers; `mergeScans` joins the results in order.
import { isUtf8 } from 'node:buffer';
import type { LineLink } from './chain-classifier.js';
import { toHex } from './hex.js';
import { recordProblems } from './record-schema.js';
import { leafHash } from './sha256.js';

export interface SessionTally {
  id: string;
  user: string | null;
  host: string | null;
  tty: string | null;
  /** Smallest and largest `ts` of the session's records (canonical strings sort chronologically). */
  start: string;
  end: string;
  records: number;
}

export interface AttachmentReference {
  sha256: string;
  size: number;
  name: string;
  seq: number;
}

/** A record that is not well-formed, located by its position in the run. */
export interface MalformedLine {
  /** 0-based index of the line within the run. */
  index: number;
  offset: number;
  seq: number | null;
  problems: string[];
}

/** Where a link inside the run does not hold: the line at `index` does not follow the one before. */
export interface LinkBreak {
  index: number;
  offset: number;
}

export interface ScanResult {
  /** Byte offset of the run's first line in records.jsonl. */
  startOffset: number;
  /** Bytes consumed, including newlines (a trailing partial line is counted in `partialLine`). */
  bytes: number;
  lines: number;
  firstSeq: number | null;
  firstPrev: string | null;
  lastSeq: number | null;
  lastLeaf: string | null;
  breaks: LinkBreak[];
  malformed: MalformedLine[];
  /** All malformed lines, including those beyond MAX_DETAILED_PROBLEMS. */
  malformedTotal: number;
  minTs: string | null;
  maxTs: string | null;
  sessions: Map<string, SessionTally>;
  /** The run's last `bundle.start` record, parsed. */
  lastBundleStart: { seq: number; fields: Record<string, unknown> } | null;
  attachments: AttachmentReference[];
  /** Bytes after the last newline: a line that was cut off. */
  partialLine: { offset: number; bytes: number } | null;
}

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/** How many malformed lines are kept with details; beyond that only counted, to bound memory. */
export const MAX_DETAILED_PROBLEMS = 1000;

export interface ScanOptions {
  /** Byte offset of the run's first line in records.jsonl. */
  startOffset?: number;
  /** Receives each line's leaf hash in order (to build the Merkle tree). */
  onLeaf?: (leaf: Buffer) => void;
  /** Receives each line's chain data; only the error path asks for it (docs §6.3). */
  onLink?: (link: LineLink) => void;
}

export class RecordScanner {
  private carry: Buffer | null = null;
  private offset: number;
  private readonly result: ScanResult;
  private prevLeaf: Buffer | null = null;
  private prevSeq: number | null = null;
  private readonly prevHex = Buffer.alloc(64);
  private readonly onLeaf: ((leaf: Buffer) => void) | undefined;
  private readonly onLink: ((link: LineLink) => void) | undefined;

  constructor(options: ScanOptions = {}) {
    const startOffset = options.startOffset ?? 0;
    this.onLeaf = options.onLeaf;
    this.onLink = options.onLink;
    this.offset = startOffset;
    this.result = {
      startOffset,
      bytes: 0,
      lines: 0,
      firstSeq: null,
      firstPrev: null,
      lastSeq: null,
      lastLeaf: null,
      breaks: [],
      malformed: [],
      malformedTotal: 0,
      minTs: null,
      maxTs: null,
      sessions: new Map(),
      lastBundleStart: null,
      attachments: [],
      partialLine: null,
    };
  }

  /** Feeds the next bytes of the run. Chunks may split lines anywhere. */
  push(chunk: Buffer): void {
    let start = 0;
    if (this.carry !== null) {
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return;
      }
      this.line(Buffer.concat([this.carry, chunk.subarray(0, nl)]));
      this.carry = null;
      start = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) break;
      this.line(chunk.subarray(start, nl));
      start = nl + 1;
    }
    if (start < chunk.length) this.carry = Buffer.from(chunk.subarray(start));
  }

  /** Malformed lines seen so far (the sealer checks every line it writes). */
  malformedSoFar(): number {
    return this.result.malformedTotal;
  }

  /**
   * Whether this record's `prev` names the previous record's leaf. Compared character by character
   * against the leaf's hex digits in a scratch buffer: no string is made per record.
   */
  private linksToPrevious(prev: string | null): boolean {
    const leaf = this.prevLeaf;
    if (leaf === null || prev === null || prev.length !== 64) return false;
    const hex = this.prevHex;
    for (let i = 0; i < 32; i++) {
      const b = leaf[i] as number;
      hex[2 * i] = HEX_DIGITS[b >> 4] as number;
      hex[2 * i + 1] = HEX_DIGITS[b & 15] as number;
    }
    for (let i = 0; i < 64; i++) if (prev.charCodeAt(i) !== hex[i]) return false;
    return true;
  }

  /** Ends the run; bytes after the last newline are reported as a cut-off line. */
  end(): ScanResult {
    this.result.lastLeaf = this.prevLeaf === null ? null : toHex(this.prevLeaf);
    if (this.carry !== null && this.carry.length > 0) {
      this.result.partialLine = { offset: this.offset, bytes: this.carry.length };
    }
    this.carry = null;
    return this.result;
  }

  private line(line: Buffer): void {
    const r = this.result;
    const index = r.lines;
    const offset = this.offset;
    this.offset += line.length + 1;
    r.bytes += line.length + 1;
    r.lines += 1;

    const leaf = leafHash(line);
    this.onLeaf?.(leaf);

    let record: Record<string, unknown> | null = null;
    let parsed: unknown;
    let problems: string[] | null = null;
    if (!isUtf8(line)) {
      problems = ['is not valid UTF-8'];
    } else {
      try {
        parsed = JSON.parse(line.toString('utf8'));
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) record = parsed as Record<string, unknown>;
      } catch (error) {
        problems = [`is not valid JSON (${error instanceof Error ? error.message : String(error)})`];
      }
    }

    const seq = record !== null && typeof record.seq === 'number' && Number.isSafeInteger(record.seq) ? record.seq : null;
    const prev = record !== null && typeof record.prev === 'string' ? record.prev : null;
    let linked = false;
    if (index === 0) {
      r.firstSeq = seq;
      r.firstPrev = prev;
    } else {
      linked = seq !== null && this.prevSeq !== null && seq === this.prevSeq + 1 && this.linksToPrevious(prev);
      if (!linked) r.breaks.push({ index, offset });
    }
    problems ??= recordProblems(parsed, linked);
    this.onLink?.({ index, offset, seq, prev, leaf: toHex(leaf) });
    if (problems.length > 0) {
      r.malformedTotal += 1;
      if (r.malformed.length < MAX_DETAILED_PROBLEMS) r.malformed.push({ index, offset, seq, problems });
    }
    this.prevSeq = seq;
    this.prevLeaf = leaf;
    r.lastSeq = seq;

    if (record !== null) this.tally(record, seq ?? 0);
  }

  private tally(record: Record<string, unknown>, seq: number): void {
    const r = this.result;
    const ts = typeof record.ts === 'string' ? record.ts : null;
    // The time range covers recorded activity: log-level records (bundle.start, session "") carry
    // the sealing time, which would stretch the range to the day of export.
    if (ts !== null && record.session !== '') {
      if (r.minTs === null || ts < r.minTs) r.minTs = ts;
      if (r.maxTs === null || ts > r.maxTs) r.maxTs = ts;
    }
    const type = record.type;
    if (type === 'bundle.start') {
      r.lastBundleStart = { seq, fields: record };
      return;
    }
    if (type === 'attachment' && typeof record.sha256 === 'string') {
      r.attachments.push({
        sha256: record.sha256,
        size: typeof record.size === 'number' ? record.size : -1,
        name: typeof record.name === 'string' ? record.name : '',
        seq,
      });
    }
    if (typeof record.session !== 'string' || record.session === '' || ts === null) return;
    let tally = r.sessions.get(record.session);
    if (tally === undefined) {
      tally = { id: record.session, user: null, host: null, tty: null, start: ts, end: ts, records: 0 };
      r.sessions.set(record.session, tally);
    }
    tally.records += 1;
    if (ts < tally.start) tally.start = ts;
    if (ts > tally.end) tally.end = ts;
    if (type === 'session.start') {
      tally.user = typeof record.user === 'string' ? record.user : null;
      tally.host = typeof record.host === 'string' ? record.host : null;
      tally.tty = typeof record.tty === 'string' ? record.tty : null;
    }
  }
}

/** Scans one in-memory run in full (tests, small logs). */
export function scanRecords(bytes: Buffer, options: ScanOptions = {}): ScanResult {
  const scanner = new RecordScanner(options);
  scanner.push(bytes);
  return scanner.end();
}

/**
 * Joins consecutive runs into one result, as if the whole log had been scanned at once: link
 * checks across each boundary, line indexes renumbered, tallies and Merkle ranges merged.
 */
export function mergeScans(runs: readonly ScanResult[]): ScanResult {
  const first = runs[0];
  if (first === undefined) return new RecordScanner().end();
  const merged: ScanResult = {
    ...first,
    breaks: [...first.breaks],
    malformed: [...first.malformed],
    sessions: new Map([...first.sessions].map(([k, v]) => [k, { ...v }])),
    attachments: [...first.attachments],
  };
  for (const run of runs.slice(1)) {
    const base = merged.lines;
    if (merged.partialLine !== null) {
      throw new Error('internal: a run that ends in a partial line can only be the last one');
    }
    if (run.lines > 0) {
      const linked =
        merged.lines === 0 ||
        (run.firstSeq !== null && merged.lastSeq !== null && run.firstSeq === merged.lastSeq + 1 && run.firstPrev === merged.lastLeaf);
      if (!linked) merged.breaks.push({ index: base, offset: run.startOffset });
      if (merged.lines === 0) {
        merged.firstSeq = run.firstSeq;
        merged.firstPrev = run.firstPrev;
      }
      merged.lastSeq = run.lastSeq;
      merged.lastLeaf = run.lastLeaf;
    }
    for (const b of run.breaks) merged.breaks.push({ index: base + b.index, offset: b.offset });
    for (const m of run.malformed) {
      if (merged.malformed.length < MAX_DETAILED_PROBLEMS) merged.malformed.push({ ...m, index: base + m.index });
    }
    merged.malformedTotal += run.malformedTotal;
    merged.lines += run.lines;
    merged.bytes += run.bytes;
    if (run.minTs !== null && (merged.minTs === null || run.minTs < merged.minTs)) merged.minTs = run.minTs;
    if (run.maxTs !== null && (merged.maxTs === null || run.maxTs > merged.maxTs)) merged.maxTs = run.maxTs;
    for (const [id, t] of run.sessions) {
      const have = merged.sessions.get(id);
      if (have === undefined) {
        merged.sessions.set(id, { ...t });
        continue;
      }
      have.records += t.records;
      if (t.start < have.start) have.start = t.start;
      if (t.end > have.end) have.end = t.end;
      have.user ??= t.user;
      have.host ??= t.host;
      have.tty ??= t.tty;
    }
    if (run.lastBundleStart !== null) merged.lastBundleStart = run.lastBundleStart;
    merged.attachments.push(...run.attachments);
    merged.partialLine = run.partialLine;
  }
  return merged;
}
