// The reviewer's activity log (docs/architecture.md, "The case"): `activity.jsonl`, records of type
// `activity` (session "") in exactly the hash-chained record format of bundles
// (docs/bundle-format.md §3–4), so the same scanner and chain classifier check it.
//
// Binding to the database: every append also saves case.sqlite (case-db.ts). The last record of
// each append carries `state` = the SHA-256 and size of the database saved with it, and that
// database stores the log's length, the leaf hash before that record and a digest of that record
// without its `state`. So the database commits to every byte of the log and the log to the
// database: editing, cutting or reordering either is detected on open.
import { createHash } from 'node:crypto';
import { classifyChain, type LineLink } from '../../core/chain-classifier.js';
import { toHex } from '../../core/hex.js';
import { encodeRecord } from '../../core/record-encoding.js';
import { RecordScanner } from '../../core/record-scanner.js';
import { GENESIS_PREV, type TrailEvent } from '../../core/records.js';
import { leafHash } from '../../core/sha256.js';
import type { CaseProblem } from './case-error.js';
import { ACTIVITY_LOG } from './case-layout.js';

/** The database state an activity record vouches for. */
export interface CaseState {
  /** SHA-256 (hex) of case.sqlite as saved together with the record. */
  database: string;
  bytes: number;
}

export interface ActivityInput {
  ts: string;
  action: string;
  actor: string;
  details?: Record<string, unknown>;
}

export interface ActivityRecordInfo {
  seq: number;
  line: number;
  ts: string;
  action: string;
  actor: string;
  details: Record<string, unknown> | null;
  state: CaseState | null;
  prev: string;
  leaf: string;
  /** SHA-256 of the record encoded without `state` (what the database commits to). */
  unstatedDigest: string;
}

export interface ActivityLogCheck {
  records: ActivityRecordInfo[];
  problems: CaseProblem[];
  /** Bytes after the last newline (an append cut short). */
  partialBytes: number;
}

export function activityEvent(input: ActivityInput, state?: CaseState): TrailEvent {
  const event: TrailEvent = { ts: input.ts, type: 'activity', session: '', action: input.action, actor: input.actor };
  if (input.details !== undefined) event.details = input.details;
  if (state !== undefined) event.state = state;
  return event;
}

/** SHA-256 (hex) of the record as it reads without its `state` field. */
export function unstatedDigest(prev: string, seq: number, input: ActivityInput): string {
  return createHash('sha256').update(encodeRecord(prev, seq, activityEvent(input))).digest('hex');
}

export interface EncodedBatch {
  /** The lines with their newlines, ready to append. */
  text: string;
  /** Leaf hash (hex) of the new last record. */
  lastLeaf: string;
  /** The last record's prev, its seq and its digest without `state`: stored in the database. */
  lastPrev: string;
  lastSeq: number;
  lastUnstated: string;
}

/**
 * Encodes `inputs` as the records following `head` (leaf of record `count`, GENESIS_PREV when the
 * log is empty). `state` goes on the last record only; `stateFor` is called once everything the
 * database must store (lastPrev, lastSeq, lastUnstated) is known.
 */
export function encodeBatch(
  head: { count: number; leaf: string },
  inputs: readonly ActivityInput[],
  stateFor: (binding: { lastPrev: string; lastSeq: number; lastUnstated: string }) => CaseState,
): EncodedBatch {
  if (inputs.length === 0) throw new Error('internal: an activity batch needs at least one record');
  let prev = head.leaf;
  let seq = head.count;
  const lines: string[] = [];
  for (const input of inputs.slice(0, -1)) {
    seq += 1;
    const line = encodeRecord(prev, seq, activityEvent(input));
    lines.push(line);
    prev = toHex(leafHash(Buffer.from(line, 'utf8')));
  }
  const last = inputs[inputs.length - 1] as ActivityInput;
  seq += 1;
  const lastUnstated = unstatedDigest(prev, seq, last);
  const state = stateFor({ lastPrev: prev, lastSeq: seq, lastUnstated });
  const lastLine = encodeRecord(prev, seq, activityEvent(last, state));
  lines.push(lastLine);
  return {
    text: lines.map((l) => `${l}\n`).join(''),
    lastLeaf: toHex(leafHash(Buffer.from(lastLine, 'utf8'))),
    lastPrev: prev,
    lastSeq: seq,
    lastUnstated,
  };
}

/** Checks the log's chain and records; never throws on content, reports every problem. */
export function checkActivityLog(bytes: Buffer): ActivityLogCheck {
  const links: LineLink[] = [];
  const scanner = new RecordScanner({ onLink: (link) => links.push(link) });
  scanner.push(bytes);
  const scan = scanner.end();
  const problems: CaseProblem[] = [];
  const records: ActivityRecordInfo[] = [];

  const chainIntact = scan.breaks.length === 0 && (scan.lines === 0 || (scan.firstSeq === 1 && scan.firstPrev === GENESIS_PREV));
  if (!chainIntact) {
    for (const f of classifyChain(links)) {
      problems.push({ code: f.code, severity: 'error', file: ACTIVITY_LOG, ...(f.line !== null ? { line: f.line } : {}), message: `activity log: ${f.message}` });
    }
    if (problems.length === 0) {
      for (const b of scan.breaks.slice(0, 20)) {
        problems.push({ code: 'RECORD_MODIFIED', severity: 'error', file: ACTIVITY_LOG, line: b.index + 1, message: `activity log: the chain does not hold at line ${b.index + 1}` });
      }
    }
  }
  for (const m of scan.malformed) {
    problems.push({ code: 'MALFORMED_RECORD', severity: 'error', file: ACTIVITY_LOG, line: m.index + 1, message: `activity log: line ${m.index + 1} ${m.problems.join('; ')}` });
  }
  const partialBytes = scan.partialLine?.bytes ?? 0;

  let start = 0;
  let index = 0;
  for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, start)) {
    const line = bytes.subarray(start, nl);
    const link = links[index];
    start = nl + 1;
    index += 1;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line.toString('utf8')) as Record<string, unknown>;
    } catch {
      continue; // reported as MALFORMED_RECORD above
    }
    if (value === null || typeof value !== 'object') continue;
    if (value.type !== 'activity' || value.session !== '') {
      problems.push({
        code: 'FOREIGN_RECORD',
        severity: 'error',
        file: ACTIVITY_LOG,
        line: index,
        message: `activity log: line ${index} is a ${JSON.stringify(value.type)} record of session ${JSON.stringify(value.session)}, not a reviewer's activity`,
      });
      continue;
    }
    const { state, ...unstated } = value;
    records.push({
      seq: typeof value.seq === 'number' ? value.seq : 0,
      line: index,
      ts: typeof value.ts === 'string' ? value.ts : '',
      action: typeof value.action === 'string' ? value.action : '',
      actor: typeof value.actor === 'string' ? value.actor : '',
      details: isObject(value.details) ? value.details : null,
      state: parseState(state),
      prev: typeof value.prev === 'string' ? value.prev : '',
      leaf: link?.leaf ?? '',
      // Records are written by encodeRecord (JSON.stringify, `state` last), so the record without
      // `state` re-serialises to exactly the bytes whose digest the database stored; any other
      // change to the line (a field edited, added or removed) gives another digest.
      unstatedDigest: createHash('sha256').update(JSON.stringify(unstated)).digest('hex'),
    });
  }
  return { records, problems, partialBytes };
}

function parseState(value: unknown): CaseState | null {
  if (!isObject(value)) return null;
  return typeof value.database === 'string' && typeof value.bytes === 'number' ? { database: value.database, bytes: value.bytes } : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
