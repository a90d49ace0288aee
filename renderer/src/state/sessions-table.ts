// The sessions table as pure functions: filtering and sorting run in the UI over the whole list
// (10,000+ rows sort in a few ms, and a click on a header must not wait for a round trip).
import type { SessionRow, SessionsQuery, Verdict } from '../../../electron/core/api/contract.js';

export type SessionSortKey = NonNullable<SessionsQuery['sort']>['key'];
export interface SessionSort {
  key: SessionSortKey;
  dir: 'asc' | 'desc';
}

export const DEFAULT_SESSION_SORT: SessionSort = { key: 'start', dir: 'asc' };

/** Worst first when sorting by verdict ascending: what needs attention comes to the top. */
const VERDICT_RANK: Record<Verdict, number> = { invalid: 0, unsigned: 1, untrusted: 2, raw: 3, verified: 4 };

export function sessionDuration(row: SessionRow): number | null {
  return row.startUs !== null && row.endUs !== null ? row.endUs - row.startUs : null;
}

function sortValue(row: SessionRow, key: SessionSortKey): string | number | null {
  switch (key) {
    case 'user':
      return row.user;
    case 'host':
      return row.host;
    case 'tty':
      return row.tty;
    case 'format':
      return row.format;
    case 'start':
      return row.startUs;
    case 'duration':
      return sessionDuration(row);
    case 'commands':
      return row.commands;
    case 'participants':
      return row.participants;
    case 'verdict':
      return VERDICT_RANK[row.verdict];
  }
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Sorted copy; unknown values (null) always last, whatever the direction; ties by start, then id. */
export function sortSessions(rows: readonly SessionRow[], sort: SessionSort): SessionRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = sortValue(a, sort.key);
    const vb = sortValue(b, sort.key);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else {
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : collator.compare(String(va), String(vb));
      if (c !== 0) return sign * c;
    }
    const sa = a.startUs ?? Number.MAX_SAFE_INTEGER;
    const sb = b.startUs ?? Number.MAX_SAFE_INTEGER;
    return sa !== sb ? sa - sb : a.id - b.id;
  });
}

/**
 * Rows whose user, host, tty, session key, format or verdict contain every word of `filter`
 * (case-insensitive). `user:alice` style words match that column only.
 */
export function filterSessions(rows: readonly SessionRow[], filter: string): SessionRow[] {
  const words = filter.trim().toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) return [...rows];
  const tests = words.map((word) => {
    const colon = word.indexOf(':');
    const field = colon > 0 ? word.slice(0, colon) : null;
    const value = colon > 0 ? word.slice(colon + 1) : word;
    if (field !== null && isColumn(field)) return (row: SessionRow) => (fieldText(row, field) ?? '').toLowerCase().includes(value);
    return (row: SessionRow) => haystack(row).includes(word);
  });
  return rows.filter((row) => tests.every((t) => t(row)));
}

const COLUMNS = ['user', 'host', 'tty', 'session', 'format', 'verdict'] as const;
type Column = (typeof COLUMNS)[number];
function isColumn(name: string): name is Column {
  return (COLUMNS as readonly string[]).includes(name);
}

function fieldText(row: SessionRow, field: Column): string | null {
  switch (field) {
    case 'session':
      return row.sessionKey;
    default:
      return row[field];
  }
}

function haystack(row: SessionRow): string {
  return [row.user, row.host, row.tty, row.sessionKey, row.format, row.verdict].filter((v) => v !== null).join('\u0000').toLowerCase();
}

/** Clicking a header: a new column sorts ascending, the same column flips direction. */
export function nextSort(current: SessionSort, key: SessionSortKey): SessionSort {
  if (current.key !== key) return { key, dir: 'asc' };
  return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
}
