// Severities of flags: the same five words as findings (migration 001, `findings.severity`), so a
// flag becomes a finding without translation. Sigma's `informational` is read as `info`.

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** 0 (info) … 4 (critical): for "at or above" comparisons and sorting. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** A Sigma `level` (informational, low, medium, high, critical) as a severity; null if unknown. */
export function severityFromSigmaLevel(level: unknown): Severity | null {
  if (level === 'informational') return 'info';
  return isSeverity(level) ? level : null;
}
