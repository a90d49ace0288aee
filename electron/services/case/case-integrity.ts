// What opening a case checks before anything in it is trusted (docs/architecture.md, "The case"):
// the activity log's chain, the binding between the log and case.sqlite, that every evidence item,
// derived bundle and index shard is where the catalog says and unchanged, and what lies in the
// folder that the catalog does not know. Each problem is reported with its file; nothing is fixed
// silently.
import { readdir, stat } from 'node:fs/promises';
import type { Database } from 'sql.js';
import type { ActivityLogCheck } from './activity-log.js';
import type { CaseProblem } from './case-error.js';
import { ACTIVITY_LOG, CASE_DB, EVIDENCE_DIR, INDEX_DIR, resolveIn, STAGING_PREFIX } from './case-layout.js';
import { selectAll } from './case-db.js';
import { fingerprint, hashItem, isWritable } from './evidence-files.js';

export interface BindingMeta {
  /** activity_records: seq of the record before the one saved with this database. */
  records: number | null;
  /** activity_head: leaf hash of that record (the saved record's prev). */
  head: string | null;
  /** activity_last: digest of the saved record without its `state`. */
  last: string | null;
}

/** The log and the database must vouch for each other (activity-log.ts). */
export function checkBinding(log: ActivityLogCheck, meta: BindingMeta, dbSha256: string): CaseProblem[] {
  const problems: CaseProblem[] = [];
  const last = log.records[log.records.length - 1];
  if (last === undefined) {
    problems.push({ code: 'TRUNCATED', severity: 'error', file: ACTIVITY_LOG, message: 'the activity log holds no records: the case history is gone' });
    return problems;
  }
  if (meta.records === null || meta.head === null || meta.last === null) {
    problems.push({ code: 'DATABASE_MODIFIED', severity: 'error', file: CASE_DB, message: 'case.sqlite does not say which activity record it was saved with: it was not written by Trailview' });
    return problems;
  }
  const savedSeq = meta.records + 1;
  if (last.seq < savedSeq) {
    problems.push({
      code: 'TRUNCATED',
      severity: 'error',
      file: ACTIVITY_LOG,
      line: log.records.length,
      message: `the activity log ends at record ${last.seq}, but case.sqlite was saved with record ${savedSeq}: ${savedSeq - last.seq} record(s) were cut from the end of activity.jsonl`,
    });
    return problems;
  }
  if (last.seq > savedSeq) {
    const saved = log.records.find((r) => r.seq === savedSeq);
    const databaseMatchesThere = saved?.state?.database === dbSha256;
    problems.push({
      code: databaseMatchesThere ? 'RECORD_INSERTED' : 'DATABASE_MODIFIED',
      severity: 'error',
      file: databaseMatchesThere ? ACTIVITY_LOG : CASE_DB,
      ...(databaseMatchesThere ? { line: (saved?.line ?? 0) + 1 } : {}),
      message: databaseMatchesThere
        ? `activity records ${savedSeq + 1}–${last.seq} come after the last save of case.sqlite (record ${savedSeq}): they were added outside Trailview, or case.sqlite was replaced by an older copy`
        : `case.sqlite says it was saved with activity record ${savedSeq}, but the log continues to record ${last.seq} and that record does not describe this database`,
    });
    return problems;
  }
  if (last.prev !== meta.head) {
    problems.push({ code: 'RECORD_MODIFIED', severity: 'error', file: ACTIVITY_LOG, line: last.line, message: `the activity log before record ${last.seq} is not the one case.sqlite was saved with` });
  }
  if (last.unstatedDigest !== meta.last) {
    problems.push({
      code: 'RECORD_MODIFIED',
      severity: 'error',
      file: ACTIVITY_LOG,
      line: last.line,
      message: `activity record ${last.seq} (line ${last.line}, "${last.action}") was changed after it was written: case.sqlite committed to other content`,
    });
  }
  if (last.state?.database !== dbSha256) {
    const earlier = log.records.find((r) => r.state?.database === dbSha256);
    problems.push({
      code: 'DATABASE_MODIFIED',
      severity: 'error',
      file: CASE_DB,
      message:
        earlier !== undefined
          ? `case.sqlite is the database as saved with activity record ${earlier.seq} (${earlier.ts}, ${earlier.action}), not the one saved last (record ${last.seq}): it was replaced by an older copy`
          : `case.sqlite (SHA-256 ${dbSha256.slice(0, 16)}…) is not the database saved with the last activity record ${last.seq} (SHA-256 ${(last.state?.database ?? 'none').slice(0, 16)}…): it was changed outside Trailview`,
    });
  }
  return problems;
}

export interface EvidenceRow {
  id: number;
  sha256: string;
  kind: string;
  stored_as: string;
  file_name: string;
  size: number;
  verdict: string;
  index_source: string | null;
  index_source_sha256: string | null;
  fingerprint: string | null;
}

export interface ShardRow {
  id: number;
  evidence_id: number;
  part: number;
  file: string;
  sha256: string;
  bytes: number;
}

export function evidenceRows(db: Database): EvidenceRow[] {
  return selectAll(db, 'SELECT id, sha256, kind, stored_as, file_name, size, verdict, index_source, index_source_sha256, fingerprint FROM evidence ORDER BY id') as unknown as EvidenceRow[];
}

export function shardRows(db: Database): ShardRow[] {
  return selectAll(db, 'SELECT id, evidence_id, part, file, sha256, bytes FROM index_shards ORDER BY id') as unknown as ShardRow[];
}

/** Stored fingerprints: `{"evidence": "...", "derived": "..."}`. */
export function parseFingerprints(text: string | null): { evidence?: string; derived?: string } {
  if (text === null) return {};
  try {
    const value = JSON.parse(text) as { evidence?: unknown; derived?: unknown };
    return {
      ...(typeof value.evidence === 'string' ? { evidence: value.evidence } : {}),
      ...(typeof value.derived === 'string' ? { derived: value.derived } : {}),
    };
  } catch {
    return {};
  }
}

export interface StoredCheck {
  problems: CaseProblem[];
  /** Items whose fingerprint changed but whose SHA-256 is still right (e.g. copied without times). */
  refreshed: Array<{ id: number; fingerprint: string }>;
}

/**
 * The quick check run on every open: each item exists, has its size and modification time, or,
 * when those changed, still has its SHA-256. Shards must exist with their size (their SHA-256 is
 * checked whenever one is loaded).
 */
export async function checkStoredFiles(dir: string, db: Database): Promise<StoredCheck> {
  const problems: CaseProblem[] = [];
  const refreshed: StoredCheck['refreshed'] = [];
  for (const row of evidenceRows(db)) {
    const expected = parseFingerprints(row.fingerprint);
    const itemProblems = await checkItem(dir, row.stored_as, row.sha256, expected.evidence, 'EVIDENCE', `evidence ${row.file_name}`);
    const derivedProblems =
      row.index_source !== null && row.index_source_sha256 !== null
        ? await checkItem(dir, row.index_source, row.index_source_sha256, expected.derived, 'INDEX_SOURCE', `the bundle derived from ${row.file_name}`)
        : { problems: [], changed: false };
    problems.push(...itemProblems.problems, ...derivedProblems.problems);
    const failed = [...itemProblems.problems, ...derivedProblems.problems].some((p) => p.severity === 'error');
    if (!failed && (itemProblems.changed || derivedProblems.changed)) {
      const fresh: Record<string, string> = { evidence: await fingerprint(resolveIn(dir, row.stored_as)) };
      if (row.index_source !== null) fresh.derived = await fingerprint(resolveIn(dir, row.index_source));
      refreshed.push({ id: row.id, fingerprint: JSON.stringify(fresh) });
    }
  }
  for (const shard of shardRows(db)) {
    const info = await stat(resolveIn(dir, shard.file)).catch(() => null);
    if (info === null) {
      problems.push({ code: 'INDEX_MISSING', severity: 'error', file: shard.file, message: `index shard ${shard.file} is missing` });
    } else if (info.size !== shard.bytes) {
      problems.push({ code: 'INDEX_MODIFIED', severity: 'error', file: shard.file, message: `index shard ${shard.file} has ${info.size} bytes, not the ${shard.bytes} it was written with` });
    }
  }
  return { problems, refreshed };
}

async function checkItem(
  dir: string,
  relative: string,
  sha256: string,
  expected: string | undefined,
  prefix: 'EVIDENCE' | 'INDEX_SOURCE',
  label: string,
): Promise<{ problems: CaseProblem[]; changed: boolean }> {
  const full = resolveIn(dir, relative);
  const exists = await stat(full).then(() => true, () => false);
  if (!exists) return { problems: [{ code: `${prefix}_MISSING`, severity: 'error', file: relative, message: `${label} is missing: ${relative} is gone` }], changed: false };
  const problems: CaseProblem[] = [];
  const now = await fingerprint(full);
  let changed = false;
  if (now !== expected) {
    // Size or time changed: only the hash can tell whether the bytes did.
    const actual = await hashItem(full);
    if (actual.sha256 !== sha256) {
      return {
        problems: [{ code: `${prefix}_MODIFIED`, severity: 'error', file: relative, message: `${label} was changed: ${relative} now has SHA-256 ${actual.sha256.slice(0, 16)}…, not ${sha256.slice(0, 16)}… as imported` }],
        changed: false,
      };
    }
    changed = true;
    problems.push({ code: `${prefix}_TOUCHED`, severity: 'note', file: relative, message: `${label}: its modification time changed (copied without times?); its SHA-256 was checked and is unchanged` });
  }
  if (await isWritable(full)) {
    problems.push({ code: `${prefix}_WRITABLE`, severity: 'warning', file: relative, message: `${label} is writable (${relative}); evidence is kept read-only` });
  }
  return { problems, changed };
}

/** Files in evidence/ and index/ that the catalog does not know (left by an interrupted import?). */
export async function findUnreferenced(dir: string, db: Database): Promise<CaseProblem[]> {
  const known = new Set<string>();
  for (const row of evidenceRows(db)) {
    known.add(row.stored_as);
    if (row.index_source !== null) known.add(row.index_source);
  }
  for (const shard of shardRows(db)) known.add(shard.file);
  const problems: CaseProblem[] = [];
  for (const folder of [EVIDENCE_DIR, INDEX_DIR]) {
    const names = await readdir(resolveIn(dir, folder)).catch(() => null);
    if (names === null) {
      problems.push({ code: 'FOLDER_MISSING', severity: known.size > 0 ? 'error' : 'warning', file: folder, message: `the case folder has no ${folder}/ folder` });
      continue;
    }
    for (const name of names.sort()) {
      const relative = `${folder}/${name}`;
      if (!known.has(relative)) {
        problems.push({ code: 'UNREFERENCED_FILE', severity: 'warning', file: relative, message: `${relative} is not part of the case (left by an interrupted import, or put there by hand)` });
      }
    }
  }
  return problems;
}

export async function leftoverStaging(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith(STAGING_PREFIX));
}
