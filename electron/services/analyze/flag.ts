// A flag as the analyzers produce it, before it is stored (flag-store.ts), and the analyzers' names.
import type { Severity } from '../../core/rules/severity.js';
import { formatInZone, type TimeZone } from '../../core/search/time-zone.js';

export const ANALYZERS = ['commands', 'odd-hours', 'networks', 'spikes', 'shared-sessions'] as const;
export type AnalyzerName = (typeof ANALYZERS)[number];

export function isAnalyzerName(value: string): value is AnalyzerName {
  return (ANALYZERS as readonly string[]).includes(value);
}

export interface FlagDraft {
  analyzer: AnalyzerName;
  ruleId: string;
  title: string;
  severity: Severity;
  /** Anchor: the session, a time span and the records (seqs) to look at. */
  sessionId: number | null;
  tsUs: number;
  endUs: number | null;
  seqs: number[];
  explanation: string;
  user: string | null;
  host: string | null;
  /** What matched, for the flags view and reports (JSON object). */
  details: Record<string, unknown>;
}

/** Anchors keep at most this many record seqs (a spike may hold thousands of commands). */
export const MAX_ANCHOR_SEQS = 200;

/** `2024-11-21 03:05:12 UTC` (or the zone's offset): for explanations. */
export function when(tsUs: number, zone: TimeZone): string {
  // UTC, the common case, without the zone machinery (an analysis may write 100,000s of flags).
  if (zone.name === 'UTC') return `${new Date(Math.floor(tsUs / 1000)).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  // formatInZone gives `2024-11-21 03:05:12.345000 +01:00`; explanations read better to the second.
  return formatInZone(tsUs, zone).replace(/\.\d+/, '');
}

/** A command for an explanation: one line, at most 120 characters. */
export function quoteCommand(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return `"${line.length > 120 ? `${line.slice(0, 117)}…` : line}"`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}
