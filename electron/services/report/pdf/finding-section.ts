// One finding: title and attributes, the reviewer's notes, then per anchor the commands in its
// range, the screens at the anchored moments, search matches, and the cited records with their
// inclusion proofs (compact; the attachment has the same proofs as JSON).
import type { EmbeddedProof } from '../findings-json.js';
import type { FindingModel, ReportModel, SessionAnchorModel } from '../report-model.js';
import { drawNotes } from './notes-draw.js';
import { COLORS, CONTENT_WIDTH, PAGE, SEVERITY_COLORS, type PageWriter } from './page-writer.js';
import type { ScreenDrawer } from './screen-draw.js';

export function drawFinding(w: PageWriter, m: ReportModel, f: FindingModel, screens: ScreenDrawer): void {
  const doc = w.doc;
  w.ensureSpace(120);
  doc.moveDown(0.8);
  w.section?.addItem(`${f.number}. ${f.finding.title}`);
  const y = doc.y;
  w.badge(f.finding.severity, SEVERITY_COLORS[f.finding.severity] ?? COLORS.muted, PAGE.margin, y + 3, 8);
  doc.font(w.fonts.bold).fontSize(13).fillColor(COLORS.accent).text(`${f.number}. ${f.finding.title}`, PAGE.margin + 62, y, { width: CONTENT_WIDTH - 62 });
  doc.moveDown(0.3);
  w.fields(
    [
      ['Finding', `#${f.finding.id} · status ${f.finding.status}${f.finding.tags.length > 0 ? ` · tags: ${f.finding.tags.join(', ')}` : ''}`],
      ['Recorded', `created ${f.finding.createdAt}, updated ${f.finding.updatedAt}`],
    ],
    { labelWidth: 80, size: 8 },
  );
  if (f.finding.notes.trim() !== '') {
    doc.moveDown(0.3);
    drawNotes(w, f.finding.notes);
  }
  for (const s of f.sessions) drawSessionAnchor(w, s, screens);
  for (const q of f.queries) {
    w.heading(`Search: ${q.query}`, 10);
    if (q.problem !== null) w.para(`The search could not run: ${q.problem}`, { color: COLORS.bad });
    else {
      w.para(`${q.total} match(es)${q.total > q.hits.length ? `, the first ${q.hits.length} listed` : ''}.`, { color: COLORS.muted, size: 8 });
      for (const h of q.hits) line(w, `${w.shortTime(h.tsUs)}  ${h.session}  ${h.user ?? '?'}@${h.host ?? '?'}  ${h.kind === 'command' ? '$' : '▤'} ${h.text.split('\n')[0] ?? ''}`);
    }
  }
  for (const t of f.timelines) {
    w.heading('Timeline selection', 10);
    w.para(`${w.time(t.fromUs)} – ${w.time(t.toUs)}${t.sessionIds.length > 0 ? `, sessions ${t.sessionIds.join(', ')}` : ', all sessions'}`);
  }
  drawProofs(w, m, f);
}

function drawSessionAnchor(w: PageWriter, s: SessionAnchorModel, screens: ScreenDrawer): void {
  const a = s.anchor;
  const who = s.session === null ? a.sessionKey : `${s.session.user ?? '?'}@${s.session.host ?? '?'} ${s.session.tty ?? ''}`.trim();
  w.heading(`Session ${a.sessionKey} (${who})`, 10);
  w.para(`${w.time(a.fromUs)} – ${w.time(a.toUs)}${a.records === null ? '; no records in this range' : `; records ${a.records.first}–${a.records.last} (${a.records.count} of this session)`}`, { size: 8, color: COLORS.muted });
  w.doc.moveDown(0.3);
  if (s.commands.length === 0) w.para('No command in this range.', { size: 8, color: COLORS.muted });
  for (const c of s.commands) line(w, `${w.shortTime(c.tsUs)}  seq ${c.seq}  ${c.user !== null ? `${c.user} ` : ''}$ ${c.text}`);
  if (s.moreCommands > 0) w.para(`… and ${s.moreCommands} more command(s) in this range (listed in the evidence; search the case to see them).`, { size: 8, color: COLORS.muted });
  for (const x of s.excerpts) {
    w.ensureSpace(60);
    w.doc.moveDown(0.4);
    w.para(`Screen ${x.label}: ${w.time(x.tsUs)}${x.seq !== null ? ` (output up to record seq ${x.seq})` : ' (no output yet)'}`, { size: 8, font: w.fonts.bold, color: COLORS.muted });
    w.doc.moveDown(0.2);
    screens.draw(x.screen);
  }
}

function line(w: PageWriter, text: string): void {
  w.doc.font(w.fonts.mono).fontSize(7);
  const h = w.doc.heightOfString(text, { width: CONTENT_WIDTH - 8 });
  w.ensureSpace(h);
  w.doc.fillColor(COLORS.text).text(text, PAGE.margin + 4, w.doc.y, { width: CONTENT_WIDTH - 8 });
}

function drawProofs(w: PageWriter, m: ReportModel, f: FindingModel): void {
  if (f.cited.length === 0) return;
  const doc = w.doc;
  w.heading(`Cited records and inclusion proofs (${f.cited.length})`, 10);
  w.para('RFC 6962 audit paths, leaf to root, base64 SHA-256; each leaf hash is SHA-256(0x00 ‖ record line) and the root is the signed checkpoint of the evidence (chain of custody).', {
    size: 7,
    color: COLORS.muted,
  });
  doc.moveDown(0.2);
  for (const c of f.cited) {
    const e = m.evidence.find((x) => x.sha256 === c.evidenceSha256);
    const proof: EmbeddedProof | undefined = c.proof === null ? undefined : m.attachment.proofs[c.proof];
    const head = `seq ${c.seq} (${c.type}) in ${e?.fileName ?? c.evidenceSha256.slice(0, 16)}`;
    if (proof === undefined) {
      line(w, `${head}: no proof — ${c.problem ?? 'unknown'}`);
      continue;
    }
    const body = `${head} · tree size ${proof.treeSize} · leaf ${proof.leafHash}${proof.recordRedacted === true ? ' · record text withheld (redacted)' : ''}\n  path: ${proof.proof.join(' ')}`;
    doc.font(w.fonts.mono).fontSize(5.8);
    const h = doc.heightOfString(body, { width: CONTENT_WIDTH - 8 });
    w.ensureSpace(h + 2);
    doc.fillColor(COLORS.text).text(body, PAGE.margin + 4, doc.y, { width: CONTENT_WIDTH - 8 });
    doc.moveDown(0.15);
  }
}
