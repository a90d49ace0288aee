import { describe, expect, it } from 'vitest';
import type { ImportItemOutcome, ImportItemProgress } from '../../electron/core/api/contract.js';
import { formatBytes, formatEta, formatThroughput, importStatusLine, itemEtaSeconds, itemFraction, reduceImport, runFraction, type ImportRun } from '../../renderer/src/state/import-progress.js';

function progress(fields: Partial<ImportItemProgress>): ImportItemProgress {
  return { importId: 'i1', item: 0, items: 2, path: '/e/a.trail', phase: 'copy', bytesDone: 0, bytesTotal: 1000, records: 0, sessions: 0, throughput: null, etaSeconds: null, ...fields };
}

function outcome(path: string, fields: Partial<ImportItemOutcome> = {}): ImportItemOutcome {
  return { path, status: 'imported', verdict: 'verified', evidenceId: 1, findings: 0, sessions: 2, commands: 10, problems: [], ...fields };
}

function started(): ImportRun {
  const run = reduceImport(null, { type: 'started', importId: 'i1', paths: ['/e/a.trail', '/e/b.cast'] });
  if (run === null) throw new Error('no run');
  return run;
}

describe('import progress', () => {
  it('starts with one waiting item per path', () => {
    const run = started();
    expect(run.items.map((i) => [i.path, i.progress, i.outcome])).toEqual([
      ['/e/a.trail', null, null],
      ['/e/b.cast', null, null],
    ]);
    expect(runFraction(run)).toBe(0);
    expect(importStatusLine(run)).toBe('Importing 1 of 2 · 0%');
  });

  it('weighs phases in order and bytes within a phase', () => {
    let run = reduceImport(started(), { type: 'progress', progress: progress({ phase: 'copy', bytesDone: 500 }) });
    const copyHalf = itemFraction(run!.items[0]!);
    run = reduceImport(run, { type: 'progress', progress: progress({ phase: 'index', bytesDone: 0 }) });
    const indexStart = itemFraction(run!.items[0]!);
    run = reduceImport(run, { type: 'progress', progress: progress({ phase: 'save', bytesDone: 1000 }) });
    const saved = itemFraction(run!.items[0]!);
    run = reduceImport(run, { type: 'progress', progress: progress({ phase: 'keyframes', bytesDone: 1000 }) });
    const keyframes = itemFraction(run!.items[0]!);
    expect(copyHalf).toBeCloseTo(0.15);
    expect(indexStart).toBeGreaterThan(copyHalf);
    expect(saved).toBeCloseTo(0.95);
    expect(keyframes).toBeCloseTo(1);
    expect(importStatusLine(run)).toBe('Importing 1 of 2 · keyframes · 50%');
  });

  it('ignores events of another import', () => {
    const run = started();
    expect(reduceImport(run, { type: 'progress', progress: progress({ importId: 'other', bytesDone: 900 }) })).toBe(run);
    expect(reduceImport(run, { type: 'done', importId: 'other', outcomes: [], cancelled: false })).toBe(run);
  });

  it('records outcomes per item, and the whole run when done', () => {
    let run = reduceImport(started(), { type: 'item', importId: 'i1', item: 0, outcome: outcome('/e/a.trail', { verdict: 'invalid', findings: 1 }) });
    expect(runFraction(run!)).toBe(0.5);
    run = reduceImport(run, {
      type: 'done',
      importId: 'i1',
      cancelled: false,
      outcomes: [outcome('/e/a.trail', { verdict: 'invalid', findings: 1 }), outcome('/e/b.cast', { status: 'failed', verdict: null, problems: [{ severity: 'error', message: 'b.cast line 3: not JSON' }] })],
    });
    expect(run!.done).toBe(true);
    expect(run!.items[1]!.outcome!.problems[0]!.message).toBe('b.cast line 3: not JSON');
    expect(runFraction(run!)).toBe(1);
    expect(importStatusLine(run)).toBeNull();
  });

  it('marks a cancel request, then the cancelled run', () => {
    let run = reduceImport(started(), { type: 'cancelling', importId: 'i1' });
    expect(run!.cancelling).toBe(true);
    run = reduceImport(run, { type: 'done', importId: 'i1', outcomes: [], cancelled: true });
    expect(run).toMatchObject({ done: true, cancelled: true, cancelling: false });
  });

  it('keeps a failure of the whole call', () => {
    const run = reduceImport(started(), { type: 'failed', importId: 'i1', message: 'the case is open elsewhere' });
    expect(run).toMatchObject({ done: true, error: 'the case is open elsewhere' });
  });

  it('estimates the time left from the service, else from throughput', () => {
    expect(itemEtaSeconds(progress({ etaSeconds: 12 }))).toBe(12);
    expect(itemEtaSeconds(progress({ bytesDone: 200, bytesTotal: 1200, throughput: 100 }))).toBe(10);
    expect(itemEtaSeconds(progress({ throughput: null }))).toBeNull();
    expect(itemEtaSeconds(progress({ throughput: 0 }))).toBeNull();
  });

  it('formats ETA, sizes and throughput', () => {
    expect(formatEta(null)).toBe('–');
    expect(formatEta(9.2)).toBe('10s');
    expect(formatEta(125)).toBe('2m 05s');
    expect(formatEta(7260)).toBe('2h 01m');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(1024 ** 3)).toBe('1.0 GiB');
    expect(formatThroughput(200 * 1024 * 1024)).toBe('200 MiB/s');
    expect(formatThroughput(null)).toBe('–');
  });
});
