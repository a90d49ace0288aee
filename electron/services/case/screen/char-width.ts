// Cell widths for the fast line emulator (line-screen.ts), following @xterm/headless's default
// (and only built-in) Unicode version 6 table. Only characters whose width is certain are listed;
// combining and zero-width characters, C1 controls and unlisted planes are left to the real
// terminal. test/unit/screen-line.test.ts writes every listed character into a headless terminal
// and checks the cells it takes.

/** Inclusive UTF-16 code unit ranges printed as one cell holding that one character. */
export const SINGLE_CELL_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x0020, 0x007e], // ASCII
  [0x00a0, 0x02ff], // Latin-1 supplement, Latin extended, IPA, spacing modifiers
  [0x0370, 0x0482], // Greek, Cyrillic (up to the combining Cyrillic marks)
  [0x048a, 0x052f], // Cyrillic
  [0x2010, 0x2027], // dashes, quotes, bullet, ellipsis
  [0x2030, 0x205e], // per mille, primes, ...
  [0x20a0, 0x20c0], // currency signs
  [0x2100, 0x2328], // letterlike, number forms, arrows, math, technical
  [0x232b, 0x2e7f], // technical, box drawing, blocks, shapes, symbols, dingbats, braille
  [0xe000, 0xf8ff], // private use (powerline and icon-font glyphs)
];

/** Inclusive BMP ranges printed as one character taking two cells (CJK, Hangul, fullwidth). */
export const DOUBLE_CELL_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], // Hangul Jamo initials
  [0x2e80, 0x3029], // CJK radicals, ideographic description, CJK symbols (before the combining tone marks)
  [0x3030, 0x303e],
  [0x3040, 0x3098], // Hiragana (before the combining (semi-)voiced marks)
  [0x309b, 0xa4cf], // Katakana, Bopomofo, Hangul compatibility, CJK, Yi
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe30, 0xfe6f], // CJK compatibility forms, small forms
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6],
];

/** Inclusive ranges of code points above the BMP (written as surrogate pairs), and their width. */
export const ASTRAL_RANGES: ReadonlyArray<readonly [number, number, 1 | 2]> = [
  [0x1f000, 0x1faff, 1], // mahjong, cards, enclosed, pictographs, emoji (one cell in Unicode 6 tables)
  [0x20000, 0x2fffd, 2], // CJK extension B and later
  [0x30000, 0x3fffd, 2],
];

export const WIDTH_UNKNOWN = 0;
export const WIDTH_SINGLE = 1;
export const WIDTH_DOUBLE = 2;
/** A high surrogate: the width depends on the code point it starts (astralWidth). */
export const WIDTH_SURROGATE = 3;

/** For each UTF-16 code unit: one of the WIDTH_ constants. */
export const CELL_WIDTH: Uint8Array = (() => {
  const table = new Uint8Array(0x10000);
  for (const [from, to] of SINGLE_CELL_RANGES) table.fill(WIDTH_SINGLE, from, to + 1);
  for (const [from, to] of DOUBLE_CELL_RANGES) table.fill(WIDTH_DOUBLE, from, to + 1);
  table.fill(WIDTH_SURROGATE, 0xd800, 0xdc00);
  return table;
})();

/** Cells taken by a code point above the BMP, or 0 when not known here. */
export function astralWidth(codePoint: number): number {
  for (const [from, to, width] of ASTRAL_RANGES) if (codePoint >= from && codePoint <= to) return width;
  return 0;
}
