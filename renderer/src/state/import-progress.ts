// Import progress as a pure reducer over the contract's events (`import.progress`, `import.item`,
// `import.done`), so the dialog and the status bar show the same numbers and the arithmetic
// (overall fraction, ETA) is tested without a browser.
import type { ImportItemOutcome, ImportItemProgress } from '../../../electron/core/api/contract.js';

export type ImportPhase = ImportItemProgress['phase'];

/**
 * The order phases run in, for an item's overall fraction: copy, verify ∥ parse, index, save
 * (the commit), then replay keyframes (built after the commit, docs/architecture.md).
 */
const PHASE_WEIGHT: Record<ImportPhase, { start: number; span: number }> = {
  copy: { start: 0, span: 0.3 },
  verify: { start: 0.3, span: 0.2 },
  parse: { start: 0.5, span: 0.2 },
  index: { start: 0.7, span: 0.2 },
  save: { start: 0.9, span: 0.05 },
  keyframes: { start: 0.95, span: 0.05 },
};

export interface ImportItemState {
  item: number;
  path: string;
  progress: ImportItemProgress | null;
  outcome: ImportItemOutcome | null;
}

export interface ImportRun {
  importId: string;
  paths: string[];
  items: ImportItemState[];
  done: boolean;
  cancelled: boolean;
  cancelling: boolean;
  /** A failure of the whole call (e.g. the case is locked), in plain words. */
  error: string | null;
}

export type ImportAction =
  | { type: 'started'; importId: string; paths: string[] }
  | { type: 'progress'; progress: ImportItemProgress }
  | { type: 'item'; importId: string; item: number; outcome: ImportItemOutcome }
  | { type: 'done'; importId: string; outcomes: ImportItemOutcome[]; cancelled: boolean }
  | { type: 'cancelling'; importId: string }
  | { type: 'failed'; importId: string; message: string };

export function startRun(importId: string, paths: readonly string[]): ImportRun {
  return {
    importId,
    paths: [...paths],
    items: paths.map((path, item) => ({ item, path, progress: null, outcome: null })),
    done: false,
    cancelled: false,
    cancelling: false,
    error: null,
  };
}

function withItem(run: ImportRun, index: number, path: string, change: (s: ImportItemState) => ImportItemState): ImportRun {
  const items = [...run.items];
  while (items.length <= index) items.push({ item: items.length, path: run.paths[items.length] ?? path, progress: null, outcome: null });
  const current = items[index];
  if (current === undefined) return run;
  items[index] = change(current);
  return { ...run, items };
}

/** Applies one event; events of another import leave the run as it is. */
export function reduceImport(run: ImportRun | null, action: ImportAction): ImportRun | null {
  if (action.type === 'started') return startRun(action.importId, action.paths);
  if (run === null || run.importId !== (action.type === 'progress' ? action.progress.importId : action.importId)) return run;
  switch (action.type) {
    case 'progress': {
      const p = action.progress;
      return withItem(run, p.item, p.path, (s) => ({ ...s, path: p.path, progress: p }));
    }
    case 'item':
      return withItem(run, action.item, action.outcome.path, (s) => ({ ...s, outcome: action.outcome }));
    case 'done': {
      let next: ImportRun = { ...run, done: true, cancelled: action.cancelled, cancelling: false };
      action.outcomes.forEach((outcome, i) => {
        next = withItem(next, i, outcome.path, (s) => ({ ...s, outcome }));
      });
      return next;
    }
    case 'cancelling':
      return run.done ? run : { ...run, cancelling: true };
    case 'failed':
      return { ...run, done: true, error: action.message };
  }
}

/** 0..1 for one item: finished items are 1, others weigh their phase's share by bytes done. */
export function itemFraction(state: ImportItemState): number {
  if (state.outcome !== null) return 1;
  const p = state.progress;
  if (p === null) return 0;
  const w = PHASE_WEIGHT[p.phase];
  const within = p.bytesTotal > 0 ? Math.min(1, Math.max(0, p.bytesDone / p.bytesTotal)) : 0;
  return w.start + w.span * within;
}

/** 0..1 for the whole run (items weigh equally: sizes of later items are not known yet). */
export function runFraction(run: ImportRun): number {
  if (run.items.length === 0) return run.done ? 1 : 0;
  return run.items.reduce((sum, s) => sum + itemFraction(s), 0) / run.items.length;
}

/**
 * Seconds left in the item's current phase: the service's estimate when it gives one, else
 * bytes left over throughput; null when unknown (no throughput yet).
 */
export function itemEtaSeconds(progress: ImportItemProgress): number | null {
  if (progress.etaSeconds !== null && Number.isFinite(progress.etaSeconds)) return Math.max(0, progress.etaSeconds);
  if (progress.throughput === null || progress.throughput <= 0) return null;
  return Math.max(0, (progress.bytesTotal - progress.bytesDone) / progress.throughput);
}

export function formatEta(seconds: number | null): string {
  if (seconds === null) return '–';
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

export function formatThroughput(bytesPerSecond: number | null): string {
  return bytesPerSecond === null || bytesPerSecond <= 0 ? '–' : `${formatBytes(bytesPerSecond)}/s`;
}

/** A short line for the status bar: `Importing 2 of 3 · index 45%`, or null when idle. */
export function importStatusLine(run: ImportRun | null): string | null {
  if (run === null || run.done) return null;
  const active = run.items.find((s) => s.outcome === null && s.progress !== null) ?? run.items.find((s) => s.outcome === null);
  const n = active === undefined ? run.items.length : active.item + 1;
  const phase = active?.progress?.phase;
  const pct = Math.floor(runFraction(run) * 100);
  return `Importing ${n} of ${run.items.length}${phase === undefined ? '' : ` · ${phase}`} · ${pct}%`;
}
