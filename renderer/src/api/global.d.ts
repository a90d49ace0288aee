// `window.trailview`: the contract object the Electron preload exposes through contextBridge
// (electron/preload.ts). Absent in a browser: there getApi() builds the web-bridge client instead.
import type { TrailviewApi } from '../../../electron/core/api/contract.js';

declare global {
  interface Window {
    trailview?: TrailviewApi;
  }
}

export {};
