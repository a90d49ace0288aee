// The desktop shell's menus and drops arrive as `app.command` events (contract APP_COMMANDS); the
// UI performs them with the ordinary calls, so their errors show like any other.
import { useEffect } from 'react';
import type { TrailviewApi } from '../../../electron/core/api/contract.js';
import type { ThemePreference } from './theme.js';

export interface AppCommandTargets {
  caseOpen: boolean;
  openCase(dir: string): Promise<boolean>;
  createCase(dir: string): Promise<boolean>;
  showImportDialog(open: boolean, paths?: readonly string[]): void;
  startImport(paths: readonly string[]): Promise<void>;
  setThemePreference(preference: ThemePreference): void;
  setPaletteOpen(open: boolean): void;
}

export function useAppCommands(api: TrailviewApi, t: AppCommandTargets): void {
  const { caseOpen, openCase, createCase, showImportDialog, startImport, setThemePreference, setPaletteOpen } = t;
  useEffect(
    () =>
      api.on('app.command', (e) => {
        const paths = e.paths ?? [];
        const first = paths[0];
        switch (e.command) {
          case 'case.new':
            if (first !== undefined) void createCase(first);
            break;
          case 'case.open':
          case 'case.recent':
            if (first !== undefined) void openCase(first);
            break;
          case 'import':
            // Paths picked in the native dialog: import them at once, the dialog shows progress.
            showImportDialog(true);
            if (paths.length > 0) void startImport(paths);
            break;
          case 'drop':
            // Without a case, one dropped folder is taken as a case to open; with one, drops are evidence to confirm.
            if (!caseOpen && paths.length === 1 && first !== undefined) void openCase(first);
            else showImportDialog(true, paths);
            break;
          case 'theme.light':
          case 'theme.dark':
          case 'theme.system':
            setThemePreference(e.command.slice('theme.'.length) as ThemePreference);
            break;
          case 'palette':
            setPaletteOpen(true);
            break;
        }
      }),
    [api, caseOpen, openCase, createCase, showImportDialog, startImport, setThemePreference, setPaletteOpen],
  );
}
