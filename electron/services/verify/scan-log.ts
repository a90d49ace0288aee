// Reads records.jsonl once and returns everything verification needs from it: the scan summary,
// the entry's SHA-256 and the Merkle root. A large stored log is split at line boundaries and
// scanned by worker threads (records carry `prev`, so each part checks its own links and the
// seams are checked on merge); the SHA-256 of the whole entry is one more task in the same queue.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LineLink } from '../../core/chain-classifier.js';
import { CompactRange } from '../../core/compact-range.js';
import { mergeScans, RecordScanner, type ScanResult } from '../../core/record-scanner.js';
import type { BundleEntryInfo, BundleSource } from '../bundle/bundle-source.js';
import { deserializeScan, type WorkerReply, type WorkerSetup, type WorkerTask } from './scan-protocol.js';
import { builtWorkerScript } from '../threads/worker-script.js';

export interface LogScan {
  scan: ScanResult;
  sha256: string;
  /** Root of the Merkle tree over every complete line. */
  root: Buffer;
  mode: 'sequential' | 'parallel';
}

export interface ScanLogOptions {
  /** Worker threads to use; 0 or 1 scans in this thread. Default: the machine's cores, at most 4. */
  workers?: number;
  /** Logs smaller than this are scanned in this thread: starting workers costs more than it saves. */
  parallelThreshold?: number;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /**
   * Run the worker threads at a lower CPU priority (threads/thread-priority.ts): verification
   * beside an import, whose index thread is the longer chain and should not wait for cores.
   */
  background?: boolean;
}

const CHUNK = 1 << 20;
const DEFAULT_PARALLEL_THRESHOLD = 48 << 20;

export async function scanLog(source: BundleSource, entry: BundleEntryInfo, options: ScanLogOptions = {}): Promise<LogScan> {
  const workers = options.workers ?? Math.min(4, availableParallelism());
  const threshold = options.parallelThreshold ?? DEFAULT_PARALLEL_THRESHOLD;
  const script = workerScript();
  if (workers >= 2 && entry.dataRange !== undefined && entry.size >= threshold && script !== null) {
    return scanParallel(entry, workers, script, options.onProgress, options.background === true);
  }
  return scanSequential(source, entry, options.onProgress);
}

async function scanSequential(
  source: BundleSource,
  entry: BundleEntryInfo,
  onProgress?: (done: number, total: number) => void,
  onLink?: (link: LineLink) => void,
): Promise<LogScan> {
  const hash = createHash('sha256');
  const range = new CompactRange();
  const scanner = new RecordScanner({ onLeaf: (leaf) => range.append(leaf), ...(onLink ? { onLink } : {}) });
  const stream = await source.openEntryStream(entry.name, { highWaterMark: CHUNK });
  let done = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    scanner.push(chunk);
    done += chunk.length;
    onProgress?.(done, entry.size);
  }
  return { scan: scanner.end(), sha256: hash.digest('hex'), root: range.root(), mode: 'sequential' };
}

/** The error path (docs/bundle-format.md §6.3): every line's chain data and leaf, in order. */
export async function collectLinks(source: BundleSource, entry: BundleEntryInfo): Promise<LineLink[]> {
  const links: LineLink[] = [];
  await scanSequential(source, entry, undefined, (link) => links.push(link));
  return links;
}

/** The compiled worker next to this module, or the build's copy when running from sources (tests). */
function workerScript(): URL | null {
  return builtWorkerScript(import.meta.url, 'scan-worker.js');
}

/** Records at least this large on average: workers return leaves, the tree is built here. */
const LARGE_RECORD_BYTES = 2048;
// A larger young generation was measured (issue 4: 48 MiB, and with --min-semi-space-size=16 a
// fifth as many scavenges): the same CPU time for the 1M-command bundle (20.2–20.5 s against
// 20.2–21.5 s at 8 MiB), so the smaller heap stays.
const WORKER_LIMITS = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 };

/**
 * Cuts [start, end) of `file` into parts that each begin at the start of a line, and estimates
 * the average line length from the first MiB.
 */
async function lineAlignedParts(file: string, start: number, end: number, parts: number): Promise<{ parts: Array<[number, number]>; averageLine: number }> {
  const handle = await open(file, 'r');
  try {
    const sample = Buffer.allocUnsafe(Math.min(1 << 20, end - start));
    const { bytesRead: sampled } = await handle.read(sample, 0, sample.length, start);
    let sampleLines = 0;
    for (let nl = sample.indexOf(10); nl !== -1 && nl < sampled; nl = sample.indexOf(10, nl + 1)) sampleLines += 1;
    const averageLine = sampled / Math.max(1, sampleLines);
    const cuts = [start];
    const step = Math.ceil((end - start) / parts);
    const window = Buffer.allocUnsafe(64 * 1024);
    for (let i = 1; i < parts; i++) {
      let position = Math.max(start + i * step, cuts[cuts.length - 1] ?? start);
      let cut = -1;
      while (position < end && cut < 0) {
        const { bytesRead } = await handle.read(window, 0, Math.min(window.length, end - position), position);
        if (bytesRead === 0) break;
        const nl = window.subarray(0, bytesRead).indexOf(10);
        if (nl >= 0) cut = position + nl + 1;
        position += bytesRead;
      }
      if (cut < 0 || cut >= end) break;
      if (cut > (cuts[cuts.length - 1] ?? start)) cuts.push(cut);
    }
    cuts.push(end);
    const result: Array<[number, number]> = [];
    for (let i = 0; i + 1 < cuts.length; i++) result.push([cuts[i] ?? start, cuts[i + 1] ?? end]);
    return { parts: result, averageLine };
  } finally {
    await handle.close();
  }
}

async function scanParallel(
  entry: BundleEntryInfo,
  workerCount: number,
  script: URL,
  onProgress?: (done: number, total: number) => void,
  background = false,
): Promise<LogScan> {
  const data = entry.dataRange;
  if (data === undefined) throw new Error('internal: parallel scan needs a stored entry');
  // Many small parts balance the load: whichever worker also hashes the whole entry takes fewer.
  const partCount = Math.max(workerCount * 4, Math.min(256, Math.ceil(entry.size / (16 << 20))));
  const { parts, averageLine } = await lineAlignedParts(data.file, data.start, data.end, partCount);

  // Many small records: the Merkle tree is as much work as the leaves, so it is built in the
  // workers. Phase 1 counts each part's lines (memchr speed) so every part knows its first leaf
  // index. Few large records: the tree is cheap, so workers hand back their leaves and this thread
  // builds it, which saves reading the log twice.
  const treeInWorkers = averageLine < LARGE_RECORD_BYTES;
  const counts: number[] = new Array<number>(parts.length).fill(-1);
  let countsLeft = parts.length;
  let countsDone: () => void = () => undefined;
  const allCounted = new Promise<void>((resolve) => (countsDone = resolve));
  const leafBegin = (id: number): number => counts.slice(0, id).reduce((a, b) => a + b, 0);

  const queue: Array<() => Promise<WorkerTask>> = [
    async () => ({ kind: 'sha256', id: -1, file: data.file, start: data.start, end: data.end }),
    ...(treeInWorkers ? parts.map(([start, end], id) => async (): Promise<WorkerTask> => ({ kind: 'count', id, file: data.file, start, end })) : []),
    ...parts.map(([start, end], id) => async (): Promise<WorkerTask> => {
      if (treeInWorkers) await allCounted;
      return { kind: 'scan', id, file: data.file, start, end, entryOffset: start - data.start, leafBegin: treeInWorkers ? leafBegin(id) : null };
    }),
  ];

  const scans: ScanResult[] = new Array<ScanResult>(parts.length);
  const ranges: CompactRange[] = new Array<CompactRange>(parts.length);
  const pendingLeaves = new Map<number, Uint8Array>();
  const tree = new CompactRange();
  let nextToAppend = 0;
  const appendReadyLeaves = (): void => {
    for (let leaves = pendingLeaves.get(nextToAppend); leaves !== undefined; leaves = pendingLeaves.get(nextToAppend)) {
      for (let p = 0; p < leaves.length; p += 32) tree.append(leaves.subarray(p, p + 32));
      pendingLeaves.delete(nextToAppend);
      nextToAppend += 1;
    }
  };
  let sha256 = '';
  let done = 0;

  // Bounded heaps keep peak memory flat whatever the log size (parts are at most ~16 MiB).
  const pool = Array.from({ length: Math.min(workerCount, queue.length) }, () => new Worker(script, { resourceLimits: WORKER_LIMITS, workerData: { background } satisfies WorkerSetup }));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = async (): Promise<void> => {
              const make = queue.shift();
              if (make === undefined) {
                resolve();
                return;
              }
              worker.postMessage(await make());
            };
            worker.on('message', (reply: WorkerReply) => {
              if (reply.kind === 'error') {
                reject(new Error(reply.message));
                return;
              }
              if (reply.kind === 'sha256') {
                sha256 = reply.sha256;
              } else if (reply.kind === 'count') {
                counts[reply.id] = reply.lines;
                if (--countsLeft === 0) countsDone();
              } else {
                const scan = deserializeScan(reply.scan);
                scans[reply.id] = scan;
                if (reply.range !== null) ranges[reply.id] = CompactRange.fromState(reply.range);
                if (reply.leaves !== null) {
                  pendingLeaves.set(reply.id, reply.leaves);
                  appendReadyLeaves();
                }
                done += scan.bytes + (scan.partialLine?.bytes ?? 0);
                onProgress?.(done, entry.size);
              }
              next().catch(reject);
            });
            worker.on('error', reject);
            next().catch(reject);
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  if (treeInWorkers) for (const part of ranges) tree.appendRange(part);
  else appendReadyLeaves();
  return { scan: mergeScans(scans), sha256, root: tree.root(), mode: 'parallel' };
}
