// Imports started from the UI: each runs in the background (the pipeline's worker thread does the
// heavy part), reports progress as `import.progress` events with throughput and ETA, can be
// cancelled, and ends with one `import.item` event per item and one `import.done`. One import at a
// time per case (the pipeline refuses a second one on the same handle).
import { randomUUID } from 'node:crypto';
import type { ImportItemOutcome, ImportItemProgress } from '../../core/api/contract.js';
import { isCaseError } from '../case/case.js';
import { importEvidence, type ImportOutcome, type ImportProgress } from '../case/import/import-evidence.js';
import type { CaseHandle } from '../case/case.js';
import type { VerifierKey } from '../../core/note-keys.js';
import type { SavedCheckpoint } from '../verify/saved-checkpoint.js';
import { ApiError } from './api-error.js';
import type { ApiEventHub } from './api-events.js';
import { ThroughputMeter } from './throughput.js';

/** Progress events are throttled to this interval (and sent at once when the phase changes). */
const PROGRESS_INTERVAL_MS = 100;

export interface RunningImport {
  id: string;
  paths: string[];
  controller: AbortController;
  done: Promise<void>;
}

export interface ImportStart {
  handle: CaseHandle;
  paths: string[];
  trusted: VerifierKey[];
  savedCheckpoints: SavedCheckpoint[];
  screenText?: boolean;
  /** Called once the import has ended (imported, failed or cancelled), before `import.done`. */
  onFinished: (imported: boolean) => Promise<void>;
}

export class ImportRunner {
  private readonly running = new Map<string, RunningImport>();

  constructor(
    private readonly events: ApiEventHub,
    private readonly log: (error: unknown) => void,
  ) {}

  get active(): RunningImport[] {
    return [...this.running.values()];
  }

  start(options: ImportStart): string {
    if (this.running.size > 0) throw new ApiError('IMPORT_RUNNING', 'an import is already running in this case; wait for it to finish or cancel it');
    const id = randomUUID();
    const controller = new AbortController();
    const entry: RunningImport = { id, paths: options.paths, controller, done: Promise.resolve() };
    this.running.set(id, entry);
    entry.done = this.run(id, options, controller.signal).finally(() => this.running.delete(id));
    return id;
  }

  cancel(id: string): void {
    const entry = this.running.get(id);
    if (entry === undefined) throw new ApiError('NOT_FOUND', `import.cancel: no running import has id ${id} (it may have finished already)`);
    entry.controller.abort();
  }

  /** Cancels every running import and waits until each has left the case as it was. */
  async cancelAll(): Promise<void> {
    const entries = this.active;
    for (const e of entries) e.controller.abort();
    await Promise.all(entries.map((e) => e.done));
  }

  private async run(id: string, options: ImportStart, signal: AbortSignal): Promise<void> {
    const meter = new ThroughputMeter();
    let lastSent = 0;
    let lastKey = '';
    const onProgress = (p: ImportProgress): void => {
      const now = Date.now();
      const key = `${p.item}/${p.phase}`;
      const throughput = meter.update(key, p.bytesDone, now);
      if (key === lastKey && now - lastSent < PROGRESS_INTERVAL_MS && p.bytesDone < p.bytesTotal) return;
      lastKey = key;
      lastSent = now;
      const event: ImportItemProgress = {
        importId: id,
        item: p.item,
        items: p.items,
        path: p.path,
        phase: p.phase,
        bytesDone: p.bytesDone,
        bytesTotal: p.bytesTotal,
        records: p.records,
        sessions: p.sessions,
        throughput: throughput === null ? null : Math.round(throughput),
        etaSeconds: p.etaSeconds,
      };
      this.events.emit('import.progress', event);
    };
    let outcomes: ImportItemOutcome[];
    let cancelled = false;
    let imported = false;
    try {
      const results = await importEvidence(options.handle, options.paths, {
        trusted: options.trusted,
        savedCheckpoints: options.savedCheckpoints,
        signal,
        onProgress,
        ...(options.screenText !== undefined ? { screenText: options.screenText } : {}),
      });
      outcomes = results.map(outcomeView);
      imported = results.some((r) => r.status === 'imported');
    } catch (error) {
      cancelled = isCaseError(error, 'IMPORT_CANCELLED');
      if (!cancelled) this.log(error);
      const message = error instanceof Error ? error.message : String(error);
      outcomes = options.paths.map((path) => ({
        path,
        status: cancelled ? 'cancelled' : 'failed',
        verdict: null,
        evidenceId: null,
        findings: 0,
        sessions: 0,
        commands: 0,
        problems: [{ severity: cancelled ? 'note' : 'error', message: cancelled ? 'the import was cancelled; the case is as it was before' : message }],
      }));
    }
    try {
      await options.onFinished(imported);
    } catch (error) {
      this.log(error);
    }
    outcomes.forEach((outcome, item) => this.events.emit('import.item', { importId: id, item, outcome }));
    this.events.emit('import.done', { importId: id, outcomes, cancelled });
  }
}

function outcomeView(o: ImportOutcome): ImportItemOutcome {
  return {
    path: o.path,
    status: o.status,
    verdict: o.verdict,
    evidenceId: o.evidenceId,
    findings: o.findings,
    sessions: o.sessions,
    commands: o.commands,
    problems: o.problems.map((p) => ({ severity: p.severity, message: p.message })),
  };
}
