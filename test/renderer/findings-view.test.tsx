// The Findings view in jsdom against an in-memory API: list in report order, edit, move, delete,
// create from a search, and the PDF export following its progress and done events.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FindingInput, FindingPatchInput, FindingView, ReportExportRequest } from '../../electron/core/api/contract.js';
import { App } from '../../renderer/src/app/App.js';
import { AppProvider } from '../../renderer/src/app/AppProvider.js';
import { exportFraction, exportReducer, moveFinding, parseTypedTime } from '../../renderer/src/findings/findings-state.js';
import { APP_INFO, FakeApi, T0, caseView, evidence, type Handlers } from './fake-api.js';
import { sessionRow } from './session-fixtures.js';
import { installDomShims } from './setup-dom.js';

installDomShims();

function finding(id: number, position: number, fields: Partial<FindingView> = {}): FindingView {
  return {
    id,
    title: `Finding ${id}`,
    severity: 'medium',
    status: 'open',
    tags: [],
    notes: '',
    anchors: [{ kind: 'session', sessionId: 1, sessionKey: 'web-1-pts-1', evidenceId: 1, evidenceSha256: 'a'.repeat(64), from: '', to: '', fromUs: T0, toUs: T0 + 60_000_000, records: { first: 3, last: 9, count: 7 } }],
    position,
    createdAt: '2024-11-21T02:10:00.000000Z',
    updatedAt: '2024-11-21T02:10:00.000000Z',
    ...fields,
  };
}

/** An API keeping findings in memory, as the service would. */
function findingsApi() {
  let list = [finding(1, 1, { title: 'Shadow read', severity: 'high' }), finding(2, 2, { title: 'Reverse shell' }), finding(3, 3, { title: 'History wiped' })];
  const exports: ReportExportRequest[] = [];
  const handlers: Handlers = {
    'app.info': () => APP_INFO,
    'case.current': () => caseView([evidence(1)]),
    'sessions.list': () => [sessionRow(1)],
    'findings.list': () => list,
    'findings.update': ({ id, patch }: { id: number; patch: FindingPatchInput }) => {
      list = list.map((f) => (f.id === id ? { ...f, ...patch, anchors: f.anchors } : f));
      return list.find((f) => f.id === id) as FindingView;
    },
    'findings.reorder': ({ ids }) => {
      list = ids.map((id, i) => ({ ...(list.find((f) => f.id === id) as FindingView), position: i + 1 }));
      return list;
    },
    'findings.remove': ({ id }) => {
      list = list.filter((f) => f.id !== id).map((f, i) => ({ ...f, position: i + 1 }));
      return null;
    },
    'findings.add': (input: FindingInput) => {
      const f = finding(10, list.length + 1, { title: input.title, severity: input.severity, anchors: input.anchors.map((a) => (a.kind === 'query' ? a : (list[0] as FindingView).anchors[0] as FindingView['anchors'][number])) });
      list = [...list, f];
      return f;
    },
    'report.export': (req) => {
      exports.push(req);
      return { exportId: 'x1' };
    },
  };
  return { api: new FakeApi(handlers), exports, titles: () => list.map((f) => f.title) };
}

function renderApp(api: FakeApi) {
  return render(
    <AppProvider api={api}>
      <App />
    </AppProvider>,
  );
}

async function goToFindings() {
  await screen.findByTestId('evidence-table');
  fireEvent.click(screen.getByRole('button', { name: /Findings/ }));
  return screen.findByTestId('findings-list');
}

beforeEach(() => localStorage.clear());
afterEach(() => cleanup());

describe('findings state', () => {
  it('moves a finding within the order, clamped', () => {
    const list = [finding(1, 1), finding(2, 2), finding(3, 3)];
    expect(moveFinding(list, 3, -1)).toEqual([1, 3, 2]);
    expect(moveFinding(list, 1, -1)).toBeNull();
    expect(moveFinding(list, 1, 5)).toEqual([2, 3, 1]);
  });

  it('reads typed times only with a zone', () => {
    expect(parseTypedTime('2024-11-27T03:10:00Z')).toBe(Date.UTC(2024, 10, 27, 3, 10) * 1000);
    expect(parseTypedTime('2024-11-27 04:10:00.5+01:00')).toBe(Date.UTC(2024, 10, 27, 3, 10) * 1000 + 500_000);
    expect(parseTypedTime('2024-11-27T03:10:00')).toBeNull();
    expect(parseTypedTime('yesterday')).toBeNull();
  });

  it('follows one export through its events and ignores others', () => {
    let s = exportReducer({ kind: 'running', exportId: 'a', progress: null }, { progress: { exportId: 'b', phase: 'pages', done: 1, total: 2, label: '' } });
    expect(s).toEqual({ kind: 'running', exportId: 'a', progress: null });
    s = exportReducer(s, { progress: { exportId: 'a', phase: 'pages', done: 1, total: 2, label: 'finding 1' } });
    expect(exportFraction(s.kind === 'running' ? s.progress : null)).toBeCloseTo(0.45 + 0.225);
    s = exportReducer(s, { done: { exportId: 'a', result: null, error: { code: 'EXISTS', message: 'exists' } } });
    expect(s).toEqual({ kind: 'failed', message: 'exists' });
  });
});

describe('findings view', () => {
  it('lists in report order, edits, moves and deletes through the API', async () => {
    const { api, titles } = findingsApi();
    renderApp(api);
    const list = await goToFindings();
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(3));
    expect(list.textContent).toMatch(/1\. Shadow read.*2\. Reverse shell.*3\. History wiped/);

    fireEvent.click(within(list).getByRole('button', { name: '2. Reverse shell' }));
    const form = await screen.findByRole('form', { name: 'Finding 2' });
    fireEvent.change(within(form).getByLabelText('Severity'), { target: { value: 'critical' } });
    fireEvent.change(within(form).getByLabelText('Notes'), { target: { value: 'Connects to **203.0.113.7**' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.callsOf('findings.update')).toEqual([{ id: 2, patch: { severity: 'critical', notes: 'Connects to **203.0.113.7**' } }]));

    fireEvent.click(screen.getByRole('button', { name: 'Move History wiped up' }));
    await waitFor(() => expect(titles()).toEqual(['Shadow read', 'History wiped', 'Reverse shell']));
    await waitFor(() => expect(list.textContent).toMatch(/2\. History wiped/));

    fireEvent.click(within(form).getByRole('button', { name: 'Delete…' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Delete finding 2' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    expect(api.callsOf('findings.remove')).toEqual([{ id: 2 }]);
  });

  it('creates a finding anchored to a search', async () => {
    const { api } = findingsApi();
    renderApp(api);
    await goToFindings();
    fireEvent.click(screen.getByRole('button', { name: 'New finding…' }));
    const form = await screen.findByRole('form', { name: 'New finding' });
    fireEvent.change(within(form).getByLabelText('Title'), { target: { value: 'All curl' } });
    fireEvent.click(within(form).getByLabelText('Search'));
    fireEvent.change(within(form).getByLabelText('Search query'), { target: { value: 'curl user:mallory' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add finding' }));
    await waitFor(() => expect(api.callsOf('findings.add')).toEqual([{ title: 'All curl', severity: 'medium', notes: '', anchors: [{ kind: 'query', query: 'curl user:mallory' }] }]));
  });

  it('refuses a session range without a zone before calling the API', async () => {
    const { api } = findingsApi();
    renderApp(api);
    await goToFindings();
    fireEvent.click(screen.getByRole('button', { name: 'New finding…' }));
    const form = await screen.findByRole('form', { name: 'New finding' });
    fireEvent.change(within(form).getByLabelText('Title'), { target: { value: 'x' } });
    await waitFor(() => expect(within(form).getAllByRole('option').length).toBeGreaterThan(1));
    fireEvent.change(within(form).getByLabelText('Session'), { target: { value: '1' } });
    fireEvent.change(within(form).getByLabelText('From'), { target: { value: '2024-11-21 02:10' } });
    fireEvent.change(within(form).getByLabelText('To'), { target: { value: '2024-11-21T02:20Z' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add finding' }));
    expect((await within(form).findByRole('alert')).textContent).toMatch(/ISO-8601 times with a zone/);
    expect(api.callsOf('findings.add')).toEqual([]);
  });

  it('exports the PDF and shows progress, then the written file', async () => {
    const { api, exports } = findingsApi();
    renderApp(api);
    await goToFindings();
    fireEvent.click(screen.getByRole('button', { name: 'Export PDF…' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByLabelText(/Redact secrets/));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export PDF' }));
    await waitFor(() => expect(exports).toHaveLength(1));
    expect(exports[0]).toMatchObject({ redact: true, timezone: expect.any(String) });
    expect(exports[0]?.out).toMatch(/-report\.pdf$/);
    api.emit('report.progress', { exportId: 'x1', phase: 'pages', done: 1, total: 3, label: 'finding 1 of 3' });
    expect(await within(dialog).findByText('finding 1 of 3')).toBeTruthy();
    api.emit('report.done', { exportId: 'x1', result: { file: '/cases/c-report.pdf', pages: 12, bytes: 1, sha256: 'f'.repeat(64), proofs: 9, unproven: 0, redactedItems: 4, notes: [] }, error: null });
    const done = await within(dialog).findByTestId('export-done');
    expect(done.textContent).toMatch(/\/cases\/c-report\.pdf — 12 pages, 9 inclusion proof\(s\), 4 item\(s\) redacted/);
  });
});
