// Replay over a case: finds a session's evidence and records.jsonl, and its keyframes — stored with
// the case at import, or built now (and stored when the case is writable) for cases imported
// before keyframes existed or whose keyframes file is missing or stale.
import type { Database } from 'sql.js';
import { resolveIn } from '../case/case-layout.js';
import { buildKeyframesInWorker } from './keyframes-thread.js';
import { readKeyframes, writeKeyframes } from './keyframe-file.js';
import type { KeyframeIndex, SessionKeyframes } from './keyframe-types.js';
import { recordsSize } from './record-lines.js';
import type { SessionLocation } from './seek.js';

/** What replay needs of a case (CaseHandle has it). */
export interface ReplayCase {
  readonly dir: string;
  readonly db: Database;
  readonly readOnly: boolean;
}

export class ReplayError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'REPLAY_FAILED',
    message: string,
  ) {
    super(message);
  }
}

export interface EvidenceForReplay {
  id: number;
  sha256: string;
  fileName: string;
  /** Absolute path of the bundle whose records.jsonl holds the output (the derived one for raw recordings). */
  bundlePath: string;
}

export interface ReplaySession extends SessionLocation {
  sessionId: number;
  evidence: EvidenceForReplay;
}

export function evidenceForReplay(c: ReplayCase, evidenceId: number): EvidenceForReplay {
  const stmt = c.db.prepare('SELECT id, sha256, file_name, stored_as, index_source FROM evidence WHERE id = ?');
  try {
    stmt.bind([evidenceId]);
    if (!stmt.step()) throw new ReplayError('NOT_FOUND', `no evidence ${evidenceId} in the case`);
    const r = stmt.getAsObject();
    const source = r.index_source === null ? String(r.stored_as) : String(r.index_source);
    return { id: Number(r.id), sha256: String(r.sha256), fileName: String(r.file_name), bundlePath: resolveIn(c.dir, source) };
  } finally {
    stmt.free();
  }
}

/** Keyframes per evidence, loaded or built once per process (and per case folder). */
export class KeyframeCache {
  private readonly loaded = new Map<string, Promise<KeyframeIndex>>();

  /** The keyframes of an evidence item: from the case, else built (and stored when writable). */
  get(c: ReplayCase, evidence: EvidenceForReplay): Promise<KeyframeIndex> {
    const key = `${c.dir}\0${evidence.sha256}`;
    let p = this.loaded.get(key);
    if (p === undefined) {
      p = loadOrBuild(c, evidence);
      this.loaded.set(key, p);
      p.catch(() => this.loaded.delete(key));
    }
    return p;
  }

  forget(caseDir?: string): void {
    for (const key of [...this.loaded.keys()]) if (caseDir === undefined || key.startsWith(`${caseDir}\0`)) this.loaded.delete(key);
  }
}

async function loadOrBuild(c: ReplayCase, evidence: EvidenceForReplay): Promise<KeyframeIndex> {
  const bytes = await recordsSize(evidence.bundlePath);
  const stored = await readKeyframes(c.dir, evidence.sha256, bytes);
  if (stored !== null) return stored;
  const built = await buildKeyframesInWorker({ bundlePath: evidence.bundlePath, evidenceSha256: evidence.sha256, recordsBytes: bytes });
  // Stored for next time when the case may be written; a failure to store only costs a rebuild.
  if (!c.readOnly) await writeKeyframes(c.dir, built).catch(() => undefined);
  return built;
}

/** A session of the case, ready to seek. */
export async function openReplaySession(c: ReplayCase, cache: KeyframeCache, sessionId: number): Promise<ReplaySession> {
  const stmt = c.db.prepare('SELECT evidence_id, session_key FROM sessions WHERE id = ?');
  let evidenceId: number;
  let key: string;
  try {
    stmt.bind([sessionId]);
    if (!stmt.step()) throw new ReplayError('NOT_FOUND', `no session ${sessionId} in the case`);
    const r = stmt.getAsObject();
    evidenceId = Number(r.evidence_id);
    key = String(r.session_key);
  } finally {
    stmt.free();
  }
  const evidence = evidenceForReplay(c, evidenceId);
  const index = await cache.get(c, evidence);
  const keyframes: SessionKeyframes | undefined = index.sessions.find((s) => s.session === key);
  if (keyframes === undefined) throw new ReplayError('NOT_FOUND', `session ${key} has no records in ${evidence.fileName}`);
  return { sessionId, evidence, bundlePath: evidence.bundlePath, keyframes };
}
