// The one error type the UI sees from a failed call, whichever carrier brought it: the service's
// ApiErrorBody (stable code + plain message), never a stack trace.
import type { ApiErrorBody } from '../../../electron/core/api/contract.js';

export class ApiCallError extends Error implements ApiErrorBody {
  override readonly name = 'ApiCallError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads an ApiErrorBody out of anything (a parsed JSON body, an IPC rejection). */
export function toApiCallError(value: unknown, fallbackCode = 'INTERNAL'): ApiCallError {
  if (value instanceof ApiCallError) return value;
  if (typeof value === 'object' && value !== null) {
    const { code, message } = value as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && typeof message === 'string') return new ApiCallError(code, message);
    if (typeof message === 'string') return new ApiCallError(fallbackCode, message);
  }
  return new ApiCallError(fallbackCode, typeof value === 'string' ? value : 'the call failed');
}
