// The parsed form of a search query (docs/search.md). The text part is a boolean tree of words,
// phrases and substrings; field filters and the time range are kept apart, because they always
// apply to the whole query (wherever they stand outside parentheses; the parser refuses them
// inside parentheses and next to OR).

/** A plain word: one index token, optionally a prefix (`kube*`). */
export interface TermNode {
  type: 'term';
  /** As typed, without the trailing `*`. */
  value: string;
  /** Folded (for highlights); the MATCH expression carries `value`. */
  token: string;
  prefix: boolean;
  column: number;
}

/** A quoted run of words (`"apt install"`, `"kubectl get po*"`): consecutive tokens. */
export interface PhraseNode {
  type: 'phrase';
  value: string;
  /** The words as typed (what the MATCH expression carries). */
  words: string[];
  /** Folded (for highlights). */
  tokens: string[];
  /** The last token is a prefix. */
  prefix: boolean;
  column: number;
}

/**
 * Literal text that contains separators the index drops (`/etc/shadow`, `"rm -rf /"`, `"| sh"`):
 * matched as a substring, case-insensitive for ASCII letters.
 */
export interface SubstringNode {
  type: 'substring';
  value: string;
  column: number;
}

export interface AndNode {
  type: 'and';
  children: TextNode[];
}

export interface OrNode {
  type: 'or';
  children: TextNode[];
}

export interface NotNode {
  type: 'not';
  child: TextNode;
  column: number;
}

export type TextNode = TermNode | PhraseNode | SubstringNode | AndNode | OrNode | NotNode;

export const FILTER_FIELDS = ['user', 'host', 'session', 'tty', 'source', 'flag'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export interface FilterValue {
  value: string;
  /** `host:web-*`: every value starting with `value`. */
  prefix: boolean;
}

/** `user:alice`, `host:web-1,web-2`, `NOT user:root`: a row matches when its field is any of the values. */
export interface FieldFilter {
  field: FilterField;
  values: FilterValue[];
  negated: boolean;
  column: number;
}

export interface TimeBound {
  /** Microseconds since the epoch (UTC). */
  us: number;
  /** As typed. */
  text: string;
  column: number;
}

export type Scope = 'commands' | 'screen' | 'all';

export interface ParsedQuery {
  source: string;
  /** The boolean text query, or null when the query has only filters. */
  text: TextNode | null;
  filters: FieldFilter[];
  /** Rows at or after this time. */
  after: TimeBound | null;
  /** Rows strictly before this time. */
  before: TimeBound | null;
  scope: Scope;
  /** The zone bare dates and times were read in. */
  timezone: string;
  /**
   * For fuzzy mode: the words and phrases as typed, joined by one space (obfuscation included:
   * `c\url`, `/bin/ba''sh`), and the first boolean operator or parenthesis, which fuzzy mode refuses.
   */
  fuzzyText: string;
  firstOperator: { text: string; column: number } | null;
  /** Things worth telling the user, e.g. `usr:alice` was searched as text (no field `usr`). */
  warnings: string[];
}

export function isFilterField(name: string): name is FilterField {
  return (FILTER_FIELDS as readonly string[]).includes(name);
}

/** The leaves that must be present in a match (not under NOT): what results highlight. */
export function positiveLeaves(node: TextNode | null): Array<TermNode | PhraseNode | SubstringNode> {
  const out: Array<TermNode | PhraseNode | SubstringNode> = [];
  const walk = (n: TextNode): void => {
    switch (n.type) {
      case 'and':
      case 'or':
        n.children.forEach(walk);
        break;
      case 'not':
        break;
      default:
        out.push(n);
    }
  };
  if (node !== null) walk(node);
  return out;
}
