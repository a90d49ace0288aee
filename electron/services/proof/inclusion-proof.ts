// RFC 6962 inclusion proofs of single records (`trailview prove`, `verify-proof`): they let a
// third party check that one record belongs to the signed log without holding the bundle.
import { createHash } from 'node:crypto';
import { fromBase64, fromHex, toBase64 } from '../../core/hex.js';
import { inclusionProof, merkleRoot, verifyInclusion } from '../../core/merkle.js';
import { formatKeyId, type VerifierKey } from '../../core/note-keys.js';
import { verifyNoteSignature } from '../../core/signed-note.js';
import { openBundle } from '../bundle/open-bundle.js';
import { readCheckpoint } from '../verify/read-checkpoint.js';
import { collectLinks } from '../verify/scan-log.js';

/** The `trailview prove --json` shape: a public contract (fields may be added, never renamed). */
export interface InclusionProofDoc {
  origin: string;
  treeSize: number;
  leafIndex: number;
  /** base64 of SHA-256(0x00 ‖ record line). */
  leafHash: string;
  proof: string[];
  /** The checkpoint note exactly as signed in the bundle. */
  checkpoint: string;
  seq: number;
  /** The record line itself, so the leaf hash can be recomputed from the evidence. */
  record: string;
}

export class ProofError extends Error {}

export async function proveRecord(bundlePath: string, seq: number): Promise<InclusionProofDoc> {
  const source = await openBundle(bundlePath);
  try {
    const logEntry = source.entry('records.jsonl');
    if (logEntry === undefined || source.entry('checkpoint') === undefined) {
      throw new ProofError(`${bundlePath}: a bundle needs records.jsonl and checkpoint to prove anything`);
    }
    const raw = (await source.readEntry('checkpoint', 1 << 20)).toString('utf8');
    const checkpoint = readCheckpoint(raw);
    if (!Number.isSafeInteger(seq) || seq < 1 || seq > checkpoint.treeSize) {
      throw new ProofError(`${bundlePath}: seq ${seq} is outside the signed log (1–${checkpoint.treeSize})`);
    }
    const links = await collectLinks(source, logEntry);
    const leaves = links.map((l) => fromHex(l.leaf, 32));
    const root = merkleRoot(leaves.slice(0, checkpoint.treeSize));
    if (leaves.length < checkpoint.treeSize || !root.equals(checkpoint.rootHash)) {
      throw new ProofError(`${bundlePath}: the records do not match the signed checkpoint; run \`trailview verify\` to see why`);
    }
    const link = links[seq - 1];
    if (link === undefined || link.seq !== seq) throw new ProofError(`${bundlePath}: line ${seq} does not hold record seq ${seq}`);
    const record = await readLine(source, logEntry.name, link.offset);
    return {
      origin: checkpoint.origin,
      treeSize: checkpoint.treeSize,
      leafIndex: seq - 1,
      leafHash: toBase64(fromHex(link.leaf, 32)),
      proof: inclusionProof(leaves, seq - 1, checkpoint.treeSize).map(toBase64),
      checkpoint: raw,
      seq,
      record,
    };
  } finally {
    await source.close();
  }
}

async function readLine(source: Awaited<ReturnType<typeof openBundle>>, entry: string, offset: number): Promise<string> {
  const stream = await source.openEntryStream(entry, { start: offset });
  const parts: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const nl = chunk.indexOf(10);
    if (nl >= 0) {
      parts.push(chunk.subarray(0, nl));
      break;
    }
    parts.push(chunk);
  }
  (stream as { destroy?: () => void }).destroy?.();
  return Buffer.concat(parts).toString('utf8');
}

export interface ProofCheck {
  ok: boolean;
  /** Each check with its outcome, in the order a reader would do them by hand. */
  steps: Array<{ check: string; ok: boolean; detail: string }>;
}

export function checkInclusionProof(doc: InclusionProofDoc, verifiers: readonly VerifierKey[]): ProofCheck {
  const steps: ProofCheck['steps'] = [];
  let checkpoint;
  try {
    checkpoint = readCheckpoint(doc.checkpoint);
    steps.push({ check: 'checkpoint readable', ok: true, detail: `${checkpoint.origin}, size ${checkpoint.treeSize}` });
  } catch (error) {
    steps.push({ check: 'checkpoint readable', ok: false, detail: (error as Error).message });
    return { ok: false, steps };
  }
  const sameBody = checkpoint.origin === doc.origin && checkpoint.treeSize === doc.treeSize;
  steps.push({ check: 'proof matches checkpoint', ok: sameBody, detail: sameBody ? 'origin and tree size agree' : 'origin or tree size differ from the checkpoint' });

  const signed = checkpoint.signatures.filter((sig) => verifiers.some((v) => v.name === sig.name && v.keyId === sig.keyId && verifyNoteSignature({ text: checkpoint.text }, sig, v)));
  steps.push({
    check: 'checkpoint signature',
    ok: signed.length > 0,
    detail: signed.length > 0 ? `valid signature by ${signed.map((s) => `${s.name}+${formatKeyId(s.keyId)}`).join(', ')}` : 'no valid signature by the given key',
  });

  let leaf: Buffer;
  try {
    leaf = fromBase64(doc.leafHash, 32);
  } catch (error) {
    steps.push({ check: 'leaf hash', ok: false, detail: (error as Error).message });
    return { ok: false, steps };
  }
  if (typeof doc.record === 'string') {
    const recomputed = createHash('sha256').update(Buffer.from([0])).update(doc.record, 'utf8').digest();
    const same = recomputed.equals(leaf);
    steps.push({ check: 'record hashes to leaf', ok: same, detail: same ? 'SHA-256(0x00 ‖ record) equals leafHash' : 'the record text does not hash to leafHash' });
  }
  let proof: Buffer[];
  try {
    proof = doc.proof.map((p) => fromBase64(p, 32));
  } catch (error) {
    steps.push({ check: 'inclusion proof', ok: false, detail: `proof hashes: ${(error as Error).message}` });
    return { ok: false, steps };
  }
  const included = verifyInclusion(leaf, doc.leafIndex, checkpoint.treeSize, proof, checkpoint.rootHash);
  steps.push({
    check: 'inclusion proof',
    ok: included,
    detail: included ? `leaf ${doc.leafIndex} is in the tree of size ${checkpoint.treeSize}` : 'the proof does not lead to the signed root',
  });
  return { ok: steps.every((s) => s.ok), steps };
}
