// Compiles the text part of a query into what SQLite runs (docs/search.md, "How a query runs"):
//
// - `match`: an FTS4 MATCH expression that every matching row satisfies. It drives the search
//   (the full-text index is the outer loop) and is exact for words, phrases, prefixes and their
//   boolean combinations.
// - `residual`: what the match cannot decide and is checked on the rows it yields: substrings
//   (LIKE), and boolean structure around them. A substring contributes to the match only the
//   tokens it must contain (`/etc/shadow` -> the phrase "etc shadow*"), so LIKE runs on few rows.
//
// Every value reaches the MATCH expression as an index token (letters, digits and marks only,
// see tokens.ts) or as a hex-encoded attribute token; nothing a user types can change the
// expression's structure, and nothing reaches SQL except as a bound parameter.
import { matchWord, tokenize, type Token } from './tokens.js';
import type { FieldFilter, TextNode } from './query-ast.js';

export type Residual =
  | { kind: 'like'; value: string }
  | { kind: 'match'; match: string }
  | { kind: 'and' | 'or'; children: Residual[] }
  | { kind: 'not'; child: Residual };

export interface TextPlan {
  /** FTS4 MATCH expression implied by the query, or null when nothing is (scan by filters instead). */
  match: string | null;
  /** What must still be checked on each row, or null when `match` is exact. */
  residual: Residual | null;
  /**
   * The match only comes from short substring tokens (`"| sh"` gives `sh*`, which also matches
   * every `shop` and `shadow`): a selective filter's index finds the rows faster.
   */
  weak: boolean;
  /**
   * The index looks the text up by a word, phrase or a substring token of LOOKUP_TOKEN characters
   * or more. Otherwise (`| sh`, `/tmp/`, `rm -rf /tmp`, `10.3.1`) the match reads the doclists of
   * short, common tokens or of every token with a short prefix, and searching the texts themselves
   * is faster (substring-scan.ts; measured in docs/search.md, "Substrings in memory").
   */
  lookup: boolean;
  /** The whole text as a row check, for plans that do not start from the index (null: no text). */
  whole: Residual | null;
}

interface Analysis {
  approx: string | null;
  exact: boolean;
}

/** The FTS column that holds the searched text (the other, `attrs`, holds filter tokens). */
const TEXT = 'text';

export function planText(node: TextNode | null): TextPlan {
  if (node === null) return { match: null, residual: null, weak: false, lookup: false, whole: null };
  const a = analyze(node);
  const weak = strength(node) === 'weak';
  const lookup = looksUp(node);
  const whole = residualOf(node);
  if (a.exact) return { match: a.approx, residual: null, weak, lookup, whole };
  if (node.type !== 'and') return { match: a.approx, residual: residualOf(node), weak, lookup, whole };
  // Top-level AND: the match already enforces its exact positive parts (and, when there is a
  // positive match, its exact negative parts); only the rest is checked row by row.
  const hasPositiveMatch = a.approx !== null;
  const rest = node.children.filter((child) => {
    if (child.type === 'not') return !(hasPositiveMatch && analyze(child.child).exact);
    return !analyze(child).exact;
  });
  return { match: a.approx, residual: rest.length === 1 ? residualOf(rest[0] as TextNode) : { kind: 'and', children: rest.map(residualOf) }, weak, lookup, whole };
}

/** See TextPlan.lookup. */
function looksUp(node: TextNode): boolean {
  switch (node.type) {
    case 'term':
    case 'phrase':
      return true;
    case 'substring':
      // substringPrefilter always keeps the longest tokens, so this is "it uses one this long".
      return tokenize(node.value).some((t) => t.start > 0 && t.text.length >= LOOKUP_TOKEN);
    case 'not':
      return false;
    case 'and':
      return node.children.some((c) => c.type !== 'not' && looksUp(c));
    case 'or':
      return node.children.every(looksUp);
  }
}

/** Substring tokens this long make a lookup (`2222`, `pass`, `shadow`); shorter ones are common. */
const LOOKUP_TOKEN = 4;

/** How selective the index match of a node is: words and phrases are strong; see TextPlan.weak. */
function strength(node: TextNode): 'strong' | 'weak' | 'none' {
  switch (node.type) {
    case 'term':
    case 'phrase':
      return 'strong';
    case 'substring': {
      const tokens = tokenize(node.value).filter((t) => t.start > 0);
      const last = tokens[tokens.length - 1];
      if (last === undefined) return 'none';
      const prefix = last.end === node.value.length;
      return tokens.length === 1 && last.text.length <= (prefix ? 3 : 2) ? 'weak' : 'strong';
    }
    case 'not':
      return 'none';
    case 'and': {
      const parts = node.children.filter((c) => c.type !== 'not').map(strength);
      return parts.includes('strong') ? 'strong' : parts.includes('weak') ? 'weak' : 'none';
    }
    case 'or': {
      const parts = node.children.map(strength);
      return parts.includes('none') ? 'none' : parts.includes('weak') ? 'weak' : 'strong';
    }
  }
}

function analyze(node: TextNode): Analysis {
  switch (node.type) {
    case 'term':
      return { approx: `${TEXT}:${matchWord(node.value)}${node.prefix ? '*' : ''}`, exact: true };
    case 'phrase':
      // A column filter cannot precede a quoted phrase in FTS4, so phrases search both columns.
      // Attribute tokens are single hex words that never form a phrase of two or more tokens.
      return { approx: `"${node.words.map(matchWord).join(' ')}${node.prefix ? '*' : ''}"`, exact: true };
    case 'substring':
      return { approx: substringPrefilter(node.value), exact: false };
    case 'not':
      return { approx: null, exact: false };
    case 'or': {
      const parts = node.children.map(analyze);
      const approx = parts.some((p) => p.approx === null) ? null : `(${parts.map((p) => p.approx).join(' OR ')})`;
      return { approx, exact: approx !== null && parts.every((p) => p.exact) };
    }
    case 'and': {
      const positive = node.children.filter((c) => c.type !== 'not').map(analyze);
      const negative = node.children.flatMap((c) => (c.type === 'not' ? [analyze(c.child)] : []));
      const matches = positive.flatMap((p) => (p.approx === null ? [] : [p.approx]));
      let approx = matches.length === 0 ? null : matches.length === 1 ? (matches[0] as string) : `(${matches.join(' AND ')})`;
      const exactNegative = negative.filter((n) => n.exact && n.approx !== null).map((n) => n.approx as string);
      if (approx !== null && exactNegative.length > 0) {
        approx = `(${approx} NOT ${exactNegative.length === 1 ? exactNegative[0] : `(${exactNegative.join(' OR ')})`})`;
      }
      const exact = approx !== null && positive.every((p) => p.exact) && negative.every((n) => n.exact);
      return { approx, exact };
    }
  }
}

function residualOf(node: TextNode): Residual {
  const a = analyze(node);
  if (a.exact && a.approx !== null) return { kind: 'match', match: a.approx };
  switch (node.type) {
    case 'substring':
      return { kind: 'like', value: node.value };
    case 'not':
      return { kind: 'not', child: residualOf(node.child) };
    case 'and':
    case 'or':
      return { kind: node.type, children: node.children.map(residualOf) };
    default:
      throw new Error(`internal: ${node.type} is always exact`);
  }
}

/**
 * The tokens a substring forces on any text containing it, as an FTS4 expression. A token that
 * starts the substring may be the tail of a longer word (`tc/shadow` is in `/etc/shadow`), so it
 * is left out; a token that ends it may continue (`/etc/shad`), so it becomes a prefix. The rest
 * are whole tokens, consecutive in the text: a phrase. But a phrase reads the positions of every
 * token, and short ones (`etc`, `tmp`, `sh`) are the common ones: when the substring also has
 * tokens of LONG_TOKEN characters or more, only those drive (`/etc/shadow` -> `shadow*`: the same
 * 9,405 rows out of 1M as the phrase, in a sixth of the time). One-character tokens (the `n` of
 * `tail -n 40`, the `p` of `-p 2222`) are option letters found in a large share of all commands:
 * in a phrase their positions cost more than the rest of the query (1M-command case: `"n 40*"`
 * 18 ms against `40*` 6 ms for the same rows once a user: filter joins), so they are left out
 * whenever a longer token remains. LIKE decides either way.
 */
export function substringPrefilter(value: string): string | null {
  const tokens = tokenize(value).filter((t) => t.start > 0);
  const last = tokens[tokens.length - 1];
  if (last === undefined) return null;
  const term = (t: Token): string => `${TEXT}:${matchWord(t.text)}${t.end === value.length ? '*' : ''}`;
  const long = tokens.filter((t) => t.text.length >= LONG_TOKEN);
  if (long.length > 0 && long.length < tokens.length) return long.length === 1 ? term(long[0] as Token) : `(${long.map(term).join(' AND ')})`;
  const wider = tokens.filter((t) => t.text.length > 1);
  if (wider.length > 0 && wider.length < tokens.length) return wider.length === 1 ? term(wider[0] as Token) : `(${wider.map(term).join(' AND ')})`;
  if (tokens.length === 1) return term(last);
  return `"${tokens.map((t) => matchWord(t.text)).join(' ')}${last.end === value.length ? '*' : ''}"`;
}

/** Tokens this long are taken as selective enough to drive a substring search on their own. */
const LONG_TOKEN = 5;

// ---- filters as index tokens ------------------------------------------------------------------

/** Fields the command index holds as tokens in its `attrs` column: `u<hex(user)> h<hex(host)>`. */
export const ATTR_PREFIX = { user: 'u', host: 'h' } as const;
export type AttrField = keyof typeof ATTR_PREFIX;

export function isAttrField(field: string): field is AttrField {
  return field === 'user' || field === 'host';
}

function hex(value: string): string {
  return Buffer.from(value, 'utf8').toString('hex');
}

/** `(attrs:u616c696365 OR attrs:u626f62*)`: the filter as attribute tokens (exact, case-sensitive). */
export function attrMatch(filter: FieldFilter): string {
  if (!isAttrField(filter.field)) throw new Error(`internal: ${filter.field} is not an index attribute`);
  const letter = ATTR_PREFIX[filter.field];
  const parts = filter.values.map((v) => `attrs:${letter}${hex(v.value)}${v.prefix ? '*' : ''}`);
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' OR ')})`;
}

/** Joins the text match and attribute filters; negative parts need a positive one (FTS4 NOT is binary). */
export function combineMatch(text: string | null, required: readonly string[], excluded: readonly string[]): string | null {
  const positive = [...(text === null ? [] : [text]), ...required];
  if (positive.length === 0) return null;
  let match = positive.length === 1 ? (positive[0] as string) : positive.join(' AND ');
  if (excluded.length > 0) match = `(${match}) NOT ${excluded.length === 1 ? excluded[0] : `(${excluded.join(' OR ')})`}`;
  return match;
}
