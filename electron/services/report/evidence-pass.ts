// One streaming pass over an evidence item's records.jsonl for the report: the leaf hash of every
// line (for the Merkle root and the inclusion proofs), the command records of the sessions the
// report covers, and their screens at the anchored moments — a headless terminal per session fed
// with the session's output bytes from its start, exactly as recorded. With redaction on, answers
// typed at no-echo prompts are collected as secrets.
import { decodeStreamBytes } from '../../core/record-encoding.js';
import { DEFAULT_COLS, DEFAULT_ROWS } from '../../core/replay/terminal-options.js';
import { leafHash } from '../../core/sha256.js';
import { parseIsoToMicros } from '../../core/timestamp.js';
import { evidenceLines } from '../findings/evidence-lines.js';
import { NoEchoWatcher, type Redactor } from './redaction.js';
import { SessionTerminal, type ScreenExcerpt } from './screen-excerpt.js';

export interface SessionWanted {
  key: string;
  /** Moments (µs) whose screens are wanted, ascending. */
  moments: number[];
}

export interface CommandRecord {
  seq: number;
  tsUs: number;
  text: string;
  user: string | null;
  /** The record line exactly as stored (for its proof). */
  line: string;
}

export interface Snapshot {
  screen: ScreenExcerpt;
  /** The last output record applied before the snapshot, and its line (null: no output yet). */
  lastOut: { seq: number; tsUs: number; line: string } | null;
}

export interface PassResult {
  leaves: Buffer[];
  /** key → moment → screen. */
  snapshots: Map<string, Map<number, Snapshot>>;
  commands: Map<string, CommandRecord[]>;
  /** Lines that could not be read as records (reported, never fatal: the evidence may be invalid). */
  unreadable: number;
}

interface SessionState {
  wanted: SessionWanted;
  needle: string;
  next: number;
  term: SessionTerminal | null;
  cols: number;
  rows: number;
  lastOut: Snapshot['lastOut'];
  watcher: NoEchoWatcher | null;
}

export async function scanEvidence(
  caseDir: string,
  bundle: string,
  sessions: readonly SessionWanted[],
  redactor: Redactor | null,
  onBytes?: (bytes: number) => void,
): Promise<PassResult> {
  const states = new Map<string, SessionState>();
  for (const wanted of sessions) {
    states.set(wanted.key, {
      wanted,
      needle: `"session":${JSON.stringify(wanted.key)}`,
      next: 0,
      term: null,
      cols: DEFAULT_COLS,
      rows: DEFAULT_ROWS,
      lastOut: null,
      watcher: redactor === null ? null : new NoEchoWatcher((secret) => redactor.addSecret(secret)),
    });
  }
  const result: PassResult = { leaves: [], snapshots: new Map(), commands: new Map(), unreadable: 0 };
  for (const key of states.keys()) {
    result.snapshots.set(key, new Map());
    result.commands.set(key, []);
  }
  const all = [...states.values()];
  try {
    for await (const { bytes } of evidenceLines(caseDir, bundle, onBytes)) {
      result.leaves.push(leafHash(bytes));
      if (all.length === 0) continue;
      const text = bytes.toString('utf8');
      if (!all.some((s) => text.includes(s.needle))) continue;
      let record: Record<string, unknown>;
      let tsUs: number;
      try {
        record = JSON.parse(text) as Record<string, unknown>;
        tsUs = parseIsoToMicros(String(record.ts));
      } catch {
        result.unreadable += 1;
        continue;
      }
      const state = typeof record.session === 'string' ? states.get(record.session) : undefined;
      if (state === undefined) continue;
      while (state.next < state.wanted.moments.length && tsUs > (state.wanted.moments[state.next] as number)) {
        await takeSnapshot(state, result);
      }
      apply(state, record, text, tsUs, result);
    }
    for (const state of all) while (state.next < state.wanted.moments.length) await takeSnapshot(state, result);
  } finally {
    for (const state of all) state.term?.dispose();
  }
  return result;
}

function apply(state: SessionState, record: Record<string, unknown>, line: string, tsUs: number, result: PassResult): void {
  const seq = typeof record.seq === 'number' ? record.seq : 0;
  switch (record.type) {
    case 'session.start':
      if (typeof record.cols === 'number' && typeof record.rows === 'number') {
        state.cols = record.cols;
        state.rows = record.rows;
        state.term?.resize(record.cols, record.rows);
      }
      break;
    case 'resize':
      if (typeof record.cols === 'number' && typeof record.rows === 'number') {
        state.cols = record.cols;
        state.rows = record.rows;
        state.term?.resize(record.cols, record.rows);
      }
      break;
    case 'out': {
      const bytes = decodeStreamBytes(record as { text?: string; b64?: string });
      state.term ??= new SessionTerminal(state.cols, state.rows);
      state.term.write(bytes);
      state.watcher?.output(bytes.toString('utf8'));
      state.lastOut = { seq, tsUs, line };
      break;
    }
    case 'in':
      state.watcher?.input(decodeStreamBytes(record as { text?: string; b64?: string }).toString('utf8'));
      break;
    case 'cmd':
      if (typeof record.text === 'string') {
        result.commands.get(state.wanted.key)?.push({ seq, tsUs, text: record.text, user: typeof record.user === 'string' ? record.user : null, line });
      }
      break;
    default:
      break;
  }
}

async function takeSnapshot(state: SessionState, result: PassResult): Promise<void> {
  const moment = state.wanted.moments[state.next] as number;
  state.next += 1;
  state.term ??= new SessionTerminal(state.cols, state.rows);
  const screen = await state.term.snapshot();
  result.snapshots.get(state.wanted.key)?.set(moment, { screen, lastOut: state.lastOut });
}
