// `trailview case verify` (docs/cli.md, "Cases"): everything the check on open does, and what it
// leaves out for speed: every evidence item, derived bundle and index shard is hashed and compared
// with its name and the catalog, the catalog passes SQLite's own check, and every bundle is
// verified again (its verdict now, against the verdict recorded at import).
import type { VerifierKey } from '../../core/note-keys.js';
import type { SavedCheckpoint } from '../verify/saved-checkpoint.js';
import { verifyBundle } from '../verify/verify-bundle.js';
import { CaseError, describeError, type CaseProblem } from './case-error.js';
import { quickCheck } from './case-db.js';
import { evidenceRows, shardRows } from './case-integrity.js';
import { CASE_DB, resolveIn } from './case-layout.js';
import { openCase, type CaseHandle } from './case-store.js';
import { hashItem } from './evidence-files.js';

export interface CaseVerification {
  dir: string;
  /** true when no problem of severity `error` was found. */
  intact: boolean;
  activityRecords: number;
  evidence: Array<{ id: number; fileName: string; sha256: string; verdictAtImport: string; verdictNow: string | null; intact: boolean }>;
  shards: number;
  problems: CaseProblem[];
}

export interface VerifyCaseOptions {
  trusted: readonly VerifierKey[];
  savedCheckpoints?: readonly SavedCheckpoint[];
  /** Also run bundle verification again on every bundle (default true). */
  bundles?: boolean;
  onProgress?: (what: string) => void;
}

export async function verifyCase(dir: string, options: VerifyCaseOptions): Promise<CaseVerification> {
  let handle: CaseHandle;
  try {
    handle = await openCase(dir, { readOnly: true, allowProblems: true });
  } catch (error) {
    // No catalog to check against: a damaged or missing database, or not a case at all.
    if (error instanceof CaseError && error.code === 'CASE_CORRUPT') {
      return { dir, intact: false, activityRecords: 0, evidence: [], shards: 0, problems: [{ code: 'DATABASE_CORRUPT', severity: 'error', file: CASE_DB, message: error.message }] };
    }
    throw error;
  }
  try {
    const problems = [...handle.problems];
    const damage = quickCheck(handle.db);
    if (damage.length > 0) problems.push({ code: 'DATABASE_CORRUPT', severity: 'error', file: CASE_DB, message: `case.sqlite fails SQLite's check: ${damage.slice(0, 3).join('; ')}` });
    const evidence: CaseVerification['evidence'] = [];
    const flagged = new Set(problems.filter((p) => p.severity === 'error').map((p) => p.file));
    for (const row of evidenceRows(handle.db)) {
      options.onProgress?.(row.file_name);
      let intact = !flagged.has(row.stored_as);
      if (intact) intact = await hashMatches(handle.dir, row.stored_as, row.sha256, `evidence ${row.file_name}`, 'EVIDENCE_MODIFIED', problems);
      if (row.index_source !== null && row.index_source_sha256 !== null && !flagged.has(row.index_source)) {
        intact = (await hashMatches(handle.dir, row.index_source, row.index_source_sha256, `the bundle derived from ${row.file_name}`, 'INDEX_SOURCE_MODIFIED', problems)) && intact;
      }
      let verdictNow: string | null = null;
      if (intact && options.bundles !== false) {
        const bundle = resolveIn(handle.dir, row.kind === 'bundle' ? row.stored_as : (row.index_source ?? row.stored_as));
        try {
          const v = await verifyBundle(bundle, { trusted: row.kind === 'bundle' ? options.trusted : [], savedCheckpoints: row.kind === 'bundle' ? (options.savedCheckpoints ?? []) : [] });
          verdictNow = row.kind === 'bundle' ? v.verdict : v.verdict === 'unsigned' ? 'raw' : v.verdict;
        } catch (error) {
          verdictNow = 'invalid';
          problems.push({ code: 'EVIDENCE_UNREADABLE', severity: 'error', file: row.stored_as, message: `evidence ${row.file_name} cannot be verified: ${describeError(error)}` });
        }
        if (verdictNow !== row.verdict) {
          const worse = verdictNow === 'invalid';
          problems.push({
            code: 'VERDICT_CHANGED',
            severity: worse ? 'error' : 'note',
            file: row.stored_as,
            message: `evidence ${row.file_name}: verdict now ${verdictNow}, at import ${row.verdict}${worse ? '' : ' (the trust store or saved checkpoints changed)'}`,
          });
        }
      }
      evidence.push({ id: row.id, fileName: row.file_name, sha256: row.sha256, verdictAtImport: row.verdict, verdictNow, intact });
    }
    const shards = shardRows(handle.db);
    for (const shard of shards) {
      if (flagged.has(shard.file)) continue;
      options.onProgress?.(shard.file);
      await hashMatches(handle.dir, shard.file, shard.sha256, `index shard ${shard.file}`, 'INDEX_MODIFIED', problems);
    }
    const activity = await handle.activity();
    return { dir: handle.dir, intact: !problems.some((p) => p.severity === 'error'), activityRecords: activity.length, evidence, shards: shards.length, problems };
  } finally {
    await handle.close();
  }
}

async function hashMatches(dir: string, relative: string, sha256: string, label: string, code: string, problems: CaseProblem[]): Promise<boolean> {
  try {
    const actual = (await hashItem(resolveIn(dir, relative))).sha256;
    if (actual === sha256) return true;
    problems.push({ code, severity: 'error', file: relative, message: `${label} was changed: SHA-256 ${actual.slice(0, 16)}…, recorded ${sha256.slice(0, 16)}…` });
  } catch (error) {
    problems.push({ code: code.replace('_MODIFIED', '_MISSING'), severity: 'error', file: relative, message: `${label} cannot be read: ${describeError(error)}` });
  }
  return false;
}
