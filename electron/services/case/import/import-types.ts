// Types shared by the import pipeline's two sides: import-evidence.ts (the caller's thread: lock,
// catalog, commit) and import-item.ts (the worker thread: copy, verify, parse, index). Everything
// crossing the thread boundary is plain data (structured clone).
import type { CaseLimits } from '../case-limits.js';

export type ImportPhase = 'copy' | 'verify' | 'parse' | 'index' | 'save' | 'keyframes';

export type EvidenceVerdict = 'verified' | 'untrusted' | 'unsigned' | 'invalid' | 'raw';

export interface ImportProgress {
  phase: ImportPhase;
  /** 0-based position of the item in the `paths` given to importEvidence. */
  item: number;
  items: number;
  path: string;
  /** Bytes of the current phase: copied, verified (records.jsonl) or parsed (records.jsonl). */
  bytesDone: number;
  bytesTotal: number;
  /** Records parsed so far (this item). */
  records: number;
  /** Sessions seen so far (this item). */
  sessions: number;
  /** Estimated seconds until the whole import is done; null while too early to tell. */
  etaSeconds: number | null;
}

export interface ImportNote {
  severity: 'error' | 'warning' | 'note';
  message: string;
}

export interface ImportOutcome {
  path: string;
  /** imported: now in the case; duplicate: already in it (same SHA-256), nothing changed; failed: not imported. */
  status: 'imported' | 'duplicate' | 'failed';
  duplicate: boolean;
  sha256: string | null;
  kind: 'bundle' | 'recording' | null;
  /** Bundles: the verification verdict; raw recordings: `raw` (marked unsealed). */
  verdict: EvidenceVerdict | null;
  evidenceId: number | null;
  /** Case-relative path of the stored copy. */
  storedAs: string | null;
  /** For raw recordings: the unsigned bundle derived from it, which the index points into. */
  indexSource: string | null;
  size: number;
  records: number;
  sessions: number;
  commands: number;
  outputBytes: number;
  /** Index shard files written for it. */
  shards: number;
  /** Verification findings (bundles). */
  findings: number;
  problems: ImportNote[];
}

export interface IdCounters {
  evidence: number;
  session: number;
  participant: number;
  command: number;
  output: number;
  screen: number;
}

/** One item for the worker. */
export interface ItemTask {
  index: number;
  path: string;
  /** A folder of its own inside the case's staging folder. */
  stagingDir: string;
  caseId: string;
  /** Canonical timestamp of this import. */
  importedAt: string;
  importedBy: string;
  /** Evidence already in the case (and imported earlier in this call): duplicates by SHA-256. */
  known: Array<{ sha256: string; size: number }>;
  /** Trusted verifier keys, as vkey text. */
  trusted: string[];
  savedCheckpoints: Array<{ raw: string; from: string }>;
  ids: IdCounters;
  limits: CaseLimits;
  /** Sample screen text (the screen sampler), default true. */
  screenText: boolean;
}

export type Row = Record<string, string | number | null>;

export interface StagedShard {
  /** Absolute path of the staged file. */
  staged: string;
  /** Case-relative final path. */
  file: string;
  row: Row;
}

export interface ItemResult {
  status: 'imported' | 'duplicate';
  sha256: string;
  size: number;
  kind: 'bundle' | 'recording';
  verdict: EvidenceVerdict;
  /** Absolute staged paths, moved into evidence/ on commit. */
  stagedItem: string | null;
  stagedDerived: string | null;
  evidence: Row | null;
  sessions: Row[];
  participants: Row[];
  shards: StagedShard[];
  records: number;
  commands: number;
  outputBytes: number;
  findings: number;
  signers: string[];
  problems: ImportNote[];
  nextIds: IdCounters;
}

export interface WorkerProgress {
  phase: ImportPhase;
  bytesDone: number;
  bytesTotal: number;
  records: number;
  sessions: number;
}

export type ToWorker = { kind: 'run'; task: ItemTask };

export type FromWorker =
  | { kind: 'progress'; progress: WorkerProgress }
  | { kind: 'result'; result: ItemResult }
  | { kind: 'failed'; message: string; code: string | null; cancelled: boolean };
