// The app:// protocol the desktop UI is served from, and the pure checks around it (tested in Node
// without the Electron binary: test/unit/electron-guards.test.ts). Everything the renderer may
// load or navigate to is under APP_ORIGIN; anything else is refused.
import { safeRelativePath } from '../services/web/static-files.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'trailview';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** IPC channels between preload and main (the preload is CommonJS and repeats these literally). */
export const CALL_CHANNEL = 'trailview:call';
export const EVENT_CHANNEL = 'trailview:event';

/** The UI's CSP in the app: like web mode's, but no connections at all (IPC needs none). */
export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** True when `url` is a page of our own protocol (exact origin, not a look-alike host). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (typeof url !== 'string') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '' && parsed.port === '';
}

/**
 * The file a request to the app protocol names, relative to build/renderer, or null (refused):
 * wrong host, traversal, encoded separators. Query and fragment are ignored.
 */
export function appRequestPath(url: string): string | null {
  if (!isAppUrl(url)) return null;
  return safeRelativePath(new URL(url).pathname);
}

/**
 * Requests the renderer's session may make: our protocol, devtools, and inline data/blob URLs
 * (images, xterm's fonts). No http(s), ws, file or anything remote: evidence cannot make the
 * reviewer's machine fetch a URL (a tracking pixel, an SMB share).
 */
export function isAllowedRequest(url: string): boolean {
  if (isAppUrl(url)) return true;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  return scheme === 'devtools' || scheme === 'data' || scheme === 'blob';
}

/** Navigation: only within the app (a reload, or its own entry page). */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}
