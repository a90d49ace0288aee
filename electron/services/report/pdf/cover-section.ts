// Cover page and the summary of findings by severity.
import { SEVERITIES } from '../../findings/finding-types.js';
import type { ReportModel } from '../report-model.js';
import { COLORS, CONTENT_WIDTH, PAGE, SEVERITY_COLORS, type PageWriter } from './page-writer.js';

export function drawCover(w: PageWriter, m: ReportModel): void {
  const doc = w.doc;
  doc.outline.addItem('Cover');
  doc.y = 170;
  doc.font(w.fonts.sans).fontSize(11).fillColor(COLORS.muted).text('Review of audited terminal sessions', PAGE.margin, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.3);
  doc.font(w.fonts.bold).fontSize(26).fillColor(COLORS.accent).text(m.case.name, { width: CONTENT_WIDTH });
  doc.moveDown(1.2);
  w.rule(COLORS.accent);
  doc.moveDown(0.5);
  w.fields(
    [
      ['Case id', m.case.id],
      ['Examiner', m.case.examiner],
      ['Organisation', m.organisation ?? ''],
      ['Report generated', w.time(m.generatedAtUs)],
      ['Time zone', `${m.zone.name} (every time in this report; the attachment keeps UTC)`],
      ['Case created', m.case.createdAt],
      ['Tool', m.tool],
      ['Findings', String(m.findings.length)],
      ['Evidence items', String(m.evidence.length)],
      ['Redaction', m.redaction.applied ? `applied: ${m.redaction.items} item(s) masked` : 'none'],
    ],
    { labelWidth: 120, size: 10 },
  );
  doc.moveDown(2);
  w.para(
    'Every finding cites the exact records of evidence it rests on; for each cited record an RFC 6962 inclusion proof against the signed checkpoint of its log is printed and embedded, with the findings, in the attached findings.json, so that a third party can check them offline (see the appendix "How to check this report").',
    { size: 9, color: COLORS.muted },
  );
}

export function drawSummary(w: PageWriter, m: ReportModel): void {
  const doc = w.doc;
  w.title('Summary of findings');
  const counts = new Map<string, number>();
  for (const f of m.findings) counts.set(f.finding.severity, (counts.get(f.finding.severity) ?? 0) + 1);
  let x = PAGE.margin;
  const y = doc.y;
  for (const severity of [...SEVERITIES].reverse()) {
    const n = counts.get(severity) ?? 0;
    doc.roundedRect(x, y, 90, 42, 4).fill(n > 0 ? (SEVERITY_COLORS[severity] ?? COLORS.muted) : '#e8eaed');
    doc.font(w.fonts.bold).fontSize(18).fillColor(n > 0 ? '#ffffff' : COLORS.muted).text(String(n), x, y + 5, { width: 90, align: 'center', lineBreak: false });
    doc.font(w.fonts.sans).fontSize(8).text(severity, x, y + 27, { width: 90, align: 'center', lineBreak: false });
    x += 102;
  }
  doc.fillColor(COLORS.text);
  doc.y = y + 56;
  if (m.findings.length === 0) {
    w.para('No findings were included in this report.');
    return;
  }
  for (const f of m.findings) {
    doc.font(w.fonts.sans).fontSize(9);
    const title = `${f.number}. ${f.finding.title}`;
    const height = doc.heightOfString(title, { width: CONTENT_WIDTH - 140 });
    w.ensureSpace(height + 4);
    const rowY = doc.y;
    w.badge(f.finding.severity, SEVERITY_COLORS[f.finding.severity] ?? COLORS.muted, PAGE.margin, rowY + 1);
    doc.font(w.fonts.sans).fontSize(9).fillColor(COLORS.text).text(title, PAGE.margin + 60, rowY, { width: CONTENT_WIDTH - 140 });
    doc.font(w.fonts.sans).fontSize(8).fillColor(COLORS.muted).text(f.finding.status, PAGE.width - PAGE.margin - 75, rowY + 1, { width: 75, align: 'right', lineBreak: false });
    doc.y = Math.max(doc.y, rowY + height) + 3;
  }
}
