// Seals events into a Trail bundle (docs/bundle-format.md): assigns prev/seq, writes records.jsonl,
// the RFC 6962 root in a signed checkpoint, the manifest, and the ZIP, atomically.
import { randomUUID, createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { formatCheckpointBody, signCheckpoint } from '../../core/checkpoint.js';
import { CompactRange } from '../../core/compact-range.js';
import { LineSplitter } from '../../core/line-splitter.js';
import { toBase64, toHex } from '../../core/hex.js';
import type { SignerKey } from '../../core/note-keys.js';
import { encodeRecord } from '../../core/record-encoding.js';
import { RecordScanner, type ScanResult } from '../../core/record-scanner.js';
import { eventProblems } from '../../core/record-schema.js';
import { GENESIS_PREV, type TrailEvent } from '../../core/records.js';
import { formatTimestamp } from '../../core/timestamp.js';
import { openBundle } from '../bundle/open-bundle.js';
import { writeZipBundle } from '../bundle/zip-writer.js';
import { PRODUCT_NAME, PRODUCT_VERSION } from '../product.js';
import type { Manifest, ManifestEntry } from '../verify/manifest-checks.js';

/** An event plus where it came from, so a bad one can be named precisely. */
export interface SourcedEvent {
  event: TrailEvent;
  /** e.g. `events.jsonl:12` or `session.cast (asciicast-v2)`. */
  from: string;
}

export interface AttachmentInput {
  /** Path of the original file, copied byte-exact. */
  file: string;
  sha256: string;
  size: number;
}

export interface SealOptions {
  out: string;
  origin: string;
  signers: readonly SignerKey[];
  events: AsyncIterable<SourcedEvent> | Iterable<SourcedEvent>;
  /** Attachments already referenced by `attachment` events among `events`. */
  attachments?: readonly AttachmentInput[];
  /** A bundle of the same origin whose records this one starts with. */
  continueFrom?: string;
  /** Fixed for reproducible output; defaults to now. */
  createdAt?: string;
  bundleId?: string;
  onProgress?: (records: number) => void;
}

export interface SealResult {
  out: string;
  records: number;
  sessions: number;
  rootHash: string;
  treeSize: number;
  bundleId: string;
  bytes: number;
}

export class SealError extends Error {}

export async function sealBundle(options: SealOptions): Promise<SealResult> {
  // Checked first so no work is wasted; the writer also refuses atomically (link, not rename).
  if (await exists(options.out)) throw new SealError(`${options.out} already exists; not overwriting evidence (choose another --out)`);
  const createdAt = options.createdAt ?? formatTimestamp(Date.now() * 1000);
  const bundleId = options.bundleId ?? randomUUID();
  const work = await mkdtemp(path.join(path.dirname(path.resolve(options.out)), '.trail-seal-'));
  try {
    const recordsFile = path.join(work, 'records.jsonl');
    const output = createWriteStream(recordsFile, { highWaterMark: 1 << 20 });
    const fileHash = createHash('sha256');
    const range = new CompactRange();
    let lastLeaf: Buffer | null = null;
    // The scanner hashes each line as stored and re-validates it, so a sealing bug can never write
    // a record that verification would reject.
    const scanner = new RecordScanner({
      onLeaf: (leaf) => {
        range.append(leaf);
        lastLeaf = leaf;
      },
    });
    let prev = GENESIS_PREV;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;

    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const chunk = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      fileHash.update(chunk);
      if (!output.write(chunk)) await once(output, 'drain');
    };
    const appendLine = async (line: Buffer, from: string): Promise<void> => {
      scanner.push(line);
      if (lastLeaf === null || scanner.malformedSoFar() > 0) {
        throw new SealError(`${from}: internal error: the sealed record does not read back as a valid record`);
      }
      prev = toHex(lastLeaf);
      lastLeaf = null;
      pending.push(line);
      pendingBytes += line.length;
      seq += 1;
      if (pendingBytes >= 1 << 20) await flush();
      if (seq % 10_000 === 0) options.onProgress?.(seq);
    };

    if (options.continueFrom !== undefined) {
      for await (const line of readPreviousRecords(options.continueFrom, options.origin)) {
        await appendLine(line, `${options.continueFrom}: record ${seq + 1}`);
      }
    }
    const start: TrailEvent = {
      ts: createdAt,
      type: 'bundle.start',
      session: '',
      bundleId,
      origin: options.origin,
      producer: { name: PRODUCT_NAME, version: PRODUCT_VERSION },
      createdAt,
    };
    for (const sourced of prepend({ event: start, from: 'bundle.start' }, options.events)) {
      for await (const { event, from } of sourced) {
        const problems = eventProblems(event);
        if (problems.length > 0) throw new SealError(`${from}: not a valid event: ${problems.join('; ')}`);
        if ('prev' in event || 'seq' in event) throw new SealError(`${from}: events must not carry "prev" or "seq"; seal assigns them`);
        await appendLine(Buffer.from(`${encodeRecord(prev, seq + 1, event)}\n`, 'utf8'), from);
      }
    }
    await flush();
    output.end();
    await once(output, 'close');
    const scan = scanner.end();
    const recordsSha = fileHash.digest('hex');
    const recordsSize = (await stat(recordsFile)).size;

    const rootHash = range.root();
    const body = formatCheckpointBody({ origin: options.origin, treeSize: seq, rootHash });
    const checkpoint = options.signers.length > 0 ? signCheckpoint(body, options.signers) : body;
    const checkpointBytes = Buffer.from(checkpoint, 'utf8');

    const entries: ManifestEntry[] = [{ name: 'records.jsonl', size: recordsSize, sha256: recordsSha }];
    entries.push({ name: 'checkpoint', size: checkpointBytes.length, sha256: sha256Hex(checkpointBytes) });
    const keyEntries = options.signers.map((s) => {
      const data = Buffer.from(`${s.verifierKey}\n`, 'utf8');
      return { name: `keys/${s.name}.vkey`, data };
    });
    for (const k of keyEntries) entries.push({ name: k.name, size: k.data.length, sha256: sha256Hex(k.data) });
    const attachments = dedupe(options.attachments ?? []);
    for (const a of attachments) entries.push({ name: `attachments/${a.sha256}`, size: a.size, sha256: a.sha256 });

    const manifest: Manifest = {
      format: 'trail',
      version: 1,
      bundleId,
      origin: options.origin,
      producer: { name: PRODUCT_NAME, version: PRODUCT_VERSION },
      createdAt,
      records: seq,
      timeRange: scan.minTs !== null && scan.maxTs !== null ? { start: scan.minTs, end: scan.maxTs } : null,
      sessions: sessionSummary(scan),
      entries,
    };
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    const mtime = new Date(Math.floor(Date.parse(createdAt) / 1000) * 1000);
    await writeZipBundle(
      options.out,
      [
        { name: 'manifest.json', data: manifestBytes, compress: true },
        { name: 'records.jsonl', data: recordsFile, compress: false },
        { name: 'checkpoint', data: checkpointBytes, compress: false },
        ...keyEntries.map((k) => ({ name: k.name, data: k.data, compress: false })),
        ...attachments.map((a) => ({ name: `attachments/${a.sha256}`, data: a.file, compress: false })),
      ],
      { mtime },
    );
    return {
      out: options.out,
      records: seq,
      sessions: scan.sessions.size,
      rootHash: toBase64(rootHash),
      treeSize: seq,
      bundleId,
      bytes: (await stat(options.out)).size,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function* prepend<T>(first: T, rest: AsyncIterable<T> | Iterable<T>): Generator<AsyncIterable<T> | Iterable<T>> {
  yield [first];
  yield rest;
}

function dedupe(list: readonly AttachmentInput[]): AttachmentInput[] {
  const seen = new Map<string, AttachmentInput>();
  for (const a of list) if (!seen.has(a.sha256)) seen.set(a.sha256, a);
  return [...seen.values()];
}

function sessionSummary(scan: ScanResult): Manifest['sessions'] {
  return [...scan.sessions.values()].map((t) => ({
    id: t.id,
    user: t.user,
    host: t.host,
    tty: t.tty,
    start: t.start,
    end: t.end,
    records: t.records,
  }));
}

const LINE_END = Buffer.of(0x0a);

/** The records of the bundle being continued, as stored lines with their newline (never re-encoded). */
async function* readPreviousRecords(file: string, origin: string): AsyncGenerator<Buffer> {
  const source = await openBundle(file);
  try {
    const checkpointEntry = source.entry('checkpoint');
    if (checkpointEntry !== undefined) {
      const first = (await source.readEntry('checkpoint', 1 << 20)).toString('utf8').split('\n')[0];
      if (first !== origin) {
        throw new SealError(`${file}: cannot continue a log of origin ${JSON.stringify(first)} as ${JSON.stringify(origin)}: the origin must stay the same`);
      }
    }
    const stream = await source.openEntryStream('records.jsonl', { highWaterMark: 1 << 20 });
    const lines = new LineSplitter();
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      // Kept by the caller: a copy, with its newline.
      for (const { bytes } of lines.push(chunk)) yield Buffer.concat([bytes, LINE_END]);
    }
    if (lines.end() !== null) throw new SealError(`${file}: records.jsonl ends in the middle of a line; verify it before continuing it`);
  } finally {
    await source.close();
  }
}
