// The index phase (docs/architecture.md, "The case"): one streaming pass over a bundle's
// records.jsonl that fills index shards (sql.js databases) with the evidence item's commands, the
// output index (where each session's output lies in records.jsonl: byte ranges, never the bytes)
// and screen text samples, and returns the sessions and participants for the catalog.
//
// Speed (target: 1M commands in seconds, PERF-NOTES §3-4): one transaction per shard, prepared
// statements, and the secondary indexes of the bulk tables dropped while loading and built once
// at the end (a sort instead of a B-tree insert per row). Memory: a shard is closed and written
// out once it reaches CaseLimits.shardRollBytes, so no database nears the sql.js ceiling.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Database, SqlJsStatic, Statement } from 'sql.js';
import type { TrailEvent } from '../../../core/records.js';
import { LineSplitter } from '../../../core/line-splitter.js';
import { parseTimestamp } from '../../../core/timestamp.js';
import { openBundle } from '../../bundle/open-bundle.js';
import { CaseError } from '../case-error.js';
import { databaseBytes, setMeta, sha256Hex, writeDurable } from '../case-db.js';
import { INDEX_FORMAT, shardPath } from '../case-layout.js';
import { mib, type CaseLimits } from '../case-limits.js';
import { migrate } from '../db/migration.js';
import type { IndexHooks, ScreenSampleLike, ScreenSamplerLike } from './index-hooks.js';
import type { IdCounters, ImportNote, Row, StagedShard, WorkerProgress } from './import-types.js';
import { insertRows } from './rows.js';
import { databaseImage, withCapacity } from './sized-database.js';

export class ImportCancelled extends Error {
  constructor() {
    super('the import was cancelled');
  }
}

export interface IndexBuildOptions {
  SQL: SqlJsStatic;
  /** The bundle whose records.jsonl is indexed (the stored copy, or the bundle derived from a recording). */
  bundlePath: string;
  /**
   * The bytes of that records.jsonl when the caller reads them itself (the staged copy, read while
   * it is written: follow-copy.ts); default: read from `bundlePath`.
   */
  records?: { chunks: AsyncIterable<Buffer>; size: number };
  evidenceId: number;
  /** The evidence's file name, for messages. */
  evidenceName: string;
  /**
   * The evidence row, stored in every shard too so a shard describes itself (its `sha256` names the
   * shard files). Asked for when the first shard is closed: verification runs alongside the index
   * and decides its verdict, and the copy may still be running when the index starts.
   */
  evidenceRow: () => Promise<Row>;
  caseId: string;
  /** Staging folder for the shard files. */
  outDir: string;
  /** Next free ids; advanced as rows are made. */
  ids: IdCounters;
  limits: CaseLimits;
  hooks: IndexHooks;
  cancelled: () => boolean;
  progress: (p: WorkerProgress) => void;
}

export interface IndexBuildResult {
  sessions: Row[];
  participants: Row[];
  shards: StagedShard[];
  records: number;
  commands: number;
  outputBytes: number;
  timeStart: number | null;
  timeEnd: number | null;
  problems: ImportNote[];
}

/** An output_index row closes at about 64 KiB of output, or when its byte range spans 256 KiB. */
const RUN_OUTPUT_BYTES = 64 * 1024;
const RUN_SPAN_BYTES = 256 * 1024;
const MAX_LISTED_PROBLEMS = 20;
/** A small last part is cut only when at least this much of records.jsonl is left. */
const TAIL_MIN_LOG_BYTES = 16 << 20;
/** Tables loaded in bulk: their secondary indexes are built after the load. */
const BULK_TABLES = ['commands', 'output_index', 'screen_text', 'participants'];
/**
 * Index bytes per byte of records.jsonl assumed for the first part's pre-sized file (the benchmark
 * measures about 0.2 with screen text); later parts use what the closed parts measured.
 */
const FIRST_PART_INDEX_RATIO = 0.25;
/**
 * Closed parts may wait for the verdict up to this many roll sizes in all: the 1M-command
 * benchmark's first two parts (about 240 + 100 MiB) both wait, so its parse never stops for
 * verification; a larger import waits for the oldest part once two full ones would be held.
 */
const WAITING_PARTS_ROLLS = 1.5;

interface OutputRun {
  tsUs: number;
  endUs: number;
  firstSeq: number;
  records: number;
  offset: number;
  end: number;
  bytes: number;
}

interface SessionState {
  id: number;
  key: string;
  user: string | null;
  host: string | null;
  tty: string | null;
  term: string | null;
  cols: number | null;
  rows: number | null;
  remote: string | null;
  recorder: string | null;
  format: string | null;
  startUs: number;
  endUs: number;
  exitStatus: number | null;
  missing: string;
  commands: number;
  participants: number;
  outputBytes: number;
  run: OutputRun | null;
}

interface Part {
  number: number;
  db: Database;
  command: Statement;
  output: Statement;
  screen: Statement;
  participant: Statement;
  deferredIndexes: string[];
  /** Rough bytes added since the database size was last looked at (asking costs two queries). */
  bytesSinceCheck: number;
  commands: number;
  outputRuns: number;
  screens: number;
  firstCommand: number | null;
  firstOutput: number | null;
  firstScreen: number | null;
  minUs: number | null;
  maxUs: number | null;
}

export async function buildIndex(o: IndexBuildOptions): Promise<IndexBuildResult> {
  await mkdir(o.outDir, { recursive: true });
  const sessions = new Map<string, SessionState>();
  const participants: Row[] = [];
  const shards: StagedShard[] = [];
  const problems: ImportNote[] = [];
  let malformed = 0;
  let records = 0;
  let commands = 0;
  let outputBytes = 0;
  let timeStart: number | null = null;
  let timeEnd: number | null = null;
  const sampler: ScreenSamplerLike | null = o.hooks.createSampler?.() ?? null;

  // sql.js keeps a database file in one byte array that grows in 12.5 % steps, each a copy of the
  // whole file (about 9× a part's final size copied in all): each part's file is sized up front.
  let part = openPart(o, 1, o.records === undefined ? 0 : o.records.size * FIRST_PART_INDEX_RATIO);
  // How much a part grows when it is closed (secondary indexes, full-text tables), so that parts
  // roll over at `shardRollBytes` of *final* size: first a guess (screen text makes the full-text
  // index large), then what the last part measured.
  let growth = sampler !== null ? 2.2 : 1.6;

  const sessionFor = (key: string, tsUs: number): SessionState => {
    let s = sessions.get(key);
    if (s === undefined) {
      s = {
        id: o.ids.session++,
        key,
        user: null,
        host: null,
        tty: null,
        term: null,
        cols: null,
        rows: null,
        remote: null,
        recorder: null,
        format: null,
        startUs: tsUs,
        endUs: tsUs,
        exitStatus: null,
        missing: '[]',
        commands: 0,
        participants: 0,
        outputBytes: 0,
        run: null,
      };
      sessions.set(key, s);
    }
    return s;
  };

  const flushRun = (s: SessionState): void => {
    const run = s.run;
    if (run === null) return;
    s.run = null;
    const id = o.ids.output++;
    part.firstOutput ??= id;
    part.outputRuns += 1;
    part.bytesSinceCheck += 64;
    part.output.run([id, s.id, run.tsUs, run.endUs, run.firstSeq, run.records, 'records.jsonl', run.offset, run.end - run.offset, run.bytes]);
  };

  const insertSamples = (samples: readonly ScreenSampleLike[]): void => {
    for (const sample of samples) {
      const s = sessions.get(sample.session);
      if (s === undefined) continue;
      const id = o.ids.screen++;
      part.firstScreen ??= id;
      part.screens += 1;
      // A sample can arrive a few records after its time (after a roll, in the next part).
      if (part.minUs === null || sample.tsUs < part.minUs) part.minUs = sample.tsUs;
      if (part.maxUs === null || sample.tsUs > part.maxUs) part.maxUs = sample.tsUs;
      part.bytesSinceCheck += 48 + sample.text.length;
      part.screen.run([id, s.id, sample.tsUs, sample.reason, sample.text]);
    }
  };

  // A closed part waits for the evidence row (the verdict) before it is committed and written,
  // while the next parts are filled: the parse does not stop for verification, which runs beside
  // it at a lower priority and may finish last. Waiting parts stay in memory, so their size is
  // bounded (WAITING_PARTS_ROLLS × the roll size); past it the parse waits for the oldest.
  const closing: Array<{ bytes: number; written: Promise<StagedShard> }> = [];
  let abort: (error: unknown) => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => (abort = reject));
  aborted.catch(() => undefined);
  const waitingBudget = WAITING_PARTS_ROLLS * o.limits.shardRollBytes;
  /** Waits for the oldest waiting part to be written; it leaves the queue only then (a failure leaves it for the cleanup). */
  const writtenOldest = async (): Promise<number> => {
    const oldest = closing[0] as (typeof closing)[number];
    shards.push(await oldest.written);
    closing.shift();
    return oldest.bytes;
  };
  const finishPart = async (): Promise<void> => {
    for (const s of sessions.values()) flushRun(s);
    const loaded = databaseBytes(part.db);
    const built = buildPart(o, part, sessions);
    closedBytes += built;
    if (loaded > 1 << 20) growth = Math.max(1, built / loaded);
    const written = writePart(o, part, aborted);
    written.catch(() => undefined);
    closing.push({ bytes: built, written });
    let waiting = closing.reduce((sum, c) => sum + c.bytes, 0);
    while (closing.length > 1 && waiting > waitingBudget) waiting -= await writtenOldest();
  };

  // Look at the real size every 1/16 of the roll size (at most every 8 MiB of rows).
  const checkEvery = Math.max(4096, Math.min(8 << 20, Math.floor(o.limits.shardRollBytes / 16)));
  // The last part is kept small (about 1/8 of the roll size): once records.jsonl is read, the last
  // part's indexes and full-text tables are built while nothing else is left to run beside them.
  const tailBytes = Math.floor(o.limits.shardRollBytes / 8);
  let closedBytes = 0;
  let tailCut = false;
  const maybeRoll = async (position: number, total: number): Promise<void> => {
    if (part.bytesSinceCheck < checkEvery) return;
    part.bytesSinceCheck = 0;
    const projected = databaseBytes(part.db) * growth;
    if (projected < o.limits.shardRollBytes) {
      const rest = total - position;
      if (tailCut || projected < 2 * tailBytes || rest < TAIL_MIN_LOG_BYTES) return;
      // Index bytes per byte of log so far, applied to the rest of the log.
      if (((closedBytes + projected) / position) * rest > tailBytes) return;
      tailCut = true;
    }
    await finishPart();
    part = openPart(o, part.number + 1, (total - position) * (closedBytes / position));
  };

  /** Time of the record handle() last accepted. */
  let recordUs = 0;
  /** Indexes one record; false when it is not well-formed enough to be used at all. */
  const handle = (record: Record<string, unknown>, offset: number, length: number): boolean => {
    const ts = record.ts;
    const tsUs = typeof ts === 'string' ? micros(ts) : null;
    if (tsUs !== null) recordUs = tsUs;
    const key = record.session;
    if (tsUs === null || typeof key !== 'string' || typeof record.type !== 'string') {
      noteMalformed(offset, 'it lacks a canonical ts, a session or a type');
      return false;
    }
    if (key === '') return true; // log-level records: bundle.start, attachments, import markers
    const seq = typeof record.seq === 'number' ? record.seq : null;
    const s = sessionFor(key, tsUs);
    if (tsUs < s.startUs) s.startUs = tsUs;
    if (tsUs > s.endUs) s.endUs = tsUs;
    if (timeStart === null || tsUs < timeStart) timeStart = tsUs;
    if (timeEnd === null || tsUs > timeEnd) timeEnd = tsUs;
    if (part.minUs === null || tsUs < part.minUs) part.minUs = tsUs;
    if (part.maxUs === null || tsUs > part.maxUs) part.maxUs = tsUs;
    switch (record.type) {
      case 'out': {
        const bytes = streamBytes(record);
        s.outputBytes += bytes;
        outputBytes += bytes;
        let run = s.run;
        if (run !== null && (run.bytes >= RUN_OUTPUT_BYTES || offset + length + 1 - run.offset > RUN_SPAN_BYTES)) {
          flushRun(s);
          run = null;
        }
        if (run === null) {
          run = { tsUs, endUs: tsUs, firstSeq: seq ?? 0, records: 0, offset, end: offset, bytes: 0 };
          s.run = run;
        }
        run.records += 1;
        run.endUs = tsUs;
        run.end = offset + length + 1;
        run.bytes += bytes;
        return true;
      }
      case 'cmd': {
        const text = typeof record.text === 'string' ? record.text : '';
        const id = o.ids.command++;
        part.firstCommand ??= id;
        part.commands += 1;
        part.bytesSinceCheck += 160 + text.length;
        s.commands += 1;
        commands += 1;
        part.command.run([
          id,
          s.id,
          tsUs,
          seq,
          clip(text, o.limits.maxCommandTextBytes),
          stringOrNull(record.cwd),
          integerOrNull(record.exitStatus),
          typeof record.source === 'string' ? record.source : 'recorder',
          typeof record.confidence === 'number' ? record.confidence : 0,
          stringOrNull(record.user) ?? s.user,
          s.host,
        ]);
        return true;
      }
      case 'session.start': {
        s.user = stringOrNull(record.user);
        s.host = stringOrNull(record.host);
        s.tty = stringOrNull(record.tty);
        s.term = stringOrNull(record.term);
        s.cols = integerOrNull(record.cols);
        s.rows = integerOrNull(record.rows);
        s.remote = stringOrNull(record.remote);
        const recorder = record.recorder as { name?: unknown; format?: unknown } | undefined;
        s.recorder = stringOrNull(recorder?.name);
        s.format = stringOrNull(recorder?.format);
        s.missing = Array.isArray(record.missing) ? JSON.stringify(record.missing) : '[]';
        return true;
      }
      case 'session.end':
        s.exitStatus = integerOrNull(record.exitStatus);
        return true;
      case 'join':
      case 'leave': {
        s.participants += 1;
        const row: Row = {
          id: o.ids.participant++,
          session_id: s.id,
          kind: record.type,
          ts_us: tsUs,
          seq,
          user: stringOrNull(record.user),
          uid: integerOrNull(record.uid),
          client_tty: stringOrNull(record.clientTty),
          client: stringOrNull(record.client),
          remote: stringOrNull(record.remote),
          read_only: record.readOnly === true ? 1 : 0,
          pid: integerOrNull(record.pid),
        };
        participants.push(row);
        part.participant.run(Object.values(row));
        return true;
      }
      default:
        return true;
    }
  };

  const noteMalformed = (offset: number, why: string): void => {
    malformed += 1;
    if (malformed <= MAX_LISTED_PROBLEMS) problems.push({ severity: 'warning', message: `records.jsonl byte ${offset}: not indexed, ${why}` });
  };

  let input: { chunks: AsyncIterable<Buffer>; size: number; close: () => Promise<void> };
  try {
    input = o.records === undefined ? await openRecords(o.bundlePath) : { ...o.records, close: async (): Promise<void> => undefined };
  } catch (error) {
    closeQuietly(part);
    await sampler?.dispose?.();
    throw error;
  }
  try {
    const stream = input.chunks;
    const entry = { size: input.size };
    const lines = new LineSplitter();
    const line = async (bytes: Buffer, offset: number): Promise<void> => {
      records += 1;
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
      } catch {
        noteMalformed(offset, 'not valid JSON');
        return;
      }
      if (record === null || typeof record !== 'object') {
        noteMalformed(offset, 'not a JSON object');
        return;
      }
      if (!handle(record, offset, bytes.length) || sampler === null) return;
      try {
        insertSamples(await sampler.push(record as TrailEvent, recordUs));
      } catch (error) {
        throw new Error(`the screen sampler failed at records.jsonl byte ${offset}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    };
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (o.cancelled()) throw new ImportCancelled();
      for (const { bytes, offset } of lines.push(chunk)) await line(bytes, offset);
      await maybeRoll(lines.offset, entry.size);
      o.progress({ phase: 'parse', bytesDone: lines.offset, bytesTotal: entry.size, records, sessions: sessions.size });
    }
    const cut = lines.end();
    if (cut !== null) problems.push({ severity: 'warning', message: `records.jsonl ends in the middle of a line at byte ${cut.offset}: that line is not indexed` });
    if (sampler !== null) insertSamples(await sampler.end());
    if (o.cancelled()) throw new ImportCancelled();
    o.progress({ phase: 'index', bytesDone: 0, bytesTotal: 1, records, sessions: sessions.size });
    await finishPart();
    while (closing.length > 0) await writtenOldest();
    o.progress({ phase: 'index', bytesDone: 1, bytesTotal: 1, records, sessions: sessions.size });
  } catch (error) {
    // Parts still waiting to be written are dropped: nothing is written after a failure.
    abort(error);
    await Promise.all(closing.map((c) => c.written.catch(() => undefined)));
    closeQuietly(part);
    await sampler?.dispose?.();
    throw error;
  } finally {
    await input.close();
  }
  if (malformed > MAX_LISTED_PROBLEMS) problems.push({ severity: 'warning', message: `${malformed - MAX_LISTED_PROBLEMS} more records were not indexed` });
  return {
    sessions: [...sessions.values()].map((s) => sessionRow(s, o.evidenceId)),
    participants,
    shards,
    records,
    commands,
    outputBytes,
    timeStart,
    timeEnd,
    problems,
  };
}

/** records.jsonl of a bundle, streamed in 1 MiB chunks. */
async function openRecords(bundlePath: string): Promise<{ chunks: AsyncIterable<Buffer>; size: number; close: () => Promise<void> }> {
  const source = await openBundle(bundlePath);
  try {
    const entry = source.entry('records.jsonl');
    if (entry === undefined) throw new Error(`${bundlePath}: the bundle has no records.jsonl`);
    // The CRC is checked by verification, which reads the same entry at the same time.
    const stream = await source.openEntryStream('records.jsonl', { highWaterMark: 1 << 20, verifyCrc: false });
    return { chunks: stream as AsyncIterable<Buffer>, size: entry.size, close: () => source.close() };
  } catch (error) {
    await source.close();
    throw error;
  }
}

/**
 * A new part's database with its schema, its file sized for about `expectedBytes` of index (at
 * most a little over the roll size; sized-database.ts): no growth copies while it fills.
 */
function openPart(o: IndexBuildOptions, number: number, expectedBytes: number): Part {
  let db = new o.SQL.Database();
  try {
    migrate(db);
    setMeta(db, { format: INDEX_FORMAT, case_id: o.caseId, part: number });
    const deferred = db.exec(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BULK_TABLES.map((t) => `'${t}'`).join(', ')})`,
    )[0]?.values ?? [];
    for (const [name] of deferred) db.exec(`DROP INDEX "${String(name)}"`);
    db = withCapacity(o.SQL, db, Math.min(expectedBytes * 1.1, o.limits.shardRollBytes * 1.125));
    // A shard is built in memory and written only when complete: no journal is needed.
    db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN');
    return {
      number,
      db,
      command: db.prepare('INSERT INTO commands (id, session_id, ts_us, seq, text, cwd, exit_status, source, confidence, user, host) VALUES (?,?,?,?,?,?,?,?,?,?,?)'),
      output: db.prepare('INSERT INTO output_index (id, session_id, ts_us, end_us, first_seq, records, entry, offset, length, bytes) VALUES (?,?,?,?,?,?,?,?,?,?)'),
      screen: db.prepare('INSERT INTO screen_text (id, session_id, ts_us, reason, text) VALUES (?,?,?,?,?)'),
      participant: db.prepare(
        'INSERT INTO participants (id, session_id, kind, ts_us, seq, user, uid, client_tty, client, remote, read_only, pid) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
      ),
      deferredIndexes: deferred.map((r) => String(r[1])),
      bytesSinceCheck: 0,
      commands: 0,
      outputRuns: 0,
      screens: 0,
      firstCommand: null,
      firstOutput: null,
      firstScreen: null,
      minUs: null,
      maxUs: null,
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The heavy half of closing a part, which needs no verdict: its sessions, the secondary indexes and
 * the full-text tables. Returns the database size it reached. On failure the part is closed.
 */
function buildPart(o: IndexBuildOptions, part: Part, sessions: Map<string, SessionState>): number {
  const { db } = part;
  try {
    for (const stmt of [part.command, part.output, part.screen, part.participant]) stmt.free();
    insertRows(db, 'sessions', [...sessions.values()].map((s) => sessionRow(s, o.evidenceId)));
    for (const sql of part.deferredIndexes) db.exec(sql);
    // SEARCH INDEX HOOK (search/search-index.ts): full-text tables for the rows just inserted.
    o.hooks.updateSearchIndex?.(db);
    return databaseBytes(db);
  } catch (error) {
    db.close();
    throw asCaseFull(error);
  }
}

/**
 * The other half, once the evidence row (with the verdict) is known: the row, COMMIT, the size
 * check, the export and the shard file. `aborted` rejects when the index fails meanwhile.
 */
async function writePart(o: IndexBuildOptions, part: Part, aborted: Promise<never>): Promise<StagedShard> {
  const { db } = part;
  let bytes: Uint8Array;
  let evidenceSha256: string;
  try {
    const evidence = await Promise.race([o.evidenceRow(), aborted]);
    evidenceSha256 = String(evidence.sha256);
    setMeta(db, { evidence_sha256: evidenceSha256 });
    insertRows(db, 'evidence', [evidence]);
    db.exec('COMMIT');
    const size = databaseBytes(db);
    if (size > o.limits.maxDatabaseBytes) {
      throw new CaseError(
        'CASE_FULL',
        `the index of ${o.evidenceName} needs a database of ${mib(size)} (part ${part.number}), more than the ${mib(o.limits.maxDatabaseBytes)} one sql.js database may hold safely; nothing was imported`,
      );
    }
    // Only the database's pages: openPart() may have sized its file larger.
    bytes = databaseImage(db);
  } catch (error) {
    throw asCaseFull(error);
  } finally {
    db.close();
  }
  const file = shardPath(evidenceSha256, part.number);
  const staged = path.join(o.outDir, path.basename(file));
  await writeDurable(staged, bytes, 0o444);
  const sha256 = sha256Hex(bytes);
  const last = (first: number | null, count: number): number | null => (first === null ? null : first + count - 1);
  return {
    staged,
    file,
    row: {
      evidence_id: o.evidenceId,
      part: part.number,
      file,
      sha256,
      bytes: bytes.length,
      commands: part.commands,
      output_runs: part.outputRuns,
      screen_samples: part.screens,
      first_command_id: part.firstCommand,
      last_command_id: last(part.firstCommand, part.commands),
      first_output_id: part.firstOutput,
      last_output_id: last(part.firstOutput, part.outputRuns),
      first_screen_id: part.firstScreen,
      last_screen_id: last(part.firstScreen, part.screens),
      time_start: part.minUs,
      time_end: part.maxUs,
    },
  };
}

/** sql.js reports a full WASM heap as "out of memory": past the ceiling, said in plain words. */
function asCaseFull(error: unknown): unknown {
  if (error instanceof Error && !(error instanceof CaseError) && /out of memory|Array buffer allocation failed|Invalid typed array length/i.test(error.message)) {
    return new CaseError('CASE_FULL', `the index database ran out of memory (${error.message}); nothing was imported. Lower the shard size or split the evidence.`, { cause: error });
  }
  return error;
}

function closeQuietly(part: Part): void {
  try {
    part.db.close();
  } catch {
    // already closed
  }
}

function sessionRow(s: SessionState, evidenceId: number): Row {
  return {
    id: s.id,
    evidence_id: evidenceId,
    session_key: s.key,
    user: s.user,
    host: s.host,
    tty: s.tty,
    term: s.term,
    cols: s.cols,
    rows: s.rows,
    remote: s.remote,
    recorder: s.recorder,
    format: s.format,
    start_us: s.startUs,
    end_us: s.endUs,
    exit_status: s.exitStatus,
    missing: s.missing,
    commands: s.commands,
    participants: s.participants,
    output_bytes: s.outputBytes,
  };
}

/** Bytes an out record stands for: UTF-8 length of `text`, decoded length of `b64`. */
function streamBytes(record: Record<string, unknown>): number {
  const text = record.text;
  if (typeof text === 'string') return Buffer.byteLength(text, 'utf8');
  const b64 = record.b64;
  if (typeof b64 !== 'string') return 0;
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.floor((b64.length * 3) / 4) - padding;
}

function clip(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  // Cut on a character boundary: decode the first maxBytes bytes, dropping a split character.
  return Buffer.from(text, 'utf8').subarray(0, maxBytes).toString('utf8').replace(/\uFFFD$/, '');
}

let cachedDay = '';
let cachedDayUs = 0;

/**
 * Microseconds of a canonical record timestamp (YYYY-MM-DDTHH:MM:SS.ffffffZ); null when it is not
 * one. Consecutive records share their day: the calendar part is computed once per day.
 */
export function micros(ts: string): number | null {
  if (ts.length !== 27) return null;
  const day = ts.slice(0, 10);
  if (day !== cachedDay) {
    try {
      cachedDayUs = parseTimestamp(`${day}T00:00:00.000000Z`);
    } catch {
      return null;
    }
    cachedDay = day;
  }
  let time = 0;
  for (const at of TIME_DIGITS) {
    const d = ts.charCodeAt(at) - 48;
    if (d < 0 || d > 9) return null;
    time = time * 10 + d;
  }
  if (ts.charCodeAt(10) !== 84 || ts.charCodeAt(13) !== 58 || ts.charCodeAt(16) !== 58 || ts.charCodeAt(19) !== 46 || ts.charCodeAt(26) !== 90) return null;
  // time is HHMMSSffffff as one decimal number.
  const us = time % 1_000_000;
  const seconds = Math.floor(time / 1_000_000);
  const hh = Math.floor(seconds / 10_000);
  const mm = Math.floor(seconds / 100) % 100;
  const ss = seconds % 100;
  if (hh > 23 || mm > 59 || ss > 59) return null;
  return cachedDayUs + ((hh * 60 + mm) * 60 + ss) * 1_000_000 + us;
}
const TIME_DIGITS = [11, 12, 14, 15, 17, 18, 20, 21, 22, 23, 24, 25];

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function integerOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}
