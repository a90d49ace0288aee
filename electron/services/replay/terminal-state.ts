// What SerializeAddon leaves out of a snapshot but the bytes after a keyframe depend on: the scroll
// region (DECSTBM), the current drawing attributes (SGR), a pending autowrap at the last column and
// the saved cursor (DECSC). Found by the keyframe tests comparing every cell of a restored screen
// with the screen of a linear replay. Read from xterm's internal state (not in the public API), so
// this is the one place that knows its shape; if a new xterm renames it, the suffix is empty and
// the keyframe tests fail.
import type { Terminal as HeadlessTerminal } from '@xterm/headless';

interface AttrData {
  fg: number;
  bg: number;
}

interface InternalBuffer {
  x: number;
  y: number;
  ybase: number;
  scrollTop: number;
  scrollBottom: number;
  /** DECSC: column, absolute row (ybase + y at the time), attributes. */
  savedX: number;
  savedY: number;
  savedCurAttrData?: AttrData;
}

interface InternalCharsets {
  glevel: number;
  _charsets?: Array<Record<string, string> | undefined>;
}

interface InternalCore {
  buffer?: InternalBuffer;
  _inputHandler?: { _curAttrData?: AttrData; _charsetService?: InternalCharsets };
}

function internals(term: HeadlessTerminal): InternalCore | null {
  const core = (term as unknown as { _core?: InternalCore })._core;
  return core ?? null;
}

// Bit layout of xterm's attribute words (common/buffer/Constants.ts).
const CM_MASK = 0x3000000;
const CM_P16 = 0x1000000;
const CM_P256 = 0x2000000;
const CM_RGB = 0x3000000;
const RGB_MASK = 0xffffff;
const PCOLOR_MASK = 0xff;
const FG_INVERSE = 0x4000000;
const FG_BOLD = 0x8000000;
const FG_UNDERLINE = 0x10000000;
const FG_BLINK = 0x20000000;
const FG_INVISIBLE = 0x40000000;
const FG_STRIKETHROUGH = 0x80000000;
const BG_ITALIC = 0x4000000;
const BG_DIM = 0x8000000;
const BG_OVERLINE = 0x40000000;

function colorSgr(word: number, base: 30 | 40): string {
  const mode = word & CM_MASK;
  if (mode === CM_P16) {
    const c = word & PCOLOR_MASK;
    return c < 8 ? `${base + c}` : `${base + 60 + (c - 8)}`;
  }
  if (mode === CM_P256) return `${base + 8};5;${word & PCOLOR_MASK}`;
  if (mode === CM_RGB) {
    const rgb = word & RGB_MASK;
    return `${base + 8};2;${(rgb >> 16) & 0xff};${(rgb >> 8) & 0xff};${rgb & 0xff}`;
  }
  return '';
}

/** SGR sequence that sets exactly these attributes (after a reset). */
function attrSgr(attr: AttrData): string {
  const parts = ['0'];
  const { fg, bg } = attr;
  if (fg & FG_BOLD) parts.push('1');
  if (bg & BG_DIM) parts.push('2');
  if (bg & BG_ITALIC) parts.push('3');
  if (fg & FG_UNDERLINE) parts.push('4');
  if (fg & FG_BLINK) parts.push('5');
  if (fg & FG_INVERSE) parts.push('7');
  if (fg & FG_INVISIBLE) parts.push('8');
  if (fg & FG_STRIKETHROUGH) parts.push('9');
  if (bg & BG_OVERLINE) parts.push('53');
  const f = colorSgr(fg, 30);
  if (f !== '') parts.push(f);
  const b = colorSgr(bg, 40);
  if (b !== '') parts.push(b);
  return `\x1b[${parts.join(';')}m`;
}

/** Escape sequences appended to a serialized snapshot to restore the state it leaves out. */
export function stateSuffix(term: HeadlessTerminal): string {
  const core = internals(term);
  const buffer = core?.buffer;
  if (buffer === undefined) return '';
  let out = '';
  const rows = term.rows;
  const full = buffer.scrollTop === 0 && buffer.scrollBottom === rows - 1;
  const cursorRow = buffer.y + 1;
  if (!full) {
    // DECSTBM homes the cursor (or moves it to the region's top in origin mode): put it back after.
    out += `\x1b[${buffer.scrollTop + 1};${buffer.scrollBottom + 1}r`;
  }
  const origin = term.modes.originMode;
  const saved = buffer.savedCurAttrData;
  if (buffer.savedX !== 0 || buffer.savedY !== 0 || (saved !== undefined && (saved.fg !== 0 || saved.bg !== 0))) {
    // DECSC state: go there with those attributes and save (ESC 7); xterm restores the row as
    // savedY - ybase, clamped at the top.
    const savedRow = Math.max(buffer.savedY - buffer.ybase, 0) + 1;
    out += `\x1b[${origin ? savedRow - buffer.scrollTop : savedRow};${buffer.savedX + 1}H`;
    if (saved !== undefined) out += attrSgr(saved);
    out += '\x1b7';
  }
  out += charsetState(core?._inputHandler?._charsetService);
  // CUP is relative to the scroll region in origin mode.
  const row = origin ? cursorRow - buffer.scrollTop : cursorRow;
  if (buffer.x >= term.cols) {
    // Pending wrap: the cursor sits past the last column. Rewrite the last cell to get there.
    out += `\x1b[${row};${term.cols}H`;
    out += rewriteLastCell(term, buffer.y);
  } else {
    out += `\x1b[${row};${buffer.x + 1}H`;
  }
  const attr = core?._inputHandler?._curAttrData;
  if (attr !== undefined) out += attrSgr(attr);
  return out;
}

const DESIGNATE = ['(', ')', '*', '+'];

/** Character sets designated as DEC line drawing (tmux borders, dialog boxes), and SO when G1 is in use. */
function charsetState(cs: InternalCharsets | undefined): string {
  if (cs === undefined) return '';
  let out = '';
  (cs._charsets ?? []).forEach((set, g) => {
    if (set !== undefined && set.q === '\u2500') out += `\x1b${DESIGNATE[g] ?? '('}0`;
  });
  if (cs.glevel === 1) out += '\x0e';
  return out;
}

/** The last cell of a row, written again with its own attributes (restores the pending-wrap state). */
function rewriteLastCell(term: HeadlessTerminal, y: number): string {
  const line = term.buffer.active.getLine(term.buffer.active.baseY + y);
  const cell = line?.getCell(term.cols - 1);
  if (cell === undefined) return ' ';
  const chars = cell.getChars() === '' ? ' ' : cell.getChars();
  // getFgColorMode() is the CM_* bits of the attribute word, getFgColor() the colour bits.
  // (Default colours report mode 0 and colour -1.)
  const fg = cell.getFgColorMode() === 0 ? 0 : cell.getFgColorMode() | cell.getFgColor();
  const bg = cell.getBgColorMode() === 0 ? 0 : cell.getBgColorMode() | cell.getBgColor();
  const attr: AttrData = {
    fg: fg | (cell.isBold() ? FG_BOLD : 0) | (cell.isUnderline() ? FG_UNDERLINE : 0) | (cell.isBlink() ? FG_BLINK : 0) | (cell.isInverse() ? FG_INVERSE : 0) | (cell.isInvisible() ? FG_INVISIBLE : 0) | (cell.isStrikethrough() ? FG_STRIKETHROUGH : 0),
    bg: bg | (cell.isDim() ? BG_DIM : 0) | (cell.isItalic() ? BG_ITALIC : 0) | (cell.isOverline() ? BG_OVERLINE : 0),
  };
  return attrSgr(attr) + chars;
}

/**
 * Whether the parser is between escape sequences. A snapshot cannot carry a half-read sequence
 * (a record ending in `ESC [ 1`), so keyframes are only taken where this holds.
 */
export function parserAtGround(term: HeadlessTerminal): boolean {
  const parser = (term as unknown as { _core?: { _inputHandler?: { _parser?: { currentState?: number; initialState?: number } } } })._core?._inputHandler?._parser;
  if (parser?.currentState === undefined) return true;
  return parser.currentState === (parser.initialState ?? 0);
}

/**
 * Works around two @xterm/addon-serialize 0.14 bugs. First: going from dim to bold it writes `CSI 1;22 m`,
 * and SGR 22 (normal intensity) then clears the bold just set. SGR 22 is moved to the front of
 * each sequence (colour arguments of 38/48/58 are skipped, they may contain a 22), which is what
 * the addon means in every case: 22 only ever turns an intensity off before another is set.
 */
export function fixSerializedSgr(serialized: string): string {
  // Second bug: the alternate screen's part is written after the normal screen's last attributes
  // without a reset, but serialized as if starting from default attributes.
  const fixed = serialized.replace('\x1b[?1049h\x1b[H', '\x1b[?1049h\x1b[H\x1b[0m');
  // Cheap test first: a 22 after another argument is the only case to fix.
  if (!fixed.includes(';22')) return fixed;
  // eslint-disable-next-line no-control-regex -- SGR sequences are what is fixed
  return fixed.replace(/\x1b\[([0-9;]*)m/g, (whole, params: string) => {
    if (!params.includes('22')) return whole;
    const tokens = params.split(';');
    const groups: string[][] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as string;
      if ((t === '38' || t === '48' || t === '58') && (tokens[i + 1] === '5' || tokens[i + 1] === '2')) {
        const n = tokens[i + 1] === '5' ? 3 : 5;
        groups.push(tokens.slice(i, i + n));
        i += n - 1;
      } else groups.push([t]);
    }
    const off = groups.filter((g) => g.length === 1 && g[0] === '22');
    if (off.length === 0) return whole;
    const rest = groups.filter((g) => !(g.length === 1 && g[0] === '22'));
    return `\x1b[${[...off.slice(0, 1), ...rest].map((g) => g.join(';')).join(';')}m`;
  });
}
