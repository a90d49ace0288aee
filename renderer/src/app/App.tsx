// The app shell: sidebar, the current view, status bar, command palette, import dialog.
import { useApp } from './app-context.js';
import { CommandPalette } from './CommandPalette.js';
import { globalActions } from './global-actions.js';
import { Sidebar } from './Sidebar.js';
import { StatusBar } from './StatusBar.js';
import { useGlobalKeys } from './use-global-keys.js';
import { VIEWS } from './views.js';
import { ImportDialog } from '../import/ImportDialog.js';
import { CaseStart } from '../case/CaseStart.js';
import { EvidenceText } from '../ui/EvidenceText.js';

export function App() {
  const app = useApp();
  const actions = [...globalActions(app, VIEWS), ...app.actions];
  useGlobalKeys(actions, app.mac);

  const view = VIEWS.find((v) => v.id === app.route.view) ?? VIEWS[0];
  const needsStart = view !== undefined && view.needsCase && app.currentCase === null;
  const Component = view?.component;

  return (
    <div
      className="app"
      onDragOver={(e) => {
        // In a browser, files dropped anywhere on the window are uploaded and imported (Electron
        // handles drops itself and sends their paths as an `app.command`).
        if (app.upload !== null && app.currentCase !== null && e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        if (app.upload === null || app.currentCase === null || e.defaultPrevented) return;
        e.preventDefault();
        void app.importFiles([...e.dataTransfer.files]);
      }}
    >
      <Sidebar views={VIEWS} current={view?.id ?? ''} hasCase={app.currentCase !== null} mac={app.mac} onNavigate={(id) => app.navigate(id)} onPalette={() => app.setPaletteOpen(true)} />
      <main className="main" data-view={view?.id}>
        {needsStart || Component === undefined ? <CaseStart /> : <Component key={view?.id} params={app.route.params} />}
      </main>
      <StatusBar />
      {app.paletteOpen && <CommandPalette actions={actions} mac={app.mac} onClose={() => app.setPaletteOpen(false)} />}
      {app.importDialog.open && <ImportDialog key={app.importDialog.paths.join('\n')} />}
      {app.notice !== null && (
        <div className="toast" role={app.notice.kind === 'error' ? 'alert' : 'status'}>
          <div className={`banner ${app.notice.kind === 'error' ? 'error' : 'info'} row`}>
            <EvidenceText className="grow" text={app.notice.text} />
            <button type="button" className="btn small" onClick={() => app.notify(null)} aria-label="Dismiss">
              ×
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
