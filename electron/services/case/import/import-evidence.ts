// Importing evidence into a case (docs/architecture.md, "The case"): copy → verify → parse → index,
// in a worker thread, streaming, with progress and cancellation; then one commit.
//
// All-or-nothing per call: every item is staged in a folder of its own inside the case
// (.import-*), and only when all items are done are they moved into evidence/ and index/ and the
// catalog saved with one `evidence.imported` activity record per item. An item that cannot be read
// is reported as failed and leaves nothing behind; a cancelled import, or one that fails as a
// whole (CASE_FULL, I/O), leaves the case exactly as it was.
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { VerifierKey } from '../../../core/note-keys.js';
import type { SavedCheckpoint } from '../../verify/saved-checkpoint.js';
import { CaseError, describeError } from '../case-error.js';
import { getMeta, selectAll, selectValue, setMeta, syncDirectory } from '../case-db.js';
import { EVIDENCE_DIR, INDEX_DIR, resolveIn, STAGING_PREFIX } from '../case-layout.js';
import type { CaseLimits } from '../case-limits.js';
import { currentActor, nowTimestamp, OpenCase, openCaseStore, SaveInterrupted, type CaseHandle } from '../case-store.js';
import { ImportCancelled } from './index-builder.js';
import { ItemFailed, runImportItem } from './import-item.js';
import type { FromWorker, IdCounters, ImportOutcome, ImportPhase, ImportProgress, ItemResult, ItemTask, ToWorker, WorkerProgress } from './import-types.js';
import { insertRows } from './rows.js';
import { analyzeAfterImport } from '../../analyze/after-import.js';
import { keyframesAfterImport } from '../../replay/after-import.js';
import { builtWorkerScript } from '../../threads/worker-script.js';

export type { ImportOutcome, ImportProgress, ImportPhase, ImportNote, EvidenceVerdict } from './import-types.js';

export interface ImportOptions {
  /** The examiner's trusted verifier keys (a bundle signed by one of them is `verified`). */
  trusted: readonly VerifierKey[];
  /** Checkpoints saved earlier: bundles of their origin must extend them. */
  savedCheckpoints?: readonly SavedCheckpoint[];
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /** Used when the case is opened here (a folder was given). */
  limits?: Partial<CaseLimits>;
  /** Run the heavy part in this thread instead of a worker. */
  inThread?: boolean;
  /** Sample what the terminal showed into screen_text (default true; off: commands and output index only). */
  screenText?: boolean;
  /** Run the analyzers (flags, issue 8) once the import is committed (default true). */
  analyze?: boolean;
  /** Build replay keyframes (phase `keyframes`) once the import is committed (default true). */
  keyframes?: boolean;
}

/**
 * Imports `paths` (Trail bundles, or raw recordings: files or folders) into the case at `target`
 * (a folder, opened and locked for the call, or a handle already open for writing).
 * Returns one outcome per path. Throws CaseError IMPORT_CANCELLED, CASE_FULL, CASE_LOCKED, ...
 * when the import as a whole does not happen; the case is then unchanged.
 */
export async function importEvidence(target: string | CaseHandle, paths: readonly string[], options: ImportOptions): Promise<ImportOutcome[]> {
  const owned = typeof target === 'string';
  const handle = owned ? await openCaseStore(target, { ...(options.limits ? { limits: options.limits } : {}) }) : target;
  if (!(handle instanceof OpenCase)) throw new TypeError('importEvidence needs a case opened with openCase or createCase');
  if (handle.readOnly) throw new CaseError('CASE_READ_ONLY', `${handle.dir}: the case is open read-only; cannot import`);
  if (handle.importing) throw new CaseError('CASE_LOCKED', `${handle.dir}: an import into this case is already running`);
  handle.importing = true;
  try {
    return await importInto(handle, paths, options);
  } finally {
    handle.importing = false;
    if (owned) await handle.close();
  }
}

async function importInto(handle: OpenCase, paths: readonly string[], options: ImportOptions): Promise<ImportOutcome[]> {
  const signal = options.signal;
  if (aborted(signal)) throw cancelled(handle.dir);
  if (paths.length === 0) return [];
  const staging = await mkdtemp(path.join(handle.dir, STAGING_PREFIX)).catch((error: unknown) => {
    throw new CaseError('CASE_IO', `${handle.dir}: cannot write into the case folder (${describeError(error)})`, { cause: error });
  });
  const eta = new EtaClock(paths.length);
  const report = (item: number, p: WorkerProgress): void => {
    options.onProgress?.({ ...p, item, items: paths.length, path: paths[item] ?? '', etaSeconds: eta.update(item, p) });
  };
  const runner: ItemRunner = options.inThread === true || workerScript() === null ? new InThreadRunner(signal) : new WorkerRunner(workerScript() as URL, signal);
  const outcomes: ImportOutcome[] = [];
  const results: Array<{ index: number; result: ItemResult }> = [];
  try {
    const db = handle.db;
    let ids = nextIds(handle);
    const known = selectAll(db, 'SELECT sha256, size FROM evidence').map((r) => ({ sha256: String(r.sha256), size: Number(r.size) }));
    const importedAt = nowTimestamp();
    const actor = currentActor();
    const caseId = getMeta(db, 'case_id') ?? '';
    for (let index = 0; index < paths.length; index++) {
      const itemPath = paths[index] as string;
      const stagingDir = path.join(staging, `item-${index}`);
      await mkdir(stagingDir);
      const task: ItemTask = {
        index,
        path: path.resolve(itemPath),
        stagingDir,
        caseId,
        importedAt,
        importedBy: actor,
        known,
        trusted: options.trusted.map((k) => k.text),
        savedCheckpoints: (options.savedCheckpoints ?? []).map((c) => ({ raw: c.raw, from: c.from })),
        ids,
        limits: handle.limits,
        screenText: options.screenText !== false,
      };
      try {
        const result = await runner.run(task, (p) => report(index, p));
        outcomes.push(outcomeOf(itemPath, result));
        if (result.status === 'imported') {
          results.push({ index, result });
          known.push({ sha256: result.sha256, size: result.size });
          ids = result.nextIds;
        } else {
          await rm(stagingDir, { recursive: true, force: true });
        }
      } catch (error) {
        if (error instanceof ImportCancelled || aborted(signal)) throw cancelled(handle.dir);
        if (!(error instanceof ItemFailed)) throw error;
        await rm(stagingDir, { recursive: true, force: true });
        outcomes.push(failedOutcome(itemPath, error.message));
      }
    }
    if (aborted(signal)) throw cancelled(handle.dir);
    if (results.length > 0) {
      options.onProgress?.({ phase: 'save', item: paths.length - 1, items: paths.length, path: paths[paths.length - 1] ?? '', bytesDone: 0, bytesTotal: 1, records: 0, sessions: 0, etaSeconds: 0 });
      await handle.exclusive(() => commit(handle, staging, results, outcomes));
      // Flags for the new evidence (docs/rules.md); a failure is logged in the case, the import stands.
      if (options.analyze !== false) await analyzeAfterImport(handle);
      // Replay keyframes (docs/architecture.md "Replay"); without them replay builds them when first used.
      if (options.keyframes !== false) {
        const report = (item: number, bytesDone: number, bytesTotal: number): void =>
          options.onProgress?.({ phase: 'keyframes', item, items: paths.length, path: paths[item] ?? '', bytesDone, bytesTotal, records: 0, sessions: 0, etaSeconds: null });
        await keyframesAfterImport(handle.dir, outcomes, report, signal);
      }
    }
    return outcomes;
  } finally {
    await runner.close();
    await rm(staging, { recursive: true, force: true });
  }
}

function aborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function cancelled(dir: string): CaseError {
  return new CaseError('IMPORT_CANCELLED', `${dir}: the import was cancelled; the case is unchanged`);
}

/** Next free ids: row ids are unique across the whole case (catalog and every shard). */
function nextIds(handle: OpenCase): IdCounters {
  const next = (query: string): number => Number(selectValue(handle.db, query) ?? 0) + 1;
  return {
    evidence: next('SELECT COALESCE(MAX(id), 0) FROM evidence'),
    session: next('SELECT COALESCE(MAX(id), 0) FROM sessions'),
    participant: next('SELECT COALESCE(MAX(id), 0) FROM participants'),
    command: next('SELECT COALESCE(MAX(last_command_id), 0) FROM index_shards'),
    output: next('SELECT COALESCE(MAX(last_output_id), 0) FROM index_shards'),
    screen: next('SELECT COALESCE(MAX(last_screen_id), 0) FROM index_shards'),
  };
}

/** Moves the staged items into the case, records them in the catalog and binds it with the log. */
async function commit(handle: OpenCase, staging: string, results: ReadonlyArray<{ index: number; result: ItemResult }>, outcomes: ImportOutcome[]): Promise<void> {
  const db = handle.db;
  const moved: Array<{ from: string; to: string }> = [];
  const replaced: Array<{ from: string; to: string }> = [];
  const move = async (from: string, relative: string): Promise<void> => {
    const to = resolveIn(handle.dir, relative);
    if (await stat(to).then(() => true, () => false)) {
      // Not in the catalog (it has no duplicates), so left by an interrupted import: replaced
      // (and put back if this commit fails).
      const aside = path.join(staging, `replaced-${replaced.length}-${path.basename(to)}`);
      await rename(to, aside);
      replaced.push({ from: to, to: aside });
    }
    await rename(from, to);
    moved.push({ from, to });
  };
  const evidenceIds = results.map(({ result }) => Number(result.evidence?.id));
  const oldMeta = { activity_records: getMeta(db, 'activity_records') ?? '', activity_head: getMeta(db, 'activity_head') ?? '', activity_last: getMeta(db, 'activity_last') ?? '' };
  let inserted = false;
  try {
    for (const { result } of results) {
      const evidence = result.evidence;
      if (evidence === null || result.stagedItem === null) continue;
      await move(result.stagedItem, String(evidence.stored_as));
      if (result.stagedDerived !== null && evidence.index_source !== null) await move(result.stagedDerived, String(evidence.index_source));
      for (const shard of result.shards) await move(shard.staged, shard.file);
    }
    await syncDirectory(resolveIn(handle.dir, EVIDENCE_DIR));
    await syncDirectory(resolveIn(handle.dir, INDEX_DIR));
    db.exec('BEGIN');
    try {
      for (const { result } of results) {
        if (result.evidence !== null) insertRows(db, 'evidence', [result.evidence]);
        insertRows(db, 'sessions', result.sessions);
        insertRows(db, 'participants', result.participants);
        insertRows(db, 'index_shards', result.shards.map((s) => s.row));
      }
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    inserted = true;
    await handle.commitActivitiesNow(
      results.map(({ index, result }) => ({
        ts: nowTimestamp(),
        action: 'evidence.imported',
        actor: currentActor(),
        details: {
          evidenceId: result.evidence?.id ?? null,
          sha256: result.sha256,
          kind: result.kind,
          fileName: result.evidence?.file_name ?? null,
          importedFrom: result.evidence?.imported_from ?? null,
          size: result.size,
          verdict: result.verdict,
          findings: result.findings,
          signers: result.signers,
          records: result.records,
          sessions: result.sessions.length,
          commands: result.commands,
          storedAs: result.evidence?.stored_as ?? null,
          indexSource: result.evidence?.index_source ?? null,
          indexSourceSha256: result.evidence?.index_source_sha256 ?? null,
          shards: result.shards.map((s) => ({ file: s.file, sha256: s.row.sha256, bytes: s.row.bytes })),
          item: index,
        },
      })),
    );
  } catch (error) {
    if (error instanceof SaveInterrupted) throw error; // the log already holds the import: it stands
    if (inserted) undoRows(handle, evidenceIds, oldMeta);
    for (const m of moved.reverse()) await rename(m.to, m.from).catch(() => undefined);
    for (const r of replaced.reverse()) await rename(r.to, r.from).catch(() => undefined);
    if (error instanceof CaseError) throw error;
    throw new CaseError('IMPORT_FAILED', `${handle.dir}: the import could not be committed (${describeError(error)}); the case is unchanged`, { cause: error });
  }
  for (const { result } of results) {
    const outcome = outcomes.find((o) => o.sha256 === result.sha256 && o.status === 'imported');
    if (outcome !== undefined) outcome.evidenceId = Number(result.evidence?.id ?? null);
  }
}

function undoRows(handle: OpenCase, evidenceIds: readonly number[], meta: Record<string, string>): void {
  const db = handle.db;
  const list = evidenceIds.filter((id) => Number.isSafeInteger(id)).join(', ');
  db.exec(`DELETE FROM index_shards WHERE evidence_id IN (${list});
    DELETE FROM participants WHERE session_id IN (SELECT id FROM sessions WHERE evidence_id IN (${list}));
    DELETE FROM sessions WHERE evidence_id IN (${list});
    DELETE FROM evidence WHERE id IN (${list});`);
  setMeta(db, meta);
}

function outcomeOf(itemPath: string, r: ItemResult): ImportOutcome {
  return {
    path: itemPath,
    status: r.status,
    duplicate: r.status === 'duplicate',
    sha256: r.sha256,
    kind: r.kind,
    verdict: r.status === 'duplicate' ? null : r.verdict,
    evidenceId: null,
    storedAs: r.evidence === null ? null : String(r.evidence.stored_as),
    indexSource: r.evidence?.index_source === null || r.evidence === null ? null : String(r.evidence.index_source),
    size: r.size,
    records: r.records,
    sessions: r.sessions.length,
    commands: r.commands,
    outputBytes: r.outputBytes,
    shards: r.shards.length,
    findings: r.findings,
    problems: r.problems,
  };
}

function failedOutcome(itemPath: string, message: string): ImportOutcome {
  return {
    path: itemPath,
    status: 'failed',
    duplicate: false,
    sha256: null,
    kind: null,
    verdict: null,
    evidenceId: null,
    storedAs: null,
    indexSource: null,
    size: 0,
    records: 0,
    sessions: 0,
    commands: 0,
    outputBytes: 0,
    shards: 0,
    findings: 0,
    problems: [{ severity: 'error', message }],
  };
}

// ---- running items -----------------------------------------------------------------------

interface ItemRunner {
  run(task: ItemTask, progress: (p: WorkerProgress) => void): Promise<ItemResult>;
  close(): Promise<void>;
}

class InThreadRunner implements ItemRunner {
  constructor(private readonly signal: AbortSignal | undefined) {}
  run(task: ItemTask, progress: (p: WorkerProgress) => void): Promise<ItemResult> {
    return runImportItem(task, { progress, cancelled: () => this.signal?.aborted === true }).catch((error: unknown) => {
      throw asItemError(error);
    });
  }
  async close(): Promise<void> {}
}

/** After asking a busy worker to stop, how long to wait before terminating it. */
const CANCEL_GRACE_MS = 1500;

class WorkerRunner implements ItemRunner {
  private worker: Worker | null = null;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    private readonly script: URL,
    private readonly signal: AbortSignal | undefined,
  ) {}

  run(task: ItemTask, progress: (p: WorkerProgress) => void): Promise<ItemResult> {
    const worker = (this.worker ??= new Worker(this.script, { workerData: { cancel: this.flag.buffer } }));
    return new Promise<ItemResult>((resolve, reject) => {
      let timer: NodeJS.Timeout | null = null;
      let stopping = false;
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        this.signal?.removeEventListener('abort', onAbort);
        if (timer !== null) clearTimeout(timer);
      };
      const onMessage = (message: FromWorker): void => {
        if (message.kind === 'progress') {
          progress(message.progress);
          return;
        }
        cleanup();
        if (message.kind === 'result') resolve(message.result);
        else if (message.cancelled || stopping) reject(new ImportCancelled());
        else if (message.code === 'CASE_FULL') reject(new CaseError('CASE_FULL', message.message));
        else reject(new ItemFailed(message.message));
      };
      const onError = (error: Error): void => {
        cleanup();
        this.worker = null;
        reject(stopping ? new ImportCancelled() : asItemError(error));
      };
      const onExit = (): void => {
        cleanup();
        this.worker = null;
        reject(stopping ? new ImportCancelled() : new ItemFailed('the import worker stopped unexpectedly'));
      };
      const onAbort = (): void => {
        stopping = true;
        Atomics.store(this.flag, 0, 1);
        // Long synchronous steps (building indexes) do not look at the flag: stop the thread.
        timer = setTimeout(() => void worker.terminate(), CANCEL_GRACE_MS);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      if (this.signal?.aborted === true) onAbort();
      else this.signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ kind: 'run', task } satisfies ToWorker);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker !== null) await worker.terminate();
  }
}

function asItemError(error: unknown): Error {
  if (error instanceof ImportCancelled || error instanceof ItemFailed || error instanceof CaseError) return error;
  const message = describeError(error);
  if (/out of memory|ERR_WORKER_OUT_OF_MEMORY/i.test(message)) {
    return new CaseError('CASE_FULL', `the import ran out of memory (${message}); nothing was imported. Split the evidence or lower the shard size.`, { cause: error });
  }
  return new ItemFailed(message);
}

/** The compiled worker next to this module, or the build's copy when running from sources (tests). */
function workerScript(): URL | null {
  return builtWorkerScript(import.meta.url, 'import-worker.js');
}

// ---- ETA ------------------------------------------------------------------------------------

/** Share of an item's time each phase takes (measured on the 1M-command benchmark). */
const PHASE_WEIGHT: Record<ImportPhase, number> = { copy: 0.08, verify: 0.1, parse: 0.62, index: 0.18, save: 0.02, keyframes: 0 };
const PHASE_ORDER: ImportPhase[] = ['copy', 'verify', 'parse', 'index', 'save'];

class EtaClock {
  private readonly started = performance.now();
  constructor(private readonly items: number) {}

  update(item: number, p: WorkerProgress): number | null {
    const phaseIndex = PHASE_ORDER.indexOf(p.phase);
    let within = 0;
    for (let i = 0; i < phaseIndex; i++) within += PHASE_WEIGHT[PHASE_ORDER[i] as ImportPhase];
    within += PHASE_WEIGHT[p.phase] * (p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : 0);
    const done = (item + within) / this.items;
    const elapsed = (performance.now() - this.started) / 1000;
    if (done < 0.02 || elapsed < 1) return null;
    return Math.max(0, Math.round((elapsed * (1 - done)) / done));
  }
}
