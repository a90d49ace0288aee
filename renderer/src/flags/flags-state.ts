// Pure state of the Flags view: the filters → the flags.list request, and a flag → the finding it
// becomes ("Make finding": one call, anchored at the flag's session and span).
import type { FindingInput, FlagSeverity, FlagsQuery, FlagView } from '../../../electron/core/api/contract.js';

export const FLAG_SEVERITIES: readonly FlagSeverity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** The report's severity colours (as the findings view), legible on both themes. */
export const SEVERITY_COLORS: Readonly<Record<FlagSeverity, string>> = { critical: '#7b1fa2', high: '#b3261e', medium: '#b55d00', low: '#1a73e8', info: '#5f6368' };

export interface FlagFilters {
  /** '' = any. */
  rule: string;
  minSeverity: FlagSeverity | '';
  user: string;
  host: string;
}

export const NO_FILTERS: FlagFilters = { rule: '', minSeverity: '', user: '', host: '' };

export const PAGE = 500;

/** `page` is 0-based; a case can hold far more flags than one page, so the view pages through them. */
export function flagsQuery(filters: FlagFilters, page = 0): FlagsQuery {
  return {
    ...(filters.rule !== '' ? { rules: [filters.rule] } : {}),
    ...(filters.minSeverity !== '' ? { minSeverity: filters.minSeverity } : {}),
    ...(filters.user !== '' ? { users: [filters.user] } : {}),
    ...(filters.host !== '' ? { hosts: [filters.host] } : {}),
    limit: PAGE,
    ...(page > 0 ? { offset: page * PAGE } : {}),
  };
}

/** "flags 501–1000 of 1234" — what the list shows, so no flag is silently out of view. */
export function pageLabel(total: number, page: number, shown: number): string {
  const noun = `flag${total === 1 ? '' : 's'}`;
  if (total <= shown && page === 0) return `${total} ${noun}`;
  const first = page * PAGE + 1;
  return shown === 0 ? `${total} ${noun}` : `${noun} ${first}–${first + shown - 1} of ${total}`;
}

/** The finding a flag becomes: its title, severity and explanation, anchored where it points. */
export function findingFromFlag(flag: FlagView): FindingInput | null {
  if (flag.sessionId === null) return null;
  return {
    title: flag.title !== '' ? flag.title : flag.rule,
    severity: flag.severity,
    notes: flag.explanation,
    tags: [`flag:${flag.rule}`],
    anchors: [{ kind: 'session', sessionId: flag.sessionId, fromUs: flag.tsUs, toUs: Math.max(flag.tsUs, flag.endUs ?? flag.tsUs) }],
  };
}
