// `findings.json`, the machine-readable copy of a report embedded in the PDF (PDF/A-3
// attachment, AFRelationship Source; docs/report.md, "Checking a report without Trailview").
// It holds what a third party needs to check every cited record offline: the findings and their
// anchors, each cited record's RFC 6962 inclusion proof in the `trailview prove --json` shape
// (so `trailview verify-proof` and any RFC 6962 implementation can check it), the signed
// checkpoints, and the evidence hashes. It holds nothing that changes between two runs on the
// same case with the same options (no generation time), so it is byte-identical across them.
import type { InclusionProofDoc } from '../proof/inclusion-proof.js';
import type { Anchor } from '../findings/finding-types.js';

export const FINDINGS_JSON_NAME = 'findings.json';
export const FINDINGS_JSON_FORMAT = 'trailview-report-findings';
export const FINDINGS_JSON_VERSION = 1;

/** A proof as embedded: `record` is left out when redaction found a secret in it. */
export type EmbeddedProof = Omit<InclusionProofDoc, 'record'> & {
  record?: string;
  /** SHA-256 of the evidence item (the bundle) the record is in. */
  evidenceSha256: string;
  /** True when the record's text was withheld by --redact (the leaf hash still proves membership). */
  recordRedacted?: boolean;
};

export interface AttachmentEvidence {
  id: number;
  fileName: string;
  kind: string;
  size: number;
  sha256: string;
  origin: string | null;
  verdict: string;
  signers: Array<{ name: string; keyId: string | null; trusted: boolean }>;
  /** The checkpoint as signed (the note text with its signature lines), when the bundle has one. */
  checkpoint: { origin: string; treeSize: number; rootHash: string; note: string | null } | null;
}

export interface AttachmentFinding {
  number: number;
  id: number;
  title: string;
  severity: string;
  status: string;
  tags: string[];
  notes: string;
  anchors: Anchor[];
  /** Records the report cites for this finding; `proof` indexes `proofs` (null: no proof possible). */
  citedRecords: Array<{ evidenceSha256: string; seq: number; type: string; proof: number | null; problem?: string }>;
}

export interface ReportAttachment {
  format: typeof FINDINGS_JSON_FORMAT;
  version: typeof FINDINGS_JSON_VERSION;
  tool: string;
  case: { id: string; name: string; examiner: string };
  options: { findings: number[] | null; timezone: string; redact: boolean };
  evidence: AttachmentEvidence[];
  findings: AttachmentFinding[];
  proofs: EmbeddedProof[];
  activity: { records: number; head: string | null };
  redaction: { applied: boolean; items: number; byKind: Record<string, number> };
}

/** Serialised once, with sorted object keys nowhere needed: every producer builds the same order. */
export function encodeAttachment(doc: ReportAttachment): Buffer {
  return Buffer.from(`${JSON.stringify(doc, null, 1)}\n`, 'utf8');
}
