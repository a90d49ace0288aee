// Draws the reviewer's Markdown notes (markdown.ts) with the report's fonts.
import { parseMarkdown, type Inline } from '../markdown.js';
import { CONTENT_WIDTH, PAGE, COLORS, type PageWriter } from './page-writer.js';

export function drawNotes(w: PageWriter, source: string): void {
  const doc = w.doc;
  for (const block of parseMarkdown(source)) {
    switch (block.kind) {
      case 'paragraph':
        inlines(w, block.inlines, PAGE.margin, CONTENT_WIDTH, 9);
        doc.moveDown(0.35);
        break;
      case 'heading':
        inlines(w, block.inlines.map((i) => ({ ...i, kind: i.kind === 'code' ? 'code' : 'bold' })), PAGE.margin, CONTENT_WIDTH, 10);
        doc.moveDown(0.2);
        break;
      case 'list':
        block.items.forEach((item, i) => {
          const marker = block.ordered ? `${i + 1}.` : '•';
          w.ensureSpace(12);
          const y = doc.y;
          doc.font(w.fonts.sans).fontSize(9).fillColor(COLORS.text).text(marker, PAGE.margin + 6, y, { width: 16, lineBreak: false });
          doc.y = y;
          inlines(w, item, PAGE.margin + 22, CONTENT_WIDTH - 22, 9);
        });
        doc.moveDown(0.35);
        break;
      case 'code': {
        doc.font(w.fonts.mono).fontSize(7.5);
        const height = doc.heightOfString(block.text || ' ', { width: CONTENT_WIDTH - 12 }) + 8;
        w.ensureSpace(Math.min(height, 120));
        const top = doc.y;
        doc.rect(PAGE.margin, top, CONTENT_WIDTH, height).fill('#f1f3f4');
        doc.fillColor(COLORS.text).text(block.text || ' ', PAGE.margin + 6, top + 4, { width: CONTENT_WIDTH - 12 });
        doc.y = Math.max(doc.y, top + height) + 4;
        break;
      }
    }
  }
  doc.x = PAGE.margin;
}

function inlines(w: PageWriter, parts: readonly Inline[], x: number, width: number, size: number): void {
  const doc = w.doc;
  const list = parts.length === 0 ? [{ kind: 'text' as const, text: '' }] : parts;
  list.forEach((part, i) => {
    const font = part.kind === 'bold' ? w.fonts.bold : part.kind === 'em' ? w.fonts.italic : part.kind === 'code' ? w.fonts.mono : w.fonts.sans;
    doc.font(font).fontSize(part.kind === 'code' ? size - 0.5 : size).fillColor(part.kind === 'code' ? '#3c4043' : COLORS.text);
    const last = i === list.length - 1;
    if (i === 0) doc.text(part.text, x, doc.y, { width, continued: !last });
    else doc.text(part.text, { continued: !last });
  });
}
