// The state behind the API: the open case (at most one per session), its loaded index shards, the
// running imports, the trust store and recent cases (config dir), and the event hub the carriers
// forward. One ApiSession per window (Electron) or per server (`trailview serve`).
import path from 'node:path';
import type { Database } from 'sql.js';
import type { AppInfo } from '../../core/api/contract.js';
import { createCase, openCase, isCaseError, type CaseHandle, type CaseLimits } from '../case/case.js';
import { updateSearchIndex } from '../search/search-index.js';
import { configDir } from '../trust/config-dir.js';
import { TrustStore } from '../trust/trust-store.js';
import { PRODUCT_NAME, PRODUCT_VERSION } from '../product.js';
import { ApiError } from './api-error.js';
import { ApiEventHub } from './api-events.js';
import { ImportRunner } from './import-runner.js';
import { RecentCases } from './recent-cases.js';

/** Native pickers, provided by the Electron shell; absent in web mode (the calls answer null). */
export interface NativeDialogs {
  pickCase(create: boolean): Promise<string | null>;
  pickEvidence(): Promise<string[] | null>;
}

export interface ApiSessionOptions {
  carrier: AppInfo['carrier'];
  /** Trust store and recent cases live here (default: configDir() of the environment). */
  configDir?: string;
  dialogs?: NativeDialogs | null;
  /** Browser uploads are accepted (web mode). */
  uploads?: boolean;
  /** Limits of the cases opened (tests use small ones). */
  caseLimits?: Partial<CaseLimits>;
  /** Sample screen text on import (default true). */
  screenText?: boolean;
  /** Where unexpected errors (with their stacks) are written; never sent to the UI. */
  log?: (error: unknown) => void;
  /** Told when a case was opened (the Electron shell adds it to the OS recent documents). */
  onCaseOpened?: (dir: string) => void;
}

export class ApiSession {
  readonly events = new ApiEventHub();
  readonly trust: TrustStore;
  readonly recent: RecentCases;
  readonly imports: ImportRunner;
  readonly log: (error: unknown) => void;
  private handle: CaseHandle | null = null;
  private indexes: Promise<Database[]> | null = null;
  /** Open/create/close run one after another: a double click must not open a case twice. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly options: ApiSessionOptions) {
    const dir = options.configDir ?? configDir();
    this.trust = new TrustStore(dir);
    this.recent = new RecentCases(dir);
    this.log = options.log ?? ((error) => console.error(error));
    this.imports = new ImportRunner(this.events, this.log);
  }

  get current(): CaseHandle | null {
    return this.handle;
  }

  /** The open case, or CASE_NOT_OPEN naming the call that needed it. */
  requireCase(call: string): CaseHandle {
    if (this.handle === null) throw new ApiError('CASE_NOT_OPEN', `${call}: no case is open; open or create one first`);
    return this.handle;
  }

  requireWritableCase(call: string): CaseHandle {
    const handle = this.requireCase(call);
    if (handle.readOnly) throw new ApiError('CASE_READ_ONLY', `${call}: the case ${handle.dir} is open read-only because it failed its integrity checks; nothing can be added to it`);
    return handle;
  }

  /**
   * Opens the case at `dir` for writing. A case that fails its integrity checks (CASE_TAMPERED) is
   * opened read-only instead, with its problems, so the reviewer sees what is wrong; the folder is
   * not touched. A case another Trailview holds is CASE_LOCKED.
   */
  openCase(dir: string): Promise<CaseHandle> {
    return this.serial(async () => {
      const root = path.resolve(dir);
      if (this.handle !== null && this.handle.dir === root) return this.handle;
      // The new case is opened first: when it cannot be (locked, corrupt), the current one stays open.
      let handle: CaseHandle;
      try {
        handle = await openCase(root, this.limits());
      } catch (error) {
        if (!isCaseError(error, 'CASE_TAMPERED')) throw error;
        handle = await openCase(root, { ...this.limits(), readOnly: true, allowProblems: true });
      }
      await this.closeNow();
      await this.adopt(handle);
      return handle;
    });
  }

  createCase(dir: string, meta: { name?: string; examiner?: string }): Promise<CaseHandle> {
    return this.serial(async () => {
      const handle = await createCase(path.resolve(dir), { ...meta, ...this.limits() });
      await this.closeNow();
      await this.adopt(handle);
      return handle;
    });
  }

  closeCase(): Promise<void> {
    return this.serial(async () => {
      const had = this.handle !== null;
      await this.closeNow();
      if (had) this.events.emit('case.changed', { dir: null });
    });
  }

  /** The case's index shards, loaded once (SHA-256-checked) and kept until the case changes. */
  searchIndexes(handle: CaseHandle): Promise<Database[]> {
    this.indexes ??= (async () => {
      const dbs = await handle.openIndexes();
      // Shards from before the search index (migration 2) are indexed in memory, like the CLI does.
      for (const db of dbs) updateSearchIndex(db);
      return dbs;
    })();
    const loading = this.indexes;
    loading.catch(() => {
      if (this.indexes === loading) this.indexes = null;
    });
    return loading;
  }

  /** After an import: new shards exist, reload them on the next search. */
  invalidateIndexes(): void {
    this.indexes = null;
  }

  /** Ends the session: cancels imports, closes the case (releasing its lock). */
  dispose(): Promise<void> {
    return this.serial(() => this.closeNow());
  }

  private async adopt(handle: CaseHandle): Promise<void> {
    this.handle = handle;
    this.indexes = null;
    try {
      await this.recent.add({ dir: handle.dir, name: handle.meta.name, openedAt: new Date().toISOString() });
    } catch (error) {
      this.log(error); // the recent list is a convenience: a read-only config dir must not stop the open
    }
    this.options.onCaseOpened?.(handle.dir);
    this.events.emit('case.changed', { dir: handle.dir });
  }

  private async closeNow(): Promise<void> {
    await this.imports.cancelAll();
    const handle = this.handle;
    this.handle = null;
    this.indexes = null;
    await handle?.close();
  }

  private limits(): { limits?: Partial<CaseLimits> } {
    return this.options.caseLimits !== undefined ? { limits: this.options.caseLimits } : {};
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

export function appInfo(session: ApiSession): AppInfo {
  return {
    product: PRODUCT_NAME === 'trailview' ? 'Trailview' : PRODUCT_NAME,
    version: PRODUCT_VERSION,
    carrier: session.options.carrier,
    nativeDialogs: session.options.dialogs != null,
    uploads: session.options.uploads === true,
    platform: process.platform,
  };
}
