// Tokens as the full-text index sees them. The index uses SQLite's `unicode61` tokenizer with its
// default options (docs/search.md, "Tokenizer"): a token is a run of the characters in
// unicode61.ts (letters and digits of Unicode 6.1, some diacritics), folded to lower case without
// diacritics; everything else (`/ - . _ | $ '`, spaces) separates tokens. `/etc/shadow` is
// therefore `etc` `shadow`, and `rm -rf /` is `rm` `rf`. This module applies the same rule in
// TypeScript so the query compiler sends SQLite only tokens it will keep, and highlights land
// where the index matched. Tokens go into MATCH expressions as written: SQLite folds them exactly
// as it folded the indexed text. (https://sqlite.org/fts3.html#tokenizer)
import { TOKEN_RANGES } from './unicode61.js';

export interface Token {
  /** As written in the text. */
  text: string;
  /** Lower case, diacritics removed (an approximation of unicode61's folding, for highlights). */
  folded: string;
  /** UTF-16 offsets into the text: [start, end). */
  start: number;
  end: number;
}

const ASCII = new Uint8Array(128);
for (let cp = 0; cp < 128; cp++) ASCII[cp] = inRanges(cp) ? 1 : 0;

function inRanges(cp: number): boolean {
  let lo = 0;
  let hi = TOKEN_RANGES.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < (TOKEN_RANGES[2 * mid] as number)) hi = mid - 1;
    else if (cp > (TOKEN_RANGES[2 * mid + 1] as number)) lo = mid + 1;
    else return true;
  }
  return false;
}

export function isTokenCodePoint(cp: number): boolean {
  return cp < 128 ? ASCII[cp] === 1 : inRanges(cp);
}

const MARKS = /\p{M}+/gu;

export function foldToken(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(MARKS, '');
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let start = -1;
  let ascii = true;
  const close = (end: number): void => {
    const word = text.slice(start, end);
    // ASCII has no diacritics and NFD leaves it alone: lower case is the whole fold. Screen text
    // is mostly ASCII, and normalizing every token of 50 full screens cost most of a search.
    const folded = ascii ? word.toLowerCase() : foldToken(word);
    // A run of diacritics alone folds to nothing; unicode61 drops it too.
    if (folded !== '') tokens.push({ text: word, folded, start, end });
    start = -1;
  };
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    if (cp < 128 ? ASCII[cp] === 1 : inRanges(cp)) {
      if (start < 0) {
        start = i;
        ascii = true;
      }
      if (cp >= 128) ascii = false;
    } else if (start >= 0) close(i);
    i += width;
  }
  if (start >= 0) close(text.length);
  return tokens;
}

/** True when `text` is exactly one token (no separators). */
export function isSingleToken(text: string): boolean {
  const tokens = tokenize(text);
  return tokens.length === 1 && (tokens[0] as Token).start === 0 && (tokens[0] as Token).end === text.length;
}

/** A token as it may appear in a MATCH expression: FTS4 operators (upper case only) are lowered. */
export function matchWord(word: string): string {
  return /^(AND|OR|NOT|NEAR)$/.test(word) ? word.toLowerCase() : word;
}

/** ASCII-only lower case: what SQLite's LIKE folds (and nothing more). */
export function asciiLower(text: string): string {
  // Runs of A-Z only, so toLowerCase never meets a non-ASCII letter (İ, Σ: LIKE leaves those alone).
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}
