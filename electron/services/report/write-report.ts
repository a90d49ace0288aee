// Writes the PDF report of a case (docs/report.md): gathers the content (report-data.ts), lays it
// out with pdfkit as PDF/A-3b with every font embedded (DejaVu, by path), embeds findings.json as
// an associated file (AFRelationship Source), and writes the file atomically.
//
// Reproducible: the same case and options give the same bytes apart from the generation time.
// pdfkit derives the document ID from the creation date, so the ID is replaced by one derived
// from the content (the attachment and the options); the attachment's own dates are the time of
// the case's last activity record, and the attachment is stored uncompressed so anyone can read it.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { VerifierKey } from '../../core/note-keys.js';
import { parseIsoToMicros } from '../../core/timestamp.js';
import type { CaseHandle } from '../case/case.js';
import { encodeAttachment, FINDINGS_JSON_NAME } from './findings-json.js';
import { drawAppendix } from './pdf/appendix-section.js';
import { drawCover, drawSummary } from './pdf/cover-section.js';
import { drawCustody } from './pdf/custody-section.js';
import { drawFinding } from './pdf/finding-section.js';
import { reportFonts } from './pdf/fonts.js';
import { MISSING_GLYPH, PAGE, PageWriter } from './pdf/page-writer.js';
import { drawScope } from './pdf/scope-section.js';
import { ScreenDrawer } from './pdf/screen-draw.js';
import { drawTimeline } from './pdf/timeline-figure.js';
import { gatherReport } from './report-data.js';
import type { ReportModel, ReportOptions } from './report-model.js';

export interface ReportResult {
  file: string;
  pages: number;
  bytes: number;
  sha256: string;
  findings: number;
  proofs: number;
  redactedItems: number;
  /** Cited records without a proof (evidence without a checkpoint, or whose root does not match). */
  unproven: number;
  notes: string[];
}

export async function writeReport(handle: CaseHandle, out: string, trusted: readonly VerifierKey[], options: ReportOptions = {}): Promise<ReportResult> {
  const model = await gatherReport(handle, trusted, options);
  return renderReport(model, out, options);
}

export async function renderReport(model: ReportModel, out: string, options: Pick<ReportOptions, 'onProgress'> = {}): Promise<ReportResult> {
  const attachment = encodeAttachment(model.attachment);
  const fonts = reportFonts();
  const title = `Trailview report: ${model.case.name}`;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
    pdfVersion: '1.7',
    subset: 'PDF/A-3b',
    font: fonts.sans,
    bufferPages: true,
    lang: 'en',
    displayTitle: true,
    info: {
      // pdfkit writes these into the XMP packet unescaped: keep markup characters out.
      Title: xmlSafe(title),
      Author: xmlSafe(model.case.examiner),
      Subject: xmlSafe(`Findings and evidence of case ${model.case.id}`),
      Creator: xmlSafe(model.tool),
      Producer: xmlSafe(`${model.tool} (pdfkit)`),
      // No ModDate: pdfkit writes no xmp:ModifyDate, and PDF/A wants the Info dates mirrored in XMP.
      CreationDate: new Date(Math.floor(model.generatedAtUs / 1000)),
    },
  });
  // A content-derived document ID (PDF 1.7 §14.4): the same case and options give the same ID
  // (the attachment holds the content and most options; the zone and organisation are added).
  (doc as unknown as { _id: Buffer })._id = createHash('sha256').update(attachment).update(`\n${model.zone.name}\n${model.organisation ?? ''}`).digest().subarray(0, 16);

  pinTimeGlyphs(doc, fonts.sans);
  const w = new PageWriter(doc, fonts, model.zone);
  const screens = new ScreenDrawer(w);
  const progress = (done: number, total: number, label: string): void => options.onProgress?.({ phase: 'pages', done, total, label });

  drawCover(w, model);
  doc.addPage();
  drawSummary(w, model);
  doc.addPage();
  drawCustody(w, model);
  doc.addPage();
  drawScope(w, model);
  doc.moveDown(1);
  drawTimeline(w, model);
  if (model.findings.length > 0) {
    doc.addPage();
    w.title('Findings');
  }
  model.findings.forEach((f, i) => {
    progress(i, model.findings.length, `finding ${f.number} of ${model.findings.length}`);
    drawFinding(w, model, f, screens);
  });
  if (w.missingGlyphs > 0) {
    model.notes.push(
      `${w.missingGlyphs} character(s) of the evidence (in screen excerpts and commands) are not covered by the embedded fonts (DejaVu Sans / Sans Mono: Latin, Greek, Cyrillic, box drawing, symbols), or are control characters, and are shown as ${MISSING_GLYPH}, keeping their columns. CJK text needs a CJK font, which this installation does not ship; the characters themselves are in the evidence and in the attached record lines.`,
    );
  }
  doc.addPage();
  drawAppendix(w, model);
  w.footers(`${model.tool} · ${model.case.name} · case ${model.case.id}`);

  embedAttachment(doc, attachment, lastActivityDate(model));
  options.onProgress?.({ phase: 'write', done: 0, total: 1, label: 'writing the PDF' });
  const pages = doc.bufferedPageRange().count;
  const written = await writeAtomically(doc, out);
  options.onProgress?.({ phase: 'write', done: 1, total: 1, label: 'done' });
  return {
    file: out,
    pages,
    bytes: written.bytes,
    sha256: written.sha256,
    findings: model.findings.length,
    proofs: model.attachment.proofs.length,
    redactedItems: model.redaction.items,
    unproven: model.findings.reduce((n, f) => n + f.cited.filter((c) => c.proof === null).length, 0),
    notes: model.notes,
  };
}

/**
 * findings.json as an embedded file stream, uncompressed (readable in any text editor, and its
 * bytes stay where a checker can find them), referenced from the catalog's /AF array and the
 * EmbeddedFiles name tree (what pdfkit's doc.file() does, minus the compression).
 */
function embedAttachment(doc: PDFKit.PDFDocument, data: Buffer, date: Date): void {
  const d = doc as unknown as {
    ref(data: Record<string, unknown>): { compress: boolean; end(data?: Uint8Array): void; data: Record<string, unknown> };
    addNamedEmbeddedFile(name: string, ref: unknown): void;
    _root: { data: { AF?: unknown[] } };
  };
  const file = d.ref({
    Type: 'EmbeddedFile',
    Subtype: 'application#2Fjson',
    Params: { Size: data.length, CreationDate: date, ModDate: date, CheckSum: new String(createHash('md5').update(data).digest('hex')) },
  });
  file.compress = false;
  file.end(data);
  const spec = d.ref({
    Type: 'Filespec',
    AFRelationship: 'Source',
    F: new String(FINDINGS_JSON_NAME),
    UF: new String(FINDINGS_JSON_NAME),
    Desc: new String('Findings, anchors, cited records with RFC 6962 inclusion proofs, checkpoints and evidence hashes (docs/report.md)'),
    EF: { F: file },
  });
  spec.end();
  d.addNamedEmbeddedFile(FINDINGS_JSON_NAME, spec);
  d._root.data.AF = [...(d._root.data.AF ?? []), spec];
}

function lastActivityDate(model: ReportModel): Date {
  const last = model.activity.records[model.activity.records.length - 1];
  try {
    return new Date(Math.floor(parseIsoToMicros(last?.ts ?? '') / 1000));
  } catch {
    return new Date(0);
  }
}

async function writeAtomically(doc: PDFKit.PDFDocument, out: string): Promise<{ bytes: number; sha256: string }> {
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const stream = createWriteStream(temp, { flags: 'wx' });
      doc.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      stream.on('finish', resolve);
      stream.on('error', reject);
      doc.on('error', reject);
      doc.pipe(stream);
      doc.end();
    });
    await rename(temp, out);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Reproducibility: the generation time on the cover is the only thing that differs between two
 * runs. Its glyphs are put into the font subset first, in a fixed order (otherwise a digit first
 * seen in the time would renumber every later glyph), and the cover's content stream is stored
 * uncompressed, so another time changes the same bytes and nothing else moves.
 */
function pinTimeGlyphs(doc: PDFKit.PDFDocument, font: string): void {
  doc.font(font);
  (doc as unknown as { _font: { encode(text: string): unknown } })._font.encode('0123456789 :.+-');
  const content = (doc.page as unknown as { content: { compress: boolean; data: { Filter?: unknown } } }).content;
  content.compress = false;
  delete content.data.Filter; // set by the first write (the page's initial transform)
}

function xmlSafe(text: string): string {
  return text.replace(/[<>&"]/g, ' ');
}
