// An in-memory TrailviewApi for component tests: answers each call from the test's own data,
// records every call, and lets the test push events as the services would.
import type { ApiCall, ApiEvent, ApiEvents, ApiRequest, ApiResponse, CaseView, EvidenceDetail, EvidenceView, TrailviewApi } from '../../electron/core/api/contract.js';

type Handler<C extends ApiCall> = (request: ApiRequest<C>) => ApiResponse<C> | Promise<ApiResponse<C>>;
export type Handlers = { [C in ApiCall]?: Handler<C> };

export class FakeApi implements TrailviewApi {
  readonly calls: Array<{ call: ApiCall; request: unknown }> = [];
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  constructor(private readonly handlers: Handlers) {}

  async call<C extends ApiCall>(call: C, request: ApiRequest<C>): Promise<ApiResponse<C>> {
    this.calls.push({ call, request });
    const handler = this.handlers[call] as Handler<C> | undefined;
    if (handler === undefined) throw Object.assign(new Error(`${call} is not available in this test`), { code: 'NOT_FOUND' });
    return handler(request);
  }

  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  emit<E extends ApiEvent>(event: E, payload: ApiEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  callsOf(call: ApiCall): unknown[] {
    return this.calls.filter((c) => c.call === call).map((c) => c.request);
  }
}

const T0 = Date.UTC(2024, 10, 21, 2, 10, 0) * 1000;

export function evidence(id: number, fields: Partial<EvidenceView> = {}): EvidenceView {
  return {
    id,
    sha256: String(id).repeat(64).slice(0, 64),
    kind: 'bundle',
    fileName: `bundle-${id}.trail`,
    storedAs: `evidence/${id}`,
    size: 1_600_000,
    format: 'trail-zip',
    verdict: 'verified',
    origin: 'example.org/ops',
    signers: [{ name: 'example.org/ops', keyId: '1a2b3c4d', trusted: true }],
    findings: 0,
    records: 3812,
    sessions: 6,
    commands: 72,
    outputBytes: 10_000,
    hosts: ['web-1'],
    users: ['alice'],
    importedAt: '2024-11-22T00:00:00Z',
    importedBy: 'examiner',
    timeRange: { start: '', end: '', startUs: T0, endUs: T0 + 3_600_000_000 },
    ...fields,
  };
}

export function caseView(items: EvidenceView[], fields: Partial<CaseView> = {}): CaseView {
  return {
    dir: '/cases/incident-7',
    id: 'c1',
    name: 'incident-7',
    examiner: 'examiner',
    createdAt: '2024-11-22T00:00:00Z',
    evidence: items,
    sessions: items.reduce((n, e) => n + e.sessions, 0),
    commands: items.reduce((n, e) => n + e.commands, 0),
    outputBytes: 0,
    users: ['alice'],
    hosts: ['web-1'],
    timeRange: { start: '', end: '', startUs: T0, endUs: T0 + 3_600_000_000 },
    activity: { records: 3, head: 'ab'.repeat(32) },
    problems: [],
    ...fields,
  };
}

export function detailOf(e: EvidenceView, fields: Partial<EvidenceDetail> = {}): EvidenceDetail {
  return { evidence: e, findings: [], checkpoint: null, notCovered: ['that the recorded hosts told the truth'], importProblems: [], ...fields };
}

export const APP_INFO = { product: 'Trailview', version: '0.1.0', carrier: 'web', nativeDialogs: false, uploads: true, platform: 'linux' } as const;
export { T0 };
