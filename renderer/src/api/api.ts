// The UI's one door to the services: `getApi()` gives the TrailviewApi of whichever carrier runs
// the page — the Electron preload's `window.trailview`, or the web bridge of `trailview serve`.
// Failed calls reject with ApiCallError (code + plain message) on both.
import type { ApiCall, ApiRequest, ApiResponse, TrailviewApi } from '../../../electron/core/api/contract.js';
import { toApiCallError } from './api-error.js';
import { createWebClient, type WebClient } from './web-client.js';

export { ApiCallError } from './api-error.js';

let api: TrailviewApi | null = null;
let web: WebClient | null = null;

export function getApi(): TrailviewApi {
  if (api !== null) return api;
  const bridge = window.trailview;
  if (bridge !== undefined) {
    // The preload rejects with a plain {code, message} (Error objects lose their fields when they
    // cross contextBridge): turn it into the same ApiCallError the web client throws.
    api = {
      call: <C extends ApiCall>(call: C, request: ApiRequest<C>): Promise<ApiResponse<C>> =>
        bridge.call(call, request).catch((error: unknown) => {
          throw toApiCallError(error);
        }),
      on: (event, listener) => bridge.on(event, listener),
    };
  } else {
    web = createWebClient();
    api = web;
  }
  return api;
}

/**
 * Browser uploads (web mode only): sends a dropped or chosen file to the server and returns its
 * path there, for `import.start`. Null in Electron, where dropped files have real paths (they
 * arrive as an `app.command` event with `command: 'drop'`).
 */
export function getUploader(): ((file: Blob, name: string) => Promise<string>) | null {
  getApi();
  return web === null ? null : (file, name) => (web as WebClient).upload(file, name);
}
