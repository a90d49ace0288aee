// The heavy part of importing one item, run in a worker thread (import-worker.ts): copy it
// byte-exact into the staging folder while hashing, stop at a duplicate, verify a bundle (or derive
// an unsigned bundle from a raw recording), then index it into shard files. Everything it writes
// stays in its staging folder: the caller's thread moves it into the case on commit, or deletes it.
import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseVerifierKey } from '../../../core/note-keys.js';
import type { TrailEvent } from '../../../core/records.js';
import { parseIsoToMicros } from '../../../core/timestamp.js';
import { isTrailBundle } from '../../bundle/read-records.js';
import { recordingsForSeal } from '../../seal/recording-input.js';
import { sealBundle, type SourcedEvent } from '../../seal/seal-bundle.js';
import { CaseError } from '../case-error.js';
import { parseSavedCheckpoint } from '../../verify/saved-checkpoint.js';
import { verifyBundle, type BundleVerification } from '../../verify/verify-bundle.js';
import { derivedBundlePath, evidencePath } from '../case-layout.js';
import { loadSqlJs } from '../db/sqljs.js';
import { CopyCancelled, copyFileHashed, copyTreeHashed, fingerprint, hashFile, hashItem, treeBytes, whenDurable, type CopiedFile } from '../evidence-files.js';
import { copyFileInThread, copyThreadAvailable } from './copy-thread.js';
import { followCopy, storedRecordsRange, WrittenBytes } from './follow-copy.js';
import { verifyInThread, verifyThreadAvailable } from './verify-thread.js';
import { buildIndex, ImportCancelled, type IndexBuildResult } from './index-builder.js';
import { loadIndexHooks, type IndexHooks } from './index-hooks.js';
import type { EvidenceVerdict, ImportNote, ItemResult, ItemTask, Row, WorkerProgress } from './import-types.js';

export interface ItemContext {
  progress: (p: WorkerProgress) => void;
  cancelled: () => boolean;
}

/** Thrown for an item that cannot be imported; the message is for the user. */
export class ItemFailed extends Error {}

export async function runImportItem(task: ItemTask, ctx: ItemContext): Promise<ItemResult> {
  try {
    return await importItem(task, ctx);
  } catch (error) {
    if (error instanceof CopyCancelled || error instanceof ImportCancelled) throw new ImportCancelled();
    if (error instanceof CaseError) throw error;
    // Messages name the staged copy; the user knows the file by the path they gave.
    const message = error instanceof Error ? error.message : String(error);
    throw new ItemFailed(message.split(path.join(task.stagingDir, 'copy', path.basename(task.path))).join(task.path), { cause: error });
  }
}

async function importItem(task: ItemTask, ctx: ItemContext): Promise<ItemResult> {
  const source = path.resolve(task.path);
  const info = await stat(source).catch((error: unknown) => {
    throw new ItemFailed(`cannot be read (${error instanceof Error ? error.message : String(error)})`);
  });
  if (!info.isFile() && !info.isDirectory()) throw new ItemFailed('is neither a file nor a folder');
  const kind: 'bundle' | 'recording' = (await isTrailBundle(source)) ? 'bundle' : 'recording';
  const size = info.isDirectory() ? await treeBytes(source) : info.size;
  const known = new Set(task.known.map((k) => k.sha256));

  // A duplicate needs no copy: when something of the same size is in the case, hash first.
  if (task.known.some((k) => k.size === size)) {
    const hashed = await hashItem(source, { cancelled: ctx.cancelled, onBytes: (n) => ctx.progress({ phase: 'copy', bytesDone: n, bytesTotal: size, records: 0, sessions: 0 }) });
    if (known.has(hashed.sha256)) return duplicate(task, hashed.sha256, hashed.size, kind);
  }

  // --- copy (byte-exact, hashed while written, read-only) ------------------------------------
  // A ZIP bundle whose records.jsonl is stored: the index reads it from the staged copy right
  // behind the copy (follow-copy.ts), so copying and indexing overlap. Otherwise the index starts
  // once the copy (and, for a recording, the derived bundle) is complete.
  const copyDir = path.join(task.stagingDir, 'copy');
  await mkdir(copyDir, { recursive: true });
  const staged = path.join(copyDir, path.basename(source));
  const range = kind === 'bundle' && info.isFile() && copyThreadAvailable() ? await storedRecordsRange(source) : null;
  const written = range === null ? null : new WrittenBytes();
  const ids = { ...task.ids };
  const evidenceId = ids.evidence++;
  const evidence = deferred<Row>();
  let copying = true;
  /** The index's latest progress while the copy's was shown: reported once the copy is done, so a
   * small item parsed entirely during its copy still reports its parse. */
  let parseDuringCopy: Parameters<typeof ctx.progress>[0] | null = null;
  let parsing = false;
  let stopIndex = false;
  let indexFailure: unknown = null;
  let indexing: Promise<IndexBuildResult> | null = null;
  const startIndex = (bundlePath: string, records?: { chunks: AsyncIterable<Buffer>; size: number }): void => {
    const run = async (): Promise<IndexBuildResult> =>
      buildIndex({
        SQL: await loadSqlJs(),
        bundlePath,
        ...(records !== undefined ? { records } : {}),
        evidenceId,
        evidenceName: path.basename(source),
        evidenceRow: () => evidence.promise,
        caseId: task.caseId,
        outDir: path.join(task.stagingDir, 'index'),
        ids,
        limits: task.limits,
        hooks: withoutSampler(await loadIndexHooks(), !task.screenText),
        cancelled: () => stopIndex || ctx.cancelled(),
        progress: (p) => {
          if (copying) {
            parseDuringCopy = p; // the copy's progress is shown until it is complete
            return;
          }
          parsing = true;
          ctx.progress(p);
        },
      });
    indexing = run();
    indexing.catch((error: unknown) => {
      indexFailure = error;
    });
  };
  /** Stops the index (when it runs) and waits until it has let go of its files. */
  const stopIndexing = async (why: unknown): Promise<void> => {
    stopIndex = true;
    written?.fail(why instanceof Error ? why : new Error(String(why)));
    evidence.reject(why);
    if (indexing !== null) await (indexing as Promise<IndexBuildResult>).catch(() => undefined);
  };
  try {
    return await copyVerifyIndex();
  } catch (error) {
    await stopIndexing(error);
    throw error;
  }

  async function copyVerifyIndex(): Promise<ItemResult> {
    if (range !== null && written !== null) {
      startIndex(staged, { chunks: followCopy(staged, range.start, range.end, written), size: range.end - range.start });
    }
    const hooks = {
      // A failed index stops the copy too.
      cancelled: () => ctx.cancelled() || indexFailure !== null,
      onBytes: (n: number) => ctx.progress({ phase: 'copy', bytesDone: n, bytesTotal: size, records: 0, sessions: 0 }),
      ...(written !== null ? { onWritten: (n: number) => written.update(n) } : {}),
    };
    let copied: CopiedFile;
    try {
      copied = info.isDirectory()
        ? await copyTreeHashed(source, staged, hooks)
        : range !== null
          ? await copyFileInThread(source, staged, hooks) // the index follows on this thread
          : await copyFileHashed(source, staged, hooks);
    } catch (error) {
      if (indexFailure !== null && !ctx.cancelled()) throw indexFailure;
      throw error;
    }
    copying = false;
    if (parseDuringCopy !== null) {
      parsing = true;
      ctx.progress(parseDuringCopy);
      parseDuringCopy = null;
    }
    written?.finish();
    if (known.has(copied.sha256)) {
      await stopIndexing(new ImportCancelled());
      await copied.durable;
      await rm(copyDir, { recursive: true, force: true });
      return duplicate(task, copied.sha256, copied.size, kind);
    }
    if (range !== null) {
      // The index read the copy where the source's ZIP directory placed records.jsonl: the copy's
      // own directory must place it there too (a source rewritten while being read does not).
      const now = await storedRecordsRange(staged);
      if (now === null || now.start !== range.start || now.end !== range.end) {
        throw new ItemFailed('changed while it was being copied (records.jsonl is no longer where it was): nothing was imported; import it again');
      }
    }
    const sha256 = copied.sha256;
    const problems: ImportNote[] = [];
    const importedAtUs = parseIsoToMicros(task.importedAt);
    const durable: Array<Promise<Error | null>> = [copied.durable];

    // --- a raw recording is sealed first into the unsigned bundle the index points into ---------
    let indexSource = staged;
    let derived: { staged: string; sha256: string } | null = null;
    let format = info.isDirectory() ? 'trail-directory' : 'trail-zip';
    if (kind === 'recording') {
      const result = await deriveBundle(task, staged, sha256, ctx);
      derived = { staged: result.out, sha256: result.sha256 };
      indexSource = result.out;
      format = result.formats.join(',') || 'recording';
      problems.push(...result.problems);
    }

    // --- verify and index at the same time: verification runs on its own worker threads, and the
    //     index needs its verdict only when it writes the evidence row into a shard ---------------
    const verification = verifyItem(task, kind, indexSource, size, (done, total) => {
      if (!parsing) ctx.progress({ phase: 'verify', bytesDone: done, bytesTotal: total, records: 0, sessions: 0 });
    });
    verification.catch(() => undefined); // awaited below; never left unhandled when indexing fails first
    const evidenceRow = (async (): Promise<Row> => {
      const v = await verification;
      if (kind === 'recording' && v.verdict !== 'unsigned') {
        throw new ItemFailed(`the bundle derived from the recording does not verify (${v.findings[0]?.message ?? v.verdict})`);
      }
      const fingerprints: Record<string, string> = { evidence: await fingerprint(staged) };
      if (derived !== null) fingerprints.derived = await fingerprint(derived.staged);
      return {
        id: evidenceId,
        sha256,
        kind,
        file_name: path.basename(source),
        stored_as: evidencePath(sha256),
        size: copied.size,
        format,
        imported_at: importedAtUs,
        imported_by: task.importedBy,
        verdict: kind === 'bundle' ? v.verdict : 'raw',
        origin: v.origin,
        signers: JSON.stringify(v.signers),
        checkpoint: v.checkpoint === null ? null : JSON.stringify(v.checkpoint),
        findings: JSON.stringify(v.findings),
        records: v.records,
        time_start: v.timeRange === null ? null : parseIsoToMicros(v.timeRange.start),
        time_end: v.timeRange === null ? null : parseIsoToMicros(v.timeRange.end),
        index_source: derived === null ? null : derivedBundlePath(sha256),
        imported_from: source,
        fingerprint: JSON.stringify(fingerprints),
        index_source_sha256: derived?.sha256 ?? null,
        sessions: 0,
        commands: 0,
        output_bytes: 0,
        problems: '[]',
      };
    })();
    evidenceRow.catch(() => undefined);
    evidence.resolve(evidenceRow);
    if (indexing === null) startIndex(indexSource);
    let index: IndexBuildResult;
    try {
      index = await (indexing as unknown as Promise<IndexBuildResult>);
    } catch (error) {
      await verification.catch(() => undefined);
      throw error;
    }
    const v = await verification;
    const row = await evidenceRow;
    if (kind === 'bundle' && v.findings.length > 0) {
      problems.push({
        severity: v.verdict === 'invalid' ? 'error' : 'warning',
        message: `verification: ${v.verdict}, ${v.findings.length} finding(s), first: ${v.findings[0]?.code ?? ''} ${v.findings[0]?.message ?? ''}`,
      });
    }
    problems.push(...index.problems);
    row.sessions = index.sessions.length;
    row.commands = index.commands;
    row.output_bytes = index.outputBytes;
    row.time_start ??= index.timeStart;
    row.time_end ??= index.timeEnd;
    row.problems = JSON.stringify(problems);
    await whenDurable(durable);
    const verdict: EvidenceVerdict = kind === 'bundle' ? v.verdict : 'raw';
    return {
      status: 'imported',
      sha256,
      size: copied.size,
      kind,
      verdict,
      stagedItem: staged,
      stagedDerived: derived?.staged ?? null,
      evidence: row,
      sessions: index.sessions,
      participants: index.participants,
      shards: index.shards,
      records: v.records,
      commands: index.commands,
      outputBytes: index.outputBytes,
      findings: v.findings.length,
      signers: v.signers.map((s) => `${s.name}+${s.keyId}`),
      problems,
      nextIds: ids,
    };
  }
}

/** Items at least this large are verified on their own thread (verify-thread.ts); below, starting it costs more than it saves. */
const VERIFY_THREAD_MIN_BYTES = 32 << 20;

function verifyItem(task: ItemTask, kind: 'bundle' | 'recording', bundle: string, size: number, onProgress: (done: number, total: number) => void): Promise<BundleVerification> {
  const request = kind === 'recording' ? { bundle, trusted: [], savedCheckpoints: [] } : { bundle, trusted: task.trusted, savedCheckpoints: task.savedCheckpoints };
  if (size >= VERIFY_THREAD_MIN_BYTES && verifyThreadAvailable()) return verifyInThread(request, onProgress);
  return verifyBundle(bundle, {
    // In the background: the index thread beside it is the longer chain (threads/thread-priority.ts).
    background: true,
    trusted: request.trusted.map((text) => parseVerifierKey(text)),
    savedCheckpoints: request.savedCheckpoints.map((c) => parseSavedCheckpoint(c.raw, c.from)),
    onProgress,
  });
}

function duplicate(task: ItemTask, sha256: string, size: number, kind: 'bundle' | 'recording'): ItemResult {
  return {
    status: 'duplicate',
    sha256,
    size,
    kind,
    verdict: kind === 'bundle' ? 'invalid' : 'raw',
    stagedItem: null,
    stagedDerived: null,
    evidence: null,
    sessions: [],
    participants: [],
    shards: [],
    records: 0,
    commands: 0,
    outputBytes: 0,
    findings: 0,
    signers: [],
    problems: [{ severity: 'note', message: `already in the case (same SHA-256 ${sha256.slice(0, 16)}…): not imported again` }],
    nextIds: task.ids,
  };
}

/**
 * A raw recording is kept as it is and marked unsealed: the unsigned Trail bundle derived from it
 * (its originals attached byte-exact, docs/bundle-format.md §3.3) is what the index points into.
 */
async function deriveBundle(
  task: ItemTask,
  staged: string,
  sha256: string,
  ctx: ItemContext,
): Promise<{ out: string; sha256: string; formats: string[]; problems: ImportNote[] }> {
  const input = recordingsForSeal([staged]);
  const formats = new Set<string>();
  let events = 0;
  async function* observed(): AsyncGenerator<SourcedEvent> {
    for await (const sourced of input.events) {
      if (ctx.cancelled()) throw new ImportCancelled();
      const event: TrailEvent = sourced.event;
      if (event.type === 'attachment' && typeof event.format === 'string') formats.add(event.format);
      events += 1;
      if (events % 10_000 === 0) ctx.progress({ phase: 'parse', bytesDone: 0, bytesTotal: 0, records: events, sessions: 0 });
      yield sourced;
    }
  }
  const out = path.join(task.stagingDir, 'derived.trail');
  try {
    await sealBundle({
      out,
      origin: `trailview-case/${task.caseId}/${sha256.slice(0, 16)}`,
      signers: [],
      events: observed(),
      attachments: input.attachments,
      createdAt: task.importedAt,
      bundleId: `raw-${sha256}`,
    });
  } catch (error) {
    if (error instanceof ImportCancelled) throw error;
    throw new ItemFailed(`not a Trail bundle, and not a recording Trailview can read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const problems: ImportNote[] = input.problems.map((p) => ({
    severity: p.severity === 'error' ? 'error' : 'warning',
    message: `${path.basename(p.file)}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`,
  }));
  await chmod(out, 0o444);
  return { out, sha256: (await hashFile(out)).sha256, formats: [...formats].sort(), problems };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T | Promise<T>) => void;
  reject: (reason: unknown) => void;
}

/** A promise settled from outside (the evidence row: asked for by the index before it can be made). */
function deferred<T>(): Deferred<T> {
  let resolve: (value: T | Promise<T>) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // settled on every path; awaited only by the index
  return { promise, resolve, reject };
}

function withoutSampler(hooks: IndexHooks, off: boolean): IndexHooks {
  return off ? { ...hooks, createSampler: null } : hooks;
}
