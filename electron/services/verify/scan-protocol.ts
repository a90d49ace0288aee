// Messages between scan-log.ts and its worker threads. Maps do not survive every transfer path
// unchanged in meaning, so scans travel as plain objects and are rebuilt on arrival.
import type { CompactRangeState } from '../../core/compact-range.js';
import type { ScanResult, SessionTally } from '../../core/record-scanner.js';

/** What a scan worker is started with (workerData). */
export interface WorkerSetup {
  /** Lower the worker thread's CPU priority before it starts working. */
  background: boolean;
}

export type WorkerTask =
  | { kind: 'sha256'; id: number; file: string; start: number; end: number }
  | { kind: 'count'; id: number; file: string; start: number; end: number }
  /** leafBegin null: return the part's leaf hashes instead of its compact range (few, large records). */
  | { kind: 'scan'; id: number; file: string; start: number; end: number; entryOffset: number; leafBegin: number | null };

export type SerializedScan = Omit<ScanResult, 'sessions'> & { sessions: SessionTally[] };

export type WorkerReply =
  | { kind: 'sha256'; id: number; sha256: string }
  | { kind: 'count'; id: number; lines: number }
  | { kind: 'scan'; id: number; scan: SerializedScan; range: CompactRangeState | null; leaves: Uint8Array | null }
  | { kind: 'error'; id: number; message: string };

export function serializeScan(scan: ScanResult): SerializedScan {
  return { ...scan, sessions: [...scan.sessions.values()] };
}

export function deserializeScan(scan: SerializedScan): ScanResult {
  return { ...scan, sessions: new Map(scan.sessions.map((s) => [s.id, s])) };
}
