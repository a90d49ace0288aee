// Serves build/renderer over app://trailview/ (registered privileged before `ready`: standard,
// secure, so the UI gets a real origin and ES modules load) with the path-traversal guard of
// app-origin.ts + static-files.ts and the strict CSP on every response.
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { mimeType, resolveStaticFile } from '../services/web/static-files.js';
import { APP_CONTENT_SECURITY_POLICY, APP_SCHEME, appRequestPath } from './app-origin.js';

/**
 * Must run before app `ready`. `standard` + `secure` give the UI a real origin (ES modules, storage);
 * `corsEnabled` stays off so no other origin can read app:// content (the UI's own module imports
 * are same-origin and need no CORS).
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, stream: false } }]);
}

export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const headers = {
      'Content-Security-Policy': APP_CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    };
    const rel = appRequestPath(request.url);
    const file = rel === null ? null : await resolveStaticFile(rendererDir, `/${rel}`);
    if (file === null) return new Response('not found', { status: 404, headers: { ...headers, 'Content-Type': 'text/plain' } });
    return new Response(await readFile(file), { status: 200, headers: { ...headers, 'Content-Type': mimeType(file) } });
  });
}
