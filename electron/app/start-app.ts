// The Electron main process: one window, one ApiSession behind it, the app:// protocol, the IPC
// channel, menus and native dialogs. Opens the case given on the command line, else the sample
// case (built on first use in the config dir). Everything security-relevant lives in its own
// file: security.ts, app-protocol.ts, ipc.ts, window-options.ts.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, Menu, nativeTheme } from 'electron';
import type { AppCommand } from '../core/api/contract.js';
import { ApiSession } from '../services/api/api-session.js';
import { ensureSampleCase } from '../services/api/sample-case.js';
import { configDir } from '../services/trust/config-dir.js';
import { defaultRendererDir } from '../services/web/static-files.js';
import { APP_ENTRY } from './app-origin.js';
import { handleAppProtocol, registerAppScheme } from './app-protocol.js';
import { caseArgument } from './arguments.js';
import { nativeDialogs } from './dialogs.js';
import { serveIpc } from './ipc.js';
import { menuTemplate } from './menu-template.js';
import { hardenApp } from './security.js';
import { secureWindowOptions } from './window-options.js';

const PRELOAD = fileURLToPath(new URL('../preload.cjs', import.meta.url));

export function startApp(): void {
  // One Trailview per user session: a second launch (a case double-clicked, `npm start CASE`) hands
  // its case to the running one instead of fighting over the case lock.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerAppScheme();
  app.enableSandbox();
  let window: BrowserWindow | null = null;
  let session: ApiSession | null = null;
  let stopIpc: (() => void) | null = null;

  const sendCommand = (command: AppCommand, paths?: string[]): void => {
    session?.events.emit('app.command', { command, ...(paths !== undefined ? { paths } : {}) });
  };

  const rebuildMenu = async (): Promise<void> => {
    const recent = (await session?.recent.list()) ?? [];
    const dialogs = nativeDialogs(() => window);
    const template = menuTemplate(
      {
        command: sendCommand,
        newCase: () => void dialogs.pickCase(true).then((dir) => dir !== null && sendCommand('case.new', [dir])),
        openCase: () => void dialogs.pickCase(false).then((dir) => dir !== null && sendCommand('case.open', [dir])),
        importEvidence: () => void dialogs.pickEvidence().then((paths) => paths !== null && sendCommand('import', paths)),
        quit: () => app.quit(),
      },
      recent,
      { dev: !app.isPackaged, mac: process.platform === 'darwin' },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };

  const createWindow = async (): Promise<void> => {
    session = new ApiSession({
      carrier: 'electron',
      dialogs: nativeDialogs(() => window),
      onCaseOpened: (dir) => {
        app.addRecentDocument(dir);
        void rebuildMenu();
      },
    });
    window = new BrowserWindow(secureWindowOptions(PRELOAD, { dark: nativeTheme.shouldUseDarkColors }));
    stopIpc = serveIpc(session, window);
    window.once('ready-to-show', () => window?.show());
    window.on('closed', () => {
      window = null;
    });
    await rebuildMenu();
    // Open the case before the page asks for it (`case.current`); errors leave the app on no case.
    const requested = caseArgument(process.argv, app.isPackaged);
    try {
      await session.openCase(requested !== null ? path.resolve(requested) : await ensureSampleCase(configDir()));
    } catch (error) {
      session.log(error);
    }
    await window.loadURL(APP_ENTRY);
  };

  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (window !== null) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
    // The other instance's argv, as if packaged or not: its own app path precedes the case.
    const requested = caseArgument(argv, app.isPackaged);
    if (requested !== null) sendCommand('case.open', [path.resolve(workingDirectory, requested)]);
  });
  // macOS: a case chosen from the Dock's or the File menu's recent documents.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    sendCommand('case.open', [file]);
  });

  app.on('window-all-closed', () => {
    stopIpc?.();
    const closing = session?.dispose() ?? Promise.resolve();
    session = null;
    void closing.finally(() => app.quit());
  });

  void app.whenReady().then(async () => {
    hardenApp();
    handleAppProtocol(defaultRendererDir());
    await createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow();
    });
  });
}
