// The app shell and the case view, rendered in jsdom against an in-memory API.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/app/App.js';
import { AppProvider } from '../../renderer/src/app/AppProvider.js';
import { VIEWS } from '../../renderer/src/app/views.js';
import { APP_INFO, FakeApi, caseView, detailOf, evidence, type Handlers } from './fake-api.js';
import { installDomShims } from './setup-dom.js';

installDomShims();

const verified = evidence(1, { fileName: 'web-1.trail' });
const invalid = evidence(2, {
  fileName: 'tampered.trail',
  verdict: 'invalid',
  findings: 1,
  signers: [{ name: 'example.org/ops', keyId: '1a2b3c4d', trusted: true }],
});
const raw = evidence(3, { fileName: 'session.cast', kind: 'recording', verdict: 'raw', signers: [], format: 'asciicast-v2' });
const untrusted = evidence(4, { fileName: 'other.trail', verdict: 'untrusted', signers: [{ name: 'someone/else', keyId: 'ffffffff', trusted: false }] });

function handlers(extra: Handlers = {}): Handlers {
  const items = [verified, invalid, raw, untrusted];
  return {
    'app.info': () => APP_INFO,
    'case.current': () => caseView(items),
    'case.recent': () => [],
    'evidence.detail': ({ evidenceId }) => {
      const e = items.find((x) => x.id === evidenceId);
      if (e === undefined) throw new Error('no such evidence');
      return e.verdict === 'invalid'
        ? detailOf(e, {
            findings: [
              { code: 'RECORD_MODIFIED', entry: 'records.jsonl', line: 19, offset: 3640, seq: 19, expected: 'leaf hash 3843', found: 'leaf hash 6909', message: 'record seq 19 at line 19 was changed' },
            ],
          })
        : detailOf(e);
    },
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

beforeEach(() => localStorage.clear());
afterEach(() => cleanup());

describe('case view', () => {
  it('lists every evidence item with its verdict; only verified is styled as verified', async () => {
    renderApp(new FakeApi(handlers()));
    const table = await screen.findByTestId('evidence-table');
    const badges = within(table).getAllByText(/verified|invalid|raw recording|untrusted/);
    const byVerdict = Object.fromEntries(badges.map((b) => [b.getAttribute('data-verdict'), b.className]));
    expect(byVerdict).toEqual({
      verified: 'badge verdict-verified',
      invalid: 'badge verdict-invalid',
      raw: 'badge verdict-raw',
      untrusted: 'badge verdict-untrusted',
    });
    expect(within(table).getByText('someone/else (not trusted)')).toBeTruthy();
    await waitFor(() => expect(document.body.dataset.ready).toBe('case'));
  });

  it('opens on the invalid item and lists its findings with location and plain words', async () => {
    renderApp(new FakeApi(handlers()));
    const detail = await screen.findByTestId('evidence-detail');
    await waitFor(() => expect(within(detail).getByText('RECORD_MODIFIED')).toBeTruthy());
    expect(within(detail).getByText('records.jsonl, line 19, record seq 19, byte 3640')).toBeTruthy();
    expect(within(detail).getByText('record seq 19 at line 19 was changed')).toBeTruthy();
    expect(within(detail).getByText('that the recorded hosts told the truth')).toBeTruthy();
  });

  it('shows the detail of the item picked with the keyboard', async () => {
    const api = new FakeApi(handlers());
    renderApp(api);
    const row = (await screen.findByTestId('evidence-table')).querySelector('tr[data-evidence="web-1.trail"]');
    if (!(row instanceof HTMLElement)) throw new Error('no row');
    fireEvent.keyDown(row, { key: 'ArrowDown' });
    await waitFor(() => expect(api.callsOf('evidence.detail')).toContainEqual({ evidenceId: 2 }));
    fireEvent.click(row);
    await waitFor(() => expect(api.callsOf('evidence.detail')).toContainEqual({ evidenceId: 1 }));
    const detail = await screen.findByTestId('evidence-detail');
    await waitFor(() => expect(within(detail).getByText('web-1.trail')).toBeTruthy());
  });

  it('puts case problems first, in an alert', async () => {
    renderApp(new FakeApi(handlers({ 'case.current': () => caseView([verified], { problems: [{ severity: 'error', code: 'DATABASE_ALTERED', message: 'case.sqlite was changed outside Trailview' }] }) })));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('DATABASE_ALTERED');
    expect(alert.textContent).toContain('case.sqlite was changed outside Trailview');
  });

  it('renders hostile evidence text as text', async () => {
    const hostile = evidence(9, { fileName: '<img src=x onerror=alert(1)>\u001b[31m.trail', users: ['<script>alert(1)</script>'] });
    renderApp(new FakeApi(handlers({ 'case.current': () => caseView([hostile]) })));
    const table = await screen.findByTestId('evidence-table');
    expect(table.textContent).toContain('<img src=x onerror=alert(1)>^[[31m.trail');
    expect(table.textContent).toContain('<script>alert(1)</script>');
    expect(document.querySelectorAll('img, script').length).toBe(0);
  });

  it('without a case shows the start page and disables views that need one', async () => {
    renderApp(new FakeApi(handlers({ 'case.current': () => null, 'case.recent': () => [{ dir: '/cases/old', name: 'old case', openedAt: '2024-11-20T10:00:00Z' }] })));
    expect(await screen.findByRole('heading', { name: 'No case open' })).toBeTruthy();
    expect(screen.getByTestId('status-case').textContent).toBe('No case open');
    expect(await screen.findByText('old case')).toBeTruthy();
    expect((screen.getByRole('button', { name: /Sessions/ }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: /Trust/ }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('opens a case from the path field', async () => {
    const api = new FakeApi(handlers({ 'case.current': () => null, 'case.recent': () => [], 'case.open': ({ dir }) => caseView([verified], { dir, name: 'opened' }) }));
    renderApp(api);
    fireEvent.change(await screen.findByLabelText('Case folder'), { target: { value: '/cases/x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    await waitFor(() => expect(api.callsOf('case.open')).toEqual([{ dir: '/cases/x' }]));
    expect(await screen.findByRole('heading', { name: 'opened' })).toBeTruthy();
  });
});

describe('shell', () => {
  it('Ctrl+K opens the palette with every action and its shortcut; Enter runs the chosen one', async () => {
    renderApp(new FakeApi(handlers()));
    await screen.findByTestId('evidence-table');
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    const palette = await screen.findByRole('dialog', { name: 'Command palette' });
    const options = within(palette).getAllByRole('option');
    const texts = options.map((o) => o.textContent ?? '');
    expect(texts).toContain('CaseImport evidence…Ctrl+I');
    expect(texts).toContain('ViewGo to SessionsCtrl+2');
    expect(texts).toContain('WindowCommand paletteCtrl+K');
    const input = within(palette).getByRole('combobox');
    fireEvent.change(input, { target: { value: 'imp ev' } });
    expect(within(palette).getAllByRole('option').map((o) => o.textContent)).toEqual(['CaseImport evidence…Ctrl+I']);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(await screen.findByRole('dialog', { name: 'Import evidence' })).toBeTruthy();
    expect(screen.queryByRole('dialog', { name: 'Command palette' })).toBeNull();
  });

  it('switches views with Ctrl+digit, and theme with the status bar', async () => {
    renderApp(new FakeApi(handlers({ 'trust.list': () => ({ keys: [], checkpoints: [] }) })));
    await screen.findByTestId('evidence-table');
    const trustKey = String(VIEWS.findIndex((v) => v.id === 'trust') + 1);
    fireEvent.keyDown(window, { key: trustKey, ctrlKey: true });
    expect(await screen.findByRole('heading', { name: 'Trust' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Theme'), { target: { value: 'dark' } });
    expect(document.documentElement.dataset.theme).toBe('dark');
    fireEvent.change(screen.getByLabelText('Theme'), { target: { value: 'light' } });
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(localStorage.getItem('trailview.theme')).toBe('light');
  });

  it('shows times in the chosen zone, labelled, everywhere at once', async () => {
    renderApp(new FakeApi(handlers()));
    const table = await screen.findByTestId('evidence-table');
    expect(table.textContent).toContain('Time range (UTC)');
    expect(table.textContent).toContain('2024-11-21 02:10:00–03:10:00 +00:00');
    act(() => {
      fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Asia/Tokyo' } });
    });
    expect(table.textContent).toContain('Time range (Asia/Tokyo)');
    expect(table.textContent).toContain('2024-11-21 11:10:00–12:10:00 +09:00');
    expect(screen.getByTestId('zone-label').textContent).toBe('Asia/Tokyo (UTC+09:00)');
    act(() => {
      fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'UTC' } });
    });
    expect(table.textContent).toContain('2024-11-21 02:10:00–03:10:00 +00:00');
  });

  it('shows import progress per item, then outcomes with their problems', async () => {
    const api = new FakeApi(handlers({ 'import.start': () => ({ importId: 'imp-1' }) }));
    renderApp(api);
    await screen.findByTestId('evidence-table');
    fireEvent.keyDown(window, { key: 'i', ctrlKey: true });
    const dialog = await screen.findByRole('dialog', { name: 'Import evidence' });
    fireEvent.change(within(dialog).getByLabelText('Paths to import'), { target: { value: '/e/a.trail\n\n  /e/b.cast  \n' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(api.callsOf('import.start')).toEqual([{ paths: ['/e/a.trail', '/e/b.cast'] }]));
    act(() =>
      api.emit('import.progress', { importId: 'imp-1', item: 0, items: 2, path: '/e/a.trail', phase: 'verify', bytesDone: 512 * 1024, bytesTotal: 1024 * 1024, records: 1200, sessions: 3, throughput: 100 * 1024 * 1024, etaSeconds: null }),
    );
    const item = within(dialog).getByText('/e/a.trail').closest('.import-item');
    if (!(item instanceof HTMLElement)) throw new Error('no item');
    expect(item.textContent).toContain('verify');
    expect(item.textContent).toContain('512 KiB of 1.0 MiB');
    expect(item.textContent).toContain('100 MiB/s');
    expect(item.textContent).toContain('ETA 1s');
    expect(screen.getByTestId('status-import').textContent).toContain('Importing 1 of 2 · verify');
    expect(within(dialog).getByRole('button', { name: 'Cancel import' })).toBeTruthy();

    act(() =>
      api.emit('import.done', {
        importId: 'imp-1',
        cancelled: false,
        outcomes: [
          { path: '/e/a.trail', status: 'imported', verdict: 'invalid', evidenceId: 5, findings: 2, sessions: 3, commands: 40, problems: [] },
          { path: '/e/b.cast', status: 'failed', verdict: null, evidenceId: null, findings: 0, sessions: 0, commands: 0, problems: [{ severity: 'error', message: '/e/b.cast line 3: not JSON (expected an asciicast event)' }] },
        ],
      }),
    );
    expect(within(dialog).getByText('/e/b.cast line 3: not JSON (expected an asciicast event)')).toBeTruthy();
    expect(dialog.querySelector('[data-status="failed"]')).not.toBeNull();
    expect(dialog.querySelector('[data-status="imported"] [data-verdict="invalid"]')).not.toBeNull();
    expect(screen.queryByTestId('status-import')).toBeNull();
  });

  it('cancels a running import', async () => {
    const api = new FakeApi(handlers({ 'import.start': () => ({ importId: 'imp-2' }), 'import.cancel': () => null }));
    renderApp(api);
    await screen.findByTestId('evidence-table');
    fireEvent.keyDown(window, { key: 'i', ctrlKey: true });
    const dialog = await screen.findByRole('dialog', { name: 'Import evidence' });
    fireEvent.change(within(dialog).getByLabelText('Paths to import'), { target: { value: '/e/big.trail' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Cancel import' }));
    await waitFor(() => expect(api.callsOf('import.cancel')).toEqual([{ importId: 'imp-2' }]));
    expect(within(dialog).getByRole('button', { name: 'Cancelling…' })).toBeTruthy();
    act(() => api.emit('import.done', { importId: 'imp-2', cancelled: true, outcomes: [{ path: '/e/big.trail', status: 'cancelled', verdict: null, evidenceId: null, findings: 0, sessions: 0, commands: 0, problems: [] }] }));
    expect(within(dialog).getByText(/Cancelled: the case is as it was/)).toBeTruthy();
  });

  it('performs the desktop shell\'s menu and drop commands', async () => {
    const api = new FakeApi(handlers());
    renderApp(api);
    await screen.findByTestId('evidence-table');
    act(() => api.emit('app.command', { command: 'drop', paths: ['/evidence/web-1.trail', '/evidence/sudo-io'] }));
    const dialog = await screen.findByRole('dialog', { name: 'Import evidence' });
    expect((within(dialog).getByLabelText('Paths to import') as HTMLTextAreaElement).value).toBe('/evidence/web-1.trail\n/evidence/sudo-io');
    act(() => api.emit('app.command', { command: 'theme.dark' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    act(() => api.emit('app.command', { command: 'palette' }));
    expect(await screen.findByRole('dialog', { name: 'Command palette' })).toBeTruthy();
  });

  it('keeps Tab inside the import dialog and gives focus back when it closes', async () => {
    renderApp(new FakeApi(handlers()));
    const importButton = await screen.findByRole('button', { name: 'Import…' });
    importButton.focus();
    fireEvent.click(importButton);
    const dialog = await screen.findByRole('dialog', { name: 'Import evidence' });
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Paths to import'));
    const close = within(dialog).getByRole('button', { name: 'Close' });
    close.focus();
    fireEvent.keyDown(close, { key: 'Tab' });
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Paths to import'));
    fireEvent.keyDown(document.activeElement as Element, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(close);
    fireEvent.keyDown(close, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Import evidence' })).toBeNull());
    expect(document.activeElement).toBe(importButton);
  });
});
