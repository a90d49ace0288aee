// `findings.*`: the findings of the open case (docs/report.md, "Findings"). Every change is saved
// with its activity record (services/findings/findings-store.ts), exactly as `trailview finding`.
// Anchors come from the UI as ids and microseconds (a replay's mark in/out, a search hit, a
// timeline brush) and are resolved against the evidence like the CLI's.
import type { FindingAnchorInput, FindingPatchInput, FindingView } from '../../../core/api/contract.js';
import { formatTimestamp } from '../../../core/timestamp.js';
import { FindingError, SEVERITIES, STATUSES, type AnchorRequest, type Finding } from '../../findings/finding-types.js';
import { addFinding, listFindings, removeFinding, reorderFindings, updateFinding } from '../../findings/findings-store.js';
import { ApiError, badRequest } from '../api-error.js';
import type { AreaHandlers } from '../handler-types.js';
import { RequestReader } from '../request-reader.js';

type Call = 'findings.list' | 'findings.add' | 'findings.update' | 'findings.remove' | 'findings.reorder';

export const findingsHandlers: AreaHandlers<Call> = {
  'findings.list': {
    parse(raw) {
      new RequestReader('findings.list', raw).done();
      return {};
    },
    run: async (session) => findingViews(listFindings(session.requireCase('findings.list').db)),
  },
  'findings.add': {
    parse: (raw) => {
      const { anchors, tags, ...rest } = fieldsOf('findings.add', raw);
      const fields = readFields('findings.add', rest, true);
      return {
        title: fields.title as string,
        severity: fields.severity as FindingView['severity'],
        ...(fields.status !== undefined ? { status: fields.status } : {}),
        ...(fields.notes !== undefined ? { notes: fields.notes } : {}),
        ...(tags !== undefined ? { tags: stringList('findings.add', 'tags', tags) } : {}),
        anchors: anchorList('findings.add', anchors, true) as FindingAnchorInput[],
      };
    },
    async run(session, request) {
      const handle = session.requireWritableCase('findings.add');
      const finding = await findingCall(() =>
        addFinding(handle, {
          title: request.title,
          severity: request.severity,
          anchors: request.anchors.map(toAnchorRequest),
          ...(request.status !== undefined ? { status: request.status } : {}),
          ...(request.notes !== undefined ? { notes: request.notes } : {}),
          ...(request.tags !== undefined ? { tags: request.tags } : {}),
        }),
      );
      return findingView(finding);
    },
  },
  'findings.update': {
    parse(raw) {
      const { patch, ...rest } = fieldsOf('findings.update', raw);
      const r = new RequestReader('findings.update', rest);
      const id = r.integer('id', 1);
      r.done();
      const { anchors, tags, ...patchRest } = fieldsOf('findings.update: "patch"', patch);
      const fields = readFields('findings.update: "patch"', patchRest, false);
      const out: FindingPatchInput = {
        ...(fields.title !== undefined ? { title: fields.title } : {}),
        ...(fields.severity !== undefined ? { severity: fields.severity } : {}),
        ...(fields.status !== undefined ? { status: fields.status } : {}),
        ...(fields.notes !== undefined ? { notes: fields.notes } : {}),
        ...(tags !== undefined ? { tags: stringList('findings.update', 'patch.tags', tags) } : {}),
        ...(anchors !== undefined ? { anchors: anchorList('findings.update', anchors, true) as FindingAnchorInput[] } : {}),
      };
      return { id, patch: out };
    },
    async run(session, { id, patch }) {
      const handle = session.requireWritableCase('findings.update');
      const finding = await findingCall(() =>
        updateFinding(handle, id, {
          ...(patch.title !== undefined ? { title: patch.title } : {}),
          ...(patch.severity !== undefined ? { severity: patch.severity } : {}),
          ...(patch.status !== undefined ? { status: patch.status } : {}),
          ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
          ...(patch.tags !== undefined ? { tags: patch.tags } : {}),
          ...(patch.anchors !== undefined ? { anchors: patch.anchors.map(toAnchorRequest) } : {}),
        }),
      );
      return findingView(finding);
    },
  },
  'findings.remove': {
    parse(raw) {
      const r = new RequestReader('findings.remove', raw);
      const id = r.integer('id', 1);
      r.done();
      return { id };
    },
    async run(session, { id }) {
      await findingCall(() => removeFinding(session.requireWritableCase('findings.remove'), id));
      return null;
    },
  },
  'findings.reorder': {
    parse(raw) {
      const { ids, ...rest } = fieldsOf('findings.reorder', raw);
      new RequestReader('findings.reorder', rest).done();
      if (!Array.isArray(ids) || ids.length > 100_000 || !ids.every((id) => Number.isSafeInteger(id) && (id as number) > 0)) {
        throw badRequest('findings.reorder: "ids" must be a list of finding ids (whole numbers)');
      }
      return { ids: ids as number[] };
    },
    run: async (session, { ids }) => findingViews(await findingCall(() => reorderFindings(session.requireWritableCase('findings.reorder'), ids))),
  },
};

function findingView(f: Finding): FindingView {
  return { ...f, anchors: f.anchors.map((a) => ({ ...a })) };
}

function findingViews(list: Finding[]): FindingView[] {
  return list.map(findingView);
}

function toAnchorRequest(a: FindingAnchorInput): AnchorRequest {
  switch (a.kind) {
    case 'query':
      return { kind: 'query', query: a.query };
    case 'session':
      return { kind: 'session-id', sessionId: a.sessionId, from: formatTimestamp(a.fromUs), to: formatTimestamp(a.toUs) };
    case 'timeline':
      return { kind: 'timeline', from: formatTimestamp(a.fromUs), to: formatTimestamp(a.toUs), sessionIds: a.sessionIds ?? [] };
  }
}

async function findingCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FindingError) throw new ApiError(error.code, error.message);
    throw error;
  }
}

// ---- request parsing (lists and nested objects the shared RequestReader does not read) -------

function fieldsOf(call: string, raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badRequest(`${call}: the request must be a JSON object`);
  return { ...(raw as Record<string, unknown>) };
}

interface CommonFields {
  title?: string;
  severity?: FindingView['severity'];
  status?: FindingView['status'];
  notes?: string;
}

function readFields(call: string, raw: Record<string, unknown>, required: boolean): CommonFields {
  const r = new RequestReader(call, raw);
  const title = required ? r.string('title', { nonEmpty: true, maxLength: 500 }) : r.optionalString('title', { nonEmpty: true, maxLength: 500 });
  const severity = r.oneOf('severity', SEVERITIES);
  if (required && severity === undefined) throw badRequest(`${call}: "severity" must be one of ${SEVERITIES.join(', ')}`);
  const status = r.oneOf('status', STATUSES);
  const notes = r.optionalString('notes', { maxLength: 200_000 });
  r.done();
  return { ...(title !== undefined ? { title } : {}), ...(severity !== undefined ? { severity } : {}), ...(status !== undefined ? { status } : {}), ...(notes !== undefined ? { notes } : {}) };
}

function stringList(call: string, name: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length > 100 || !value.every((v) => typeof v === 'string' && v.length <= 64)) {
    throw badRequest(`${call}: "${name}" must be a list of at most 100 strings of at most 64 characters`);
  }
  return value as string[];
}

function anchorList(call: string, value: unknown, nonEmpty: boolean): FindingAnchorInput[] {
  if (!Array.isArray(value) || (nonEmpty && value.length === 0) || value.length > 100) throw badRequest(`${call}: "anchors" must be a list of 1 to 100 anchors`);
  return value.map((raw, i) => {
    const name = `${call}: "anchors[${i}]"`;
    const { sessionIds, ...rest } = fieldsOf(name, raw);
    const r = new RequestReader(name, rest);
    const kind = r.oneOf('kind', ['session', 'query', 'timeline'] as const);
    if (kind === 'query') {
      const query = r.string('query', { nonEmpty: true, maxLength: 10_000 });
      r.done();
      return { kind, query };
    }
    if (kind === 'session') {
      const sessionId = r.integer('sessionId', 1);
      const fromUs = r.integer('fromUs');
      const toUs = r.integer('toUs');
      r.done();
      return { kind, sessionId, fromUs, toUs };
    }
    if (kind === 'timeline') {
      const fromUs = r.integer('fromUs');
      const toUs = r.integer('toUs');
      r.done();
      if (sessionIds !== undefined && (!Array.isArray(sessionIds) || !sessionIds.every((id) => Number.isSafeInteger(id) && (id as number) > 0))) {
        throw badRequest(`${name}: "sessionIds" must be a list of session ids`);
      }
      return { kind, fromUs, toUs, ...(sessionIds !== undefined ? { sessionIds: sessionIds as number[] } : {}) };
    }
    throw badRequest(`${name}: "kind" must be session, query or timeline`);
  });
}
