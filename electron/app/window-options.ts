// The BrowserWindow options of every Trailview window, as a pure function so a test can pin them
// (test/unit/electron-guards.test.ts). Do not relax: the renderer shows untrusted evidence.
import type { BrowserWindowConstructorOptions } from 'electron';

export function secureWindowOptions(preload: string, options: { dark?: boolean } = {}): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'Trailview',
    show: false,
    backgroundColor: options.dark === true ? '#14161a' : '#ffffff',
    webPreferences: {
      preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      enableBlinkFeatures: '',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}
