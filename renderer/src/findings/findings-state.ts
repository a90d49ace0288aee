// The Findings view's pure logic: moving a finding in the order, describing anchors, reading the
// times a reviewer types, and following a report export through its events.
import type { FindingAnchorView, FindingSeverity, FindingView, ReportDoneView, ReportProgressView } from '../../../electron/core/api/contract.js';
import { formatTime, type TimeZone } from '../state/time-format.js';

export const SEVERITIES: readonly FindingSeverity[] = ['critical', 'high', 'medium', 'low', 'info'];
export const STATUSES = ['open', 'confirmed', 'false-positive', 'closed'] as const;

/** The ids in their new order after moving `id` by `delta` places (clamped); null when it cannot move. */
export function moveFinding(findings: readonly FindingView[], id: number, delta: number): number[] | null {
  const ids = [...findings].sort((a, b) => a.position - b.position).map((f) => f.id);
  const from = ids.indexOf(id);
  if (from < 0) return null;
  const to = Math.max(0, Math.min(ids.length - 1, from + delta));
  if (to === from) return null;
  ids.splice(from, 1);
  ids.splice(to, 0, id);
  return ids;
}

export function anchorLabel(anchor: FindingAnchorView, zone: TimeZone): string {
  switch (anchor.kind) {
    case 'session':
      return `${anchor.sessionKey}, ${formatTime(anchor.fromUs, zone)} – ${formatTime(anchor.toUs, zone)}${anchor.records === null ? '' : ` (records ${anchor.records.first}–${anchor.records.last})`}`;
    case 'query':
      return `search: ${anchor.query}`;
    case 'timeline':
      return `timeline ${formatTime(anchor.fromUs, zone)} – ${formatTime(anchor.toUs, zone)}${anchor.sessionIds.length > 0 ? `, ${anchor.sessionIds.length} session(s)` : ''}`;
  }
}

/**
 * A time typed by the reviewer: ISO-8601 with a zone (`2024-11-27T03:10:00Z`, `…+01:00`), as the
 * CLI takes. Returns microseconds, or null when it is not such a time.
 */
export function parseTypedTime(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*(Z|[+-]\d{2}:?\d{2})$/i.exec(text.trim());
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? '0'));
  if (Number.isNaN(ms) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s ?? '0') > 59) return null;
  let offsetMin = 0;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    offsetMin = (zone.startsWith('-') ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  return (ms - offsetMin * 60_000) * 1000 + Number((frac ?? '').padEnd(6, '0'));
}

/** ISO-8601 in UTC with microseconds, for prefilling the time fields. */
export function isoUtc(us: number): string {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(us - Math.floor(us / 1_000_000) * 1_000_000).padStart(6, '0')}Z`;
}

export type ExportState =
  | { kind: 'idle' }
  | { kind: 'running'; exportId: string | null; progress: ReportProgressView | null }
  | { kind: 'done'; result: NonNullable<ReportDoneView['result']> }
  | { kind: 'failed'; message: string };

/** Folds a report event into the export state; events of other exports are ignored. */
export function exportReducer(state: ExportState, event: { progress: ReportProgressView } | { done: ReportDoneView }): ExportState {
  if (state.kind !== 'running') return state;
  const id = 'progress' in event ? event.progress.exportId : event.done.exportId;
  if (state.exportId !== null && state.exportId !== id) return state;
  if ('progress' in event) return { kind: 'running', exportId: id, progress: event.progress };
  if (event.done.result !== null) return { kind: 'done', result: event.done.result };
  return { kind: 'failed', message: event.done.error?.message ?? 'the report could not be written' };
}

/** Overall progress 0–1 of an export: reading evidence, then findings, then pages, then writing. */
export function exportFraction(progress: ReportProgressView | null): number {
  if (progress === null) return 0;
  const phases: Array<ReportProgressView['phase']> = ['evidence', 'findings', 'pages', 'write'];
  const weights = [0.35, 0.1, 0.45, 0.1];
  const index = phases.indexOf(progress.phase);
  const before = weights.slice(0, index).reduce((a, b) => a + b, 0);
  const within = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
  return Math.min(1, before + (weights[index] ?? 0) * within);
}
