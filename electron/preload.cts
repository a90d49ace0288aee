// The preload of every Trailview window. It exposes exactly the contract's TrailviewApi — `call`
// and `on` — as `window.trailview`, and nothing else (no ipcRenderer, no Node).
//
// CommonJS on purpose (.cts → build/electron/preload.cjs): a sandboxed preload cannot be an ES
// module and cannot load files of its own, so it imports only `electron` and the contract's types.
//
// Drag and drop: in a sandbox the page's drop events do not see file paths; webUtils here can. A
// drop on the window is turned into an `app.command` event ({command: 'drop', paths}) delivered to
// the page's `on('app.command')` listeners, like the menu's commands.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS is required here (see above)
import electron = require('electron');
import type { ApiCall, ApiErrorBody, ApiEvent, ApiEvents, ApiRequest, ApiResponse, TrailviewApi } from './core/api/contract.js';

const { contextBridge, ipcRenderer, webUtils } = electron;

// Literal copies of electron/app/app-origin.ts (this file cannot import it at run time).
const CALL_CHANNEL = 'trailview:call';
const EVENT_CHANNEL = 'trailview:event';

type Envelope = { ok: true; response: unknown } | { ok: false; error: ApiErrorBody };
type Listener = (payload: unknown) => void;

const listeners = new Map<string, Set<Listener>>();

function deliver(event: string, payload: unknown): void {
  for (const listener of [...(listeners.get(event) ?? [])]) {
    try {
      listener(payload);
    } catch (error) {
      console.error(`trailview: a listener of ${event} failed`, error);
    }
  }
}

ipcRenderer.on(EVENT_CHANNEL, (_event, message: { event?: unknown; payload?: unknown }) => {
  if (typeof message?.event === 'string') deliver(message.event, message.payload);
});

window.addEventListener(
  'dragover',
  (event) => {
    event.preventDefault();
  },
  true,
);
window.addEventListener(
  'drop',
  (event) => {
    // Never let a dropped file replace the page (navigateOnDragDrop is off too).
    event.preventDefault();
    const files = Array.from(event.dataTransfer?.files ?? []);
    const paths = files.map((file) => webUtils.getPathForFile(file)).filter((p) => p !== '');
    if (paths.length > 0) deliver('app.command', { command: 'drop', paths } satisfies ApiEvents['app.command']);
  },
  true,
);

const api: TrailviewApi = {
  async call<C extends ApiCall>(call: C, request: ApiRequest<C>): Promise<ApiResponse<C>> {
    const result = (await ipcRenderer.invoke(CALL_CHANNEL, call, request)) as Envelope;
    // Rejected with a plain object: Error objects lose their fields crossing contextBridge.
    if (!result.ok) return Promise.reject({ code: result.error.code, message: result.error.message } satisfies ApiErrorBody);
    return result.response as ApiResponse<C>;
  },
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('trailview.on: the listener must be a function');
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    set.add(listener as Listener);
    return () => {
      set.delete(listener as Listener);
    };
  },
};

contextBridge.exposeInMainWorld('trailview', { call: api.call, on: api.on } satisfies TrailviewApi);
