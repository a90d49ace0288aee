// The sender check of the IPC handler, pure (tested without Electron): which calls are refused
// before the services see them, and with what error.
import { isApiCall, type ApiErrorBody } from '../core/api/contract.js';
import { isAppUrl } from './app-origin.js';

export function refuseCall(senderUrl: string | undefined, fromOurWindow: boolean, fromMainFrame: boolean, call: unknown): ApiErrorBody | null {
  if (!fromOurWindow || !fromMainFrame || !isAppUrl(senderUrl)) {
    return { code: 'FORBIDDEN', message: 'calls are accepted only from the Trailview page itself' };
  }
  if (!isApiCall(call)) return { code: 'NOT_FOUND', message: `no such call: ${typeof call === 'string' ? JSON.stringify(call.slice(0, 100)) : typeof call}` };
  return null;
}
