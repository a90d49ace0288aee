// The Flags view in jsdom against an in-memory API: flags listed most severe first with their
// explanation, filters sent as flags.list requests, "Open" goes to the session at the flag's
// moment, "Make finding" adds a finding anchored at the flag in one call, "Run analyzers" shows
// skipped rules.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FindingInput, FindingView, FlagsQuery, FlagView } from '../../electron/core/api/contract.js';
import { App } from '../../renderer/src/app/App.js';
import { AppProvider } from '../../renderer/src/app/AppProvider.js';
import { findingFromFlag, flagsQuery, NO_FILTERS, pageLabel } from '../../renderer/src/flags/flags-state.js';
import { APP_INFO, FakeApi, T0, caseView, evidence, type Handlers } from './fake-api.js';
import { sessionRow } from './session-fixtures.js';
import { installDomShims } from './setup-dom.js';

installDomShims();

function flag(id: number, fields: Partial<FlagView> = {}): FlagView {
  return {
    id,
    rule: 'audit.history-off',
    title: 'Shell history cleared or disabled',
    analyzer: 'commands',
    severity: 'high',
    sessionId: 1,
    session: 'web-1-pts-1',
    evidenceId: 1,
    ts: '2024-11-21T03:08:24.000000Z',
    tsUs: T0 + 60_000_000 * id,
    endUs: null,
    seqs: [40 + id],
    user: 'mallory',
    host: 'web-1',
    explanation: `mallory on web-1 ran "history -c" (${id}): it matches "Shell history cleared or disabled".`,
    ...fields,
  };
}

const FLAGS = [
  flag(1, { rule: 'shell.reverse', title: 'Reverse shell', severity: 'critical' }),
  flag(2),
  flag(3, { rule: 'odd-hours', title: 'Activity outside working hours', analyzer: 'odd-hours', severity: 'low', user: 'carol', endUs: T0 + 900_000_000 }),
];

function flagsApi() {
  const added: FindingInput[] = [];
  const handlers: Handlers = {
    'app.info': () => APP_INFO,
    'case.current': () => caseView([evidence(1)]),
    'sessions.list': () => [sessionRow(1)],
    'sessions.detail': () => ({ session: sessionRow(1), participants: [], commands: [], commandsTotal: 0 }) as never,
    'flags.list': (q: FlagsQuery) => {
      const ranks = ['info', 'low', 'medium', 'high', 'critical'];
      const min = q.minSeverity === undefined ? 0 : ranks.indexOf(q.minSeverity);
      const flags = FLAGS.filter((f) => ranks.indexOf(f.severity) >= min && (q.users === undefined || q.users.includes(f.user ?? '')) && (q.rules === undefined || q.rules.includes(f.rule)));
      return { total: flags.length, flags, facets: { rules: FLAGS.map((f) => ({ rule: f.rule, title: f.title, count: 1 })), users: ['carol', 'mallory'], hosts: ['web-1'] } };
    },
    'findings.add': (input: FindingInput) => {
      added.push(input);
      return { id: 7, position: 1, title: input.title, severity: input.severity, status: 'open', tags: input.tags ?? [], notes: input.notes ?? '', anchors: [], createdAt: '', updatedAt: '' } satisfies FindingView;
    },
    'analyze.run': () => ({
      analyzers: ['commands'],
      total: 3,
      counts: { commands: 2 },
      rulesSource: 'starter.yaml',
      rules: 20,
      sigmaRules: 1,
      skipped: [{ file: 'x.yml', id: 'r1', title: 'R', construct: 'modifier base64offset', message: 'x.yml: rule r1 "R": value modifier "base64offset" is not supported; the rule is skipped' }],
      omitted: {},
      commands: 72,
      elapsedMs: 5,
    }),
  };
  return { api: new FakeApi(handlers), added };
}

function renderApp(api: FakeApi) {
  return render(
    <AppProvider api={api}>
      <App />
    </AppProvider>,
  );
}

async function goToFlags() {
  await screen.findByTestId('evidence-table');
  fireEvent.click(screen.getByRole('button', { name: /Flags/ }));
  return screen.findByTestId('flags-table');
}

beforeEach(() => localStorage.clear());
afterEach(() => cleanup());

describe('flags state', () => {
  it('turns filters into a flags.list request', () => {
    expect(flagsQuery(NO_FILTERS)).toEqual({ limit: 500 });
    expect(flagsQuery({ rule: 'spike', minSeverity: 'medium', user: 'bob', host: 'db-1' })).toEqual({ rules: ['spike'], minSeverity: 'medium', users: ['bob'], hosts: ['db-1'], limit: 500 });
    expect(flagsQuery(NO_FILTERS, 2)).toEqual({ limit: 500, offset: 1000 });
  });

  it('says which flags of how many are shown', () => {
    expect(pageLabel(3, 0, 3)).toBe('3 flags');
    expect(pageLabel(1, 0, 1)).toBe('1 flag');
    expect(pageLabel(1234, 0, 500)).toBe('flags 1–500 of 1234');
    expect(pageLabel(1234, 2, 234)).toBe('flags 1001–1234 of 1234');
  });

  it('turns a flag into a finding anchored at its session and span', () => {
    expect(findingFromFlag(FLAGS[2] as FlagView)).toEqual({
      title: 'Activity outside working hours',
      severity: 'low',
      notes: (FLAGS[2] as FlagView).explanation,
      tags: ['flag:odd-hours'],
      anchors: [{ kind: 'session', sessionId: 1, fromUs: T0 + 180_000_000, toUs: T0 + 900_000_000 }],
    });
    expect(findingFromFlag(flag(9, { sessionId: null }))).toBeNull();
  });
});

describe('flags view', () => {
  it('lists flags, filters them through the API, shows why, and makes a finding in one step', async () => {
    const { api, added } = flagsApi();
    renderApp(api);
    const table = await goToFlags();
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    expect(table.textContent).toMatch(/critical.*Reverse shell.*high.*Shell history.*low.*outside working hours/);

    fireEvent.change(screen.getByLabelText(/Severity at least/), { target: { value: 'high' } });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
    expect(api.callsOf('flags.list').at(-1)).toEqual({ minSeverity: 'high', limit: 500 });
    fireEvent.change(screen.getByLabelText(/User/), { target: { value: 'carol' } });
    await waitFor(() => expect(screen.getByText(/No flags match these filters/)).toBeTruthy());
    fireEvent.change(screen.getByLabelText(/Severity at least/), { target: { value: '' } });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(1));

    fireEvent.click(within(table).getByText('Activity outside working hours'));
    const detail = await screen.findByTestId('flag-detail');
    expect(detail.textContent).toContain((FLAGS[2] as FlagView).explanation);
    fireEvent.click(within(detail).getByRole('button', { name: 'Make finding' }));
    await waitFor(() => expect(added).toHaveLength(1));
    expect(added[0]).toEqual(findingFromFlag(FLAGS[2] as FlagView));
    expect(await screen.findByText(/Finding 1 added: Activity outside working hours/)).toBeTruthy();
  });

  it('Open shows the session at the flag’s moment', async () => {
    const { api } = flagsApi();
    renderApp(api);
    const table = await goToFlags();
    fireEvent.click(await within(table).findByText('Reverse shell'));
    // The replay view (which opens session moments) measures its panes; jsdom has no ResizeObserver.
    globalThis.ResizeObserver ??= class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    } as unknown as typeof ResizeObserver;
    fireEvent.click(within(await screen.findByTestId('flag-detail')).getByRole('button', { name: 'Open' }));
    await waitFor(() => expect(document.querySelector('[data-view="flags"]')).toBeNull());
    await waitFor(() => expect(api.calls.some((c) => JSON.stringify(c.request).includes('"sessionIds":[1]') || JSON.stringify(c.request).includes('"sessionId":1'))).toBe(true));
  });

  it('Run analyzers reports the result and each skipped rule', async () => {
    const { api } = flagsApi();
    renderApp(api);
    await goToFlags();
    fireEvent.click(screen.getByRole('button', { name: 'Run analyzers' }));
    const result = await screen.findByTestId('analyze-result');
    expect(result.textContent).toMatch(/3 flags from 72 commands \(starter\.yaml, 20 rules\)/);
    expect(result.textContent).toContain('value modifier "base64offset" is not supported');
    expect(api.callsOf('analyze.run')).toEqual([{}]);
  });

  it('pages through more flags than one page holds', async () => {
    const many = Array.from({ length: 1203 }, (_, i) => flag(i + 1, { session: `s-${i + 1}` }));
    const api = new FakeApi({
      'app.info': () => APP_INFO,
      'case.current': () => caseView([evidence(1)]),
      'sessions.list': () => [sessionRow(1)],
      'flags.list': (q: FlagsQuery) => {
        const offset = q.offset ?? 0;
        return { total: many.length, flags: many.slice(offset, offset + (q.limit ?? 500)), facets: { rules: [], users: [], hosts: [] } };
      },
    });
    renderApp(api);
    const table = await goToFlags();
    await waitFor(() => expect(screen.getByTestId('flags-count').textContent).toBe('flags 1–500 of 1203'));
    expect(within(table).getAllByRole('row')).toHaveLength(500);
    fireEvent.click(screen.getByRole('button', { name: /Next 500/ }));
    fireEvent.click(await screen.findByRole('button', { name: /Next 500/ }));
    await waitFor(() => expect(screen.getByTestId('flags-count').textContent).toBe('flags 1001–1203 of 1203'));
    expect(within(screen.getByTestId('flags-table')).getAllByRole('row')).toHaveLength(203);
    expect((screen.getByRole('button', { name: /Next 500/ }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('flags-table').textContent).toContain('s-1203');
    expect(screen.getByTestId('flags-table').textContent).not.toContain('s-1000');
    expect(api.callsOf('flags.list').map((q) => (q as FlagsQuery).offset ?? 0)).toEqual([0, 500, 1000]);
  });
});

