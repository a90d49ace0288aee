// `sessions.*`: the sessions table and one session's participants and commands.
import type { SessionsQuery } from '../../../core/api/contract.js';
import { badRequest } from '../api-error.js';
import type { AreaHandlers } from '../handler-types.js';
import { RequestReader } from '../request-reader.js';
import { listSessions, SESSION_SORT_KEYS, sessionDetail } from '../session-views.js';

const DEFAULT_COMMANDS_LIMIT = 50_000;

export const sessionHandlers: AreaHandlers<'sessions.list' | 'sessions.detail'> = {
  'sessions.list': {
    parse(raw) {
      const r = new RequestReader('sessions.list', raw);
      const filter = r.optionalString('filter', { maxLength: 1000 });
      const sortReader = r.optionalObject('sort');
      r.done();
      const query: SessionsQuery = filter !== undefined ? { filter } : {};
      if (sortReader !== undefined) {
        const key = sortReader.oneOf('key', SESSION_SORT_KEYS);
        const dir = sortReader.oneOf('dir', ['asc', 'desc'] as const);
        sortReader.done();
        if (key === undefined || dir === undefined) throw badRequest('sessions.list: "sort" needs both "key" and "dir"');
        query.sort = { key, dir };
      }
      return query;
    },
    run: async (session, query) => listSessions(session.requireCase('sessions.list'), query),
  },
  'sessions.detail': {
    parse(raw) {
      const r = new RequestReader('sessions.detail', raw);
      const sessionId = r.integer('sessionId', 1);
      const limit = r.optionalInteger('limit', 1, 1_000_000);
      r.done();
      return { sessionId, ...(limit !== undefined ? { limit } : {}) };
    },
    run: async (session, { sessionId, limit }) => sessionDetail(session.requireCase('sessions.detail'), sessionId, limit ?? DEFAULT_COMMANDS_LIMIT),
  },
};
