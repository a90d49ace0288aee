// Verifies one Trail bundle offline (docs/bundle-format.md §6). Reads every entry once, never
// writes, does not stop at the first problem, and returns a verdict with every finding located.
import { createHash } from 'node:crypto';
import { classifyChain, type LineLink } from '../../core/chain-classifier.js';
import { finding, type Finding } from '../../core/findings.js';
import { fromHex, toBase64 } from '../../core/hex.js';
import { consistencyProof, merkleRoot, verifyConsistency } from '../../core/merkle.js';
import type { VerifierKey } from '../../core/note-keys.js';
import type { AttachmentReference } from '../../core/record-scanner.js';
import { GENESIS_PREV } from '../../core/records.js';
import { BundleFormatError, type BundleSource } from '../bundle/bundle-source.js';
import { openBundle } from '../bundle/open-bundle.js';
import { checkEntries, readManifest, checkManifestAgainstRecords, type Manifest } from './manifest-checks.js';
import { readCheckpoint, type ReadCheckpoint } from './read-checkpoint.js';
import { scanLog, collectLinks, type ScanLogOptions } from './scan-log.js';
import { checkSignatures, readBundleKeys } from './signature-checks.js';
import { decideVerdict, type SignerReport, type Verdict } from './verdict.js';
import type { SavedCheckpoint } from './saved-checkpoint.js';

export interface VerifyOptions extends ScanLogOptions {
  /** The examiner's trusted verifier keys. */
  trusted: readonly VerifierKey[];
  /** Checkpoints saved earlier; those with the bundle's origin are checked for consistency. */
  savedCheckpoints?: readonly SavedCheckpoint[];
}

export interface BundleVerification {
  path: string;
  verdict: Verdict;
  /** Complete lines in records.jsonl. */
  records: number;
  /** Records with no finding against them. */
  recordsValid: number;
  origin: string | null;
  checkpoint: { origin: string; treeSize: number; rootHash: string } | null;
  signers: SignerReport[];
  findings: Finding[];
  timeRange: { start: string; end: string } | null;
  sessions: number;
  /** The records.jsonl SHA-256 and size, for chain-of-custody listings. */
  log: { sha256: string; bytes: number } | null;
  /** Saved checkpoints this bundle was checked against. */
  consistency: Array<{ treeSize: number; rootHash: string; consistent: boolean }>;
  /** What this verification does not establish, in plain words. */
  notCovered: string[];
  scanMode: 'sequential' | 'parallel' | null;
}

export const NOT_COVERED = [
  'that the recorded hosts told the truth: a signature proves who sealed the log, not that the recorder was honest',
  'that the recorded hosts\u2019 clocks were right: times are as the recorders wrote them',
  'that every session on those hosts was recorded: only what is in the bundle is covered',
];

const MAX_MANIFEST_BYTES = 64 << 20;
const MAX_CHECKPOINT_BYTES = 1 << 20;

export async function verifyBundle(path: string, options: VerifyOptions): Promise<BundleVerification> {
  const result: BundleVerification = {
    path,
    verdict: 'invalid',
    records: 0,
    recordsValid: 0,
    origin: null,
    checkpoint: null,
    signers: [],
    findings: [],
    timeRange: null,
    sessions: 0,
    log: null,
    consistency: [],
    notCovered: [...NOT_COVERED],
    scanMode: null,
  };
  let source: BundleSource;
  try {
    source = await openBundle(path);
  } catch (error) {
    // A path that cannot be read at all is an I/O error for the caller (exit 2), not a verdict.
    if (!(error instanceof BundleFormatError) || error.code === 'IO_ERROR') throw error;
    const code = error.code === 'TRUNCATED' ? 'TRUNCATED' : 'BUNDLE_REFUSED';
    result.findings.push(finding(code, error.entry ?? '(bundle)', error.message));
    return result;
  }
  try {
    await verifyOpened(source, options, result);
  } catch (error) {
    if (!(error instanceof BundleFormatError)) throw error;
    const code = error.code === 'TRUNCATED' ? 'TRUNCATED' : 'BUNDLE_REFUSED';
    result.findings.push(finding(code, error.entry ?? '(bundle)', error.message));
    result.verdict = 'invalid';
  } finally {
    await source.close();
  }
  return result;
}

async function verifyOpened(source: BundleSource, options: VerifyOptions, result: BundleVerification): Promise<void> {
  const findings = result.findings;

  // --- the manifest and the checkpoint (small entries, read whole) ------------------------
  let manifest: Manifest | null = null;
  if (source.entry('manifest.json') === undefined) {
    findings.push(finding('FILE_MISSING', 'manifest.json', 'the bundle has no manifest.json'));
  } else {
    const read = readManifest(await source.readEntry('manifest.json', MAX_MANIFEST_BYTES));
    manifest = read.manifest;
    findings.push(...read.findings);
  }

  let checkpoint: ReadCheckpoint | null = null;
  let checkpointBytes: Buffer | null = null;
  if (source.entry('checkpoint') === undefined) {
    findings.push(finding('FILE_MISSING', 'checkpoint', 'the bundle has no checkpoint: nothing signs its records'));
  } else {
    checkpointBytes = await source.readEntry('checkpoint', MAX_CHECKPOINT_BYTES);
    try {
      checkpoint = readCheckpoint(checkpointBytes.toString('utf8'));
      result.checkpoint = { origin: checkpoint.origin, treeSize: checkpoint.treeSize, rootHash: toBase64(checkpoint.rootHash) };
      result.origin = checkpoint.origin;
    } catch (error) {
      findings.push(finding('CHECKPOINT_MISMATCH', 'checkpoint', `the checkpoint cannot be read: ${(error as Error).message}`, { line: lineOf(error) }));
    }
  }
  const bundleKeys = await readBundleKeys(source, findings);

  // --- the log ----------------------------------------------------------------------------
  const logEntry = source.entry('records.jsonl');
  const entryHashes = new Map<string, string>();
  let attachmentRefs: readonly AttachmentReference[] = [];
  if (logEntry === undefined) {
    findings.push(finding('FILE_MISSING', 'records.jsonl', 'the bundle has no records.jsonl'));
  } else {
    const log = await scanLog(source, logEntry, options);
    result.scanMode = log.mode;
    entryHashes.set('records.jsonl', log.sha256);
    result.log = { sha256: log.sha256, bytes: logEntry.size };
    const scan = log.scan;
    attachmentRefs = scan.attachments;
    result.records = scan.lines;
    result.sessions = scan.sessions.size;
    if (scan.minTs !== null && scan.maxTs !== null) result.timeRange = { start: scan.minTs, end: scan.maxTs };

    const recordFindings: Finding[] = [];
    for (const m of scan.malformed) {
      recordFindings.push(
        finding('MALFORMED_RECORD', 'records.jsonl', `line ${m.index + 1} ${m.problems.join('; ')}`, {
          line: m.index + 1,
          offset: m.offset,
          seq: m.seq,
          expected: 'a record as in docs/bundle-format.md §3',
          found: m.problems[0] ?? null,
        }),
      );
    }
    if (scan.malformedTotal > scan.malformed.length) {
      recordFindings.push(
        finding('MALFORMED_RECORD', 'records.jsonl', `${scan.malformedTotal - scan.malformed.length} more malformed lines are not listed one by one`),
      );
    }
    if (scan.partialLine !== null) {
      recordFindings.push(
        finding('TRUNCATED', 'records.jsonl', `records.jsonl ends in the middle of a line: ${scan.partialLine.bytes} bytes after the last newline`, {
          line: scan.lines + 1,
          offset: scan.partialLine.offset,
          expected: 'a line ending in \\n',
          found: `${scan.partialLine.bytes} bytes and end of file`,
        }),
      );
    }

    const treeSize = checkpoint?.treeSize ?? null;
    const chainIntact = scan.breaks.length === 0 && scan.lines > 0 && scan.firstSeq === 1 && scan.firstPrev === GENESIS_PREV;
    let links: LineLink[] | null = null;
    if (!chainIntact && scan.lines > 0) {
      links = await collectLinks(source, logEntry);
      recordFindings.push(...classifyChain(links, treeSize ?? Number.POSITIVE_INFINITY));
      if (scan.breaks.length > 0 && !recordFindings.some((f) => f.code.startsWith('RECORD_'))) {
        // The classifier could not name it; still say exactly where the chain stops holding.
        for (const b of scan.breaks.slice(0, 100)) {
          recordFindings.push(
            finding('RECORD_MODIFIED', 'records.jsonl', `the chain does not hold at line ${b.index + 1}: its prev or seq does not follow line ${b.index}`, {
              line: b.index + 1,
              offset: b.offset,
            }),
          );
        }
      }
    }

    if (checkpoint !== null && treeSize !== null) {
      const recordsBad = recordFindings.length > 0;
      await checkTree(source, logEntry, checkpoint, scan.lines, log.root, links, recordsBad, recordFindings);
    }
    findings.push(...recordFindings);
    const badLines = new Set(recordFindings.filter((f) => f.line !== null && f.entry === 'records.jsonl').map((f) => f.line));
    result.recordsValid = Math.max(0, scan.lines - badLines.size);

    if (manifest !== null) findings.push(...checkManifestAgainstRecords(manifest, scan, checkpoint));

    // Saved checkpoints of the same origin: this bundle must extend each of them.
    const mine = (options.savedCheckpoints ?? []).filter((s) => checkpoint !== null && s.origin === checkpoint.origin);
    if (mine.length > 0 && checkpoint !== null) {
      const leaves = (links ?? (await collectLinks(source, logEntry))).map((l) => fromHex(l.leaf, 32));
      for (const saved of mine) {
        const outcome = checkConsistency(saved, checkpoint, leaves);
        result.consistency.push({ treeSize: saved.treeSize, rootHash: toBase64(saved.rootHash), consistent: outcome === null });
        if (outcome !== null) findings.push(outcome);
      }
    }
  }

  // --- other entries: listed, present, sizes and hashes -----------------------------------
  if (checkpointBytes !== null) entryHashes.set('checkpoint', sha256Hex(checkpointBytes));
  findings.push(...(await checkEntries(source, manifest, entryHashes, attachmentRefs)));

  // --- signatures -------------------------------------------------------------------------
  if (checkpoint !== null) {
    const signatures = checkSignatures(checkpoint, options.trusted, bundleKeys);
    result.signers = signatures.signers;
    findings.push(...signatures.findings);
    result.verdict = decideVerdict(findings, result.signers, checkpoint.signatures.length);
  } else {
    result.verdict = 'invalid';
  }
  findings.sort(byLocation);
}

async function checkTree(
  source: BundleSource,
  logEntry: { name: string },
  checkpoint: ReadCheckpoint,
  lines: number,
  root: Buffer,
  linksIn: LineLink[] | null,
  recordsBad: boolean,
  out: Finding[],
): Promise<void> {
  const signed = checkpoint.treeSize;
  const rootB64 = toBase64(checkpoint.rootHash);
  if (lines === signed) {
    if (!root.equals(checkpoint.rootHash)) {
      out.push(
        finding(
          'CHECKPOINT_MISMATCH',
          'checkpoint',
          recordsBad
            ? `the records do not hash to the signed root (a consequence of the record findings)`
            : `the records do not hash to the signed root although the chain links hold: the last record (line ${lines}) was changed, or records were changed and the whole chain recomputed after them`,
          { line: 3, expected: rootB64, found: toBase64(root) },
        ),
      );
    }
    return;
  }
  const links = linksIn ?? (await collectLinks(source, logEntry as never));
  const leaves = links.map((l) => fromHex(l.leaf, 32));
  if (lines < signed) {
    const seqs = links.map((l) => l.seq ?? 0);
    const highest = seqs.reduce((a, b) => Math.max(a, b), 0);
    if (highest < signed) {
      out.push(
        finding('TRUNCATED', 'records.jsonl', `the checkpoint signs ${signed} records but records.jsonl ends after ${lines} (last seq ${highest}): ${signed - lines} records are gone`, {
          line: lines,
          seq: highest,
          expected: `${signed} records`,
          found: `${lines} records`,
        }),
      );
    }
    return;
  }
  // More lines than signed: the first `signed` must still give the signed root.
  const prefixRoot = merkleRoot(leaves, signed);
  if (!prefixRoot.equals(checkpoint.rootHash)) {
    out.push(
      finding('CHECKPOINT_MISMATCH', 'checkpoint', `the first ${signed} records do not hash to the signed root`, {
        line: 3,
        expected: rootB64,
        found: toBase64(prefixRoot),
      }),
    );
  }
  if (!out.some((f) => f.code === 'RECORD_INSERTED')) {
    out.push(
      finding('RECORD_INSERTED', 'records.jsonl', `records.jsonl holds ${lines} records but the checkpoint signs only ${signed}: lines ${signed + 1}–${lines} are not covered by any signature`, {
        line: signed + 1,
        expected: `${signed} records`,
        found: `${lines} records`,
      }),
    );
  }
}

function checkConsistency(saved: SavedCheckpoint, checkpoint: ReadCheckpoint, leaves: readonly Buffer[]): Finding | null {
  const both = `saved checkpoint: size ${saved.treeSize}, root ${toBase64(saved.rootHash)}; this bundle: size ${checkpoint.treeSize}, root ${toBase64(checkpoint.rootHash)}`;
  if (checkpoint.treeSize < saved.treeSize) {
    return finding('NOT_CONSISTENT', 'checkpoint', `rollback: this bundle signs ${checkpoint.treeSize} records, fewer than the ${saved.treeSize} of a checkpoint saved earlier for ${saved.origin} (${both})`, {
      expected: `tree size ≥ ${saved.treeSize}`,
      found: `tree size ${checkpoint.treeSize}`,
    });
  }
  if (leaves.length < checkpoint.treeSize) {
    return finding('NOT_CONSISTENT', 'checkpoint', `cannot prove consistency with the saved checkpoint: the bundle lacks records (${both})`);
  }
  // RFC 6962 consistency proof computed from this bundle's own leaves, then checked like a client would.
  const proof = consistencyProof(leaves, saved.treeSize, checkpoint.treeSize);
  const newRoot = merkleRoot(leaves, checkpoint.treeSize);
  if (!verifyConsistency(saved.treeSize, checkpoint.treeSize, saved.rootHash, newRoot, proof)) {
    return finding('NOT_CONSISTENT', 'checkpoint', `fork: this bundle's first ${saved.treeSize} records differ from those of the checkpoint saved earlier for ${saved.origin} (${both})`, {
      expected: toBase64(saved.rootHash),
      found: toBase64(merkleRoot(leaves, saved.treeSize)),
    });
  }
  return null;
}

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function lineOf(error: unknown): number | null {
  const line = (error as { line?: unknown }).line;
  return typeof line === 'number' ? line : null;
}

const ENTRY_ORDER = ['(bundle)', 'manifest.json', 'records.jsonl', 'checkpoint'];
function byLocation(a: Finding, b: Finding): number {
  const ea = ENTRY_ORDER.indexOf(a.entry);
  const eb = ENTRY_ORDER.indexOf(b.entry);
  if (ea !== eb) return (ea < 0 ? 99 : ea) - (eb < 0 ? 99 : eb) || a.entry.localeCompare(b.entry);
  return (a.line ?? 0) - (b.line ?? 0);
}
