// Findings of a case: list, add, edit, reorder, remove. Each change is saved with one activity
// record in the case's hash-chained log (CaseHandle.appendActivity binds the two), so the log
// shows who concluded what and when — including findings that were later deleted: `finding.removed`
// carries the whole finding as it was.
import type { Database } from 'sql.js';
import { formatTimestamp } from '../../core/timestamp.js';
import { getMeta, selectAll, selectValue, setMeta } from '../case/case-db.js';
import type { CaseHandle } from '../case/case.js';
import { resolveAnchor } from './anchor-resolve.js';
import {
  FindingError,
  isSeverity,
  isStatus,
  SEVERITIES,
  STATUSES,
  type Anchor,
  type Finding,
  type FindingPatch,
  type NewFinding,
  type Severity,
  type FindingStatus,
} from './finding-types.js';

const MAX_TITLE = 500;

export function listFindings(db: Database): Finding[] {
  return selectAll(db, 'SELECT * FROM findings ORDER BY position, id').map(toFinding);
}

export function getFinding(db: Database, id: number): Finding {
  const row = selectAll(db, 'SELECT * FROM findings WHERE id = ?', [id])[0];
  if (row === undefined) throw new FindingError(`finding ${id} is not in the case`, 'NOT_FOUND');
  return toFinding(row);
}

export async function addFinding(handle: CaseHandle, input: NewFinding): Promise<Finding> {
  const title = checkTitle(input.title);
  const severity = checkSeverity(input.severity);
  const status = checkStatus(input.status ?? 'open');
  const tags = checkTags(input.tags ?? []);
  if (input.anchors.length === 0) throw new FindingError('a finding needs an anchor: --session ID --from TIME --to TIME, or --query Q');
  const anchors: Anchor[] = [];
  for (const request of input.anchors) anchors.push(await resolveAnchor(handle.dir, handle.db, request));
  const saved = snapshot(handle.db);
  const savedLastId = getMeta(handle.db, 'last_finding_id');
  const now = nowUs();
  const position = Number(selectValue(handle.db, 'SELECT COALESCE(MAX(position), 0) FROM findings') ?? 0) + 1;
  // Numbers are never reused: the activity log names findings by number, deleted ones included.
  const id = Math.max(Number(getMeta(handle.db, 'last_finding_id') ?? 0), Number(selectValue(handle.db, 'SELECT COALESCE(MAX(id), 0) FROM findings') ?? 0)) + 1;
  setMeta(handle.db, { last_finding_id: id });
  handle.db.run('INSERT INTO findings (id, title, severity, status, tags, notes, anchors, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
    id,
    title,
    severity,
    status,
    JSON.stringify(tags),
    input.notes ?? '',
    JSON.stringify(anchors),
    position,
    now,
    now,
  ]);
  const finding = getFinding(handle.db, id);
  await commitOrRestore(handle, saved, () => handle.appendActivity('finding.added', { finding: activityView(finding) })).catch((error: unknown) => {
    setMeta(handle.db, { last_finding_id: savedLastId ?? 0 });
    throw error;
  });
  return finding;
}

export async function updateFinding(handle: CaseHandle, id: number, patch: FindingPatch): Promise<Finding> {
  const before = getFinding(handle.db, id);
  const changes: Record<string, unknown> = {};
  const next = { ...before };
  if (patch.title !== undefined) next.title = checkTitle(patch.title);
  if (patch.severity !== undefined) next.severity = checkSeverity(patch.severity);
  if (patch.status !== undefined) next.status = checkStatus(patch.status);
  if (patch.tags !== undefined) next.tags = checkTags(patch.tags);
  if (patch.notes !== undefined) next.notes = patch.notes;
  if (patch.anchors !== undefined) {
    if (patch.anchors.length === 0) throw new FindingError('a finding needs at least one anchor');
    next.anchors = [];
    for (const request of patch.anchors) next.anchors.push(await resolveAnchor(handle.dir, handle.db, request));
  }
  for (const key of ['title', 'severity', 'status', 'tags', 'notes', 'anchors'] as const) {
    if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) changes[key] = { from: before[key], to: next[key] };
  }
  if (Object.keys(changes).length === 0) return before;
  const saved = snapshot(handle.db);
  writeRow(handle.db, next, nowUs());
  await commitOrRestore(handle, saved, () => handle.appendActivity('finding.edited', { id, changes }));
  return getFinding(handle.db, id);
}

export async function removeFinding(handle: CaseHandle, id: number): Promise<Finding> {
  const before = getFinding(handle.db, id);
  const saved = snapshot(handle.db);
  handle.db.run('DELETE FROM findings WHERE id = ?', [id]);
  renumber(handle.db);
  await commitOrRestore(handle, saved, () => handle.appendActivity('finding.removed', { finding: activityView(before) }));
  return before;
}

/** `ids` in the new order; must name every finding of the case exactly once. */
export async function reorderFindings(handle: CaseHandle, ids: readonly number[]): Promise<Finding[]> {
  const current = listFindings(handle.db);
  const known = new Set(current.map((f) => f.id));
  const given = new Set(ids);
  if (given.size !== ids.length) throw new FindingError('the new order names a finding twice');
  const missing = current.filter((f) => !given.has(f.id)).map((f) => f.id);
  const unknown = ids.filter((id) => !known.has(id));
  if (missing.length > 0 || unknown.length > 0) {
    throw new FindingError(
      `the new order must name every finding once${missing.length > 0 ? `; missing: ${missing.join(', ')}` : ''}${unknown.length > 0 ? `; not in the case: ${unknown.join(', ')}` : ''}`,
    );
  }
  const before = current.map((f) => f.id);
  if (before.every((id, i) => ids[i] === id)) return current;
  const saved = snapshot(handle.db);
  ids.forEach((id, i) => handle.db.run('UPDATE findings SET position = ? WHERE id = ?', [i + 1, id]));
  await commitOrRestore(handle, saved, () => handle.appendActivity('finding.reordered', { from: before, to: [...ids] }));
  return listFindings(handle.db);
}

// ---- rows ------------------------------------------------------------------------------------

function toFinding(r: Record<string, unknown>): Finding {
  return {
    id: Number(r.id),
    title: String(r.title),
    severity: String(r.severity) as Severity,
    status: (isStatus(String(r.status)) ? String(r.status) : 'open') as FindingStatus,
    tags: parseJsonArray(r.tags).map(String),
    notes: String(r.notes ?? ''),
    anchors: parseJsonArray(r.anchors) as Anchor[],
    position: Number(r.position),
    createdAt: formatTimestamp(Number(r.created_at)),
    updatedAt: formatTimestamp(Number(r.updated_at)),
  };
}

function writeRow(db: Database, f: Finding, updatedUs: number): void {
  db.run('UPDATE findings SET title = ?, severity = ?, status = ?, tags = ?, notes = ?, anchors = ?, updated_at = ? WHERE id = ?', [
    f.title,
    f.severity,
    f.status,
    JSON.stringify(f.tags),
    f.notes,
    JSON.stringify(f.anchors),
    updatedUs,
    f.id,
  ]);
}

function renumber(db: Database): void {
  listFindings(db).forEach((f, i) => db.run('UPDATE findings SET position = ? WHERE id = ?', [i + 1, f.id]));
}

type RawRow = Record<string, unknown>;

function snapshot(db: Database): RawRow[] {
  return selectAll(db, 'SELECT * FROM findings ORDER BY id');
}

/**
 * Saves the change with its activity record; if that fails, the in-memory catalog goes back to
 * the rows it had (what is on disk), so a later save cannot write an unrecorded change.
 */
async function commitOrRestore(handle: CaseHandle, saved: readonly RawRow[], commit: () => Promise<void>): Promise<void> {
  try {
    await commit();
  } catch (error) {
    handle.db.run('DELETE FROM findings');
    for (const r of saved) {
      handle.db.run('INSERT INTO findings (id, title, severity, status, tags, notes, anchors, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        r.id, r.title, r.severity, r.status, r.tags, r.notes, r.anchors, r.position, r.created_at, r.updated_at,
      ].map((v) => (v === undefined ? null : (v as string | number | null))));
    }
    throw error;
  }
}

function activityView(f: Finding): Record<string, unknown> {
  return { id: f.id, title: f.title, severity: f.severity, status: f.status, tags: f.tags, notes: f.notes, anchors: f.anchors, position: f.position };
}

// ---- checks ----------------------------------------------------------------------------------

function checkTitle(title: string): string {
  const t = title.trim();
  if (t === '') throw new FindingError('--title: the title is empty');
  if (t.length > MAX_TITLE) throw new FindingError(`--title: ${t.length} characters, at most ${MAX_TITLE}`);
  return t;
}

function checkSeverity(value: string): Severity {
  const v = value.trim().toLowerCase();
  if (!isSeverity(v)) throw new FindingError(`--severity must be one of ${SEVERITIES.join(', ')}, not ${JSON.stringify(value)}`);
  return v;
}

function checkStatus(value: string): FindingStatus {
  const v = value.trim().toLowerCase();
  if (!isStatus(v)) throw new FindingError(`--status must be one of ${STATUSES.join(', ')}, not ${JSON.stringify(value)}`);
  return v;
}

function checkTags(tags: readonly string[]): string[] {
  const out = [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))];
  for (const t of out) if (t.length > 64) throw new FindingError(`--tags: tag ${JSON.stringify(t.slice(0, 20))}… is longer than 64 characters`);
  return out;
}

function nowUs(): number {
  return Date.now() * 1000;
}

function parseJsonArray(value: unknown): unknown[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}
