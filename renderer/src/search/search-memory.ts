// The last search survives leaving the Search view (open a hit, come back) without running it
// again: every search run is recorded in the case's activity log.
import type { SearchResponse } from '../../../electron/core/api/contract.js';

export interface SearchMemory {
  query: string;
  order: 'time' | 'newest' | 'relevance';
  fuzzy: boolean;
  selected: number;
  /** The query last run (Enter), and what it found. */
  submitted: string | null;
  result: SearchResponse | null;
  /** The case the result belongs to. */
  caseDir: string | null;
}

const EMPTY: SearchMemory = { query: '', order: 'time', fuzzy: false, selected: 0, submitted: null, result: null, caseDir: null };
let memory: SearchMemory = EMPTY;

/** What was remembered for this case (nothing when another case is open now). */
export function recallSearch(caseDir: string | null): SearchMemory {
  return memory.caseDir === caseDir ? memory : { ...EMPTY, caseDir };
}

export function rememberSearch(next: SearchMemory): void {
  memory = next;
}

/** Forgets the last search (a new window of tests, a closed case). */
export function forgetSearch(): void {
  memory = EMPTY;
}
