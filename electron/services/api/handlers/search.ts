// `search.run`: the documented query language (docs/search.md) over the catalog and the case's
// index shards. Like `trailview search`, every search of a case open for writing is recorded in
// its activity log (`search.run`: query, options, number of matches).
import type { SearchResponse } from '../../../core/api/contract.js';
import { resolveTimeZone } from '../../../core/search/time-zone.js';
import { MAX_LIMIT, searchCase } from '../../search/search.js';
import { ApiError, badRequest } from '../api-error.js';
import type { AreaHandlers } from '../handler-types.js';
import { RequestReader } from '../request-reader.js';

export const searchHandlers: AreaHandlers<'search.run'> = {
  'search.run': {
    parse(raw) {
      const r = new RequestReader('search.run', raw);
      const query = r.string('query', { maxLength: 10_000 });
      const fuzzy = r.optionalBoolean('fuzzy');
      const order = r.oneOf('order', ['time', 'newest', 'relevance'] as const);
      const offset = r.optionalInteger('offset', 0, 10_000_000);
      const limit = r.optionalInteger('limit', 1, MAX_LIMIT);
      const timezone = r.optionalString('timezone', { nonEmpty: true, maxLength: 100 });
      r.done();
      if (timezone !== undefined) {
        try {
          resolveTimeZone(timezone);
        } catch (error) {
          throw badRequest(`search.run: "timezone": ${(error as Error).message}`);
        }
      }
      return {
        query,
        ...(fuzzy !== undefined ? { fuzzy } : {}),
        ...(order !== undefined ? { order } : {}),
        ...(offset !== undefined ? { offset } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(timezone !== undefined ? { timezone } : {}),
      };
    },
    async run(session, request): Promise<SearchResponse> {
      const handle = session.requireCase('search.run');
      if (request.query.trim() === '') throw new ApiError('SEARCH_SYNTAX', 'search.run: the query is empty; type words to find, or a filter such as user:alice');
      const started = performance.now();
      const indexes = await session.searchIndexes(handle);
      const result = searchCase({ catalog: handle.db, indexes }, request.query, {
        limit: request.limit ?? 50,
        offset: request.offset ?? 0,
        ...(request.order !== undefined ? { order: request.order } : {}),
        fuzzy: request.fuzzy === true,
        timezone: request.timezone ?? 'UTC',
      });
      if (!handle.readOnly) {
        await handle.appendActivity('search.run', {
          query: request.query,
          fuzzy: request.fuzzy === true,
          order: request.order ?? (request.fuzzy === true ? 'relevance' : 'time'),
          timezone: request.timezone ?? 'UTC',
          limit: request.limit ?? 50,
          offset: request.offset ?? 0,
          total: result.total,
          totalExact: result.totalExact,
          shown: result.hits.length,
        });
      }
      return {
        total: result.total,
        totalExact: result.totalExact,
        hits: result.hits.map((h) => ({
          ts: h.ts,
          tsUs: h.tsUs,
          session: h.session,
          sessionId: h.sessionId,
          user: h.user,
          host: h.host,
          tty: h.tty,
          kind: h.kind,
          text: h.text,
          snippet: h.snippet,
          snippetHighlights: h.snippetHighlights,
          rowId: h.rowId,
          seq: h.seq,
        })),
        warnings: result.warnings,
        tookMs: Math.round((performance.now() - started) * 10) / 10,
      };
    },
  },
};
