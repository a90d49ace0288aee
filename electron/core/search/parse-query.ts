// The search query language (docs/search.md): words, "phrases", prefix*, AND / OR / NOT and
// parentheses, literal substrings for text with punctuation, field filters, a time range and a
// scope. A hand-written lexer and recursive-descent parser, so every mistake is reported with the
// column where it is: "unbalanced parenthesis at column 12".
//
//   query   := or?
//   or      := and ("OR" and)*
//   and     := unary (["AND"] unary)*          adjacent terms are ANDed
//   unary   := "NOT" unary | "(" or ")" | WORD | "PHRASE" | FIELD:VALUE
//
// Precedence: NOT binds tighter than AND, AND tighter than OR. Operators are upper case; `or`
// is a word. Field filters (user: host: session: tty: source: flag: after: before: in:) apply to
// the whole query wherever they stand outside parentheses (optionally after NOT).
import { QueryError, columnOf } from './query-error.js';
import {
  isFilterField,
  type FieldFilter,
  type FilterField,
  type ParsedQuery,
  type PhraseNode,
  type Scope,
  type SubstringNode,
  type TermNode,
  type TextNode,
  type TimeBound,
} from './query-ast.js';
import { foldToken, isSingleToken } from './tokens.js';
import { UTC, resolveTimeZone, wallTimeToUtcMs, type TimeZone } from './time-zone.js';

export interface ParseOptions {
  /** Zone for dates and times written without one (`after:2024-11-21`); default UTC. */
  timezone?: string;
}

/** Parenthesis nesting and the number of words a query may hold (FTS4 limits its expression depth). */
export const MAX_DEPTH = 8;
export const MAX_LEAVES = 64;

const KNOWN_FIELDS = ['user', 'host', 'session', 'tty', 'source', 'flag', 'after', 'before', 'in'];

type Lexeme =
  | { t: 'lparen'; at: number }
  | { t: 'rparen'; at: number }
  | { t: 'op'; op: 'AND' | 'OR' | 'NOT'; at: number }
  | { t: 'word'; raw: string; at: number }
  | { t: 'phrase'; raw: string; at: number }
  | { t: 'field'; name: string; value: string; quoted: boolean; at: number; valueAt: number };

type Leaf = TermNode | PhraseNode | SubstringNode;
type FieldLexeme = Extract<Lexeme, { t: 'field' }>;

type PNode =
  | { k: 'leaf'; node: Leaf }
  | { k: 'field'; f: FieldLexeme }
  | { k: 'and' | 'or'; c: PNode[] }
  | { k: 'not'; c: PNode; at: number }
  | { k: 'group'; c: PNode; at: number };

export function parseQuery(source: string, options: ParseOptions = {}): ParsedQuery {
  let zone: TimeZone = UTC;
  if (options.timezone !== undefined) {
    try {
      zone = resolveTimeZone(options.timezone);
    } catch (error) {
      throw new QueryError('bad-zone', (error as Error).message, null);
    }
  }
  const lexemes = lex(source);
  const { rest, filters } = extractFilters(source, lexemes);
  const parser = new Parser(source, rest);
  const root = parser.parseTop();
  if (root !== null) rejectNestedFields(source, root);

  const query: ParsedQuery = {
    source,
    text: root === null ? null : toText(source, root),
    filters: [],
    after: null,
    before: null,
    scope: 'all',
    timezone: zone.name,
    fuzzyText: rest
      .filter((l): l is Extract<Lexeme, { t: 'word' | 'phrase' }> => l.t === 'word' || l.t === 'phrase')
      .map((l) => l.raw)
      .join(' '),
    firstOperator: firstOperator(source, rest),
    warnings: parser.warnings,
  };

  let scopeSeen = false;
  for (const { lexeme: field, negated } of filters) {
    const name = field.name;
    const at = (index: number): number => columnOf(source, index);
    if (name === 'in' || name === 'after' || name === 'before') {
      if (negated) {
        const hint = name === 'in' ? 'name the scope you want with in:' : `use ${name === 'after' ? 'before:' : 'after:'} instead`;
        throw new QueryError('filter-placement', `NOT ${name}: is not supported (${hint})`, at(field.at));
      }
      if (name === 'in') {
        if (scopeSeen) throw new QueryError('duplicate-filter', 'in: given twice', at(field.at));
        scopeSeen = true;
        query.scope = parseScope(field.value, at(field.valueAt));
      } else {
        const bound = parseTimeBound(name, field.value, at(field.valueAt), zone);
        if (query[name] !== null) throw new QueryError('duplicate-filter', `${name}: given twice`, at(field.at));
        query[name] = bound;
      }
      continue;
    }
    if (!isFilterField(name)) throw new Error(`internal: field ${name} is not a filter`);
    const values = parseFilterValues(name, field, at(field.valueAt));
    const same = query.filters.find((f) => f.field === name && f.negated === negated);
    // Repeating a field widens it (`user:alice user:bob` = either); NOT user:x narrows.
    if (same !== undefined && !negated) same.values.push(...values);
    else query.filters.push({ field: name, values, negated, column: at(field.at) });
  }
  if (query.after !== null && query.before !== null && query.after.us >= query.before.us) {
    throw new QueryError('empty-range', `after:${query.after.text} is not earlier than before:${query.before.text}, so nothing can match`, query.before.column);
  }
  return query;
}

/**
 * Filters outside parentheses apply to the whole query wherever they stand (`psql OR git user:bob`
 * is both words, for bob): they are taken out before the boolean text is parsed, with a NOT just
 * before them (negation) and an AND (a connector). OR next to a filter has no meaning: refused.
 * Filters inside parentheses stay, and the parser refuses them with their column.
 */
function extractFilters(source: string, lexemes: readonly Lexeme[]): { rest: Lexeme[]; filters: Array<{ lexeme: FieldLexeme; negated: boolean }> } {
  const rest: Lexeme[] = [];
  const filters: Array<{ lexeme: FieldLexeme; negated: boolean }> = [];
  let depth = 0;
  const isOp = (l: Lexeme | undefined, op: string): boolean => l?.t === 'op' && l.op === op;
  lexemes.forEach((l, i) => {
    if (l.t === 'lparen') depth++;
    else if (l.t === 'rparen') depth = Math.max(0, depth - 1);
    if (l.t !== 'field' || depth > 0) {
      rest.push(l);
      return;
    }
    let negated = false;
    if (isOp(rest[rest.length - 1], 'NOT')) {
      rest.pop();
      negated = true;
    }
    if (isOp(rest[rest.length - 1], 'AND')) rest.pop();
    if (isOp(rest[rest.length - 1], 'OR') || isOp(lexemes[i + 1], 'OR')) {
      throw new QueryError(
        'filter-placement',
        `the filter ${l.name}: applies to the whole query and cannot be an alternative with OR (several values: ${l.name}:a,b)`,
        columnOf(source, l.at),
      );
    }
    filters.push({ lexeme: l, negated });
  });
  return { rest, filters };
}

// ---- lexer ----------------------------------------------------------------------------------

function lex(source: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (/\s/u.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(') {
      out.push({ t: 'lparen', at: i++ });
      continue;
    }
    if (ch === ')') {
      out.push({ t: 'rparen', at: i++ });
      continue;
    }
    if (ch === '"') {
      const q = readQuoted(source, i);
      out.push({ t: 'phrase', raw: q.value, at: i });
      i = q.end;
      continue;
    }
    const field = /^([A-Za-z]+):/.exec(source.slice(i, i + 16));
    if (field !== null && KNOWN_FIELDS.includes((field[1] as string).toLowerCase())) {
      const name = (field[1] as string).toLowerCase();
      const valueAt = i + (field[0] as string).length;
      if (source.charAt(valueAt) === '"') {
        const q = readQuoted(source, valueAt);
        out.push({ t: 'field', name, value: q.value, quoted: true, at: i, valueAt });
        i = q.end;
      } else {
        const end = readBare(source, valueAt);
        const value = source.slice(valueAt, end);
        if (value === '') throw new QueryError('empty-value', `${name}: needs a value`, columnOf(source, i));
        out.push({ t: 'field', name, value, quoted: false, at: i, valueAt });
        i = end;
      }
      continue;
    }
    const end = readBare(source, i);
    const raw = source.slice(i, end);
    if (raw === 'AND' || raw === 'OR' || raw === 'NOT') out.push({ t: 'op', op: raw, at: i });
    else out.push({ t: 'word', raw, at: i });
    i = end;
  }
  return out;
}

/** A bare word runs to whitespace, or to a `)` that closes no `(` inside the word: `$(id)` is one word. */
function readBare(source: string, start: number): number {
  let depth = 0;
  let i = start;
  for (; i < source.length; i++) {
    const ch = source.charAt(i);
    if (/\s/u.test(ch)) break;
    if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth === 0) break;
      depth--;
    }
  }
  return i;
}

/** A double-quoted string starting at `start`; `\"` and `\\` are escapes, other backslashes are kept. */
function readQuoted(source: string, start: number): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < source.length; i++) {
    const ch = source.charAt(i);
    if (ch === '"') return { value, end: i + 1 };
    if (ch === '\\' && (source.charAt(i + 1) === '"' || source.charAt(i + 1) === '\\')) {
      value += source.charAt(++i);
      continue;
    }
    value += ch;
  }
  throw new QueryError('unterminated-quote', 'unterminated quote', columnOf(source, start));
}

function firstOperator(source: string, lexemes: readonly Lexeme[]): ParsedQuery['firstOperator'] {
  for (const l of lexemes) {
    if (l.t === 'op') return { text: l.op, column: columnOf(source, l.at) };
    if (l.t === 'lparen' || l.t === 'rparen') return { text: l.t === 'lparen' ? '(' : ')', column: columnOf(source, l.at) };
  }
  return null;
}

// ---- parser ---------------------------------------------------------------------------------

class Parser {
  private pos = 0;
  private depth = 0;
  private leaves = 0;
  readonly warnings: string[] = [];

  constructor(
    private readonly source: string,
    private readonly lexemes: readonly Lexeme[],
  ) {}

  parseTop(): PNode | null {
    const root = this.parseOr();
    const next = this.peek();
    if (next !== undefined) {
      // parseOr stops only at `)` or the end: a `)` here closes nothing.
      if (next.t === 'rparen') throw this.error('unbalanced-parenthesis', 'unbalanced parenthesis', next.at);
      throw this.error('missing-operand', `unexpected ${describe(next)}`, next.at);
    }
    return root;
  }

  private peek(): Lexeme | undefined {
    return this.lexemes[this.pos];
  }

  private error(code: ConstructorParameters<typeof QueryError>[0], reason: string, at: number): QueryError {
    return new QueryError(code, reason, columnOf(this.source, at));
  }

  private parseOr(): PNode | null {
    const first = this.parseAnd();
    const parts: PNode[] = [];
    if (first !== null) parts.push(first);
    for (let next = this.peek(); next?.t === 'op' && next.op === 'OR'; next = this.peek()) {
      if (parts.length === 0) throw this.error('missing-operand', 'missing term before OR', next.at);
      this.pos++;
      const right = this.parseAnd();
      if (right === null) throw this.error('missing-operand', 'missing term after OR', next.at);
      parts.push(right);
    }
    if (parts.length === 0) return null;
    return parts.length === 1 ? (parts[0] as PNode) : { k: 'or', c: parts };
  }

  private parseAnd(): PNode | null {
    const parts: PNode[] = [];
    for (;;) {
      const next = this.peek();
      if (next === undefined || next.t === 'rparen' || (next.t === 'op' && next.op === 'OR')) break;
      if (next.t === 'op' && next.op === 'AND') {
        if (parts.length === 0) throw this.error('missing-operand', 'missing term before AND', next.at);
        this.pos++;
        if (!this.startsUnary()) throw this.error('missing-operand', 'missing term after AND', next.at);
        continue;
      }
      parts.push(this.parseUnary());
    }
    if (parts.length === 0) return null;
    return parts.length === 1 ? (parts[0] as PNode) : { k: 'and', c: parts };
  }

  private startsUnary(): boolean {
    const next = this.peek();
    return next !== undefined && next.t !== 'rparen' && !(next.t === 'op' && next.op !== 'NOT');
  }

  private parseUnary(): PNode {
    const next = this.peek();
    if (next === undefined) throw new Error('internal: parseUnary at the end');
    this.pos++;
    switch (next.t) {
      case 'op': {
        // parseAnd hands over only NOT here (AND and OR are handled by the callers).
        if (!this.startsUnary()) throw this.error('missing-operand', 'missing term after NOT', next.at);
        return { k: 'not', c: this.parseUnary(), at: next.at };
      }
      case 'lparen': {
        if (++this.depth > MAX_DEPTH) throw this.error('too-complex', `parentheses nested deeper than ${MAX_DEPTH}`, next.at);
        const inner = this.parseOr();
        const close = this.peek();
        if (close === undefined) throw this.error('unbalanced-parenthesis', 'unbalanced parenthesis', next.at);
        if (close.t !== 'rparen') throw this.error('missing-operand', `unexpected ${describe(close)}`, close.at);
        if (inner === null) throw this.error('empty-group', 'empty parentheses', next.at);
        this.pos++;
        this.depth--;
        return { k: 'group', c: inner, at: next.at };
      }
      case 'rparen':
        throw this.error('unbalanced-parenthesis', 'unbalanced parenthesis', next.at);
      case 'field':
        return { k: 'field', f: next };
      case 'word':
      case 'phrase': {
        if (++this.leaves > MAX_LEAVES) throw this.error('too-complex', `more than ${MAX_LEAVES} words`, next.at);
        if (next.t === 'word') this.warnUnknownField(next.raw);
        return { k: 'leaf', node: next.t === 'word' ? wordLeaf(next.raw, columnOf(this.source, next.at)) : quotedLeaf(next.raw, this.source, next.at) };
      }
    }
  }

  private warnUnknownField(raw: string): void {
    const m = /^([A-Za-z]{2,12}):(.+)$/.exec(raw);
    if (m === null || (m[2] as string).startsWith('/')) return;
    const name = (m[1] as string).toLowerCase();
    const near = KNOWN_FIELDS.find((f) => editDistance(f, name) <= (f.length > 4 ? 2 : 1));
    if (near !== undefined) this.warnings.push(`"${raw}" was searched as text: there is no field ${name}: (did you mean ${near}:?)`);
  }
}

function describe(l: Lexeme): string {
  switch (l.t) {
    case 'lparen':
      return '(';
    case 'rparen':
      return ')';
    case 'op':
      return l.op;
    case 'field':
      return `${l.name}:`;
    default:
      return JSON.stringify(l.raw);
  }
}

function wordLeaf(raw: string, column: number): Leaf {
  if (raw.length > 1 && raw.endsWith('*')) {
    const base = raw.slice(0, -1);
    if (isSingleToken(base)) return { type: 'term', value: base, token: foldToken(base), prefix: true, column };
    // `/etc/pass*`: a substring already matches anything that continues it.
    return { type: 'substring', value: base, column };
  }
  if (isSingleToken(raw)) return { type: 'term', value: raw, token: foldToken(raw), prefix: false, column };
  return { type: 'substring', value: raw, column };
}

function quotedLeaf(raw: string, source: string, at: number): Leaf {
  const column = columnOf(source, at);
  const trimmed = raw.trim();
  if (trimmed === '') throw new QueryError('empty-value', 'empty quotes', column);
  const pieces = trimmed.split(/\s+/u);
  const last = pieces[pieces.length - 1] as string;
  const prefix = last.length > 1 && last.endsWith('*');
  if (prefix) pieces[pieces.length - 1] = last.slice(0, -1);
  if (pieces.every(isSingleToken)) {
    if (pieces.length === 1) return { type: 'term', value: pieces[0] as string, token: foldToken(pieces[0] as string), prefix, column };
    return { type: 'phrase', value: trimmed, words: pieces, tokens: pieces.map(foldToken), prefix, column };
  }
  return { type: 'substring', value: raw, column };
}

function flatten(node: TextNode): TextNode {
  if (node.type !== 'and' && node.type !== 'or') return node;
  const children: TextNode[] = [];
  for (const child of node.children.map(flatten)) {
    if (child.type === node.type) children.push(...child.children);
    else children.push(child);
  }
  return { type: node.type, children };
}

function toText(source: string, n: PNode): TextNode {
  switch (n.k) {
    case 'leaf':
      return n.node;
    case 'group':
      return toText(source, n.c);
    case 'not':
      return { type: 'not', child: toText(source, n.c), column: columnOf(source, n.at) };
    case 'and':
    case 'or':
      return flatten({ type: n.k, children: n.c.map((c) => toText(source, c)) });
    case 'field':
      throw new Error('internal: a field inside text');
  }
}

function rejectNestedFields(source: string, n: PNode): void {
  const walk = (p: PNode): void => {
    if (p.k === 'field') {
      throw new QueryError(
        'filter-placement',
        `the filter ${p.f.name}: applies to the whole query and cannot stand inside parentheses; put it outside them (several values: ${p.f.name}:a,b)`,
        columnOf(source, p.f.at),
      );
    }
    if (p.k === 'and' || p.k === 'or') p.c.forEach(walk);
    else if (p.k === 'not' || p.k === 'group') walk(p.c);
  };
  walk(n);
}

// ---- field values ---------------------------------------------------------------------------

function parseScope(value: string, column: number): Scope {
  switch (value.toLowerCase()) {
    case 'commands':
    case 'command':
    case 'cmd':
      return 'commands';
    case 'screen':
    case 'screens':
      return 'screen';
    case 'all':
      return 'all';
    default:
      throw new QueryError('bad-value', `in: takes commands, screen or all, not ${JSON.stringify(value)}`, column);
  }
}

function parseFilterValues(field: FilterField, lexeme: FieldLexeme, column: number): FieldFilter['values'] {
  const pieces = lexeme.quoted ? [lexeme.value] : lexeme.value.split(',');
  return pieces.map((piece) => {
    if (piece === '') throw new QueryError('empty-value', `${field}: has an empty value in ${JSON.stringify(lexeme.value)}`, column);
    if (!lexeme.quoted && piece.endsWith('*')) {
      if (piece === '*' && field !== 'flag') throw new QueryError('bad-value', `${field}:* would match every row; leave the filter out`, column);
      return { value: piece.slice(0, -1), prefix: true };
    }
    return { value: piece, prefix: false };
  });
}

const TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const EXAMPLES = 'use 2024-11-21, 2024-11-21T03:00, 2024-11-21T03:00:00.5Z or 2024-11-21T03:00+01:00';

/** `after:`/`before:` values: a date (midnight in the zone), or a date and time, with or without a zone. */
export function parseTimeBound(name: string, text: string, column: number, zone: TimeZone): TimeBound {
  const m = TIME.exec(text.trim());
  const bad = (why: string): QueryError => new QueryError('bad-time', `${name}:${text} is not a time (${why}; ${EXAMPLES})`, column);
  if (m === null) throw bad('unrecognised form');
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12) throw bad(`month ${mo}`);
  const date = new Date(0);
  date.setUTCFullYear(y, mo, 0);
  if (d < 1 || d > date.getUTCDate()) throw bad(`day ${d}`);
  if (h > 23 || mi > 59 || s > 59) throw bad('hour, minute or second out of range');
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  const wallMs = date.getTime();
  const micros = Number((m[7] ?? '').padEnd(6, '0') || '0');
  let utcMs: number;
  const explicit = m[8];
  if (explicit !== undefined) {
    if (m[4] === undefined) throw bad('a zone needs a time of day');
    if (/^z$/i.test(explicit)) utcMs = wallMs;
    else {
      const off = /^([+-])(\d{2}):?(\d{2})?$/.exec(explicit);
      const hours = Number(off?.[2] ?? 0);
      const minutes = Number(off?.[3] ?? 0);
      if (off === null || hours > 23 || minutes > 59) throw bad(`zone ${explicit}`);
      utcMs = wallMs - (off[1] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
    }
  } else {
    utcMs = wallTimeToUtcMs(wallMs, zone);
  }
  return { us: utcMs * 1000 + micros, text, column };
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] as number;
      row[j] = Math.min(up + 1, (row[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length] as number;
}
