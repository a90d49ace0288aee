// Appendix: how to check the report without Trailview, the verification transcript, the
// reviewer's activity log with its head hash, and notes on the report itself.
import { FINDINGS_JSON_NAME } from '../findings-json.js';
import type { ReportModel } from '../report-model.js';
import { COLORS, CONTENT_WIDTH, PAGE, type PageWriter } from './page-writer.js';

export function drawAppendix(w: PageWriter, m: ReportModel): void {
  const doc = w.doc;
  w.title('Appendix A — How to check this report');
  w.para(
    `This PDF carries ${FINDINGS_JSON_NAME} as an embedded file (PDF/A-3 associated file, relationship "Source"). It lists every finding, its anchors, each cited record, and for each an RFC 6962 inclusion proof in the shape of \`trailview prove --json\`: origin, treeSize, leafIndex, leafHash, proof, checkpoint (the signed note), seq and the record line. To check a proof with any tool:`,
  );
  doc.moveDown(0.3);
  for (const step of [
    'Extract the attachment (any PDF reader that shows attachments, or `pdfdetach -save 1`, or `trailview verify-report FILE.pdf --trust KEYS`).',
    'Leaf: SHA-256 of the byte 0x00 followed by the record line (UTF-8, without its newline) must equal leafHash.',
    'Root: hash up the audit path (RFC 9162 §2.1.3.2) from leafIndex in a tree of treeSize leaves; the result must equal the root hash in the checkpoint.',
    'Signature: the checkpoint is a C2SP signed note; its Ed25519 signature must verify with the signer\u2019s published verifier key.',
    'Evidence: the SHA-256 of each evidence file is in the chain of custody; anyone holding the file can recompute it and the whole tree.',
  ]) {
    w.bullet(step);
  }

  w.title('Appendix B — Verification transcript');
  for (const e of m.evidence) {
    w.heading(e.fileName, 10);
    const lines = [
      `sha256 ${e.sha256}`,
      `verdict at import: ${e.verdict} (${w.time(e.importedAtUs)}, by ${e.importedBy})`,
      ...e.signers.map((s) => `signer ${s.name}+${s.keyId ?? '?'}: signature ${s.valid ? 'valid' : 'INVALID'}, ${s.trusted ? 'trusted' : 'not trusted'}`),
      ...(e.checkpoint === null ? ['no checkpoint'] : [`checkpoint ${e.checkpoint.origin} size ${e.checkpoint.treeSize} root ${e.checkpoint.rootHash}`]),
      ...(e.findings.length === 0 ? ['no verification findings'] : e.findings.map((f) => `${f.code}${f.seq !== null ? ` seq ${f.seq}` : ''}: ${f.message}`)),
      `report check: ${e.recheck.records} records hashed; root ${e.recheck.rootMatches === true ? 'matches' : e.recheck.rootMatches === false ? 'DOES NOT match' : 'not compared'}; ${e.recheck.signatures.length > 0 ? `signed by trusted ${e.recheck.signatures.join(', ')}` : 'no signature by a trusted key'}${e.recheck.problem !== null ? `; ${e.recheck.problem}` : ''}`,
    ];
    for (const l of lines) mono(w, l, e.findings.length > 0 || e.recheck.problem !== null ? COLORS.text : COLORS.text);
  }

  w.title('Appendix C — Reviewer activity log');
  w.para(`${m.activity.records.length} record(s) in activity.jsonl, hash-chained like evidence records. Head (leaf hash of the last record): ${m.activity.head ?? 'none'}`, { size: 8 });
  doc.moveDown(0.3);
  for (const r of m.activity.records) {
    const details = r.details === null ? '' : summarize(r.details);
    mono(w, `${String(r.seq).padStart(4)}  ${r.ts}  ${r.actor}  ${r.action}${details !== '' ? `  ${details}` : ''}`);
  }
  if (m.notes.length > 0) {
    w.title('Appendix D — Notes on this report');
    for (const n of m.notes) w.bullet(n, { color: COLORS.muted });
  }
}

function mono(w: PageWriter, text: string, color: string = COLORS.text): void {
  w.doc.font(w.fonts.mono).fontSize(6.5);
  const h = w.doc.heightOfString(text, { width: CONTENT_WIDTH - 4 });
  w.ensureSpace(h);
  w.doc.fillColor(color).text(text, PAGE.margin + 2, w.doc.y, { width: CONTENT_WIDTH - 4 });
}

/** A short one-line view of an activity record's details. */
function summarize(details: Record<string, unknown>): string {
  const pick = (key: string): string | null => (typeof details[key] === 'string' || typeof details[key] === 'number' ? `${key}=${String(details[key])}` : null);
  const finding = details.finding as Record<string, unknown> | undefined;
  const parts = [
    pick('query'),
    pick('fileName'),
    pick('verdict'),
    pick('id'),
    finding !== undefined && typeof finding === 'object' ? `finding ${String(finding.id)} "${String(finding.title)}"` : null,
    details.changes !== undefined ? `changed ${Object.keys(details.changes as object).join(', ')}` : null,
    typeof details.sha256 === 'string' ? `sha256=${details.sha256.slice(0, 16)}…` : null,
  ].filter((p): p is string => p !== null);
  const text = parts.join(' ');
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}
