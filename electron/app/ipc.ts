// The one IPC channel of the app: `trailview:call` (invoke) carrying a contract call, and
// `trailview:event` (send) carrying events. The sender's frame must be our app:// page (not a
// frame that evidence got loaded into, not a devtools extension) and the call name in API_CALLS.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { ApiSession } from '../services/api/api-session.js';
import { dispatchCall, type CallResult } from '../services/api/dispatch.js';
import { CALL_CHANNEL, EVENT_CHANNEL } from './app-origin.js';
import { refuseCall } from './ipc-guard.js';

export function serveIpc(session: ApiSession, window: BrowserWindow): () => void {
  const handler = async (event: IpcMainInvokeEvent, call: unknown, request: unknown): Promise<CallResult> => {
    const refusal = refuseCall(event.senderFrame?.url, event.sender.id === window.webContents.id, event.senderFrame === window.webContents.mainFrame, call);
    if (refusal !== null) return { ok: false, error: refusal };
    return dispatchCall(session, call, request);
  };
  ipcMain.handle(CALL_CHANNEL, handler);
  const unsubscribe = session.events.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, { event, payload });
  });
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    unsubscribe();
  };
}
