// The open case (docs/architecture.md, "The case"): the catalog database in memory, the lock, and
// the one way anything is written: `bind()`, which saves case.sqlite and appends activity records
// so that each vouches for the other (activity-log.ts):
//
//   1. the database is exported with the log position it is saved at (meta), to case.sqlite.next,
//      fsynced;
//   2. the activity records are appended, the last carrying the SHA-256 of that export; fsynced
//      (on failure the log is cut back to its old length);
//   3. case.sqlite.next is renamed over case.sqlite, and the folder fsynced.
//
// A crash after 2 leaves a log that names case.sqlite.next: the next open completes the rename.
// A crash before 2 leaves a stale case.sqlite.next: the next open removes it. Either way the case
// is the state before or after the operation, never a mix.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { GENESIS_PREV } from '../../core/records.js';
import { formatTimestamp } from '../../core/timestamp.js';
import { PRODUCT_NAME, PRODUCT_VERSION } from '../product.js';
import { checkActivityLog, encodeBatch, type ActivityInput, type ActivityLogCheck, type ActivityRecordInfo } from './activity-log.js';
import { CaseError, describeError, type CaseProblem } from './case-error.js';
import {
  databaseBytes,
  getMeta,
  loadDatabase,
  quickCheck,
  readWithHash,
  renameDurable,
  selectAll,
  setMeta,
  sha256Hex,
  syncDirectory,
  writeDurable,
  type FileBytes,
} from './case-db.js';
import { checkBinding, checkStoredFiles, findUnreferenced, leftoverStaging } from './case-integrity.js';
import {
  ACTIVITY_LOG,
  CASE_DB,
  CASE_DB_NEXT,
  CASE_FORMAT,
  CASE_LAYOUT_VERSION,
  EVIDENCE_DIR,
  INDEX_DIR,
  resolveIn,
} from './case-layout.js';
import { mib, resolveLimits, type CaseLimits } from './case-limits.js';
import { acquireLock, type HeldLock } from './case-lock.js';
import { appliedVersions, migrate, MigrationError, schemaVersion } from './db/migration.js';
import { MIGRATIONS } from './db/migrations/index.js';
import { loadSqlJs } from './db/sqljs.js';
import { loadIndexHooks } from './import/index-hooks.js';

export interface CaseMeta {
  id: string;
  name: string;
  examiner: string;
  createdAt: string;
  schemaVersion: number;
}

/** One index database: part `part` of the index of one evidence item (index/<sha256>.<part>.sqlite). */
export interface IndexShard {
  id: number;
  evidenceId: number;
  evidenceSha256: string;
  part: number;
  /** Case-relative path. */
  file: string;
  sha256: string;
  bytes: number;
  commands: number;
  firstCommandId: number | null;
  lastCommandId: number | null;
  timeStart: number | null;
  timeEnd: number | null;
}

export interface CaseHandle {
  readonly dir: string;
  /** The catalog: evidence, sessions, participants, index_shards, findings, flags, saved searches. */
  readonly db: Database;
  readonly readOnly: boolean;
  readonly meta: CaseMeta;
  /** What opening found: warnings and notes (errors only when opened with allowProblems). */
  readonly problems: readonly CaseProblem[];
  readonly limits: CaseLimits;
  /** Saves case.sqlite atomically (with a `case.saved` activity record) if it changed. */
  save(): Promise<void>;
  /** Appends an activity record and saves case.sqlite with it (atomically, see bind). */
  appendActivity(action: string, details?: Record<string, unknown>): Promise<void>;
  /** The activity log as it is on disk now. */
  activity(): Promise<ActivityRecordInfo[]>;
  /** The index shards, in import order: commands, output_index and screen_text live there. */
  indexShards(): IndexShard[];
  /** Loads one shard (its SHA-256 checked first); cached until releaseIndex or close. Read-only use. */
  openIndex(shard: IndexShard): Promise<Database>;
  releaseIndex(shard: IndexShard): void;
  /** Loads every shard (for a search over the whole case: catalog + these). */
  openIndexes(): Promise<Database[]>;
  /** Releases the lock. Does not save: call save() or appendActivity() first. */
  close(): Promise<void>;
}

export interface CreateCaseOptions {
  name?: string;
  examiner?: string;
  limits?: Partial<CaseLimits>;
}

export interface OpenCaseOptions {
  /** No lock, no writes (the database may still be migrated in memory). */
  readOnly?: boolean;
  /**
   * With readOnly: open even when the case failed its checks; the problems are in
   * `handle.problems`. Without it such a case is refused with CASE_TAMPERED.
   */
  allowProblems?: boolean;
  limits?: Partial<CaseLimits>;
}

export const TOOL_NAME = `${PRODUCT_NAME} ${PRODUCT_VERSION}`;

/** A save whose activity record is written but whose database rename failed: it counts as done. */
export class SaveInterrupted extends CaseError {}

export function currentActor(): string {
  try {
    const name = userInfo().username;
    if (name !== '') return name;
  } catch {
    // no passwd entry (containers): fall back to the environment
  }
  return process.env.USER ?? process.env.USERNAME ?? 'unknown';
}

export function nowTimestamp(): string {
  return formatTimestamp(Date.now() * 1000);
}

export class OpenCase implements CaseHandle {
  readonly problems: CaseProblem[];
  /** Set while importEvidence works on this handle: one import at a time per case. */
  importing = false;
  private head: { count: number; leaf: string };
  private boundSha256: string;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly shardCache = new Map<number, Database>();

  constructor(
    readonly dir: string,
    readonly db: Database,
    readonly readOnly: boolean,
    readonly limits: CaseLimits,
    private readonly SQL: SqlJsStatic,
    private readonly lock: HeldLock | null,
    state: { head: { count: number; leaf: string }; boundSha256: string; problems: CaseProblem[] },
  ) {
    this.head = state.head;
    this.boundSha256 = state.boundSha256;
    this.problems = state.problems;
  }

  get meta(): CaseMeta {
    return {
      id: getMeta(this.db, 'case_id') ?? '',
      name: getMeta(this.db, 'name') ?? '',
      examiner: getMeta(this.db, 'examiner') ?? '',
      createdAt: getMeta(this.db, 'created_at') ?? '',
      schemaVersion: schemaVersion(this.db),
    };
  }

  save(): Promise<void> {
    return this.serial(async () => {
      this.assertWritable();
      const current = sha256Hex(this.db.export());
      if (current === this.boundSha256) return;
      await this.bind([{ ts: nowTimestamp(), action: 'case.saved', actor: currentActor() }]);
    });
  }

  appendActivity(action: string, details?: Record<string, unknown>): Promise<void> {
    return this.commitActivities([{ ts: nowTimestamp(), action, actor: currentActor(), ...(details !== undefined ? { details } : {}) }]);
  }

  /** Appends several records and saves the database once, with the last. */
  commitActivities(inputs: ActivityInput[]): Promise<void> {
    return this.serial(() => this.commitActivitiesNow(inputs));
  }

  /** commitActivities for use inside exclusive(). */
  async commitActivitiesNow(inputs: ActivityInput[]): Promise<void> {
    this.assertWritable();
    await this.bind(inputs);
  }

  /**
   * Runs `work` while no save or activity append of this handle runs (an import's commit: its
   * rows and its activity records must not interleave with another write).
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.serial(work);
  }

  async activity(): Promise<ActivityRecordInfo[]> {
    return checkActivityLog(await readFile(path.join(this.dir, ACTIVITY_LOG))).records;
  }

  indexShards(): IndexShard[] {
    return selectAll(
      this.db,
      `SELECT s.id, s.evidence_id, e.sha256 AS evidence_sha256, s.part, s.file, s.sha256, s.bytes, s.commands,
              s.first_command_id, s.last_command_id, s.time_start, s.time_end
       FROM index_shards s JOIN evidence e ON e.id = s.evidence_id ORDER BY s.id`,
    ).map((r) => ({
      id: Number(r.id),
      evidenceId: Number(r.evidence_id),
      evidenceSha256: String(r.evidence_sha256),
      part: Number(r.part),
      file: String(r.file),
      sha256: String(r.sha256),
      bytes: Number(r.bytes),
      commands: Number(r.commands),
      firstCommandId: r.first_command_id === null ? null : Number(r.first_command_id),
      lastCommandId: r.last_command_id === null ? null : Number(r.last_command_id),
      timeStart: r.time_start === null ? null : Number(r.time_start),
      timeEnd: r.time_end === null ? null : Number(r.time_end),
    }));
  }

  async openIndex(shard: IndexShard): Promise<Database> {
    this.assertOpen();
    const cached = this.shardCache.get(shard.id);
    if (cached !== undefined) return cached;
    let file: FileBytes;
    try {
      file = await readWithHash(resolveIn(this.dir, shard.file));
    } catch (error) {
      throw new CaseError('CASE_TAMPERED', `${this.dir}: index shard ${shard.file} cannot be read (${describeError(error)})`, {
        cause: error,
        problems: [{ code: 'INDEX_MISSING', severity: 'error', file: shard.file, message: `index shard ${shard.file} cannot be read` }],
      });
    }
    if (file.sha256 !== shard.sha256) {
      const message = `index shard ${shard.file} was changed after it was written (SHA-256 ${file.sha256.slice(0, 16)}…, expected ${shard.sha256.slice(0, 16)}…)`;
      throw new CaseError('CASE_TAMPERED', `${this.dir}: ${message}`, { problems: [{ code: 'INDEX_MODIFIED', severity: 'error', file: shard.file, message }] });
    }
    const db = loadDatabase(this.SQL, file.bytes, `index shard ${shard.file}`);
    // Shards are written once; a migration added since then is applied in memory only, and the
    // full-text tables it may have added are filled from the shard's rows (in memory too).
    try {
      if (migrate(db).length > 0) (await loadIndexHooks()).updateSearchIndex?.(db);
    } catch (error) {
      db.close();
      throw error instanceof MigrationError ? new CaseError('CASE_TOO_NEW', `${shard.file}: ${error.message}`) : error;
    }
    // This connection is the only one its in-memory file will ever have: holding the lock stops
    // SQLite from looking for a hot journal (a file-system lookup in sql.js) before every
    // statement — about 0.35 ms of each search per shard.
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    this.shardCache.set(shard.id, db);
    return db;
  }

  async openIndexes(): Promise<Database[]> {
    const dbs: Database[] = [];
    for (const shard of this.indexShards()) dbs.push(await this.openIndex(shard));
    return dbs;
  }

  releaseIndex(shard: IndexShard): void {
    this.shardCache.get(shard.id)?.close();
    this.shardCache.delete(shard.id);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue.catch(() => undefined);
    this.closed = true;
    for (const db of this.shardCache.values()) db.close();
    this.shardCache.clear();
    this.db.close();
    await this.lock?.release();
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private assertOpen(): void {
    if (this.closed) throw new CaseError('CASE_READ_ONLY', `${this.dir}: the case was closed`);
  }

  private assertWritable(): void {
    this.assertOpen();
    if (this.readOnly) throw new CaseError('CASE_READ_ONLY', `${this.dir}: the case is open read-only`);
  }

  private async bind(inputs: ActivityInput[]): Promise<void> {
    let exported: Uint8Array | null = null;
    let sha = '';
    const batch = encodeBatch(this.head, inputs, (binding) => {
      setMeta(this.db, { activity_records: binding.lastSeq - 1, activity_head: binding.lastPrev, activity_last: binding.lastUnstated });
      const size = databaseBytes(this.db);
      if (size > this.limits.maxCatalogBytes) {
        throw new CaseError(
          'CASE_FULL',
          `${this.dir}: the case catalog would grow to ${mib(size)}, past its limit of ${mib(this.limits.maxCatalogBytes)}; nothing was written. Split the evidence over several cases.`,
        );
      }
      exported = this.db.export();
      sha = sha256Hex(exported);
      return { database: sha, bytes: exported.length };
    });
    const bytes = exported as Uint8Array | null;
    if (bytes === null) throw new Error('internal: the database was not exported');
    const next = path.join(this.dir, CASE_DB_NEXT);
    const log = path.join(this.dir, ACTIVITY_LOG);
    try {
      await writeDurable(next, bytes);
    } catch (error) {
      throw new CaseError('CASE_IO', `${this.dir}: cannot save the case (${describeError(error)}); nothing was changed`, { cause: error });
    }
    const handle = await open(log, 'a').catch(async (error: unknown) => {
      await rm(next, { force: true });
      throw new CaseError('CASE_IO', `${this.dir}: cannot append to ${ACTIVITY_LOG} (${describeError(error)}); nothing was changed`, { cause: error });
    });
    const before = (await handle.stat()).size;
    try {
      await handle.write(batch.text);
      await handle.sync();
    } catch (error) {
      await handle.truncate(before).catch(() => undefined);
      await handle.close().catch(() => undefined);
      await rm(next, { force: true });
      throw new CaseError('CASE_IO', `${this.dir}: cannot append to ${ACTIVITY_LOG} (${describeError(error)}); nothing was changed`, { cause: error });
    }
    await handle.close();
    try {
      await renameDurable(next, path.join(this.dir, CASE_DB));
    } catch (error) {
      // The log already names the new database: the next open completes this rename.
      throw new SaveInterrupted('CASE_IO', `${this.dir}: the save was interrupted (${describeError(error)}); the next open completes it`, { cause: error });
    }
    this.head = { count: batch.lastSeq, leaf: batch.lastLeaf };
    this.boundSha256 = sha;
  }
}

// ---- create ---------------------------------------------------------------------------------

export async function createCase(dir: string, options: CreateCaseOptions = {}): Promise<CaseHandle> {
  const root = path.resolve(dir);
  const limits = resolveLimits(options.limits);
  const existing = await readdir(root).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    if (error.code === 'ENOTDIR') throw new CaseError('CASE_EXISTS', `${root}: exists and is not a folder`);
    throw new CaseError('CASE_IO', `${root}: ${describeError(error)}`, { cause: error });
  });
  if (existing !== null && existing.length > 0) {
    throw new CaseError('CASE_EXISTS', `${root}: the folder is not empty; a new case needs a new (or empty) folder`);
  }
  const madeRoot = existing === null;
  await mkdir(root, { recursive: true });
  let lock: HeldLock | null = null;
  let db: Database | null = null;
  try {
    lock = await acquireLock(root, TOOL_NAME);
    await mkdir(path.join(root, EVIDENCE_DIR));
    await mkdir(path.join(root, INDEX_DIR));
    const SQL = await loadSqlJs();
    db = new SQL.Database();
    migrate(db);
    const actor = currentActor();
    const meta = {
      format: CASE_FORMAT,
      layout_version: CASE_LAYOUT_VERSION,
      case_id: randomUUID(),
      name: options.name ?? path.basename(root),
      examiner: options.examiner ?? actor,
      created_at: nowTimestamp(),
    };
    setMeta(db, meta);
    const handle = new OpenCase(root, db, false, limits, SQL, lock, { head: { count: 0, leaf: GENESIS_PREV }, boundSha256: '', problems: [] });
    await handle.commitActivities([
      {
        ts: meta.created_at,
        action: 'case.created',
        actor,
        details: { caseId: meta.case_id, name: meta.name, examiner: meta.examiner, tool: TOOL_NAME, schemaVersion: schemaVersion(db) },
      },
    ]);
    await syncDirectory(root);
    return handle;
  } catch (error) {
    db?.close();
    // Leave the folder as it was: remove what this call created.
    if (madeRoot) await rm(root, { recursive: true, force: true });
    else {
      for (const name of [CASE_DB, CASE_DB_NEXT, ACTIVITY_LOG, EVIDENCE_DIR, INDEX_DIR]) await rm(path.join(root, name), { recursive: true, force: true });
    }
    await lock?.release();
    if (error instanceof CaseError) throw error;
    throw new CaseError('CASE_IO', `${root}: cannot create the case (${describeError(error)})`, { cause: error });
  }
}

// ---- open -----------------------------------------------------------------------------------

interface LoadedCatalog {
  db: Database;
  file: FileBytes;
  log: ActivityLogCheck;
  problems: CaseProblem[];
  /** case.sqlite.next is the database the log names (an interrupted save): rename it into place. */
  completeSave: boolean;
  /** case.sqlite.next is a save that never reached the log: remove it. */
  discardNext: boolean;
}

/** Reads and cross-checks activity.jsonl and case.sqlite; throws only when no database can be read. */
export async function loadCatalog(dir: string, SQL: SqlJsStatic): Promise<LoadedCatalog> {
  const problems: CaseProblem[] = [];
  const logBytes = await readFile(path.join(dir, ACTIVITY_LOG)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw new CaseError('CASE_IO', `${dir}: cannot read ${ACTIVITY_LOG} (${describeError(error)})`, { cause: error });
    problems.push({ code: 'ACTIVITY_MISSING', severity: 'error', file: ACTIVITY_LOG, message: `${ACTIVITY_LOG} is missing: the case history is gone` });
    return Buffer.alloc(0);
  });
  const log = checkActivityLog(logBytes);
  problems.push(...log.problems);
  if (log.partialBytes > 0) {
    problems.push({
      code: 'TRUNCATED',
      severity: 'error',
      file: ACTIVITY_LOG,
      line: log.records.length + 1,
      message: `${ACTIVITY_LOG} ends in the middle of a record (${log.partialBytes} bytes after the last newline): it was cut or edited`,
    });
  }
  const last = log.records[log.records.length - 1];
  const main = await readOptional(path.join(dir, CASE_DB));
  const next = await readOptional(path.join(dir, CASE_DB_NEXT));
  let chosen = main;
  let completeSave = false;
  let discardNext = false;
  if (next !== null) {
    if (last?.state?.database === next.sha256 && main?.sha256 !== next.sha256) {
      chosen = next;
      completeSave = true;
      problems.push({ code: 'INTERRUPTED_SAVE', severity: 'note', file: CASE_DB_NEXT, message: 'the last save was interrupted after its activity record was written; it is completed now' });
    } else {
      discardNext = true;
      problems.push({ code: 'INTERRUPTED_SAVE', severity: 'note', file: CASE_DB_NEXT, message: 'a save was interrupted before its activity record was written; its unsaved state is discarded' });
    }
  }
  if (chosen === null) {
    throw new CaseError('CASE_CORRUPT', `${dir}: case.sqlite is missing; the evidence in ${EVIDENCE_DIR}/ is untouched (re-import it into a new case)`);
  }
  let db: Database;
  try {
    db = loadDatabase(SQL, chosen.bytes, `${dir}: case.sqlite`);
  } catch (error) {
    throw new CaseError('CASE_CORRUPT', `${describeError(error)}; the evidence in ${EVIDENCE_DIR}/ is untouched (restore case.sqlite from a backup, or re-import the evidence into a new case)`, { cause: error });
  }
  try {
    let format: string | null;
    try {
      format = getMeta(db, 'format');
    } catch {
      format = null;
    }
    if (format !== CASE_FORMAT) throw new CaseError('NOT_A_CASE', `${dir}: case.sqlite is not a Trailview case catalog`);
    const layout = Number(getMeta(db, 'layout_version') ?? '0');
    if (layout > CASE_LAYOUT_VERSION) throw new CaseError('CASE_TOO_NEW', `${dir}: the case was written by a newer Trailview (layout ${layout}); use a newer Trailview`);
    const binding = checkBinding(
      log,
      { records: numberOrNull(getMeta(db, 'activity_records')), head: getMeta(db, 'activity_head'), last: getMeta(db, 'activity_last') },
      chosen.sha256,
    );
    problems.push(...binding);
    if (binding.some((p) => p.code === 'DATABASE_MODIFIED')) {
      const damage = quickCheck(db);
      if (damage.length > 0) {
        throw new CaseError(
          'CASE_CORRUPT',
          `${dir}: case.sqlite is damaged (${damage.slice(0, 3).join('; ')}); the evidence in ${EVIDENCE_DIR}/ is untouched (restore case.sqlite from a backup, or re-import the evidence into a new case)`,
        );
      }
    }
  } catch (error) {
    db.close();
    throw error;
  }
  return { db, file: chosen, log, problems, completeSave, discardNext };
}

export async function openCase(dir: string, options: OpenCaseOptions = {}): Promise<CaseHandle> {
  return openCaseStore(dir, options);
}

export async function openCaseStore(dir: string, options: OpenCaseOptions = {}): Promise<OpenCase> {
  const root = path.resolve(dir);
  const readOnly = options.readOnly === true;
  const limits = resolveLimits(options.limits);
  const info = await stat(root).catch(() => null);
  if (info === null || !info.isDirectory()) throw new CaseError('NOT_A_CASE', `${root}: no such folder`);
  const hasDb = await exists(path.join(root, CASE_DB));
  const hasLog = await exists(path.join(root, ACTIVITY_LOG));
  if (!hasDb && !hasLog) throw new CaseError('NOT_A_CASE', `${root}: not a Trailview case (no ${CASE_DB}, no ${ACTIVITY_LOG}); create one with \`trailview case new\``);

  const lock = readOnly ? null : await acquireLock(root, TOOL_NAME);
  let db: Database | null = null;
  try {
    const SQL = await loadSqlJs();
    const problems: CaseProblem[] = lock?.note ? [lock.note] : [];
    if (!readOnly) {
      for (const name of await leftoverStaging(root)) {
        await rm(path.join(root, name), { recursive: true, force: true });
        problems.push({ code: 'STAGING_REMOVED', severity: 'note', file: name, message: `removed ${name}, left by an import that did not finish` });
      }
    }
    const loaded = await loadCatalog(root, SQL);
    db = loaded.db;
    problems.push(...loaded.problems);
    if (!readOnly && loaded.completeSave) await renameDurable(path.join(root, CASE_DB_NEXT), path.join(root, CASE_DB));
    if (!readOnly && loaded.discardNext) await rm(path.join(root, CASE_DB_NEXT), { force: true });

    const stored = await checkStoredFiles(root, db);
    problems.push(...stored.problems, ...(await findUnreferenced(root, db)));
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length > 0 && !(readOnly && options.allowProblems === true)) {
      const shown = errors.slice(0, 3).map((p) => p.message).join('; ');
      throw new CaseError(
        'CASE_TAMPERED',
        `${root}: the case folder was changed outside Trailview and is not trusted: ${shown}${errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''}; run \`trailview case verify\` for every finding`,
        { problems },
      );
    }
    const last = loaded.log.records[loaded.log.records.length - 1];
    const handle = new OpenCase(root, db, readOnly, limits, SQL, lock, {
      head: { count: last?.seq ?? 0, leaf: last?.leaf ?? GENESIS_PREV },
      boundSha256: loaded.file.sha256,
      problems,
    });

    const pending = MIGRATIONS.filter((m) => !appliedVersions(db as Database).has(m.version)).map((m) => m.version);
    if (pending.length > 0) {
      const from = schemaVersion(db);
      try {
        migrate(db);
      } catch (error) {
        throw error instanceof MigrationError ? new CaseError('CASE_TOO_NEW', `${root}: ${error.message}`) : error;
      }
      if (!readOnly) await handle.commitActivities([{ ts: nowTimestamp(), action: 'case.migrated', actor: currentActor(), details: { from, to: schemaVersion(db), applied: pending } }]);
    } else {
      try {
        migrate(db); // refuses a database newer than this Trailview
      } catch (error) {
        throw error instanceof MigrationError ? new CaseError('CASE_TOO_NEW', `${root}: ${error.message}`) : error;
      }
    }
    if (!readOnly && stored.refreshed.length > 0) {
      const update = db.prepare('UPDATE evidence SET fingerprint = ? WHERE id = ?');
      try {
        for (const r of stored.refreshed) update.run([r.fingerprint, r.id]);
      } finally {
        update.free();
      }
      await handle.commitActivities([{ ts: nowTimestamp(), action: 'evidence.rechecked', actor: currentActor(), details: { evidence: stored.refreshed.map((r) => r.id) } }]);
    }
    return handle;
  } catch (error) {
    db?.close();
    await lock?.release();
    if (error instanceof CaseError) throw error;
    throw new CaseError('CASE_IO', `${root}: cannot open the case (${describeError(error)})`, { cause: error });
  }
}

async function readOptional(file: string): Promise<FileBytes | null> {
  try {
    return await readWithHash(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CaseError('CASE_IO', `cannot read ${file} (${describeError(error)})`, { cause: error });
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

function numberOrNull(value: string | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

