// Making a finding from elsewhere (issue 7): replay mark in/out, a timeline brush, a search hit and
// a search query each open the Findings view with its new-finding form prefilled, and adding it
// sends that anchor to the API. Also: findings' anchored ranges drawn on the timeline. In jsdom
// against an in-memory API.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FindingInput, FindingView, ReplaySessionView, SearchHitView, TimelineEventView } from '../../electron/core/api/contract.js';
import { App } from '../../renderer/src/app/App.js';
import { AppProvider } from '../../renderer/src/app/AppProvider.js';
import { HIT_AFTER_US, HIT_BEFORE_US, hitParams, sessionsInRange, timelineParams, parseSessionIds } from '../../renderer/src/findings/finding-prefill.js';
import { isoUtc } from '../../renderer/src/findings/findings-state.js';
import { markIn, markOut, marksRange } from '../../renderer/src/replay/finding-marks.js';
import { forgetSearch } from '../../renderer/src/search/search-memory.js';
import { APP_INFO, FakeApi, T0, caseView, evidence, type Handlers } from './fake-api.js';
import { sessionRow } from './session-fixtures.js';
import { installDomShims } from './setup-dom.js';

installDomShims();

const S1 = { start: T0, end: T0 + 600_000_000 };
const S2 = { start: T0 + 120_000_000, end: T0 + 900_000_000 };
const SESSIONS = [sessionRow(1, { startUs: S1.start, endUs: S1.end }), sessionRow(2, { startUs: S2.start, endUs: S2.end, user: 'bob' })];

function replaySession(id: number, span: { start: number; end: number }): ReplaySessionView {
  return { sessionId: id, evidenceId: 1, sessionKey: `web-1-pts-${id}`, user: id === 1 ? 'alice' : 'bob', host: 'web-1', tty: `pts/${id}`, startUs: span.start, endUs: span.end, quiet: [], outputBytes: 10, keyframes: 1 };
}

function timelineEvent(sessionId: number, tsUs: number, kind: TimelineEventView['kind'], fields: Partial<TimelineEventView> = {}): TimelineEventView {
  return { tsUs, ts: '', kind, sessionId, host: 'web-1', user: 'alice', tty: `pts/${sessionId}`, text: kind, ...fields };
}

const EXISTING_FINDING = timelineEvent(1, T0 + 60_000_000, 'finding', { text: 'Shadow read', severity: 'high', findingId: 4, endUs: T0 + 180_000_000 });

const HIT: SearchHitView = { ts: '', tsUs: T0 + 250_000_000, session: 'web-1-pts-2', sessionId: 2, user: 'bob', host: 'web-1', tty: 'pts/2', kind: 'command', text: 'cat /etc/shadow', snippet: 'cat /etc/shadow', snippetHighlights: [[4, 15]], rowId: 7250, seq: 251 };

function api() {
  const added: FindingInput[] = [];
  const findings: FindingView[] = [];
  const spans = new Map([
    [1, S1],
    [2, S2],
  ]);
  const handlers: Handlers = {
    'app.info': () => APP_INFO,
    'case.current': () => caseView([evidence(1)]),
    'sessions.list': () => SESSIONS,
    'replay.open': ({ sessionIds }) => ({ sessions: sessionIds.map((id) => replaySession(id, spans.get(id) ?? S1)) }),
    'timeline.events': (req) => ({
      truncated: false,
      events: (req.sessionIds ?? [1, 2]).flatMap((id) => {
        const span = spans.get(id) ?? S1;
        return [timelineEvent(id, span.start, 'start'), timelineEvent(id, span.end, 'end'), ...(id === 1 ? [EXISTING_FINDING] : [])];
      }),
    }),
    'events.table': () => ({ total: 0, rows: [] }),
    'search.run': () => ({ total: 1, totalExact: true, tookMs: 1, warnings: [], hits: [HIT] }),
    'findings.list': () => findings,
    'findings.add': (input) => {
      added.push(input);
      const f: FindingView = { id: findings.length + 1, title: input.title, severity: input.severity, status: 'open', tags: [], notes: '', anchors: [], position: findings.length + 1, createdAt: '', updatedAt: '' };
      findings.push(f);
      return f;
    },
  };
  return { api: new FakeApi(handlers), added };
}

function renderApp(fake: FakeApi) {
  return render(
    <AppProvider api={fake}>
      <App />
    </AppProvider>,
  );
}

beforeAll(() => {
  // The replay view measures its panes and timeline, and the timeline captures the pointer: jsdom has neither.
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  } as unknown as typeof ResizeObserver;
  Element.prototype.setPointerCapture ??= function setPointerCapture() {};
  // xterm.js (the replay panes) follows the device pixel ratio through matchMedia.
  window.matchMedia ??= ((media: string) => ({ media, matches: false, onchange: null, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {}, dispatchEvent: () => false })) as unknown as typeof window.matchMedia;
});
beforeEach(() => {
  localStorage.clear();
  forgetSearch();
});
afterEach(() => cleanup());

function wallUs(): number {
  return Number(document.querySelector('section.replay-view')?.getAttribute('data-wall-us'));
}

/** Search for the hit and press Enter on it: the replay view opens session 2 at the hit's moment. */
async function searchHit() {
  await screen.findByTestId('evidence-table');
  fireEvent.keyDown(window, { key: '3', ctrlKey: true });
  fireEvent.change(await screen.findByLabelText('Search query'), { target: { value: 'shadow' } });
  fireEvent.submit(screen.getByRole('search'));
  const list = await screen.findByRole('listbox', { name: 'Search results' });
  await within(list).findByRole('option');
  return list;
}

async function addFromForm(title: string) {
  const form = await screen.findByRole('form', { name: 'New finding' });
  fireEvent.change(within(form).getByLabelText('Title'), { target: { value: title } });
  fireEvent.click(within(form).getByRole('button', { name: 'Add finding' }));
  return form;
}

describe('finding prefill and marks (pure)', () => {
  it('marks belong to one session; marking another starts over; the range is put in order', () => {
    let m = markIn(null, 1, 500);
    expect(marksRange(m)).toBeNull();
    m = markOut(m, 1, 200);
    expect(marksRange(m)).toEqual({ sessionId: 1, fromUs: 200, toUs: 500 });
    m = markOut(m, 2, 900);
    expect(m).toEqual({ sessionId: 2, inUs: null, outUs: 900 });
    expect(marksRange(markIn(m, 2, 800))).toEqual({ sessionId: 2, fromUs: 800, toUs: 900 });
  });

  it('a hit spans 5 s before to 30 s after; a timeline selection lists the sessions running in it', () => {
    expect(hitParams({ sessionId: 3, tsUs: 100_000_000 })).toEqual({ sessionId: 3, fromUs: 100_000_000 - HIT_BEFORE_US, toUs: 100_000_000 + HIT_AFTER_US });
    const events = [timelineEvent(1, 0, 'start'), timelineEvent(1, 100, 'end'), timelineEvent(2, 150, 'start'), timelineEvent(2, 300, 'end'), timelineEvent(3, 50, 'start'), timelineEvent(1, 60, 'command')];
    expect(sessionsInRange(events, { fromUs: 90, toUs: 160 })).toEqual([1, 3, 2]);
    expect(sessionsInRange(events, { fromUs: 101, toUs: 149 })).toEqual([3]);
    const params = timelineParams({ fromUs: 9, toUs: 3 }, [1, 3]);
    expect(params).toEqual({ anchor: 'timeline', fromUs: 3, toUs: 9, sessionIds: '1,3' });
    expect(parseSessionIds(params.sessionIds)).toEqual([1, 3]);
  });
});

describe('new finding from the replay view', () => {
  it('mark in, move the clock, mark out (keys listed in the palette), then the form has the session and range', async () => {
    const { api: fake, added } = api();
    renderApp(fake);
    const hits = await searchHit();
    fireEvent.keyDown(hits, { key: 'Enter' });
    await screen.findByTestId('replay-pane');
    await waitFor(() => expect(wallUs()).toBe(HIT.tsUs));

    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    const palette = await screen.findByRole('dialog', { name: 'Command palette' });
    expect(within(palette).getByText('Replay: mark in (finding start) at the playhead').closest('li')?.textContent).toContain('Shift+I');
    expect(within(palette).getByText('Replay: mark out (finding end) at the playhead').closest('li')?.textContent).toContain('Shift+O');
    fireEvent.keyDown(within(palette).getByRole('combobox'), { key: 'Escape' });

    expect((screen.getByRole('button', { name: 'New finding from marks' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(window, { key: 'I', shiftKey: true });
    fireEvent.keyDown(window, { key: 'ArrowRight', shiftKey: true }); // +60 s
    await waitFor(() => expect(wallUs()).toBe(HIT.tsUs + 60_000_000));
    fireEvent.keyDown(window, { key: 'O', shiftKey: true });
    const marks = await screen.findByTestId('marks');
    expect(marks.dataset).toMatchObject({ session: '2', in: String(HIT.tsUs), out: String(HIT.tsUs + 60_000_000) });
    expect(document.querySelector('[data-testid="mark-in"]')).not.toBeNull();
    expect(document.querySelector('[data-testid="mark-out"]')).not.toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'New finding from marks' }));
    const form = await screen.findByRole('form', { name: 'New finding' });
    await waitFor(() => expect((within(form).getByLabelText('Session') as HTMLSelectElement).value).toBe('2'));
    expect((within(form).getByLabelText('From') as HTMLInputElement).value).toBe(isoUtc(HIT.tsUs));
    expect((within(form).getByLabelText('To') as HTMLInputElement).value).toBe(isoUtc(HIT.tsUs + 60_000_000));
    await addFromForm('Shadow copied');
    await waitFor(() => expect(added).toHaveLength(1));
    expect(added[0]).toEqual({ title: 'Shadow copied', severity: 'medium', notes: '', anchors: [{ kind: 'session', sessionId: 2, fromUs: HIT.tsUs, toUs: HIT.tsUs + 60_000_000 }] });
  });

  it('marks apply to the pane last clicked', async () => {
    const { api: fake } = api();
    renderApp(fake);
    fireEvent.keyDown(await searchHit(), { key: 'Enter' });
    await screen.findByTestId('replay-pane');
    fireEvent.change(screen.getByLabelText('Add a session pane'), { target: { value: '1' } });
    await waitFor(() => expect(screen.getAllByTestId('replay-pane')).toHaveLength(2));
    fireEvent.click(screen.getByRole('button', { name: 'Mark in' }));
    expect((await screen.findByTestId('marks')).dataset.session).toBe('2');
    fireEvent.pointerDown(document.querySelector('[data-testid="replay-pane"][data-session="1"]') as Element);
    fireEvent.click(screen.getByRole('button', { name: 'Mark out' }));
    await waitFor(() => expect(screen.getByTestId('marks').dataset).toMatchObject({ session: '1', in: '' }));
  });

  it('draws a finding over its anchored range on the timeline', async () => {
    const { api: fake } = api();
    renderApp(fake);
    fireEvent.keyDown(await searchHit(), { key: 'Enter' });
    fireEvent.change(await screen.findByLabelText('Add a session pane'), { target: { value: '1' } });
    const range = await waitFor(() => {
      const el = document.querySelector('[data-kind="finding-range"]');
      if (el === null) throw new Error('no finding range drawn');
      return el;
    });
    expect(range.getAttribute('data-ts')).toBe(String(EXISTING_FINDING.tsUs));
    expect(range.getAttribute('data-end')).toBe(String(EXISTING_FINDING.endUs));
    expect(Number(range.getAttribute('width'))).toBeGreaterThan(2);
    expect(range.closest('[data-lane]')?.getAttribute('data-lane')).toBe('alice@web-1 pts/1');
  });

  it('Shift+drag on the timeline, then "New finding from selection": a timeline anchor over the sessions in the range', async () => {
    const { api: fake, added } = api();
    renderApp(fake);
    fireEvent.keyDown(await searchHit(), { key: 'Enter' });
    fireEvent.change(await screen.findByLabelText('Add a session pane'), { target: { value: '1' } });
    await waitFor(() => expect(screen.getAllByTestId('replay-pane')).toHaveLength(2));
    const timeline = screen.getByTestId('timeline');
    // Both sessions open: the clock (and the timeline's window) spans S1.start … S2.end.
    await waitFor(() => expect(Number(timeline.dataset.from)).toBe(S1.start));
    await waitFor(() => expect(Number(timeline.dataset.to)).toBe(S2.end));
    const svg = timeline.querySelector('svg') as SVGSVGElement;
    const labelW = Number(timeline.dataset.labelWidth);
    const plotW = 800 - labelW; // jsdom: no resize, the default width
    const at = (px: number) => Math.round(S1.start + ((px - labelW) / plotW) * (S2.end - S1.start));
    fireEvent.pointerDown(svg, { button: 0, clientX: labelW + 100, shiftKey: true, pointerId: 1 });
    fireEvent.pointerMove(svg, { clientX: labelW + 300, pointerId: 1 });
    fireEvent.pointerUp(svg, { clientX: labelW + 300, pointerId: 1 });
    const brush = await screen.findByTestId('brush');
    fireEvent.click(within(brush).getByRole('button', { name: 'New finding from selection' }));

    const form = await screen.findByRole('form', { name: 'New finding' });
    expect((within(form).getByLabelText('Timeline selection') as HTMLInputElement).checked).toBe(true);
    await waitFor(() => expect(within(form).getByTestId('timeline-sessions').textContent).toBe('Sessions: web-1-pts-1, web-1-pts-2'));
    await addFromForm('Both sessions at once');
    await waitFor(() => expect(added).toHaveLength(1));
    const fromUs = at(labelW + 100);
    const toUs = at(labelW + 300);
    // Sanity: the range overlaps both sessions, so both are anchored.
    expect(fromUs < S1.end && toUs > S2.start).toBe(true);
    expect(added[0]?.anchors).toEqual([{ kind: 'timeline', fromUs, toUs, sessionIds: [1, 2] }]);
  });
});

describe('new finding from the search view', () => {
  it('"New finding from this hit": the hit’s session from 5 s before to 30 s after', async () => {
    const { api: fake, added } = api();
    renderApp(fake);
    await searchHit();
    fireEvent.click(screen.getByRole('button', { name: 'New finding from this hit' }));
    const form = await screen.findByRole('form', { name: 'New finding' });
    await waitFor(() => expect((within(form).getByLabelText('Session') as HTMLSelectElement).value).toBe('2'));
    expect((within(form).getByLabelText('From') as HTMLInputElement).value).toBe(isoUtc(HIT.tsUs - 5_000_000));
    await addFromForm('Shadow read by bob');
    await waitFor(() => expect(added).toHaveLength(1));
    expect(added[0]?.anchors).toEqual([{ kind: 'session', sessionId: 2, fromUs: HIT.tsUs - 5_000_000, toUs: HIT.tsUs + 30_000_000 }]);
  });

  it('"New finding from this query": the query that was run, as a search anchor', async () => {
    const { api: fake, added } = api();
    renderApp(fake);
    await searchHit();
    // Typed after the search ran: not what the finding is about.
    fireEvent.change(screen.getByLabelText('Search query'), { target: { value: 'shadow user:bob' } });
    fireEvent.click(screen.getByRole('button', { name: 'New finding from this query' }));
    const form = await screen.findByRole('form', { name: 'New finding' });
    expect((within(form).getByLabelText('Search query') as HTMLInputElement).value).toBe('shadow');
    await addFromForm('All shadow reads');
    await waitFor(() => expect(added).toHaveLength(1));
    expect(added[0]?.anchors).toEqual([{ kind: 'query', query: 'shadow' }]);
  });
});
