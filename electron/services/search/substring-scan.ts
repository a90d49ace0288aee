// Substring searches over the commands or screen samples of one database, in JavaScript
// (docs/search.md, "Substrings in memory"): the query's longest required substring is found with
// indexOf over every text at once (text-columns.ts), and only the rows it lands in are checked
// against the rest of the query; or the full-text index's candidates are checked on those texts
// (residualCheck). Same rows, same order and same totals as the SQL plan with its LIKE row checks:
// test/integration/search-substring-scan.test.ts compares the two on a generated corpus.
//
// The scan takes (canScanSubstrings) text made only of substrings (AND / OR / NOT of them, at
// least one required) with filters on user, host, session, tty and time, in time order; the rest
// runs in SQL (relevance ranks with the full-text index; flag: filters name spans of the catalog;
// source: is rare and not kept in memory).
import type { Database } from 'sql.js';
import type { Residual } from '../../core/search/fts-plan.js';
import type { FieldFilter } from '../../core/search/query-ast.js';
import { asciiLower } from '../../core/search/tokens.js';
import type { KindTables } from './search-index.js';
import { NUL_IN_TEXT, ROW_SEPARATOR, textColumns, type TextColumns } from './text-columns.js';
import type { KindConstraints } from './plan-sql.js';

export interface ScanResult {
  total: number;
  /** Docids of the first `need` rows in the requested order. */
  page: number[];
  /** What was searched for, for `explain`. */
  plan: string;
}

/** Whether `scanSubstrings` can answer these constraints (without building anything). */
export function canScanSubstrings(c: KindConstraints): boolean {
  return (
    c.match === null &&
    c.order !== 'relevance' &&
    c.flags.length === 0 &&
    c.rowFilters.every((f) => f.field === 'user' || f.field === 'host') &&
    c.residual !== null &&
    usable(c.residual) &&
    driver(c.residual) !== null
  );
}

/** The constraints' matches among the rows of one kind of `db` (must satisfy canScanSubstrings). */
export function scanSubstrings(db: Database, k: KindTables, c: KindConstraints): ScanResult {
  if (!canScanSubstrings(c)) throw new Error('internal: these constraints are not a substring scan');
  const residual = lowered(c.residual as Residual);
  const needle = driver(residual) as string;
  const cols = textColumns(db, k);
  const test = rowTest(cols, c, residual);
  const [first, end] = rowRange(cols, c);
  const { text, starts } = cols;
  // indexOf runs fastest from a character that is rare in the texts (V8 skips ahead to each
  // occurrence of the pattern's first character): search from there, then check the whole needle.
  const skip = anchorOffset(needle, cols.charCounts);
  const anchor = needle.slice(skip);
  const begin = starts[first] as number;
  const stop = (starts[end] as number) - 1;
  const matches: number[] = [];
  let from = begin + skip;
  let row = first;
  for (;;) {
    const found = text.indexOf(anchor, from);
    const at = found - skip;
    if (found < 0 || at >= stop) break;
    if (skip > 0 && (at < begin || !text.startsWith(needle, at))) {
      from = found + 1;
      continue;
    }
    row = rowAt(starts, at, row, end);
    if (test(row)) matches.push(row);
    from = (starts[row + 1] as number) + skip;
  }
  const ordered = c.order === 'newest' ? matches.slice(-c.need).reverse() : matches.slice(0, c.need);
  return {
    total: matches.length,
    page: ordered.map((r) => cols.docids[r] as number),
    plan: `indexOf ${JSON.stringify(anchor)}${skip > 0 ? ` (of ${JSON.stringify(needle)})` : ''} over rows ${first}..${end} of ${cols.docids.length}`,
  };
}

/**
 * Where in the needle to search from: its rarest character in these texts, leaving at least 3
 * characters (or all). indexOf's time follows how often the pattern's first character occurs
 * (a 52 MB shard of screen samples: `rm -rf /tmp` 22.5 ms, `f /tmp` 5.0 ms; 21 MB of commands:
 * `-n 4` 9.8 ms, `| sh` 2.2 ms), more than the pattern's length.
 */
function anchorOffset(needle: string, counts: Uint32Array): number {
  let best = 0;
  let bestCount = Infinity;
  for (let i = 0; i <= needle.length - Math.min(3, needle.length); i++) {
    const c = needle.charCodeAt(i);
    const n = c < 256 ? (counts[c] as number) : 0;
    if (n < bestCount) {
      best = i;
      bestCount = n;
    }
  }
  return best;
}

/** Whether a residual (what the full-text match leaves to check) can be checked in memory: substrings only. */
export function checkableInMemory(residual: Residual | null): residual is Residual {
  return residual !== null && usable(residual);
}

/**
 * The residual as a check of the row with a given docid, on the texts in memory: for plans the
 * full-text index drives, instead of reading each candidate row in SQLite and running LIKE there
 * (two B-tree lookups per candidate, and screen samples of ~20 KB read across overflow pages).
 */
export function residualCheck(db: Database, k: KindTables, residual: Residual): (docid: number) => boolean {
  const cols = textColumns(db, k);
  const check = lowered(residual);
  const { docids, starts, text } = cols;
  return (docid) => {
    const row = firstAtLeast(docids, docid);
    if (docids[row] !== docid) throw new Error(`internal: docid ${docid} is not among the ${k.kind} rows in memory`);
    return holds(check, text.slice(starts[row], (starts[row + 1] as number) - 1));
  };
}

// ---- the text ------------------------------------------------------------------------------

function usable(r: Residual): boolean {
  switch (r.kind) {
    case 'like':
      return r.value.length > 0 && !r.value.includes(ROW_SEPARATOR) && !r.value.includes(NUL_IN_TEXT);
    case 'match':
      return false;
    case 'not':
      return usable(r.child);
    case 'and':
    case 'or':
      return r.children.every(usable);
  }
}

function lowered(r: Residual): Residual {
  switch (r.kind) {
    case 'like':
      return { kind: 'like', value: asciiLower(r.value) };
    case 'not':
      return { kind: 'not', child: lowered(r.child) };
    case 'and':
    case 'or':
      return { kind: r.kind, children: r.children.map(lowered) };
    default:
      return r;
  }
}

/** The longest substring every match contains, or null when there is none (OR / NOT only). */
function driver(r: Residual): string | null {
  if (r.kind === 'like') return r.value;
  if (r.kind !== 'and') return null;
  let best: string | null = null;
  for (const child of r.children) {
    const d = driver(child);
    if (d !== null && (best === null || d.length > best.length)) best = d;
  }
  return best;
}

function holds(r: Residual, text: string): boolean {
  switch (r.kind) {
    case 'like':
      return text.includes(r.value);
    case 'not':
      return !holds(r.child, text);
    case 'and':
      return r.children.every((child) => holds(child, text));
    case 'or':
      return r.children.some((child) => holds(child, text));
    case 'match':
      throw new Error('internal: a full-text match in a substring scan');
  }
}

// ---- rows --------------------------------------------------------------------------------

/** The row holding text offset `at`, searching forward from `from` (matches come in order). */
function rowAt(starts: Int32Array, at: number, from: number, end: number): number {
  let lo = from;
  let hi = end - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((starts[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Rows whose docid can be in the time range, as the SQL plan bounds it: [after, before + shift). */
function rowRange(cols: TextColumns, c: KindConstraints): [number, number] {
  const { docids } = cols;
  return [c.afterUs === null ? 0 : firstAtLeast(docids, c.afterUs), c.beforeUs === null ? docids.length : firstAtLeast(docids, c.beforeUs + c.shift)];
}

/** The first position whose value is ≥ `value` in ascending `values` (values.length if none). */
function firstAtLeast(values: Float64Array, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Everything but the driving substring, on one row: the text, then each filter. */
function rowTest(cols: TextColumns, c: KindConstraints, residual: Residual): (row: number) => boolean {
  const checks: Array<(row: number) => boolean> = [];
  const { afterUs, beforeUs } = c;
  if (afterUs !== null) checks.push((row) => (cols.tsUs[row] as number) >= afterUs);
  if (beforeUs !== null) checks.push((row) => (cols.tsUs[row] as number) < beforeUs);
  for (const f of c.rowFilters) checks.push(filterCheck(cols, f));
  if (c.sessions.include !== null) {
    const include = new Set(c.sessions.include);
    checks.push((row) => include.has(cols.sessionIds[row] as number));
  }
  if (c.sessions.exclude.length > 0) {
    const exclude = new Set(c.sessions.exclude);
    checks.push((row) => !exclude.has(cols.sessionIds[row] as number));
  }
  if (residual.kind !== 'like') {
    checks.push((row) => holds(residual, cols.text.slice(cols.starts[row], (cols.starts[row + 1] as number) - 1)));
  }
  return (row) => checks.every((check) => check(row));
}

/** user:, host: as the SQL plan checks them: exact values or prefixes; NULL never matches, so a negated filter lets it through. */
function filterCheck(cols: TextColumns, f: FieldFilter): (row: number) => boolean {
  const column = f.field === 'user' ? cols.users : f.field === 'host' ? cols.hosts : null;
  if (column === null) throw new Error(`internal: ${f.field} is not a row filter of these rows`);
  const accepted = new Set<number>();
  cols.values.forEach((value, code) => {
    if (f.values.some((v) => (v.prefix ? value.startsWith(v.value) : value === v.value))) accepted.add(code);
  });
  return f.negated ? (row) => !accepted.has(column[row] as number) : (row) => accepted.has(column[row] as number);
}
