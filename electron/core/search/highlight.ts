// Where a result matched, and the excerpt shown for it. Highlights are [start, end) UTF-16 offsets
// into the text, found by the same token rules as the index (tokens.ts) and by the same
// ASCII-case-insensitive comparison as substring search; results carry offsets, never markup,
// so evidence text is never interpreted as HTML or ANSI by whoever shows it.
import { positiveLeaves, type TextNode } from './query-ast.js';
import { asciiLower, tokenize, type Token } from './tokens.js';

export type Span = [number, number];

/** At most this many highlights per text (a screen full of one word stays cheap to show). */
const MAX_SPANS = 500;

export function highlightSpans(text: string, node: TextNode | null): Span[] {
  const leaves = positiveLeaves(node);
  if (leaves.length === 0) return [];
  const spans: Span[] = [];
  let tokens: Token[] | null = null;
  let lower: string | null = null;
  for (const leaf of leaves) {
    if (leaf.type === 'substring') {
      lower ??= asciiLower(text);
      const needle = asciiLower(leaf.value);
      for (let at = lower.indexOf(needle); at >= 0 && spans.length < MAX_SPANS; at = lower.indexOf(needle, at + Math.max(1, needle.length))) {
        spans.push([at, at + needle.length]);
      }
      continue;
    }
    tokens ??= tokenize(text);
    const want = leaf.type === 'term' ? [leaf.token] : leaf.tokens;
    const n = want.length;
    for (let i = 0; i + n <= tokens.length && spans.length < MAX_SPANS; i++) {
      let ok = true;
      for (let j = 0; j < n && ok; j++) {
        const got = (tokens[i + j] as Token).folded;
        const w = want[j] as string;
        ok = j === n - 1 && leaf.prefix ? got.startsWith(w) : got === w;
      }
      if (ok) spans.push([(tokens[i] as Token).start, (tokens[i + n - 1] as Token).end]);
    }
  }
  return mergeSpans(spans);
}

export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Span[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export interface Snippet {
  text: string;
  /** Spans into `text` (the snippet). */
  highlights: Span[];
}

/** C0 controls and DEL become spaces, one for one, so offsets do not move. */
function blankControls(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += c < 32 || c === 127 ? ' ' : text.charAt(i);
  }
  return out;
}

/**
 * A one-line excerpt around the first highlight: the whole text when it is short, otherwise the
 * line holding the first match, cut to about `maxLength` characters around it (`…` marks a cut).
 */
export function makeSnippet(text: string, spans: readonly Span[], maxLength = 160): Snippet {
  const first = spans[0] ?? ([0, 0] as Span);
  let start = 0;
  let end = text.length;
  if (text.includes('\n')) {
    start = text.lastIndexOf('\n', first[0] - 1) + 1;
    const nl = text.indexOf('\n', first[0]);
    end = nl < 0 ? text.length : nl;
  }
  // Trim blank padding (screen lines are padded to the terminal width).
  while (start < end && /\s/u.test(text.charAt(start))) start++;
  while (end > start && /\s/u.test(text.charAt(end - 1))) end--;
  let cutStart = false;
  let cutEnd = false;
  if (end - start > maxLength) {
    const matchLength = Math.min(first[1], end) - Math.max(first[0], start);
    const room = Math.max(0, maxLength - Math.max(0, matchLength));
    let from = Math.max(start, first[0] - Math.floor(room / 3));
    const to = Math.min(end, from + maxLength);
    from = Math.max(start, to - maxLength);
    cutStart = from > start;
    cutEnd = to < end;
    start = from;
    end = to;
  }
  const body = blankControls(text.slice(start, end));
  const lead = cutStart ? '…' : '';
  const highlights: Span[] = [];
  for (const [s, e] of spans) {
    const a = Math.max(s, start);
    const b = Math.min(e, end);
    if (b > a) highlights.push([a - start + lead.length, b - start + lead.length]);
  }
  return { text: `${lead}${body}${cutEnd ? '…' : ''}`, highlights };
}
