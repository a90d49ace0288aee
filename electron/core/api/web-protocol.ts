// The web bridge's wire protocol (`trailview serve`, electron/services/web/): shared names, so the
// client here and the server there cannot drift apart. Plain constants and types only: this file
// is compiled both for the browser (renderer tsconfig) and for Node (the server imports it), so it
// lives in the pure core next to the contract.
import type { ApiErrorBody } from './contract.js';

/** POST, JSON body `{call, request}` → `WebCallResult`. */
export const CALL_PATH = '/api/call';
/** WebSocket; server → client messages `{event, payload}`. */
export const EVENTS_PATH = '/api/events';
/** POST `?name=FILE` with the raw file bytes → `{path}` (a path on the serving machine). */
export const UPLOAD_PATH = '/api/upload';
/** The token as a header, for clients that cannot rely on the cookie. */
export const TOKEN_HEADER = 'X-Trailview-Token';
/** The query parameter of the printed URL that carries the token. */
export const TOKEN_PARAM = 'token';

export type WebCallResult<R> = { ok: true; response: R } | { ok: false; error: ApiErrorBody };

export interface WebEventMessage {
  event: string;
  payload: unknown;
}

export interface WebUploadResult {
  path: string;
}
