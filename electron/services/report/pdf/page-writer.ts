// A thin layer over pdfkit for the report's sections: fonts by path, a few text styles, space
// checks before drawing blocks that must not be split, and page footers written at the end.
import type PDFDocument from 'pdfkit';
import { formatInZone, type TimeZone } from '../../../core/search/time-zone.js';
import type { ReportFonts } from './fonts.js';

export const PAGE = { width: 595.28, height: 841.89, margin: 50 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;

export const COLORS = {
  text: '#1a1a1a',
  muted: '#5f6368',
  rule: '#c8ccd0',
  accent: '#1f4e79',
  ok: '#1e7b34',
  bad: '#b3261e',
} as const;

export const SEVERITY_COLORS: Record<string, string> = {
  critical: '#7b1fa2',
  high: '#b3261e',
  medium: '#e37400',
  low: '#1a73e8',
  info: '#5f6368',
};

/** Shown for a character the embedded fonts cannot draw (U+25A1 WHITE SQUARE, in every DejaVu face). */
export const MISSING_GLYPH = '\u25a1';

interface GlyphCheck {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

type TextFn = (text: string, ...rest: unknown[]) => PDFKit.PDFDocument;
type MeasureFn = (text: string, ...rest: unknown[]) => number;

export class PageWriter {
  /** Characters replaced by MISSING_GLYPH in the whole report (said in the report's notes). */
  missingGlyphs = 0;
  private readonly glyphs = new Map<string, Map<number, boolean>>();

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly fonts: ReportFonts,
    readonly zone: TimeZone,
  ) {
    // Every string reaches the page through these three: a character the current font lacks would
    // be drawn as .notdef (an invisible or empty box, and not allowed in PDF/A), and a control
    // character as garbage. Both become a visible replacement, measured as drawn.
    const d = doc as unknown as { text: TextFn; widthOfString: MeasureFn; heightOfString: MeasureFn };
    const text = d.text.bind(doc);
    const width = d.widthOfString.bind(doc);
    const height = d.heightOfString.bind(doc);
    d.text = (value, ...rest) => text(this.drawable(String(value)), ...rest);
    d.widthOfString = (value, ...rest) => width(this.drawable(String(value), false), ...rest);
    d.heightOfString = (value, ...rest) => height(this.drawable(String(value), false), ...rest);
  }

  /** `text` with what the current font cannot draw replaced (and counted when `count`). */
  drawable(text: string, count = true): string {
    if (!/[^\n\x20-\x7e]/.test(text)) return text;
    const font = (this.doc as unknown as { _font: { id?: string; font?: GlyphCheck } })._font;
    const key = font.id ?? '';
    let known = this.glyphs.get(key);
    if (known === undefined) this.glyphs.set(key, (known = new Map()));
    let out = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0x20;
      if (ch === '\n' || (cp >= 0x20 && cp < 0x7f)) {
        out += ch;
        continue;
      }
      let has = known.get(cp);
      if (has === undefined) {
        has = cp >= 0x20 && !(cp >= 0x7f && cp < 0xa0) && font.font?.hasGlyphForCodePoint(cp) === true;
        known.set(cp, has);
      }
      if (has) out += ch;
      else {
        out += MISSING_GLYPH;
        if (count) this.missingGlyphs += 1;
      }
    }
    return out;
  }

  get bottom(): number {
    return PAGE.height - PAGE.margin;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  time(us: number): string {
    return formatInZone(us, this.zone);
  }

  /** Whole seconds are enough in tables; the attachment keeps microseconds. */
  shortTime(us: number): string {
    return formatInZone(us, this.zone).replace(/\.\d{6}/, '');
  }

  /** The outline (bookmarks) entry of the last title, for entries under it. */
  section: PDFKit.PDFOutline | null = null;

  title(text: string): void {
    if (this.doc.y > PAGE.margin + 1) this.doc.moveDown(1);
    this.ensureSpace(80);
    // Bookmarks: a reader jumps to a section or a finding (the entry points at the current page).
    this.section = this.doc.outline.addItem(text);
    this.doc.font(this.fonts.bold).fontSize(18).fillColor(COLORS.accent).text(text, PAGE.margin, this.doc.y, { width: CONTENT_WIDTH });
    this.doc.moveDown(0.4);
    this.rule();
  }

  heading(text: string, size = 13): void {
    this.ensureSpace(size * 3);
    this.doc.moveDown(0.6);
    this.doc.font(this.fonts.bold).fontSize(size).fillColor(COLORS.accent).text(text, PAGE.margin, this.doc.y, { width: CONTENT_WIDTH });
    this.doc.moveDown(0.25);
  }

  para(text: string, options: { size?: number; color?: string; font?: string; indent?: number } = {}): void {
    const indent = options.indent ?? 0;
    this.doc
      .font(options.font ?? this.fonts.sans)
      .fontSize(options.size ?? 9)
      .fillColor(options.color ?? COLORS.text)
      .text(text, PAGE.margin + indent, this.doc.y, { width: CONTENT_WIDTH - indent });
  }

  /** A bulleted line with a hanging indent. */
  bullet(text: string, options: { size?: number; color?: string } = {}): void {
    const size = options.size ?? 9;
    this.doc.font(this.fonts.sans).fontSize(size);
    this.ensureSpace(this.doc.heightOfString(text, { width: CONTENT_WIDTH - 16 }));
    const y = this.doc.y;
    this.doc.fillColor(options.color ?? COLORS.text).text('•', PAGE.margin + 4, y, { lineBreak: false });
    this.doc.text(text, PAGE.margin + 16, y, { width: CONTENT_WIDTH - 16 });
    this.doc.moveDown(0.15);
  }

  /** Label: value lines, the label in a fixed column. */
  fields(rows: ReadonlyArray<readonly [string, string]>, options: { labelWidth?: number; size?: number; mono?: ReadonlySet<string> } = {}): void {
    const labelWidth = options.labelWidth ?? 110;
    const size = options.size ?? 8.5;
    for (const [label, value] of rows) {
      const font = options.mono?.has(label) === true ? this.fonts.mono : this.fonts.sans;
      this.doc.font(font).fontSize(size);
      const height = this.doc.heightOfString(value === '' ? ' ' : value, { width: CONTENT_WIDTH - labelWidth });
      this.ensureSpace(height + 2);
      const y = this.doc.y;
      this.doc.font(this.fonts.bold).fontSize(size).fillColor(COLORS.muted).text(label, PAGE.margin, y, { width: labelWidth - 6, lineBreak: false });
      this.doc.font(font).fontSize(size).fillColor(COLORS.text).text(value === '' ? '—' : value, PAGE.margin + labelWidth, y, { width: CONTENT_WIDTH - labelWidth });
      this.doc.y = Math.max(this.doc.y, y + height) + 1.5;
    }
  }

  rule(color: string = COLORS.rule): void {
    const y = this.doc.y + 2;
    this.doc.moveTo(PAGE.margin, y).lineTo(PAGE.width - PAGE.margin, y).lineWidth(0.5).strokeColor(color).stroke();
    this.doc.y = y + 6;
  }

  /** A small coloured label such as a severity. */
  badge(text: string, color: string, x: number, y: number, size = 7.5): number {
    this.doc.font(this.fonts.bold).fontSize(size);
    const w = this.doc.widthOfString(text) + 8;
    this.doc.roundedRect(x, y - 1, w, size + 4, 2).fill(color);
    this.doc.fillColor('#ffffff').text(text, x + 4, y + 0.5, { lineBreak: false });
    this.doc.fillColor(COLORS.text);
    return w;
  }

  /** Footers on every page (pages are buffered; written last, when the count is known). */
  footers(left: string): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const margins = this.doc.page.margins;
      const saved = margins.bottom;
      margins.bottom = 0; // text below the bottom margin would otherwise start a new page
      this.doc.font(this.fonts.sans).fontSize(7).fillColor(COLORS.muted);
      this.doc.text(left, PAGE.margin, PAGE.height - 32, { width: CONTENT_WIDTH - 80, lineBreak: false, ellipsis: true });
      this.doc.text(`page ${i + 1} of ${range.count}`, PAGE.width - PAGE.margin - 80, PAGE.height - 32, { width: 80, align: 'right', lineBreak: false });
      margins.bottom = saved;
    }
  }
}

export type PdfDoc = InstanceType<typeof PDFDocument>;
