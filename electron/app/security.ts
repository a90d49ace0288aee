// App-wide hardening (docs/architecture.md, "Electron: security model"): no permission is ever
// granted, nothing remote is fetched, no navigation leaves the app, no new window, no webview.
// Applied to every webContents that is created, not only to the windows we make.
import { app, session, type WebContents } from 'electron';
import { isAllowedNavigation, isAllowedRequest } from './app-origin.js';

export function hardenApp(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
  // Downloads would write files the evidence chose.
  ses.on('will-download', (event) => event.preventDefault());
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
}

export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
