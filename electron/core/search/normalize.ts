// Shell obfuscation removed before fuzzy matching (docs/search.md, "Fuzzy mode"): attackers write
// `c\url`, `/bin/ba''sh`, `w"g"et`, `cat${IFS}/etc/passwd` or `wh$@oami` so that the command runs
// the same but no longer matches a plain search. The normalised form drops backslash escapes,
// quote characters, `$@`/`$*` (empty in an interactive shell) and reads `$IFS`/`${IFS}` as a
// space; then it collapses white space and lower-cases. `map` leads back to the original text, so
// a fuzzy match is highlighted where it is in the command as recorded.

export interface Normalized {
  text: string;
  /** For each UTF-16 unit of `text`, the offset of the character it came from in the original. */
  map: number[];
}

const SPECIALS: Array<[string, string]> = [
  ['${IFS}', ' '],
  ['$IFS', ' '],
  ['${@}', ''],
  ['${*}', ''],
  ['$@', ''],
  ['$*', ''],
];

/** The normal form and the way back to the original offsets. */
export function normalizeCommand(original: string): Normalized {
  const map: number[] = [];
  return { text: normalize(original, map), map };
}

/** The normal form only (building the fuzzy dictionary: no map needed). */
export function normalizeText(original: string): string {
  return normalize(original, null);
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/u.test(String.fromCharCode(code)));
}

function normalize(original: string, map: number[] | null): string {
  let text = '';
  let pendingSpace = -1;
  const emit = (chars: string, from: number): void => {
    if (pendingSpace >= 0 && text !== '') {
      text += ' ';
      map?.push(pendingSpace);
    }
    pendingSpace = -1;
    text += chars;
    if (map !== null) for (let k = 0; k < chars.length; k++) map.push(from);
  };
  const space = (from: number): void => {
    if (pendingSpace < 0) pendingSpace = from;
  };
  let i = 0;
  outer: while (i < original.length) {
    const code = original.charCodeAt(i);
    if (code === 36 /* $ */) {
      for (const [seq, replacement] of SPECIALS) {
        // `$IFS` only when the name ends there (`$IFSX` is another variable).
        if (original.startsWith(seq, i) && !(seq === '$IFS' && /[A-Za-z0-9_]/.test(original.charAt(i + seq.length)))) {
          if (replacement === ' ') space(i);
          i += seq.length;
          continue outer;
        }
      }
    }
    if (code === 92 /* \ */) {
      const next = original.charCodeAt(i + 1);
      if (Number.isNaN(next) || next === 10) {
        i += 2;
        continue;
      }
      const cp = original.codePointAt(i + 1) as number;
      const ch = String.fromCodePoint(cp);
      emit(lower(ch, cp), i + 1);
      i += 1 + ch.length;
      continue;
    }
    if (code === 39 || code === 34 /* ' " */) {
      i++;
      continue;
    }
    if (isSpace(code)) {
      space(i);
      i++;
      continue;
    }
    if (code < 128) {
      emit(code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : original.charAt(i), i);
      i++;
      continue;
    }
    const cp = original.codePointAt(i) as number;
    const ch = String.fromCodePoint(cp);
    emit(lower(ch, cp), i);
    i += ch.length;
  }
  return text;
}

function lower(ch: string, cp: number): string {
  return cp >= 65 && cp <= 90 ? String.fromCharCode(cp + 32) : cp < 128 ? ch : ch.toLowerCase();
}
