// Draws a screen excerpt as vector text: a dark terminal background, every run of cells placed at
// its column in DejaVu Sans Mono (all glyphs one advance wide, so columns line up), colours and
// bold kept, wide (CJK) characters centred on their two cells. A character the embedded fonts do
// not have is drawn as a visible replacement box by the PageWriter, never dropped, and counted.
import { DEFAULT_BG, DEFAULT_FG, type ScreenExcerpt } from '../screen-excerpt.js';
import { MONO_ADVANCE } from './fonts.js';
import { CONTENT_WIDTH, PAGE, type PageWriter } from './page-writer.js';

const MAX_FONT_SIZE = 7;
const MIN_FONT_SIZE = 3.2;
const LINE_FACTOR = 1.18;
const PAD = 4;

export class ScreenDrawer {
  constructor(private readonly w: PageWriter) {}

  /** Draws the excerpt (splitting it across pages when taller than one). */
  draw(screen: ScreenExcerpt): void {
    const doc = this.w.doc;
    const usedCols = Math.max(20, ...screen.rows.map((r) => (r.length === 0 ? 0 : (r[r.length - 1]?.col ?? 0) + (r[r.length - 1]?.cells ?? 0))));
    const size = Math.max(MIN_FONT_SIZE, Math.min(MAX_FONT_SIZE, (CONTENT_WIDTH - 2 * PAD) / (usedCols * MONO_ADVANCE)));
    const cell = size * MONO_ADVANCE;
    const lineHeight = size * LINE_FACTOR;
    const width = Math.min(CONTENT_WIDTH, usedCols * cell + 2 * PAD);
    const rows = screen.rows.length === 0 ? [[]] : screen.rows;
    let index = 0;
    while (index < rows.length) {
      this.w.ensureSpace(Math.min(rows.length - index, 6) * lineHeight + 2 * PAD);
      const top = doc.y;
      const fit = Math.max(1, Math.floor((this.w.bottom - top - 2 * PAD) / lineHeight));
      const chunk = rows.slice(index, index + fit);
      const height = chunk.length * lineHeight + 2 * PAD;
      doc.rect(PAGE.margin, top, width, height).fill(DEFAULT_BG);
      chunk.forEach((runs, r) => {
        const y = top + PAD + r * lineHeight;
        for (const run of runs) {
          const x = PAGE.margin + PAD + run.col * cell;
          if (run.bg !== null) doc.rect(x, y, run.cells * cell, lineHeight).fill(run.bg);
          const text = run.text;
          if (text.trim() === '' && !run.underline) continue;
          doc.font(run.bold ? this.w.fonts.monoBold : this.w.fonts.mono).fontSize(size).fillColor(run.fg ?? DEFAULT_FG);
          const dx = run.wide ? (2 * cell - doc.widthOfString(text)) / 2 : 0;
          doc.text(text, x + dx, y + (lineHeight - size) / 2, { lineBreak: false, underline: run.underline });
        }
      });
      doc.fillColor('#000000');
      doc.y = top + height + 4;
      index += chunk.length;
      if (index < rows.length) doc.addPage();
    }
  }
}
