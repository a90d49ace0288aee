// A handler per call: `parse` validates the raw request at the boundary (BAD_REQUEST on anything
// unexpected), `run` does the work. The table type has one entry per contract call, so tsc refuses
// a table that misses one (see handlers/index.ts).
import type { ApiCall, ApiRequest, ApiResponse } from '../../core/api/contract.js';
import type { ApiSession } from './api-session.js';
import { RequestReader } from './request-reader.js';

export interface Handler<C extends ApiCall> {
  parse(raw: unknown): ApiRequest<C>;
  run(session: ApiSession, request: ApiRequest<C>): Promise<ApiResponse<C>>;
}

export type ApiHandlers = { [C in ApiCall]: Handler<C> };

/** The handlers of one area (`case.*`, `search.*`, ...): a slice of the table. */
export type AreaHandlers<C extends ApiCall> = { [K in C]: Handler<K> };

/** For calls whose request is `{}`: refuses any field. */
export function noFields(call: ApiCall): (raw: unknown) => Record<string, never> {
  return (raw) => {
    new RequestReader(call, raw).done();
    return {};
  };
}
