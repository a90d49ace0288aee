// The report's fonts: DejaVu Sans, Sans Bold, Sans Oblique and Sans Mono (+ Bold), shipped in
// resources/fonts/ with their licence. Every font is embedded (PDF/A requires it; pdfkit does not
// check). They are always given to pdfkit BY PATH: a font registered by name and used in table
// cells is re-read and re-parsed per cell (PERF-NOTES §6: 47 s instead of 1 s for 50 pages).
// DejaVu covers Latin, Greek, Cyrillic, box drawing, ⏎ and ✓; not CJK (see screen-draw.ts).
import { resourcePath } from '../../resources.js';

export interface ReportFonts {
  sans: string;
  bold: string;
  italic: string;
  mono: string;
  monoBold: string;
}

export function reportFonts(): ReportFonts {
  const at = (name: string): string => resourcePath('fonts', name);
  return {
    sans: at('DejaVuSans.ttf'),
    bold: at('DejaVuSans-Bold.ttf'),
    italic: at('DejaVuSans-Oblique.ttf'),
    mono: at('DejaVuSansMono.ttf'),
    monoBold: at('DejaVuSansMono-Bold.ttf'),
  };
}

/** Advance width of DejaVu Sans Mono, in em (every glyph: 1233/2048). */
export const MONO_ADVANCE = 1233 / 2048;
