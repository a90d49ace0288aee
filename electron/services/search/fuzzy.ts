// Fuzzy mode (docs/search.md, "Fuzzy mode"): typos and shell obfuscation (`wgte`, `c\url`,
// `/bin/ba''sh`). fuse.js scans linearly, about 3 µs per string per query (PERF-NOTES §4: 300 ms
// median over 100,000 strings), so it never sees the whole case:
//
// 1. The dictionary: each distinct command text once, normalised (normalize.ts) and grouped by
//    normal form, with the docids of its occurrences. Built on first use per database and kept
//    until the index grows (about 1.2 s per million commands, once).
// 2. Candidates: a bigram index over the normal forms. Each query word must appear within k
//    edits somewhere in a match, and such a text shares at least |bigrams(word)| - 2k of the
//    word's bigrams (the q-gram lemma), so texts below that for any word are dropped without
//    loss; if more than CANDIDATES remain, the ones sharing the rarest bigrams (by IDF) are kept
//    and the result says the total is a lower bound.
// 3. fuse.js token search over those candidates only (every word, anywhere, within the same
//    threshold the lemma assumed).
// 4. Occurrences: the docids of the matched texts, filtered by the query's filters in SQL, in
//    the requested order; then the page's rows.
import Fuse from 'fuse.js';
import type { Database } from 'sql.js';
import type { Span } from '../../core/search/highlight.js';
import { mergeSpans } from '../../core/search/highlight.js';
import { normalizeCommand, normalizeText } from '../../core/search/normalize.js';
import { QueryError } from '../../core/search/query-error.js';
import type { ParsedQuery } from '../../core/search/query-ast.js';
import { compareRows, toHits, type RawRow, type SearchResult } from './hits.js';
import { buildDocidFilter } from './plan-sql.js';
import { indexState, KINDS } from './search-index.js';
import { constraintsFor } from './constraints.js';
import { explain, runRowsByDocid } from './run-sql.js';
import type { PageRequest, SearchSources } from './sources.js';

/**
 * fuse.js threshold per query word: errors / word length. 0.4 allows one edit in 3–4 letter
 * words (`wgte` finds `wget`) and two from 5 letters on, so a swapped pair (`ngnix`, `docekr`:
 * two edits for bitap) is forgiven in ordinary command names.
 */
export const FUZZY_THRESHOLD = 0.4;
/** And never more than this many edits in one word (0.4 alone would allow 4 in `/etc/shadow`, enough to reach `/etc/passwd`). */
export const MAX_EDITS = 3;

/** The edits allowed in a query word of this length. */
export function editBudget(length: number): number {
  return Math.min(MAX_EDITS, Math.floor(FUZZY_THRESHOLD * length));
}
/** At most this many texts are verified per query (the bigram filter keeps the rarest first). */
export const CANDIDATES = 10_000;
/** At most this many verified texts go to fuse.js (PERF-NOTES §4: ~3–10 µs each). */
export const FUSE_INPUT = 1000;

export interface FuzzyMatch {
  /** Index into FuzzyIndex.norms. */
  norm: number;
  /** fuse.js score: 0 is exact, FUZZY_THRESHOLD the worst accepted. */
  score: number;
  /** Matched ranges in the normal form, inclusive (fuse.js convention). */
  indices: ReadonlyArray<readonly [number, number]>;
}

export interface FuzzyOutcome {
  matches: FuzzyMatch[];
  /** Candidates were cut to CANDIDATES, or the pattern is too short for a lossless filter. */
  truncated: boolean;
  candidates: number;
}

const GRAM_BITS = 16;

function gramOf(text: string, i: number): number {
  // Two UTF-16 units folded into 16 bits; rare collisions only add candidates.
  return ((text.charCodeAt(i) & 0xff) << 8) | (text.charCodeAt(i + 1) & 0xff);
}

export class FuzzyIndex {
  /** Distinct normal forms. */
  readonly norms: string[] = [];
  /** For each normal form, the distinct raw texts that have it (indices into texts). */
  readonly normTexts: number[][] = [];
  private readonly offsets = new Uint32Array((1 << GRAM_BITS) + 1);
  private postings = new Uint32Array(0);
  // Per-query scratch, kept between queries (zeroed after use).
  private shared = new Uint16Array(0);
  private satisfied = new Uint8Array(0);
  private weight = new Float32Array(0);

  /** `texts`: distinct raw command texts; `docids[i]`: ascending docids of texts[i]. */
  constructor(
    readonly texts: readonly string[],
    readonly docids: ReadonlyArray<readonly number[]>,
  ) {
    const byNorm = new Map<string, number>();
    texts.forEach((text, i) => {
      const norm = normalizeText(text);
      let n = byNorm.get(norm);
      if (n === undefined) {
        n = this.norms.length;
        byNorm.set(norm, n);
        this.norms.push(norm);
        this.normTexts.push([]);
      }
      (this.normTexts[n] as number[]).push(i);
    });
    this.buildGrams();
  }

  private buildGrams(): void {
    const stamp = new Int32Array(1 << GRAM_BITS).fill(-1);
    const counts = new Uint32Array(1 << GRAM_BITS);
    const forEachGram = (n: number, visit: (g: number) => void): void => {
      const norm = this.norms[n] as string;
      for (let i = 0; i + 1 < norm.length; i++) {
        const g = gramOf(norm, i);
        if (stamp[g] === n) continue;
        stamp[g] = n;
        visit(g);
      }
    };
    for (let n = 0; n < this.norms.length; n++) forEachGram(n, (g) => (counts[g] = (counts[g] as number) + 1));
    let total = 0;
    for (let g = 0; g < counts.length; g++) {
      this.offsets[g] = total;
      total += counts[g] as number;
    }
    this.offsets[counts.length] = total;
    this.postings = new Uint32Array(total);
    const fill = this.offsets.slice(0, counts.length);
    stamp.fill(-1);
    for (let n = 0; n < this.norms.length; n++) {
      forEachGram(n, (g) => {
        const at = fill[g] as number;
        this.postings[at] = n;
        fill[g] = at + 1;
      });
    }
  }

  /**
   * Distinct normal forms in which every word of `pattern` (already normalised) appears within
   * FUZZY_THRESHOLD (errors / word length), anywhere: fuse.js token search, all words required.
   */
  search(pattern: string): FuzzyOutcome {
    const words = splitWords(pattern);
    if (words.length === 0) return { matches: [], truncated: false, candidates: 0 };
    const narrowed = this.candidates(words);
    const verified = this.verify(narrowed.ids, words);
    let truncated = narrowed.truncated;
    let ids = verified.map((v) => v.id);
    if (ids.length > FUSE_INPUT) {
      // Fewest errors first: fuse.js ranks the best of them.
      ids = [...verified].sort((a, b) => a.errors - b.errors || a.id - b.id).slice(0, FUSE_INPUT).map((v) => v.id);
      truncated = true;
    }
    if (ids.length === 0) return { matches: [], truncated, candidates: narrowed.ids.length };
    const fuse = new Fuse(
      ids.map((id) => this.norms[id] as string),
      {
        includeScore: true,
        includeMatches: true,
        threshold: FUZZY_THRESHOLD,
        isCaseSensitive: true,
        shouldSort: true,
        useTokenSearch: true,
        tokenMatch: 'all',
        tokenize: splitWords,
      },
    );
    const matches = fuse.search(pattern).map((r) => ({
      norm: ids[r.refIndex] as number,
      score: r.score ?? 0,
      indices: r.matches?.[0]?.indices ?? [],
    }));
    return { matches, truncated, candidates: narrowed.ids.length };
  }

  /**
   * The candidates in which every word occurs within its edit budget (editBudget), by Myers'
   * bit-parallel approximate string matching: the acceptance rule of fuse.js's bitap (that many
   * insertions, deletions or substitutions, anywhere) at a fraction of its cost, with the
   * MAX_EDITS cap fuse.js lacks. fuse.js then decides on what passes (scores, highlights).
   * Words longer than 32 characters are left to fuse.js.
   */
  private verify(ids: readonly number[], words: readonly string[]): Array<{ id: number; errors: number }> {
    const checks = words
      .filter((w) => w.length <= 32)
      .map((w) => ({ word: w, budget: editBudget(w.length) }))
      .sort((a, b) => b.word.length - a.word.length);
    const out: Array<{ id: number; errors: number }> = [];
    for (const id of ids) {
      const text = this.norms[id] as string;
      let errors = 0;
      for (const c of checks) {
        const e = approximateDistance(text, c.word, c.budget);
        if (e > c.budget) {
          errors = -1;
          break;
        }
        errors += e;
      }
      if (errors >= 0) out.push({ id, errors });
    }
    return out;
  }

  /**
   * Texts that can contain every word within its error budget. Per word w with k errors allowed,
   * a match shares at least |bigrams(w)| - 2k of w's distinct bigrams (each edit destroys at
   * most two): texts short of that for any word are dropped without loss. Words too short for a
   * positive bound do not narrow; if no word narrows, or too many texts remain, the texts sharing
   * the rarest bigrams are kept and the outcome is marked truncated.
   */
  private candidates(words: readonly string[]): { ids: number[]; truncated: boolean } {
    const total = this.norms.length;
    if (this.shared.length !== total) {
      this.shared = new Uint16Array(total);
      this.satisfied = new Uint8Array(total);
      this.weight = new Float32Array(total);
    }
    const { shared, satisfied, weight } = this;
    const seenAny: number[] = [];
    let narrowing = 0;
    for (const word of words) {
      if (word.length < 2) continue;
      const grams = new Set<number>();
      for (let i = 0; i + 1 < word.length; i++) grams.add(gramOf(word, i));
      const bound = grams.size - 2 * editBudget(word.length);
      const touched: number[] = [];
      for (const g of grams) {
        const from = this.offsets[g] as number;
        const to = this.offsets[g + 1] as number;
        if (to === from) continue;
        const idf = Math.log(1 + total / (to - from));
        for (let p = from; p < to; p++) {
          const n = this.postings[p] as number;
          const seen = shared[n] as number;
          if (seen === 0) touched.push(n);
          if (weight[n] === 0) seenAny.push(n);
          shared[n] = seen + 1;
          weight[n] = (weight[n] as number) + idf;
        }
      }
      if (bound >= 1) {
        narrowing++;
        for (const n of touched) if ((shared[n] as number) >= bound) satisfied[n] = (satisfied[n] as number) + 1;
      }
      for (const n of touched) shared[n] = 0;
    }
    let ids = narrowing > 0 ? seenAny.filter((n) => satisfied[n] === narrowing) : seenAny;
    let truncated = narrowing === 0;
    if (ids.length > CANDIDATES) {
      ids = topByWeight(ids, weight, CANDIDATES);
      truncated = true;
    }
    ids.sort((a, b) => a - b);
    for (const n of seenAny) {
      satisfied[n] = 0;
      weight[n] = 0;
    }
    return { ids, truncated };
  }
}

/** Pattern bit masks by UTF-16 unit, shared and cleared after each call (units above 0xffff do not occur). */
const peq = new Int32Array(0x10000);

/**
 * The fewest edits turning `word` (≤ 32 UTF-16 units) into some substring of `text`, or
 * budget + 1 when it is more than `budget` (Myers 1999, "A fast bit-vector algorithm for
 * approximate string matching based on dynamic programming", search variant).
 */
export function approximateDistance(text: string, word: string, budget: number): number {
  const m = word.length;
  if (m === 0) return 0;
  if (m > 32) throw new RangeError('approximateDistance: words of at most 32 units');
  for (let i = 0; i < m; i++) {
    const c = word.charCodeAt(i);
    peq[c] = (peq[c] as number) | (1 << i);
  }
  const high = 1 << (m - 1);
  const mask = m === 32 ? -1 : (1 << m) - 1;
  let pv = mask;
  let mv = 0;
  let score = m;
  let best = m;
  for (let j = 0; j < text.length && best > 0; j++) {
    const eq = peq[text.charCodeAt(j)] as number;
    const xv = eq | mv;
    const xh = ((((eq & pv) + pv) ^ pv) | eq) & mask;
    let ph = (mv | ~(xh | pv)) & mask;
    let mh = pv & xh;
    if (ph & high) score++;
    else if (mh & high) score--;
    if (score < best) best = score;
    ph = (ph << 1) & mask;
    mh = (mh << 1) & mask;
    pv = (mh | ~(xv | ph)) & mask;
    mv = ph & xv;
  }
  for (let i = 0; i < m; i++) peq[word.charCodeAt(i)] = 0;
  return best <= budget ? best : budget + 1;
}

function splitWords(text: string): string[] {
  return text.split(' ').filter((w) => w !== '');
}

/** The `k` ids with the highest weight, by a 1024-bucket histogram (linear, no full sort). */
function topByWeight(ids: number[], weight: Float32Array, k: number): number[] {
  let max = 0;
  for (const n of ids) max = Math.max(max, weight[n] as number);
  const BUCKETS = 1024;
  const bucket = (n: number): number => Math.min(BUCKETS - 1, Math.floor(((weight[n] as number) / (max || 1)) * BUCKETS));
  const counts = new Uint32Array(BUCKETS);
  for (const n of ids) {
    const b = bucket(n);
    counts[b] = (counts[b] as number) + 1;
  }
  let cut = BUCKETS - 1;
  for (let taken = 0; cut > 0; cut--) {
    taken += counts[cut] as number;
    if (taken >= k) break;
  }
  const above = ids.filter((n) => bucket(n) > cut);
  const at = ids.filter((n) => bucket(n) === cut).sort((a, b) => (weight[b] as number) - (weight[a] as number));
  return [...above, ...at].slice(0, k);
}

// ---- per database: the dictionary, cached --------------------------------------------------------

const cache = new WeakMap<Database, { highWater: number; index: FuzzyIndex }>();

/** The fuzzy dictionary of `db`'s commands, built once and rebuilt when the index has grown. */
export function fuzzyIndexFor(db: Database): FuzzyIndex {
  const highWater = indexState(db, 'command').highWater;
  const cached = cache.get(db);
  if (cached !== undefined && cached.highWater === highWater) return cached.index;
  const byText = new Map<string, number[]>();
  const stmt = db.prepare(`SELECT m.docid, x.text FROM ${KINDS.command.docs} m CROSS JOIN commands x ON x.id = m.row_id`);
  try {
    while (stmt.step()) {
      const [docid, text] = stmt.get();
      const key = String(text);
      const list = byText.get(key);
      if (list === undefined) byText.set(key, [Number(docid)]);
      else list.push(Number(docid));
    }
  } finally {
    stmt.free();
  }
  const index = new FuzzyIndex([...byText.keys()], [...byText.values()]);
  cache.set(db, { highWater, index });
  return index;
}

// ---- the search --------------------------------------------------------------------------------

interface Occurrence {
  db: number;
  docid: number;
  /** fuse.js score of its text (lower is better). */
  score: number;
}

export function fuzzySearch(sources: SearchSources, q: ParsedQuery, page: PageRequest, warnings: string[]): SearchResult {
  if (q.firstOperator !== null) {
    throw new QueryError('fuzzy-syntax', `${q.firstOperator.text} is not available in fuzzy mode (it matches the words as one approximate text)`, q.firstOperator.column);
  }
  if (q.scope === 'screen') throw new QueryError('fuzzy-syntax', 'fuzzy mode searches commands only; leave out in:screen', null);
  const pattern = normalizeCommand(q.fuzzyText).text;
  if (pattern === '') throw new QueryError('empty-query', 'fuzzy mode needs some text to match', null);
  const base = constraintsFor(sources.catalog, 'command', q, { match: null, residual: null, weak: false, lookup: false, whole: null }, page.order, page.offset + page.limit, true);
  const plans: string[] = [];
  const occurrences: Occurrence[] = [];
  const indicesByNorm: Array<Map<string, FuzzyMatch['indices']>> = [];
  let truncated = false;
  sources.indexes.forEach((db, dbIndex) => {
    const index = fuzzyIndexFor(db);
    const outcome = index.search(pattern);
    truncated ||= outcome.truncated;
    const indices = new Map<string, FuzzyMatch['indices']>();
    indicesByNorm.push(indices);
    if (base === null) return;
    const scoreOf = new Map<number, number>();
    for (const m of outcome.matches) {
      indices.set(index.norms[m.norm] as string, m.indices);
      for (const t of index.normTexts[m.norm] as number[]) for (const docid of index.docids[t] as number[]) scoreOf.set(docid, m.score);
    }
    let docids = [...scoreOf.keys()];
    const shift = indexState(db, 'command').shift;
    const onlyTime = base.rowFilters.length === 0 && base.sessions.include === null && base.sessions.exclude.length === 0 && base.flags.length === 0;
    if (onlyTime && shift === 0) {
      // docid = ts_us exactly: the time range is checked without SQL.
      docids = docids.filter((d) => (base.afterUs === null || d >= base.afterUs) && (base.beforeUs === null || d < base.beforeUs));
    } else if (docids.length > 0) {
      const statement = buildDocidFilter(KINDS.command, { ...base, shift }, docids);
      if (page.explain) plans.push(`command (fuzzy) filter: ${explain(db, statement)}`);
      const stmt = db.prepare(statement.sql);
      try {
        stmt.bind(statement.params);
        docids = [];
        while (stmt.step()) docids.push(Number(stmt.get()[0]));
      } finally {
        stmt.free();
      }
    }
    for (const docid of docids) occurrences.push({ db: dbIndex, docid, score: scoreOf.get(docid) ?? 0 });
  });

  const byTime = (a: Occurrence, b: Occurrence): number => a.docid - b.docid || a.db - b.db;
  occurrences.sort(page.order === 'newest' ? (a, b) => byTime(b, a) : page.order === 'relevance' ? (a, b) => a.score - b.score || byTime(a, b) : byTime);
  const pageOccurrences = occurrences.slice(page.offset, page.offset + page.limit);
  const rows: RawRow[] = [];
  sources.indexes.forEach((db, dbIndex) => {
    const wanted = pageOccurrences.filter((o) => o.db === dbIndex);
    if (wanted.length === 0) return;
    const score = new Map(wanted.map((o) => [o.docid, o.score]));
    for (const row of runRowsByDocid(db, 'command', wanted.map((o) => o.docid))) rows.push({ ...row.row, score: 1 - (score.get(row.docid) ?? 0) });
  });
  rows.sort(compareRows(page.order));
  const hits = toHits(sources.catalog, rows, page.order, (row) => fuzzyHighlights(row.text, indicesByNorm));
  return { total: occurrences.length, totalExact: !truncated, hits, warnings, ...(page.explain ? { plan: plans.join('\n') } : {}) };
}

/** fuse.js ranges in the normal form, mapped back onto the command as recorded. */
export function fuzzyHighlights(text: string, indicesByNorm: ReadonlyArray<Map<string, FuzzyMatch['indices']>>): Span[] {
  const normalized = normalizeCommand(text);
  const ranges = indicesByNorm.map((m) => m.get(normalized.text)).find((r) => r !== undefined) ?? [];
  const spans: Span[] = [];
  for (const [start, end] of ranges) {
    const from = normalized.map[start];
    const to = normalized.map[end];
    if (from !== undefined && to !== undefined) spans.push([from, to + 1]);
  }
  return mergeSpans(spans);
}
