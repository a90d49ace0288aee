// `replay.*`, `timeline.events`, `events.table` (issue 6): thin handlers over electron/services/replay/.
import type { ApiCall, ReplaySessionView, TimelineEventKind } from '../../../core/api/contract.js';
import { selectAll } from '../../case/case-db.js';
import { KeyframeCache, openReplaySession, ReplayError, type ReplaySession } from '../../replay/case-replay.js';
import { frameAt, inputBetween, rangeBetween } from '../../replay/seek.js';
import { eventsTable, timelineEvents } from '../../replay/timeline.js';
import { ApiError, badRequest } from '../api-error.js';
import type { ApiSession } from '../api-session.js';
import type { AreaHandlers } from '../handler-types.js';
import { RequestReader } from '../request-reader.js';

const MAX_PANES_OPENED = 16;
const TIMELINE_KINDS: readonly TimelineEventKind[] = ['start', 'end', 'join', 'leave', 'command', 'flag', 'finding'];
/** Keyframes per open case (a handle): released with it, and loaded again when the case is reopened. */
const caches = new WeakMap<object, KeyframeCache>();

/** A list of session ids (positive integers), read from the raw request. */
function sessionIdList(call: ApiCall, raw: unknown, name: string, required: boolean): number[] | undefined {
  const value = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[name] : undefined;
  if (value === undefined && !required) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > 10_000 || !value.every((v) => Number.isSafeInteger(v) && (v as number) >= 1)) {
    throw badRequest(`${call}: "${name}" must be a non-empty list of session ids (positive integers)`);
  }
  return value as number[];
}

/** The request without `name` (read separately), for RequestReader's unknown-field check. */
function without(raw: unknown, name: string): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const { [name]: _omitted, ...rest } = raw as Record<string, unknown>;
  return rest;
}

async function session(api: ApiSession, call: ApiCall, sessionId: number): Promise<ReplaySession> {
  const handle = api.requireCase(call);
  try {
    let cache = caches.get(handle);
    if (cache === undefined) {
      cache = new KeyframeCache();
      caches.set(handle, cache);
    }
    return await openReplaySession(handle, cache, sessionId);
  } catch (error) {
    if (error instanceof ReplayError) throw new ApiError(error.code, `${call}: ${error.message}`);
    throw error;
  }
}

const time = (r: RequestReader, name: string): number => r.integer(name, 0);

export const replayHandlers: AreaHandlers<'replay.open' | 'replay.frame' | 'replay.range' | 'replay.input' | 'timeline.events' | 'events.table'> = {
  'replay.open': {
    parse(raw) {
      const sessionIds = sessionIdList('replay.open', raw, 'sessionIds', true) as number[];
      if (sessionIds.length > MAX_PANES_OPENED) throw badRequest(`replay.open: at most ${MAX_PANES_OPENED} sessions at once`);
      new RequestReader('replay.open', without(raw, 'sessionIds')).done();
      return { sessionIds };
    },
    async run(api, { sessionIds }) {
      const handle = api.requireCase('replay.open');
      const sessions: ReplaySessionView[] = [];
      for (const id of sessionIds) {
        const s = await session(api, 'replay.open', id);
        const row = selectAll(handle.db, 'SELECT user, host, tty FROM sessions WHERE id = ?', [id])[0] ?? {};
        const k = s.keyframes;
        sessions.push({
          sessionId: id,
          evidenceId: s.evidence.id,
          sessionKey: k.session,
          user: typeof row.user === 'string' ? row.user : null,
          host: typeof row.host === 'string' ? row.host : null,
          tty: typeof row.tty === 'string' ? row.tty : null,
          startUs: k.startUs,
          endUs: k.endUs,
          quiet: k.quiet,
          outputBytes: k.outBytes,
          keyframes: k.keyframes.length,
        });
      }
      return { sessions };
    },
  },
  'replay.frame': {
    parse(raw) {
      const r = new RequestReader('replay.frame', raw);
      const req = { sessionId: r.integer('sessionId', 1), tsUs: time(r, 'tsUs') };
      r.done();
      return req;
    },
    async run(api, { sessionId, tsUs }) {
      const frame = await frameAt(await session(api, 'replay.frame', sessionId), tsUs);
      return { sessionId, ...frame };
    },
  },
  'replay.range': {
    parse(raw) {
      const r = new RequestReader('replay.range', raw);
      const sessionId = r.integer('sessionId', 1);
      const fromUs = time(r, 'fromUs');
      const toUs = time(r, 'toUs');
      const resumeOffset = r.optionalInteger('resumeOffset', 0);
      r.done();
      if (toUs < fromUs) throw badRequest('replay.range: "toUs" is before "fromUs"');
      return { sessionId, fromUs, toUs, ...(resumeOffset !== undefined ? { resumeOffset } : {}) };
    },
    async run(api, { sessionId, fromUs, toUs, resumeOffset }) {
      const range = await rangeBetween(await session(api, 'replay.range', sessionId), fromUs, toUs, resumeOffset !== undefined ? { resumeOffset } : {});
      return { sessionId, ...range };
    },
  },
  'replay.input': {
    parse(raw) {
      const r = new RequestReader('replay.input', raw);
      const sessionId = r.integer('sessionId', 1);
      const fromUs = time(r, 'fromUs');
      const toUs = time(r, 'toUs');
      const reveal = r.optionalBoolean('reveal');
      r.done();
      if (toUs < fromUs) throw badRequest('replay.input: "toUs" is before "fromUs"');
      return { sessionId, fromUs, toUs, ...(reveal !== undefined ? { reveal } : {}) };
    },
    async run(api, { sessionId, fromUs, toUs, reveal }) {
      return { events: await inputBetween(await session(api, 'replay.input', sessionId), fromUs, toUs, reveal === true) };
    },
  },
  'timeline.events': {
    parse(raw) {
      const sessionIds = sessionIdList('timeline.events', raw, 'sessionIds', false);
      const r = new RequestReader('timeline.events', without(raw, 'sessionIds'));
      const maxCommands = r.optionalInteger('maxCommands', 0, 5_000_000);
      r.done();
      return { ...(sessionIds !== undefined ? { sessionIds } : {}), ...(maxCommands !== undefined ? { maxCommands } : {}) };
    },
    run: async (api, { sessionIds, maxCommands }) => timelineEvents(api.requireCase('timeline.events'), sessionIds ?? null, maxCommands),
  },
  'events.table': {
    parse(raw) {
      const sessionIds = sessionIdList('events.table', raw, 'sessionIds', false);
      const r = new RequestReader('events.table', without(raw, 'sessionIds'));
      const filter = r.optionalString('filter', { maxLength: 1000 });
      const offset = r.optionalInteger('offset', 0);
      const limit = r.optionalInteger('limit', 1, 1_000_000);
      let kinds: TimelineEventKind[] | undefined;
      if ((raw as Record<string, unknown>).kinds !== undefined) {
        kinds = r.stringArray('kinds', { maxItems: TIMELINE_KINDS.length }).map((k) => {
          if (!(TIMELINE_KINDS as readonly string[]).includes(k)) throw badRequest(`events.table: "kinds" holds ${JSON.stringify(k)}; expected ${TIMELINE_KINDS.join(', ')}`);
          return k as TimelineEventKind;
        });
      }
      r.done();
      return {
        ...(sessionIds !== undefined ? { sessionIds } : {}),
        ...(filter !== undefined ? { filter } : {}),
        ...(kinds !== undefined ? { kinds } : {}),
        ...(offset !== undefined ? { offset } : {}),
        ...(limit !== undefined ? { limit } : {}),
      };
    },
    run: async (api, request) => eventsTable(api.requireCase('events.table'), request),
  },
};
