// The case as the UI sees it (CaseView, EvidenceView, EvidenceDetail), read from the catalog only:
// no index shard is loaded to show a case.
import type { CaseView, EvidenceDetail, EvidenceView, VerificationFindingView } from '../../core/api/contract.js';
import { formatTimestamp } from '../../core/timestamp.js';
import type { CaseHandle } from '../case/case.js';
import { selectAll, selectValue } from '../case/case-db.js';
import { caseScope } from '../case/case-summary.js';
import { NOT_COVERED } from '../verify/verify-bundle.js';
import { ApiError } from './api-error.js';
import { field, jsonList, jsonObject, num, numOrNull, severity, str, strOrNull, timeRange, verdict } from './row-values.js';

export async function caseView(handle: CaseHandle): Promise<CaseView> {
  const db = handle.db;
  const evidence = selectAll(db, 'SELECT * FROM evidence ORDER BY id').map((row) => evidenceView(handle, row));
  const { users, hosts, times } = caseScope(db);
  const activity = await handle.activity();
  const last = activity[activity.length - 1];
  const meta = handle.meta;
  return {
    dir: handle.dir,
    id: meta.id,
    name: meta.name,
    examiner: meta.examiner,
    createdAt: meta.createdAt,
    evidence,
    sessions: num(selectValue(db, 'SELECT count(*) FROM sessions')),
    commands: evidence.reduce((sum, e) => sum + e.commands, 0),
    outputBytes: evidence.reduce((sum, e) => sum + e.outputBytes, 0),
    users,
    hosts,
    timeRange: timeRange(times.start, times.end),
    activity: { records: activity.length, head: last?.leaf ?? null },
    problems: handle.problems.map((p) => ({
      severity: p.severity,
      code: p.code,
      message: `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`,
    })),
    readOnly: handle.readOnly,
  };
}

function evidenceView(handle: CaseHandle, row: Record<string, unknown>): EvidenceView {
  const id = num(row.id);
  const sessionFacts = (column: 'user' | 'host'): string[] =>
    selectAll(handle.db, `SELECT DISTINCT ${column} AS v FROM sessions WHERE evidence_id = ? AND ${column} IS NOT NULL ORDER BY ${column}`, [id]).map((r) => str(r.v));
  return {
    id,
    sha256: str(row.sha256),
    kind: row.kind === 'recording' ? 'recording' : 'bundle',
    fileName: str(row.file_name),
    storedAs: str(row.stored_as),
    size: num(row.size),
    format: str(row.format),
    verdict: verdict(row.verdict),
    origin: strOrNull(row.origin),
    signers: jsonList(row.signers).map((s) => ({
      name: str(field(s, 'name')),
      keyId: strOrNull(field(s, 'keyId')),
      trusted: field(s, 'trusted') === true,
    })),
    findings: jsonList(row.findings).length,
    records: num(row.records),
    sessions: num(row.sessions),
    commands: num(row.commands),
    outputBytes: num(row.output_bytes),
    hosts: sessionFacts('host'),
    users: sessionFacts('user'),
    importedAt: typeof row.imported_at === 'number' ? formatTimestamp(row.imported_at) : '',
    importedBy: str(row.imported_by),
    timeRange: timeRange(row.time_start, row.time_end),
  };
}

export function evidenceDetail(handle: CaseHandle, evidenceId: number): EvidenceDetail {
  const row = selectAll(handle.db, 'SELECT * FROM evidence WHERE id = ?', [evidenceId])[0];
  if (row === undefined) throw new ApiError('NOT_FOUND', `evidence.detail: the case has no evidence with id ${evidenceId}`);
  const evidence = evidenceView(handle, row);
  const findings = jsonList(row.findings).map(
    (f): VerificationFindingView => ({
      code: str(field(f, 'code')),
      entry: str(field(f, 'entry')),
      line: numOrNull(field(f, 'line')),
      offset: numOrNull(field(f, 'offset')),
      seq: numOrNull(field(f, 'seq')),
      expected: strOrNull(field(f, 'expected')),
      found: strOrNull(field(f, 'found')),
      message: str(field(f, 'message')),
    }),
  );
  const cp = jsonObject(row.checkpoint);
  return {
    evidence,
    findings,
    checkpoint: cp === null ? null : { origin: str(cp.origin), size: num(cp.treeSize), rootHash: str(cp.rootHash) },
    notCovered: notCovered(evidence),
    importProblems: jsonList(row.problems).map((p) => ({ severity: severity(field(p, 'severity')), message: str(field(p, 'message')) })),
  };
}

/** What verification says nothing about, for this item (plain words, docs/bundle-format.md). */
function notCovered(evidence: EvidenceView): string[] {
  if (evidence.kind === 'recording') {
    return [
      'who made the recording or whether it was altered before it reached this case: a raw recording carries no signature (it is marked unsealed)',
      ...NOT_COVERED.slice(1),
    ];
  }
  const out = [...NOT_COVERED];
  if (evidence.verdict === 'untrusted') out.unshift('who signed it: the signature is valid, but with a key that is not in your trust store');
  if (evidence.verdict === 'unsigned') out.unshift('who sealed it: the bundle carries no signature, only its hash chain');
  return out;
}
