// The Electron main process entry (package.json "main": build/electron/main.js). Thin: everything
// is in electron/app/ (window, protocol, IPC, menus, security). Run with `npm start`.
import { startApp } from './app/start-app.js';

startApp();
