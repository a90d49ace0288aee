// The vector timeline of the sessions the findings involve: one lane per session (its span as a
// bar), commands as ticks, joins and leaves as triangles, and each finding's time ranges as
// numbered brackets in its severity colour.
import type { ReportModel, SessionModel } from '../report-model.js';
import { COLORS, CONTENT_WIDTH, PAGE, SEVERITY_COLORS, type PageWriter } from './page-writer.js';

const LABEL_WIDTH = 130;
const LANE = 22;
const MAX_LANES = 30;

export function drawTimeline(w: PageWriter, m: ReportModel): void {
  const doc = w.doc;
  w.title('Timeline');
  const sessions = m.sessions.filter((s) => s.startUs !== null && s.endUs !== null).slice(0, MAX_LANES);
  if (sessions.length === 0) {
    w.para('No session is involved in the findings of this report.', { color: COLORS.muted });
    return;
  }
  w.para(
    `${sessions.length} session(s) involved in the findings${m.sessions.length > sessions.length ? ` (the first ${MAX_LANES} shown)` : ''}. Bars: session spans; ticks: commands; ▲ join, ▼ leave; numbered brackets: findings.`,
    { color: COLORS.muted, size: 8 },
  );
  const start = Math.min(...sessions.map((s) => s.startUs as number));
  const end = Math.max(...sessions.map((s) => s.endUs as number), start + 1);
  const x0 = PAGE.margin + LABEL_WIDTH;
  const width = CONTENT_WIDTH - LABEL_WIDTH - 4;
  const xOf = (us: number): number => x0 + ((Math.min(Math.max(us, start), end) - start) / (end - start)) * width;
  const height = sessions.length * LANE + 40;
  w.ensureSpace(height + 10);
  const top = doc.y + 6;

  // Axis with ticks in the report's zone.
  const axisY = top + sessions.length * LANE + 6;
  doc.moveTo(x0, axisY).lineTo(x0 + width, axisY).lineWidth(0.5).strokeColor(COLORS.muted).stroke();
  for (let i = 0; i <= 4; i++) {
    const us = start + ((end - start) * i) / 4;
    const x = x0 + (width * i) / 4;
    doc.moveTo(x, axisY).lineTo(x, axisY + 3).stroke();
    // Tick labels: the clock time only; the date and zone once, under the labels.
    const label = w.shortTime(Math.round(us)).slice(11, 19);
    doc.font(w.fonts.sans).fontSize(6).fillColor(COLORS.muted);
    const lw = doc.widthOfString(label);
    doc.text(label, Math.min(Math.max(x - lw / 2, x0 - 20), x0 + width - lw), axisY + 5, { lineBreak: false });
  }

  doc.font(w.fonts.sans).fontSize(6).fillColor(COLORS.muted).text(`${w.shortTime(start).slice(0, 10)} – ${w.shortTime(end).slice(0, 10)}, ${w.zone.name}`, x0, axisY + 13, { lineBreak: false });
  sessions.forEach((s, i) => {
    const y = top + i * LANE;
    lane(w, s, y, xOf);
  });

  // Findings: brackets over the lanes of their sessions.
  for (const f of m.findings) {
    const color = SEVERITY_COLORS[f.finding.severity] ?? COLORS.muted;
    for (const a of f.sessions) {
      const i = sessions.findIndex((s) => s.id === a.anchor.sessionId);
      if (i < 0) continue;
      const y = top + i * LANE;
      const xa = xOf(a.anchor.fromUs);
      const xb = Math.max(xOf(a.anchor.toUs), xa + 2);
      doc.rect(xa, y + 2, xb - xa, 2.2).fill(color);
      doc.moveTo(xa, y + 2).lineTo(xa, y + 16).lineWidth(0.8).strokeColor(color).stroke();
      doc.font(w.fonts.bold).fontSize(6).fillColor(color).text(String(f.number), xa + 1.5, y + 5, { lineBreak: false });
    }
    for (const t of f.timelines) {
      const xa = xOf(t.fromUs);
      const xb = Math.max(xOf(t.toUs), xa + 2);
      doc.rect(xa, top - 4, xb - xa, 2.5).fill(color);
      doc.font(w.fonts.bold).fontSize(6).fillColor(color).text(String(f.number), xa, top - 12, { lineBreak: false });
    }
  }
  doc.fillColor(COLORS.text).strokeColor('#000000');
  doc.y = axisY + 26;
  doc.x = PAGE.margin;
}

function lane(w: PageWriter, s: SessionModel, y: number, xOf: (us: number) => number): void {
  const doc = w.doc;
  const label = `${s.user ?? '?'}@${s.host ?? '?'} ${s.tty ?? ''}`.trim();
  doc.font(w.fonts.sans).fontSize(7).fillColor(COLORS.text).text(label, PAGE.margin, y + 4, { width: LABEL_WIDTH - 6, lineBreak: false, ellipsis: true });
  doc.font(w.fonts.sans).fontSize(5.5).fillColor(COLORS.muted).text(s.key, PAGE.margin, y + 12, { width: LABEL_WIDTH - 6, lineBreak: false, ellipsis: true });
  const xa = xOf(s.startUs as number);
  const xb = Math.max(xOf(s.endUs as number), xa + 1);
  doc.rect(xa, y + 8, xb - xa, 6).fill('#d7e3f0');
  doc.lineWidth(0.4).strokeColor(COLORS.accent);
  for (const t of s.commandTimes) {
    const x = xOf(t);
    doc.moveTo(x, y + 7).lineTo(x, y + 15);
  }
  if (s.commandTimes.length > 0) doc.stroke();
  for (const p of s.participants) {
    const x = xOf(p.tsUs);
    if (p.kind === 'join') doc.polygon([x - 2.5, y + 21], [x + 2.5, y + 21], [x, y + 16.5]).fill('#1e7b34');
    else doc.polygon([x - 2.5, y + 16.5], [x + 2.5, y + 16.5], [x, y + 21]).fill('#b3261e');
  }
}
