// The web-bridge client: the TrailviewApi over `trailview serve` (fetch for calls, one WebSocket
// for events). The token arrives in the page URL (`?token=`); the server has already set it as an
// HttpOnly cookie with the page, so same-origin requests carry it anyway. We also send it as a
// header (works when cookies are off) and drop it from the address bar so it does not linger in
// history or get copied with the URL.
import type { ApiCall, ApiEvent, ApiEvents, ApiRequest, ApiResponse, TrailviewApi } from '../../../electron/core/api/contract.js';
import { ApiCallError, toApiCallError } from './api-error.js';
import { CALL_PATH, EVENTS_PATH, TOKEN_HEADER, TOKEN_PARAM, UPLOAD_PATH, type WebCallResult, type WebEventMessage, type WebUploadResult } from '../../../electron/core/api/web-protocol.js';

export interface WebClientOptions {
  /** Origin of the server (default: the page's own). */
  origin?: string;
  /** The token (default: `?token=` of the page URL, if present). */
  token?: string | null;
  /** Remove `?token=` from the address bar (default true in a page). */
  scrubUrl?: boolean;
}

export interface WebClient extends TrailviewApi {
  /** Sends one file's bytes to the server; resolves to its path there (for `import.start`). */
  upload(file: Blob, name: string): Promise<string>;
  /** Closes the event socket and stops reconnecting. */
  close(): void;
}

type Listener = (payload: unknown) => void;

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5000;

export function createWebClient(options: WebClientOptions = {}): WebClient {
  const origin = options.origin ?? window.location.origin;
  const token = options.token !== undefined ? options.token : takeTokenFromUrl(options.scrubUrl !== false);
  const headers = (extra: Record<string, string>): Record<string, string> => (token ? { ...extra, [TOKEN_HEADER]: token } : extra);
  const listeners = new Map<string, Set<Listener>>();
  let socket: WebSocket | null = null;
  let retryMs = RECONNECT_MIN_MS;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const dispatch = (raw: unknown): void => {
    if (typeof raw !== 'string') return;
    let message: WebEventMessage;
    try {
      message = JSON.parse(raw) as WebEventMessage;
    } catch {
      return;
    }
    if (typeof message?.event !== 'string') return;
    for (const listener of [...(listeners.get(message.event) ?? [])]) {
      try {
        listener(message.payload);
      } catch (error) {
        // One broken listener must not starve the others of events.
        console.error(`trailview: a listener of ${message.event} failed`, error);
      }
    }
  };

  const connect = (): void => {
    if (closed || socket !== null) return;
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}${EVENTS_PATH}`);
    socket = ws;
    ws.addEventListener('open', () => {
      retryMs = RECONNECT_MIN_MS;
    });
    ws.addEventListener('message', (e: MessageEvent) => dispatch(e.data));
    ws.addEventListener('close', () => {
      socket = null;
      if (closed || listeners.size === 0) return;
      // The server went away (restart, laptop sleep): try again, backing off.
      retryTimer = setTimeout(() => {
        retryTimer = null;
        connect();
      }, retryMs);
      retryMs = Math.min(retryMs * 2, RECONNECT_MAX_MS);
    });
  };

  return {
    async call<C extends ApiCall>(call: C, request: ApiRequest<C>): Promise<ApiResponse<C>> {
      let response: Response;
      try {
        response = await fetch(`${origin}${CALL_PATH}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: headers({ 'Content-Type': 'application/json' }),
          body: JSON.stringify({ call, request }),
        });
      } catch (error) {
        throw new ApiCallError('NETWORK', `the Trailview server cannot be reached (${error instanceof Error ? error.message : String(error)}); is \`trailview serve\` still running?`);
      }
      const body = await readJson(response);
      if (body === undefined) throw new ApiCallError(httpCode(response.status), `${call}: the server answered HTTP ${response.status} without a result`);
      const result = body as WebCallResult<ApiResponse<C>>;
      if (result.ok === true) return result.response;
      throw toApiCallError(result.error, httpCode(response.status));
    },

    on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      const wrapped = listener as Listener;
      set.add(wrapped);
      connect();
      return () => {
        set.delete(wrapped);
        if (set.size === 0) listeners.delete(event);
      };
    },

    async upload(file: Blob, name: string): Promise<string> {
      const response = await fetch(`${origin}${UPLOAD_PATH}?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: headers({ 'Content-Type': 'application/octet-stream' }),
        body: file,
      }).catch((error: unknown) => {
        throw new ApiCallError('NETWORK', `uploading ${name} failed (${error instanceof Error ? error.message : String(error)})`);
      });
      const body = await readJson(response);
      if (response.ok && typeof (body as WebUploadResult | undefined)?.path === 'string') return (body as WebUploadResult).path;
      const error = (body as { error?: unknown } | undefined)?.error;
      throw toApiCallError(error ?? `uploading ${name} failed: HTTP ${response.status}`, httpCode(response.status));
    },

    close(): void {
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      socket?.close();
      socket = null;
    },
  };
}

function takeTokenFromUrl(scrub: boolean): string | null {
  const url = new URL(window.location.href);
  const token = url.searchParams.get(TOKEN_PARAM);
  if (token !== null && scrub) {
    url.searchParams.delete(TOKEN_PARAM);
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  }
  return token;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return undefined;
  }
}

function httpCode(status: number): string {
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'TOO_LARGE';
  if (status === 400) return 'BAD_REQUEST';
  return 'INTERNAL';
}
