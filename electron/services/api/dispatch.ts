// The one entry point both carriers use: a call name and a raw request in (from IPC or from JSON),
// a result envelope out. Unknown calls are NOT_FOUND; bad requests BAD_REQUEST; every failure is
// an ApiErrorBody (code + plain message), never a stack trace.
import { isApiCall, type ApiCall, type ApiErrorBody, type ApiRequest, type ApiResponse } from '../../core/api/contract.js';
import { ApiError, toErrorBody } from './api-error.js';
import type { ApiSession } from './api-session.js';
import type { ApiHandlers, Handler } from './handler-types.js';
import { HANDLERS } from './handlers/index.js';

export type CallResult = { ok: true; response: unknown } | { ok: false; error: ApiErrorBody };

export async function dispatchCall(session: ApiSession, call: unknown, request: unknown, handlers: ApiHandlers = HANDLERS): Promise<CallResult> {
  try {
    if (!isApiCall(call)) {
      const shown = typeof call === 'string' ? JSON.stringify(call.slice(0, 100)) : typeof call;
      throw new ApiError('NOT_FOUND', `no such call: ${shown}`);
    }
    return { ok: true, response: await runCall(session, call, request, handlers) };
  } catch (error) {
    return { ok: false, error: toErrorBody(error, session.log) };
  }
}

async function runCall<C extends ApiCall>(session: ApiSession, call: C, raw: unknown, handlers: ApiHandlers): Promise<ApiResponse<C>> {
  const handler = handlers[call] as Handler<C>;
  const request: ApiRequest<C> = handler.parse(raw);
  return handler.run(session, request);
}

/** The typed in-process API (tests, the Electron main process): throws ApiError on failure. */
export function serviceApi(session: ApiSession, handlers: ApiHandlers = HANDLERS) {
  return {
    async call<C extends ApiCall>(call: C, request: ApiRequest<C>): Promise<ApiResponse<C>> {
      const result = await dispatchCall(session, call, request, handlers);
      if (!result.ok) throw new ApiError(result.error.code, result.error.message);
      return result.response as ApiResponse<C>;
    },
  };
}
