// What every view may use: the API, the open case, the chosen time zone and theme, navigation,
// the import in progress and the command palette's actions. Provided by AppProvider.
import { createContext, useContext, useEffect } from 'react';
import type { AppInfo, CaseView, TrailviewApi } from '../../../electron/core/api/contract.js';
import type { ImportRun } from '../state/import-progress.js';
import type { TimeZone } from '../state/time-format.js';
import type { Theme, ThemePreference } from './theme.js';

export type RouteParams = Readonly<Record<string, string | number | undefined>>;

export interface Route {
  view: string;
  params: RouteParams;
}

/** A moment in a session: what search hits, findings and flags open. */
export interface SessionMoment {
  sessionId: number;
  tsUs?: number;
  /** The command row (commands.id) to bring into view, when known. */
  commandId?: number;
}

export interface AppAction {
  id: string;
  title: string;
  /** Shown in the palette; e.g. `Mod+K` (see shortcuts.ts). */
  shortcut?: string;
  group: string;
  /** Disabled actions are listed but cannot run (e.g. `Import evidence` without a case). */
  enabled?: boolean;
  run(): void;
}

export interface Notice {
  kind: 'info' | 'error';
  text: string;
}

/** Sends a browser file to the services and resolves to its path there (web mode only). */
export type Uploader = (file: Blob, name: string) => Promise<string>;

export interface AppContextValue {
  api: TrailviewApi;
  /** Null in the desktop app, where files have real paths. */
  upload: Uploader | null;
  info: AppInfo | null;
  mac: boolean;

  currentCase: CaseView | null;
  /** Increases whenever the open case changes (import, keys): views reload their data on it. */
  caseVersion: number;
  caseBusy: boolean;
  openCase(dir: string): Promise<boolean>;
  createCase(dir: string, name?: string, examiner?: string): Promise<boolean>;
  closeCase(): Promise<void>;
  reloadCase(): Promise<void>;

  timezone: string;
  zone: TimeZone;
  setTimezone(name: string): void;
  themePreference: ThemePreference;
  theme: Theme;
  setThemePreference(preference: ThemePreference): void;

  route: Route;
  navigate(view: string, params?: RouteParams): void;
  openSession(moment: SessionMoment): void;
  /** The view openSession() goes to (`replay` when present, else `sessions`). */
  sessionMomentView: string;

  importRun: ImportRun | null;
  importDialog: { open: boolean; paths: string[] };
  showImportDialog(open: boolean, paths?: readonly string[]): void;
  startImport(paths: readonly string[]): Promise<void>;
  /** Web mode: uploads browser files (picked or dropped), then imports them. */
  importFiles(files: readonly File[]): Promise<void>;
  /** The name of the file being uploaded, or null. */
  uploading: string | null;
  cancelImport(): void;

  paletteOpen: boolean;
  setPaletteOpen(open: boolean): void;
  /** Global actions plus those registered by the current view. */
  actions: readonly AppAction[];
  registerActions(owner: string, actions: readonly AppAction[]): void;

  notice: Notice | null;
  notify(notice: Notice | null): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (value === null) throw new Error('useApp() outside <AppProvider>');
  return value;
}

/**
 * A view's own palette actions (with their shortcuts), registered while it is shown. Pass a
 * memoised array (useMemo): a new array on every render registers again on every render.
 */
export function useViewActions(owner: string, actions: readonly AppAction[]): void {
  const { registerActions } = useApp();
  useEffect(() => {
    registerActions(owner, actions);
    return () => registerActions(owner, []);
  }, [owner, actions, registerActions]);
}
