// Errors a case operation reports to its caller (docs/architecture.md, "The case"). Codes are a
// contract: the CLI and the app match on them, so they are extended, never renamed.

export const CASE_ERROR_CODES = [
  /** The folder is not a Trailview case (no case.sqlite / activity.jsonl, or not ours). */
  'NOT_A_CASE',
  /** createCase: the folder exists and is not empty. */
  'CASE_EXISTS',
  /** Another Trailview holds the case's lock (case.lock names pid, host and time). */
  'CASE_LOCKED',
  /** case.sqlite cannot be read as a database. The evidence is untouched. */
  'CASE_CORRUPT',
  /** The folder was changed outside Trailview: see `problems`. */
  'CASE_TAMPERED',
  /** A database would grow past what sql.js holds safely (PERF-NOTES §7). Nothing was written. */
  'CASE_FULL',
  /** A write on a handle opened read-only, or after close(). */
  'CASE_READ_ONLY',
  /** The case was written by a newer Trailview (schema or format version). */
  'CASE_TOO_NEW',
  /** An import was cancelled; the case is as it was before. */
  'IMPORT_CANCELLED',
  /** An import failed as a whole (not one item); the case is as it was before. */
  'IMPORT_FAILED',
  /** File-system error (permissions, disk full, ...); `cause` has the details. */
  'CASE_IO',
] as const;
export type CaseErrorCode = (typeof CASE_ERROR_CODES)[number];

export type CaseProblemSeverity = 'error' | 'warning' | 'note';

/** Something found while opening or verifying a case folder, located by file (and line). */
export interface CaseProblem {
  /** e.g. RECORD_MODIFIED (activity log), DATABASE_MODIFIED, EVIDENCE_MODIFIED, INDEX_MISSING, STALE_LOCK. */
  code: string;
  /** `error`: the case cannot be trusted as it is; `warning`: worth a look; `note`: for the record. */
  severity: CaseProblemSeverity;
  /** Path relative to the case folder, e.g. `activity.jsonl`, `evidence/3fa4…`. */
  file: string;
  /** 1-based line (activity log) when it applies. */
  line?: number;
  message: string;
}

export class CaseError extends Error {
  override readonly name = 'CaseError';
  readonly code: CaseErrorCode;
  /** For CASE_TAMPERED (and a few others): everything found, not only the first problem. */
  readonly problems: readonly CaseProblem[];

  constructor(code: CaseErrorCode, message: string, options: { cause?: unknown; problems?: readonly CaseProblem[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.problems = options.problems ?? [];
  }
}

export function isCaseError(error: unknown, code?: CaseErrorCode): error is CaseError {
  return error instanceof CaseError && (code === undefined || error.code === code);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
