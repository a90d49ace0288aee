// `trailview verify-report FILE.pdf --trust KEYS` (docs/report.md): takes findings.json out of a
// report and checks, offline, every inclusion proof in it — record line → leaf hash, leaf →
// signed root along the audit path, checkpoint signature by a trusted key — and that the proofs
// agree with the evidence list and the findings that cite them. Nothing but the PDF and the keys.
import type { VerifierKey } from '../../core/note-keys.js';
import { checkInclusionProof, type InclusionProofDoc, type ProofCheck } from '../proof/inclusion-proof.js';
import { FINDINGS_JSON_FORMAT, FINDINGS_JSON_NAME, type EmbeddedProof, type ReportAttachment } from './findings-json.js';
import { extractAttachment, PdfAttachmentError } from './pdf-attachment.js';

export interface ProofOutcome {
  index: number;
  seq: number;
  origin: string;
  evidence: string;
  ok: boolean;
  steps: ProofCheck['steps'];
}

export interface ReportVerification {
  ok: boolean;
  findings: number;
  proofs: ProofOutcome[];
  /** Problems beyond single proofs (attachment altered, unproven citations, mismatched checkpoints). */
  problems: string[];
  caseName: string;
  tool: string;
}

export class ReportFormatError extends Error {}

export function verifyReportPdf(pdf: Buffer, trusted: readonly VerifierKey[]): ReportVerification {
  let attachment;
  try {
    attachment = extractAttachment(pdf, FINDINGS_JSON_NAME);
  } catch (error) {
    if (error instanceof PdfAttachmentError) throw new ReportFormatError(error.message);
    throw error;
  }
  const problems: string[] = [];
  if (attachment.checksumMatches === false) problems.push(`${FINDINGS_JSON_NAME} does not match the MD5 checksum stored with it in the PDF: it was altered after the report was written`);
  let doc: ReportAttachment;
  try {
    doc = JSON.parse(attachment.data.toString('utf8')) as ReportAttachment;
  } catch (error) {
    throw new ReportFormatError(`${FINDINGS_JSON_NAME} is not JSON: ${(error as Error).message}`);
  }
  if (doc === null || typeof doc !== 'object' || doc.format !== FINDINGS_JSON_FORMAT || !Array.isArray(doc.proofs) || !Array.isArray(doc.findings) || !Array.isArray(doc.evidence)) {
    throw new ReportFormatError(`${FINDINGS_JSON_NAME} is not a Trailview report attachment (format ${JSON.stringify((doc as { format?: unknown } | null)?.format)})`);
  }
  const evidence = new Map(doc.evidence.map((e) => [e.sha256, e]));
  const proofs = doc.proofs.map((p, index): ProofOutcome => {
    const e = evidence.get(p.evidenceSha256);
    const result = checkInclusionProof(p as InclusionProofDoc, trusted);
    const steps = [...result.steps];
    if (e === undefined) steps.push({ check: 'evidence listed', ok: false, detail: `evidence ${String(p.evidenceSha256).slice(0, 16)}… is not in the evidence list` });
    else if (e.checkpoint?.note !== undefined && e.checkpoint?.note !== null) {
      const same = e.checkpoint.note === p.checkpoint;
      steps.push({ check: 'checkpoint of the evidence', ok: same, detail: same ? `the checkpoint of ${e.fileName}` : `the proof's checkpoint differs from the one listed for ${e.fileName}` });
    }
    steps.push(recordSeqStep(p));
    return { index, seq: p.seq, origin: p.origin, evidence: e?.fileName ?? p.evidenceSha256, ok: steps.every((s) => s.ok), steps };
  });
  for (const e of doc.evidence) {
    // A checkpoint note without signature lines: Trailview's own seal of a raw recording.
    if (e.checkpoint?.note != null && !e.checkpoint.note.includes('\n\n') && doc.proofs.some((p) => p.evidenceSha256 === e.sha256)) {
      problems.push(`${e.fileName}: its checkpoint is not signed (a raw recording, sealed by Trailview on import): its records are proven against that seal only, not against a signer's key`);
    }
  }
  for (const f of doc.findings) {
    for (const c of f.citedRecords ?? []) {
      if (c.proof === null) problems.push(`finding ${f.number} ("${f.title}") cites record seq ${c.seq} without a proof${c.problem !== undefined ? `: ${c.problem}` : ''}`);
      else if (doc.proofs[c.proof] === undefined) problems.push(`finding ${f.number} cites proof ${c.proof}, which is not in the attachment`);
      else if (doc.proofs[c.proof]?.seq !== c.seq || doc.proofs[c.proof]?.evidenceSha256 !== c.evidenceSha256) problems.push(`finding ${f.number} cites seq ${c.seq} but proof ${c.proof} is for seq ${doc.proofs[c.proof]?.seq}`);
    }
  }
  return {
    ok: problems.length === 0 && proofs.every((p) => p.ok),
    findings: doc.findings.length,
    proofs,
    problems,
    caseName: typeof doc.case?.name === 'string' ? doc.case.name : '',
    tool: typeof doc.tool === 'string' ? doc.tool : '',
  };
}

/** The record line names the seq it is proven as (a proof cannot be moved to another record). */
function recordSeqStep(p: EmbeddedProof): ProofCheck['steps'][number] {
  if (typeof p.record !== 'string') {
    return { check: 'record seq', ok: p.recordRedacted === true && p.leafIndex === p.seq - 1, detail: p.recordRedacted === true ? 'record text withheld by redaction; leaf index matches seq' : 'the record text is missing' };
  }
  try {
    const seq = (JSON.parse(p.record) as { seq?: unknown }).seq;
    const ok = seq === p.seq && p.leafIndex === p.seq - 1;
    return { check: 'record seq', ok, detail: ok ? `the record is seq ${p.seq} at leaf index ${p.leafIndex}` : `the record says seq ${String(seq)}, the proof seq ${p.seq} at leaf index ${p.leafIndex}` };
  } catch {
    return { check: 'record seq', ok: false, detail: 'the record text is not JSON' };
  }
}
