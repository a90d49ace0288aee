// The sessions and search views in jsdom against an in-memory API.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchRequest, SessionDetail } from '../../electron/core/api/contract.js';
import { App } from '../../renderer/src/app/App.js';
import { AppProvider } from '../../renderer/src/app/AppProvider.js';
import { APP_INFO, FakeApi, T0, caseView, evidence, type Handlers } from './fake-api.js';
import { sessionRow } from './session-fixtures.js';
import { installDomShims } from './setup-dom.js';
import { forgetSearch } from '../../renderer/src/search/search-memory.js';

installDomShims();

const MANY = Array.from({ length: 10_000 }, (_, i) => sessionRow(i + 1, { user: `user${String(i).padStart(5, '0')}`, startUs: T0 + i * 1_000_000 }));

function detail(sessionId: number): SessionDetail {
  const session = MANY[sessionId - 1] ?? sessionRow(sessionId);
  return {
    session,
    participants: [{ kind: 'join', tsUs: T0, ts: '', user: 'bob', clientTty: '/dev/pts/6', client: '/dev/pts/6', remote: '10.0.0.5', readOnly: true }],
    commands: Array.from({ length: 300 }, (_, i) => ({ id: sessionId * 1000 + i, tsUs: T0 + i * 1_000_000, ts: '', seq: i + 1, text: i === 250 ? 'cat /etc/shadow' : `ls ${i}`, cwd: '/root', exitStatus: 0, user: session.user })),
  };
}

function handlers(extra: Handlers = {}): Handlers {
  return {
    'app.info': () => APP_INFO,
    'case.current': () => caseView([evidence(1)]),
    'evidence.detail': () => {
      throw new Error('not needed');
    },
    'sessions.list': () => MANY,
    'sessions.detail': ({ sessionId }) => detail(sessionId),
    ...extra,
  };
}

function renderApp(api: FakeApi) {
  return render(
    <AppProvider api={api}>
      <App />
    </AppProvider>,
  );
}

beforeEach(() => {
  localStorage.clear();
  forgetSearch();
});
afterEach(() => cleanup());

async function goToSessions() {
  await screen.findByTestId('evidence-table');
  fireEvent.keyDown(window, { key: '2', ctrlKey: true });
  return screen.findByRole('listbox', { name: 'Sessions' });
}

describe('sessions view', () => {
  it('holds 10,000 sessions but puts only the visible rows in the DOM', async () => {
    renderApp(new FakeApi(handlers()));
    const list = await goToSessions();
    await waitFor(() => expect(within(list).getAllByRole('option').length).toBeGreaterThan(10));
    expect(within(list).getAllByRole('option').length).toBeLessThan(100);
    expect(screen.getByTestId('sessions-count').textContent).toBe('10,000 of 10,000');
  });

  it('sorts by a clicked header and filters by text', async () => {
    renderApp(new FakeApi(handlers()));
    const list = await goToSessions();
    await waitFor(() => expect(list.querySelector('#sessions-row-0')?.textContent).toContain('user00000'));
    const userHeader = screen.getByRole('button', { name: 'User' });
    fireEvent.click(userHeader);
    fireEvent.click(userHeader);
    expect(userHeader.getAttribute('aria-sort')).toBe('descending');
    expect(list.querySelector('#sessions-row-0')?.textContent).toContain('user09999');
    fireEvent.change(screen.getByLabelText('Filter sessions'), { target: { value: 'user:user0004' } });
    expect(screen.getByTestId('sessions-count').textContent).toBe('10 of 10,000');
    expect(list.querySelector('#sessions-row-0')?.textContent).toContain('user00049');
  });

  it('moves with the keyboard and shows the selected session', async () => {
    const api = new FakeApi(handlers());
    renderApp(api);
    const list = await goToSessions();
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    await waitFor(() => expect(api.callsOf('sessions.detail')).toContainEqual({ sessionId: 2 }));
    const panel = await screen.findByTestId('session-detail');
    await waitFor(() => expect(panel.textContent).toContain('user00001@web-1 on pts/2'));
    expect(panel.textContent).toContain('bob via /dev/pts/6 from 10.0.0.5');
    expect(panel.textContent).toContain('read-only');
    expect(list.querySelector('[aria-selected="true"]')?.id).toBe('sessions-row-1');
  });
});

describe('sessions palette actions', () => {
  it('the palette lists the view\'s own actions while it is shown', async () => {
    renderApp(new FakeApi(handlers({ 'sessions.list': () => [sessionRow(1, { verdict: 'invalid' }), sessionRow(2), sessionRow(3)] })));
    await goToSessions();
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    const palette = await screen.findByRole('dialog', { name: 'Command palette' });
    fireEvent.change(within(palette).getByRole('combobox'), { target: { value: 'only invalid' } });
    fireEvent.keyDown(within(palette).getByRole('combobox'), { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('sessions-count').textContent).toBe('1 of 3'));
    expect((screen.getByLabelText('Filter sessions') as HTMLInputElement).value).toBe('verdict:invalid');
    fireEvent.keyDown(window, { key: '1', ctrlKey: true });
    await screen.findByTestId('evidence-table');
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    const again = await screen.findByRole('dialog', { name: 'Command palette' });
    expect(within(again).queryByText('Sessions: show only invalid evidence')).toBeNull();
  });
});

describe('search view', () => {
  const searchHandlers = (requests: SearchRequest[]) =>
    handlers({
      'search.run': (req) => {
        requests.push(req);
        return {
          total: 1,
          totalExact: true,
          tookMs: 3,
          warnings: [],
          hits: [
            { ts: '', tsUs: T0 + 250_000_000, session: 'web-1-pts-7', sessionId: 7, user: 'mallory', host: 'web-1', tty: 'pts/7', kind: 'command', text: 'cat /etc/shadow', snippet: 'cat /etc/shadow', snippetHighlights: [[4, 15]], rowId: 7250, seq: 251 },
          ],
        };
      },
    });

  it('shows filters as chips, searches in the chosen zone, highlights the match', async () => {
    const requests: SearchRequest[] = [];
    renderApp(new FakeApi(searchHandlers(requests)));
    await screen.findByTestId('evidence-table');
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Europe/Berlin' } });
    fireEvent.keyDown(window, { key: '3', ctrlKey: true });
    const box = await screen.findByLabelText('Search query');
    fireEvent.change(box, { target: { value: '/etc/shadow user:mallory after:2024-11-21T03:00' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(requests).toEqual([]); // typing alone does not search (each search is an activity record)
    const chips = [...document.querySelectorAll('[data-chip]')].map((c) => c.textContent);
    expect(chips).toEqual(['user: mallory', 'after 2024-11-21 03:00:00 +01:00']);
    fireEvent.submit(screen.getByRole('search'));
    await waitFor(() => expect(requests.at(-1)).toMatchObject({ query: '/etc/shadow user:mallory after:2024-11-21T03:00', timezone: 'Europe/Berlin', offset: 0 }));
    const row = await within(await screen.findByRole('listbox', { name: 'Search results' })).findByRole('option');
    expect(row.querySelector('mark')?.textContent).toBe('/etc/shadow');
    expect(row.textContent).toContain('2024-11-21 03:14:10.000 +01:00');
  });

  it('shows a query mistake with its column and does not search', async () => {
    const requests: SearchRequest[] = [];
    renderApp(new FakeApi(searchHandlers(requests)));
    await screen.findByTestId('evidence-table');
    fireEvent.keyDown(window, { key: '3', ctrlKey: true });
    fireEvent.change(await screen.findByLabelText('Search query'), { target: { value: '"rm -rf' } });
    expect((await screen.findByTestId('query-error')).textContent).toMatch(/unterminated quote at column 1/);
    fireEvent.submit(screen.getByRole('search'));
    await new Promise((r) => setTimeout(r, 100));
    expect(requests).toEqual([]);
  });

  it('Shift+Enter on a hit opens its session in Sessions with that command selected', async () => {
    const requests: SearchRequest[] = [];
    const api = new FakeApi(searchHandlers(requests));
    renderApp(api);
    await screen.findByTestId('evidence-table');
    fireEvent.keyDown(window, { key: '3', ctrlKey: true });
    fireEvent.change(await screen.findByLabelText('Search query'), { target: { value: 'shadow' } });
    fireEvent.submit(screen.getByRole('search'));
    const list = await screen.findByRole('listbox', { name: 'Search results' });
    await within(list).findByRole('option');
    fireEvent.keyDown(list, { key: 'Enter', shiftKey: true });
    await waitFor(() => expect(api.callsOf('sessions.detail')).toContainEqual({ sessionId: 7 }));
    expect(document.querySelector('main')?.getAttribute('data-view')).toBe('sessions');
    const commands = await screen.findByRole('listbox', { name: 'Commands' });
    // Row 250 of 300 is selected (jsdom does not scroll, so the row itself is checked in the browser tests).
    await waitFor(() => expect(commands.getAttribute('aria-activedescendant')).toBe('commands-row-250'));
    const facts = screen.getByTestId('command-facts').textContent;
    expect(facts).toContain('cat /etc/shadow');
    expect(facts).toContain('record seq 251');
  });

  it('the help popover lists the syntax, and an example fills the box', async () => {
    renderApp(new FakeApi(searchHandlers([])));
    await screen.findByTestId('evidence-table');
    fireEvent.keyDown(window, { key: '3', ctrlKey: true });
    fireEvent.click(await screen.findByRole('button', { name: 'Syntax ?' }));
    const help = screen.getByRole('dialog', { name: 'Search syntax' });
    expect(help.textContent).toContain('user:NAME');
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Search syntax' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Syntax ?' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Search syntax' })).getByRole('button', { name: 'kube*' }));
    expect((screen.getByLabelText('Search query') as HTMLInputElement).value).toBe('kube*');
    expect(screen.queryByRole('dialog', { name: 'Search syntax' })).toBeNull();
  });
});

describe('search memory', () => {
  it('coming back to Search shows the last results without searching again', async () => {
    const requests: SearchRequest[] = [];
    const api = new FakeApi(
      handlers({
        'search.run': (req) => {
          requests.push(req);
          return { total: 0, totalExact: true, tookMs: 1, warnings: [], hits: [] };
        },
      }),
    );
    renderApp(api);
    await screen.findByTestId('evidence-table');
    fireEvent.keyDown(window, { key: '3', ctrlKey: true });
    fireEvent.change(await screen.findByLabelText('Search query'), { target: { value: 'kubectl' } });
    fireEvent.submit(screen.getByRole('search'));
    await waitFor(() => expect(screen.getByTestId('search-total').textContent).toContain('0 matches'));
    fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    await screen.findByRole('listbox', { name: 'Sessions' });
    fireEvent.keyDown(window, { key: '3', ctrlKey: true });
    expect(((await screen.findByLabelText('Search query')) as HTMLInputElement).value).toBe('kubectl');
    expect(screen.getByTestId('search-total').textContent).toContain('0 matches');
    expect(requests).toHaveLength(1);
  });
});
