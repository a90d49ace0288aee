// The application menu as data (File, Edit, View, Window, Help), built from the actions it
// triggers; pure so a test can check it without Electron. Menu items never act on the case
// directly: they send `app.command` events and the UI runs the ordinary calls (its errors show).
import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand, RecentCase } from '../core/api/contract.js';

export interface MenuActions {
  /** Runs a native dialog where needed, then sends the command to the UI. */
  command(command: AppCommand, paths?: string[]): void;
  newCase(): void;
  openCase(): void;
  importEvidence(): void;
  quit(): void;
}

export function menuTemplate(actions: MenuActions, recent: readonly RecentCase[], options: { dev: boolean; mac: boolean }): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New Case…', accelerator: 'CmdOrCtrl+N', click: () => actions.newCase() },
      { label: 'Open Case…', accelerator: 'CmdOrCtrl+O', click: () => actions.openCase() },
      {
        label: 'Open Recent',
        submenu:
          recent.length === 0
            ? [{ label: 'No recent cases', enabled: false }]
            : recent.map((r) => ({ label: `${r.name} — ${r.dir}`, click: () => actions.command('case.recent', [r.dir]) })),
      },
      { type: 'separator' },
      { label: 'Import Evidence…', accelerator: 'CmdOrCtrl+I', click: () => actions.importEvidence() },
      { type: 'separator' },
      { label: 'Command Palette', accelerator: 'CmdOrCtrl+K', click: () => actions.command('palette') },
      { type: 'separator' },
      { label: options.mac ? 'Quit Trailview' : 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      {
        label: 'Theme',
        submenu: [
          { label: 'Light', click: () => actions.command('theme.light') },
          { label: 'Dark', click: () => actions.command('theme.dark') },
          { label: 'System', click: () => actions.command('theme.system') },
        ],
      },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      // Reload and devtools only while developing: a reload drops the UI state mid-review.
      ...(options.dev ? ([{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }] satisfies MenuItemConstructorOptions[]) : []),
    ],
  };
  return [
    ...(options.mac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
  ];
}
