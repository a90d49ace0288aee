// Gathers a report's content (report-model.ts) from an open case: the findings chosen, every
// evidence item (chain of custody, re-read now: records hashed again, root compared with the
// signed checkpoint, signatures checked against the trusted keys), the sessions the findings
// involve with their commands and screens at the anchored moments, an inclusion proof for every
// cited record, the activity log and its head. Read-only: nothing in the case is changed.
import { toBase64 } from '../../core/hex.js';
import { formatKeyId, type VerifierKey } from '../../core/note-keys.js';
import { resolveTimeZone } from '../../core/search/time-zone.js';
import { verifyNoteSignature } from '../../core/signed-note.js';
import { getMeta, selectAll } from '../case/case-db.js';
import { TOOL_NAME } from '../case/case-store.js';
import type { CaseHandle } from '../case/case.js';
import { evidenceBundlePath, readCheckpointNote } from '../findings/evidence-lines.js';
import { FindingError, type Finding, type SessionAnchor } from '../findings/finding-types.js';
import { listFindings } from '../findings/findings-store.js';
import { updateSearchIndex } from '../search/search-index.js';
import { searchCase } from '../search/search.js';
import { readCheckpoint, type ReadCheckpoint } from '../verify/read-checkpoint.js';
import { scanEvidence, type PassResult, type SessionWanted } from './evidence-pass.js';
import { FINDINGS_JSON_FORMAT, FINDINGS_JSON_VERSION, type AttachmentEvidence, type EmbeddedProof, type ReportAttachment } from './findings-json.js';
import { MerkleLevels } from './merkle-levels.js';
import { loadRedactionPatterns, Redactor } from './redaction.js';
import type {
  CitedRecordModel,
  EvidenceModel,
  ExcerptModel,
  FindingModel,
  QueryAnchorModel,
  ReportModel,
  ReportOptions,
  SessionAnchorModel,
  SessionModel,
} from './report-model.js';
import { maskScreen } from './screen-mask.js';

/** Commands listed per session anchor; the rest are counted. */
const MAX_COMMANDS = 40;
/** Hits listed per query anchor. */
const MAX_HITS = 20;

export async function gatherReport(handle: CaseHandle, trusted: readonly VerifierKey[], options: ReportOptions = {}): Promise<ReportModel> {
  const db = handle.db;
  const zone = (() => {
    try {
      return resolveTimeZone(options.timezone ?? 'UTC');
    } catch (error) {
      throw new FindingError(`--timezone: ${(error as Error).message}`);
    }
  })();
  const redactor = options.redact === true ? new Redactor(await loadRedactionPatterns(options.redactPatterns)) : null;
  const findings = chooseFindings(listFindings(db), options.findings);
  const sessions = loadSessions(handle);
  const sessionById = new Map(sessions.map((s) => [s.id, s]));

  // Sessions involved, and the moments whose screens the findings show (start and end of each range).
  const involved = new Set<number>();
  const moments = new Map<number, Set<number>>();
  for (const f of findings) {
    for (const a of f.anchors) {
      if (a.kind === 'session') {
        involved.add(a.sessionId);
        const set = moments.get(a.sessionId) ?? new Set<number>();
        set.add(a.fromUs);
        set.add(a.toUs);
        moments.set(a.sessionId, set);
      } else if (a.kind === 'timeline') {
        for (const s of sessions) {
          if ((a.sessionIds.length === 0 || a.sessionIds.includes(s.id)) && overlaps(s, a.fromUs, a.toUs)) involved.add(s.id);
        }
      }
    }
  }
  const queryModels = new Map<string, QueryAnchorModel>();
  const queries = [...new Set(findings.flatMap((f) => f.anchors.flatMap((a) => (a.kind === 'query' ? [a.query] : []))))];
  if (queries.length > 0) {
    const indexes = await handle.openIndexes();
    // A shard from before the search index is indexed in memory (as `trailview search` does).
    for (const db of indexes) updateSearchIndex(db);
    for (const query of queries) {
      try {
        const result = searchCase({ catalog: db, indexes }, query, { limit: MAX_HITS, timezone: zone.name });
        for (const h of result.hits) involved.add(h.sessionId);
        queryModels.set(query, {
          query,
          total: result.total,
          hits: result.hits.map((h) => ({ tsUs: h.tsUs, session: h.session, sessionId: h.sessionId, seq: h.seq, user: h.user, host: h.host, kind: h.kind, text: redactor?.mask(h.text).text ?? h.text })),
          problem: null,
        });
      } catch (error) {
        queryModels.set(query, { query, total: 0, hits: [], problem: (error as Error).message });
      }
    }
  }

  // One pass per evidence item: every item is re-hashed (custody), involved sessions rendered.
  const evidenceRows = selectAll(db, 'SELECT * FROM evidence ORDER BY id');
  const totalBytes = evidenceRows.reduce((sum, r) => sum + Number(r.size), 0);
  let bytesDone = 0;
  const passes = new Map<number, PassResult>();
  const checkpoints = new Map<number, ReadCheckpoint | null>();
  const levels = new Map<number, MerkleLevels | null>();
  const evidence: EvidenceModel[] = [];
  for (const row of evidenceRows) {
    const id = Number(row.id);
    const bundle = evidenceBundlePath(row as { stored_as: unknown; index_source: unknown });
    const wanted: SessionWanted[] = sessions
      .filter((s) => s.evidenceId === id && involved.has(s.id))
      .map((s) => ({ key: s.key, moments: [...(moments.get(s.id) ?? [])].sort((a, b) => a - b) }));
    const model = evidenceModel(row);
    try {
      const pass = await scanEvidence(handle.dir, bundle, wanted, redactor, (n) => {
        bytesDone += n;
        options.onProgress?.({ phase: 'evidence', done: Math.min(bytesDone, totalBytes), total: totalBytes, label: `reading ${model.fileName}` });
      });
      passes.set(id, pass);
      const note = await readCheckpointNote(handle.dir, bundle);
      const checkpoint = note === null ? null : readCheckpoint(note);
      checkpoints.set(id, checkpoint);
      let rootMatches: boolean | null = null;
      let tree: MerkleLevels | null = null;
      if (checkpoint !== null && checkpoint.treeSize <= pass.leaves.length && checkpoint.treeSize > 0) {
        tree = new MerkleLevels(pass.leaves.slice(0, checkpoint.treeSize));
        rootMatches = Buffer.from(tree.root() ?? []).equals(checkpoint.rootHash);
      } else if (checkpoint !== null) {
        rootMatches = false;
      }
      levels.set(id, rootMatches === true ? tree : null);
      const signatures =
        checkpoint === null
          ? []
          : checkpoint.signatures
              .filter((sig) => trusted.some((k) => k.name === sig.name && k.keyId === sig.keyId && verifyNoteSignature({ text: checkpoint.text }, sig, k)))
              .map((sig) => `${sig.name}+${formatKeyId(sig.keyId)}`);
      model.recheck = {
        records: pass.leaves.length,
        rootMatches,
        signatures,
        problem:
          checkpoint === null
            ? 'no checkpoint: records cannot be proven'
            : rootMatches === false
              ? `the records (${pass.leaves.length}) do not give the signed root of tree size ${checkpoint.treeSize}: no proofs can be made`
              : pass.unreadable > 0
                ? `${pass.unreadable} line(s) could not be read as records`
                : null,
      };
    } catch (error) {
      model.recheck = { records: 0, rootMatches: null, signatures: [], problem: `cannot read the evidence: ${(error as Error).message}` };
      checkpoints.set(id, null);
      levels.set(id, null);
    }
    evidence.push(model);
  }

  for (const s of sessions) {
    const e = evidenceRows.find((r) => Number(r.id) === s.evidenceId);
    if (e !== undefined) s.commandTimes = (passes.get(s.evidenceId)?.commands.get(s.key) ?? []).map((c) => c.tsUs);
  }

  // Findings: commands, excerpts and cited records; proofs made once per record.
  const proofs: EmbeddedProof[] = [];
  const proofIndex = new Map<string, number>();
  const evidenceById = new Map(evidence.map((e) => [e.id, e]));
  const cite = (evidenceId: number, seq: number, type: string, line: string): CitedRecordModel => {
    const e = evidenceById.get(evidenceId);
    const sha = e?.sha256 ?? '';
    const key = `${sha}:${seq}`;
    const known = proofIndex.get(key);
    if (known !== undefined) return { evidenceSha256: sha, seq, type, proof: known, problem: null };
    const tree = levels.get(evidenceId) ?? null;
    const checkpoint = checkpoints.get(evidenceId) ?? null;
    if (tree === null || checkpoint === null || e === undefined) return { evidenceSha256: sha, seq, type, proof: null, problem: e?.recheck.problem ?? 'evidence not found' };
    if (seq < 1 || seq > checkpoint.treeSize) return { evidenceSha256: sha, seq, type, proof: null, problem: `seq ${seq} is outside the signed log (1–${checkpoint.treeSize})` };
    const pass = passes.get(evidenceId);
    const leaf = pass?.leaves[seq - 1];
    if (leaf === undefined) return { evidenceSha256: sha, seq, type, proof: null, problem: `record ${seq} not read` };
    const withheld = redactor !== null && redactor.holdsSecret(line);
    if (withheld) redactor.counts.set('cited record text withheld', (redactor.counts.get('cited record text withheld') ?? 0) + 1);
    const proof: EmbeddedProof = {
      origin: checkpoint.origin,
      treeSize: checkpoint.treeSize,
      leafIndex: seq - 1,
      leafHash: toBase64(leaf),
      proof: tree.proof(seq - 1).map(toBase64),
      checkpoint: checkpoint.raw,
      seq,
      ...(withheld ? { recordRedacted: true } : { record: line }),
      evidenceSha256: sha,
    };
    proofs.push(proof);
    proofIndex.set(key, proofs.length - 1);
    return { evidenceSha256: sha, seq, type, proof: proofs.length - 1, problem: null };
  };

  const findingModels: FindingModel[] = [];
  findings.forEach((finding, i) => {
    options.onProgress?.({ phase: 'findings', done: i, total: findings.length, label: `finding ${finding.id}` });
    const model: FindingModel = { number: i + 1, finding, sessions: [], queries: [], timelines: [], cited: [] };
    for (const anchor of finding.anchors) {
      if (anchor.kind === 'query') {
        const q = queryModels.get(anchor.query);
        if (q === undefined) continue;
        model.queries.push(q);
        // Command hits are records too: cite each listed one with its proof.
        for (const h of q.hits) {
          const s = sessionById.get(h.sessionId);
          if (h.seq === null || s === undefined) continue;
          const record = passes.get(s.evidenceId)?.commands.get(s.key)?.find((c) => c.seq === h.seq);
          if (record !== undefined) model.cited.push(cite(s.evidenceId, h.seq, 'cmd', record.line));
        }
      } else if (anchor.kind === 'timeline') {
        model.timelines.push(anchor);
      } else {
        const s = sessionAnchorModel(anchor, sessionById.get(anchor.sessionId) ?? null, passes.get(anchor.evidenceId), redactor);
        model.sessions.push(s.model);
        for (const c of s.all) model.cited.push(cite(anchor.evidenceId, c.seq, 'cmd', c.line));
        for (const x of s.outs) model.cited.push(cite(anchor.evidenceId, x.seq, 'out', x.line));
      }
    }
    model.cited = dedupeCited(model.cited);
    findingModels.push(model);
  });

  const activity = await handle.activity();
  const head = activity[activity.length - 1]?.leaf ?? null;
  const involvedSessions = sessions.filter((s) => involved.has(s.id));
  const hosts = [...new Set(sessions.flatMap((s) => (s.host === null ? [] : [s.host])))].sort();
  const users = [...new Set(sessions.flatMap((s) => [s.user, ...s.participants.map((p) => p.user)]).filter((u): u is string => u !== null))].sort();
  const starts = sessions.flatMap((s) => (s.startUs === null ? [] : [s.startUs]));
  const ends = sessions.flatMap((s) => (s.endUs === null ? [] : [s.endUs]));
  const meta = handle.meta;
  const byKind = Object.fromEntries([...(redactor?.counts ?? new Map<string, number>())].sort(([a], [b]) => a.localeCompare(b)));
  const redaction = { applied: redactor !== null, items: redactor?.total ?? 0, byKind };

  const attachment: ReportAttachment = {
    format: FINDINGS_JSON_FORMAT,
    version: FINDINGS_JSON_VERSION,
    tool: TOOL_NAME,
    case: { id: meta.id, name: meta.name, examiner: meta.examiner },
    options: { findings: options.findings === undefined ? null : findings.map((f) => f.id), timezone: zone.name, redact: redactor !== null },
    evidence: evidence.map((e): AttachmentEvidence => {
      const cp = checkpoints.get(e.id) ?? null;
      return {
        id: e.id,
        fileName: e.fileName,
        kind: e.kind,
        size: e.size,
        sha256: e.sha256,
        origin: e.origin,
        verdict: e.verdict,
        signers: e.signers.map((s) => ({ name: s.name, keyId: s.keyId, trusted: s.trusted })),
        checkpoint: cp === null ? (e.checkpoint === null ? null : { ...e.checkpoint, note: null }) : { origin: cp.origin, treeSize: cp.treeSize, rootHash: toBase64(cp.rootHash), note: cp.raw },
      };
    }),
    findings: findingModels.map((f) => ({
      number: f.number,
      id: f.finding.id,
      title: f.finding.title,
      severity: f.finding.severity,
      status: f.finding.status,
      tags: f.finding.tags,
      notes: f.finding.notes,
      anchors: f.finding.anchors,
      citedRecords: f.cited.map((c) => ({ evidenceSha256: c.evidenceSha256, seq: c.seq, type: c.type, proof: c.proof, ...(c.problem !== null ? { problem: c.problem } : {}) })),
    })),
    proofs,
    activity: { records: activity.length, head },
    redaction,
  };

  return {
    tool: TOOL_NAME,
    case: { id: meta.id, name: meta.name, examiner: meta.examiner, createdAt: meta.createdAt },
    organisation: options.organisation ?? getMeta(db, 'organisation'),
    generatedAtUs: options.generatedAtUs ?? Date.now() * 1000,
    zone,
    evidence,
    sessions: involvedSessions,
    findings: findingModels,
    scope: {
      hosts,
      users,
      sessions: sessions.length,
      sessionsInvolved: involvedSessions.length,
      timeRange: starts.length > 0 && ends.length > 0 ? { startUs: Math.min(...starts), endUs: Math.max(...ends) } : null,
      notCovered: notCovered(evidence, sessions.length, involvedSessions.length),
    },
    activity: { records: activity, head },
    redaction,
    notes: [],
    attachment,
  };
}

function chooseFindings(all: Finding[], ids: number[] | undefined): Finding[] {
  if (ids === undefined) return all;
  const byId = new Map(all.map((f) => [f.id, f]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) throw new FindingError(`--findings: ${missing.map((m) => `finding ${m}`).join(', ')} not in the case (run \`trailview finding list\`)`, 'NOT_FOUND');
  return [...new Set(ids)].map((id) => byId.get(id) as Finding);
}

function loadSessions(handle: CaseHandle): SessionModel[] {
  const db = handle.db;
  const participants = new Map<number, SessionModel['participants']>();
  for (const p of selectAll(db, 'SELECT session_id, kind, ts_us, user FROM participants ORDER BY ts_us, id')) {
    const list = participants.get(Number(p.session_id)) ?? [];
    list.push({ kind: p.kind === 'leave' ? 'leave' : 'join', tsUs: Number(p.ts_us), user: p.user === null ? null : String(p.user) });
    participants.set(Number(p.session_id), list);
  }
  return selectAll(db, 'SELECT id, evidence_id, session_key, user, host, tty, start_us, end_us FROM sessions ORDER BY start_us, id').map((r) => ({
    id: Number(r.id),
    key: String(r.session_key),
    evidenceId: Number(r.evidence_id),
    user: r.user === null ? null : String(r.user),
    host: r.host === null ? null : String(r.host),
    tty: r.tty === null ? null : String(r.tty),
    startUs: r.start_us === null ? null : Number(r.start_us),
    endUs: r.end_us === null ? null : Number(r.end_us),
    participants: participants.get(Number(r.id)) ?? [],
    commandTimes: [],
  }));
}

function overlaps(s: SessionModel, fromUs: number, toUs: number): boolean {
  return (s.startUs ?? Number.NEGATIVE_INFINITY) <= toUs && (s.endUs ?? Number.POSITIVE_INFINITY) >= fromUs;
}

function evidenceModel(row: Record<string, unknown>): EvidenceModel {
  const signers = parseList(row.signers).map((s) => {
    const o = (typeof s === 'object' && s !== null ? s : {}) as Record<string, unknown>;
    return { name: String(o.name ?? s), keyId: typeof o.keyId === 'string' ? o.keyId : null, trusted: o.trusted === true, valid: o.valid === true };
  });
  const findings = parseList(row.findings).map((f) => {
    const o = (typeof f === 'object' && f !== null ? f : {}) as Record<string, unknown>;
    return { code: String(o.code ?? ''), message: String(o.message ?? ''), seq: typeof o.seq === 'number' ? o.seq : null };
  });
  let checkpoint: EvidenceModel['checkpoint'] = null;
  if (typeof row.checkpoint === 'string') {
    try {
      const c = JSON.parse(row.checkpoint) as { origin?: unknown; treeSize?: unknown; rootHash?: unknown };
      if (typeof c.origin === 'string' && typeof c.treeSize === 'number' && typeof c.rootHash === 'string') checkpoint = { origin: c.origin, treeSize: c.treeSize, rootHash: c.rootHash };
    } catch {
      checkpoint = null;
    }
  }
  return {
    id: Number(row.id),
    fileName: String(row.file_name),
    kind: String(row.kind),
    format: String(row.format),
    size: Number(row.size),
    sha256: String(row.sha256),
    origin: row.origin === null ? null : String(row.origin),
    importedAtUs: Number(row.imported_at),
    importedBy: String(row.imported_by),
    importedFrom: typeof row.imported_from === 'string' ? row.imported_from : null,
    verdict: String(row.verdict),
    signers,
    checkpoint,
    findings,
    records: Number(row.records),
    sessions: Number(row.sessions ?? 0),
    timeRange: row.time_start === null || row.time_end === null ? null : { startUs: Number(row.time_start), endUs: Number(row.time_end) },
    recheck: { records: 0, rootMatches: null, signatures: [], problem: null },
  };
}

interface SessionAnchorWork {
  model: SessionAnchorModel;
  all: Array<{ seq: number; line: string }>;
  outs: Array<{ seq: number; line: string }>;
}

function sessionAnchorModel(anchor: SessionAnchor, session: SessionModel | null, pass: PassResult | undefined, redactor: Redactor | null): SessionAnchorWork {
  const inRange = (pass?.commands.get(anchor.sessionKey) ?? []).filter((c) => c.tsUs >= anchor.fromUs && c.tsUs <= anchor.toUs);
  const listed = inRange.slice(0, MAX_COMMANDS);
  const snaps = pass?.snapshots.get(anchor.sessionKey);
  const excerpts: ExcerptModel[] = [];
  const outs: Array<{ seq: number; line: string }> = [];
  for (const [label, tsUs] of [
    ['at the start of the range', anchor.fromUs],
    ['at the end of the range', anchor.toUs],
  ] as const) {
    const snap = snaps?.get(tsUs);
    if (snap === undefined || snap.lastOut === null) continue; // no output yet: nothing to show
    if (excerpts.length > 0 && snap.lastOut?.seq === excerpts[excerpts.length - 1]?.seq) continue; // nothing changed in between
    excerpts.push({ label, tsUs, screen: redactor === null ? snap.screen : maskScreen(snap.screen, redactor), seq: snap.lastOut?.seq ?? null });
    if (snap.lastOut !== null) outs.push({ seq: snap.lastOut.seq, line: snap.lastOut.line });
  }
  return {
    model: {
      anchor,
      session,
      commands: listed.map((c) => ({ seq: c.seq, tsUs: c.tsUs, text: redactor?.mask(c.text).text ?? c.text, user: c.user })),
      moreCommands: inRange.length - listed.length,
      excerpts,
    },
    all: listed.map((c) => ({ seq: c.seq, line: c.line })),
    outs,
  };
}

function dedupeCited(cited: CitedRecordModel[]): CitedRecordModel[] {
  const seen = new Set<string>();
  return cited
    .filter((c) => {
      const key = `${c.evidenceSha256}:${c.seq}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.evidenceSha256.localeCompare(b.evidenceSha256) || a.seq - b.seq);
}

function notCovered(evidence: readonly EvidenceModel[], sessions: number, involved: number): string[] {
  const out = [
    'What happened outside the recorded sessions (other terminals, consoles, GUI, API calls) is not in the evidence.',
    'Input typed at no-echo prompts is recorded as keystrokes only where the recorder captured input; output alone does not show it.',
    'Verification proves that the records are those the signer signed; it does not prove that the recorder saw everything.',
    'The case itself (findings, notes, activity log) is hash-chained but not signed; this report and its attachment are not signed either.',
  ];
  if (involved < sessions) out.unshift(`${sessions - involved} of ${sessions} session(s) are not referenced by any finding in this report and were not examined here.`);
  for (const e of evidence) {
    if (e.verdict !== 'verified') out.push(`${e.fileName}: verdict "${e.verdict}" — its records are not vouched for by a trusted signature${e.verdict === 'raw' ? ' (a raw recording: sealed by Trailview on import, unsigned)' : ''}.`);
  }
  return out;
}

function parseList(value: unknown): unknown[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}
