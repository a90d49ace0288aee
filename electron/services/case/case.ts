// The case store's public API (docs/architecture.md, "The case"). A case is a folder: case.sqlite
// (the catalog), evidence/ (byte-exact, read-only, named by SHA-256), index/ (index shards) and
// activity.jsonl (the reviewer's hash-chained activity log). Import with import/import-evidence.ts.
export { CaseError, isCaseError, type CaseErrorCode, type CaseProblem, type CaseProblemSeverity } from './case-error.js';
export { DEFAULT_CASE_LIMITS, type CaseLimits } from './case-limits.js';
export {
  createCase,
  openCase,
  type CaseHandle,
  type CaseMeta,
  type CreateCaseOptions,
  type IndexShard,
  type OpenCaseOptions,
} from './case-store.js';
export type { ActivityRecordInfo } from './activity-log.js';
