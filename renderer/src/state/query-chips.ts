// The search box shows its filters as chips (issue 5: "filters as chips"). The chips are parsed
// from the query text with the very parser the services use (electron/core/search/parse-query.ts),
// so what the chips say is what the search does; a mistake is shown with its column before the
// query is ever sent.
import { parseQuery } from '../../../electron/core/search/parse-query.js';
import { QueryError } from '../../../electron/core/search/query-error.js';
import type { ParsedQuery } from '../../../electron/core/search/query-ast.js';
import { formatTime, zoneByName } from './time-format.js';

export interface QueryChip {
  /** Stable key for React and tests: `user`, `host`, `after`, `in`, ... */
  field: string;
  /** What the chip reads, e.g. `user: alice, bob`, `not host: web-*`, `after 2024-11-21 00:00:00 +01:00`. */
  label: string;
  negated: boolean;
}

export type ChipParse =
  | { ok: true; chips: QueryChip[]; hasText: boolean; warnings: string[] }
  | { ok: false; message: string; column: number | null };

export function queryChips(query: string, timezone: string): ChipParse {
  if (query.trim() === '') return { ok: true, chips: [], hasText: false, warnings: [] };
  let parsed: ParsedQuery;
  try {
    parsed = parseQuery(query, { timezone });
  } catch (error) {
    if (error instanceof QueryError) return { ok: false, message: error.message, column: error.column };
    throw error;
  }
  const zone = zoneByName(timezone);
  const chips: QueryChip[] = parsed.filters.map((f) => {
    const values = f.values.map((v) => (v.prefix ? `${v.value}*` : v.value)).join(', ');
    return { field: f.field, label: `${f.negated ? 'not ' : ''}${f.field}: ${values}`, negated: f.negated };
  });
  if (parsed.after !== null) chips.push({ field: 'after', label: `after ${formatTime(parsed.after.us, zone)}`, negated: false });
  if (parsed.before !== null) chips.push({ field: 'before', label: `before ${formatTime(parsed.before.us, zone)}`, negated: false });
  if (parsed.scope !== 'all') chips.push({ field: 'in', label: `in ${parsed.scope}`, negated: false });
  return { ok: true, chips, hasText: parsed.text !== null, warnings: parsed.warnings };
}

/** Examples for the help popover: each is a real query of docs/search.md, with what it finds. */
export const QUERY_EXAMPLES: ReadonlyArray<{ query: string; meaning: string }> = [
  { query: 'kubectl user:alice', meaning: 'the word kubectl, typed by alice' },
  { query: 'kube*', meaning: 'words starting with kube (kubectl, kubelet)' },
  { query: '"apt install"', meaning: 'the words apt then install, next to each other' },
  { query: '/etc/shadow', meaning: 'text with punctuation: matched literally, as a substring' },
  { query: '(curl OR wget) NOT health in:commands', meaning: 'booleans and groups, commands only' },
  { query: 'sudo host:web-* after:2024-11-21T03:00', meaning: 'hosts by prefix, from a time (in the chosen zone)' },
  { query: 'NOT user:root before:2024-11-22', meaning: 'a filter negated, up to a date' },
  { query: 'flag:ssh-*', meaning: 'rows a rule flagged' },
];

/** The filter fields with one line each, for the help popover. */
export const QUERY_FIELDS: ReadonlyArray<{ field: string; meaning: string }> = [
  { field: 'user:NAME', meaning: 'who typed the command; the session user for screens' },
  { field: 'host:NAME', meaning: 'the host (host:web-* for a prefix)' },
  { field: 'session:KEY', meaning: 'one session, by its key' },
  { field: 'tty:TTY', meaning: "the session's terminal (pts/3)" },
  { field: 'source:SRC', meaning: 'how the command was known: typed, output, …' },
  { field: 'flag:RULE', meaning: 'rows a rule flagged' },
  { field: 'after:TIME before:TIME', meaning: '2024-11-21, 2024-11-21T03:00, with or without a zone' },
  { field: 'in:commands|screen|all', meaning: 'what to search (default all)' },
];
