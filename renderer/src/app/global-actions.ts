// The app-wide actions of the command palette and their shortcuts. Views add their own with
// useViewActions(); the palette lists both, with their shortcuts.
import type { AppAction, AppContextValue } from './app-context.js';
import { nextThemePreference } from './theme.js';
import { viewShortcut, type ViewDef } from './views.js';

export function globalActions(app: AppContextValue, views: readonly ViewDef[]): AppAction[] {
  const hasCase = app.currentCase !== null;
  const go: AppAction[] = views.map((view) => ({
    id: `view.${view.id}`,
    title: `Go to ${view.title}`,
    shortcut: viewShortcut(views, view),
    group: 'View',
    enabled: hasCase || !view.needsCase,
    run: () => app.navigate(view.id),
  }));
  const focusSearch: AppAction = {
    id: 'search.focus',
    title: 'Search the case',
    shortcut: '/',
    group: 'Search',
    enabled: hasCase,
    run: () => app.navigate('search', { focus: Date.now() }),
  };
  return [
    ...go,
    focusSearch,
    { id: 'case.open', title: 'Open case…', shortcut: 'Mod+O', group: 'Case', run: () => app.navigate('case', { start: 'open' }) },
    { id: 'case.new', title: 'New case…', shortcut: 'Mod+Shift+N', group: 'Case', run: () => app.navigate('case', { start: 'new' }) },
    { id: 'case.close', title: 'Close case', group: 'Case', enabled: hasCase, run: () => void app.closeCase() },
    { id: 'import.open', title: 'Import evidence…', shortcut: 'Mod+I', group: 'Case', enabled: hasCase && app.currentCase?.readOnly !== true, run: () => app.showImportDialog(true) },
    {
      id: 'theme.cycle',
      title: `Theme: ${app.themePreference} → ${nextThemePreference(app.themePreference)}`,
      shortcut: 'Mod+Shift+L',
      group: 'Window',
      run: () => app.setThemePreference(nextThemePreference(app.themePreference)),
    },
    { id: 'timezone.utc', title: 'Show times in UTC', group: 'Window', run: () => app.setTimezone('UTC') },
    {
      id: 'timezone.local',
      title: `Show times in the local zone (${Intl.DateTimeFormat().resolvedOptions().timeZone})`,
      group: 'Window',
      run: () => app.setTimezone(Intl.DateTimeFormat().resolvedOptions().timeZone),
    },
    { id: 'timezone.pick', title: 'Choose time zone…', shortcut: 'Mod+Shift+Z', group: 'Window', run: () => document.getElementById('timezone-select')?.focus() },
    { id: 'palette', title: 'Command palette', shortcut: 'Mod+K', group: 'Window', run: () => app.setPaletteOpen(true) },
  ];
}
