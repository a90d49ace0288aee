// Errors that cross the API boundary: a stable code and plain words (ApiErrorBody), never a stack
// trace. Handlers throw ApiError for what they detect themselves; errors of the services below
// (CaseError, QueryError, ...) are translated here, keeping their codes and messages.
import type { ApiErrorBody } from '../../core/api/contract.js';
import { QueryError } from '../../core/search/query-error.js';
import { CaseError } from '../case/case-error.js';
import { SearchError } from '../search/search.js';

export class ApiError extends Error implements ApiErrorBody {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function badRequest(message: string): ApiError {
  return new ApiError('BAD_REQUEST', message);
}

/**
 * The body a carrier sends for any thrown value. Unknown errors keep only their message (it names
 * the file or record concerned); the stack stays in the server's log via `log`.
 */
export function toErrorBody(error: unknown, log: (error: unknown) => void = () => undefined): ApiErrorBody {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  if (error instanceof CaseError) return { code: error.code, message: error.message };
  if (error instanceof QueryError) return { code: 'SEARCH_SYNTAX', message: error.message };
  if (error instanceof SearchError) return { code: 'SEARCH_FAILED', message: error.message };
  log(error);
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: message === '' ? 'an internal error occurred' : message };
}
