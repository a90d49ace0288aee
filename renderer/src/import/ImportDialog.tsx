// Import evidence: native pickers in the desktop app, a path field everywhere, and in web mode
// files chosen or dropped in the browser are uploaded to the services first. While an import
// runs the dialog shows each item's progress; it can be closed (the status bar keeps the
// progress) and the import cancelled.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useApp } from '../app/app-context.js';
import { errorMessage } from '../app/errors.js';
import { runFraction } from '../state/import-progress.js';
import { EvidenceText } from '../ui/EvidenceText.js';
import { ImportItemRow } from './ImportItemRow.js';
import { trapTab, useRestoreFocus } from '../ui/use-modal-focus.js';

export function parsePathList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export function ImportDialog() {
  const app = useApp();
  const run = app.importRun;
  const running = run !== null && !run.done;
  const [pathText, setPathText] = useState(app.importDialog.paths.join('\n'));
  const [over, setOver] = useState(false);
  const uploading = app.uploading;
  const [error, setError] = useState<string | null>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const close = () => app.showImportDialog(false);
  const canImport = app.currentCase !== null && app.currentCase.readOnly !== true;

  useRestoreFocus();
  useEffect(() => {
    dialogRef.current?.querySelector<HTMLElement>('textarea, button.primary')?.focus();
  }, []);
  const keepTab = trapTab(dialogRef);

  const start = (paths: readonly string[]) => {
    setError(null);
    void app.startImport(paths);
  };

  const uploadAndStart = (files: readonly File[]) => {
    setError(null);
    void app.importFiles(files);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = [...e.dataTransfer.files];
    if (files.length > 0) uploadAndStart(files);
  };

  const pick = async () => {
    const paths = await app.api.call('dialog.pickEvidence', {}).catch((e: unknown) => {
      setError(errorMessage(e));
      return null;
    });
    if (paths !== null && paths.length > 0) start(paths);
  };

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        ref={dialogRef}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="import-title"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            close();
          } else keepTab(e);
        }}
      >
        <div className="dialog-head">
          <h1 id="import-title" className="grow">
            Import evidence
          </h1>
          {run !== null && <span className="muted small">{Math.floor(runFraction(run) * 100)}%</span>}
        </div>
        <div className="dialog-body">
          {!canImport && <div className="banner warning">{app.currentCase === null ? 'Open or create a case first.' : 'This case is open read-only: nothing can be imported into it.'}</div>}
          {error !== null && (
            <div className="banner error" role="alert">
              <EvidenceText text={error} />
            </div>
          )}
          {run?.error != null && (
            <div className="banner error" role="alert">
              The import did not start: <EvidenceText text={run.error} />
            </div>
          )}
          {!running && canImport && (
            <>
              {app.info?.nativeDialogs === true && (
                <div className="row">
                  <button type="button" className="btn primary" onClick={() => void pick()}>
                    Choose files or folders…
                  </button>
                  <span className="muted small">Trail bundles, raw recordings (asciicast, script, ttyrec, sudo I/O logs, tmux), or folders of them.</span>
                </div>
              )}
              <label className="field">
                Paths on {app.info?.carrier === 'web' ? 'the machine running trailview serve' : 'this machine'}, one per line
                <textarea className="input" rows={3} value={pathText} onChange={(e) => setPathText(e.target.value)} spellCheck={false} placeholder="/evidence/web-1.trail" aria-label="Paths to import" />
              </label>
              {app.upload !== null && (
                <div
                  className="dropzone"
                  data-over={over}
                  onDragOver={(e) => {
                    e.preventDefault();
                    setOver(true);
                  }}
                  onDragLeave={() => setOver(false)}
                  onDrop={onDrop}
                >
                  {uploading !== null ? (
                    <span>
                      Uploading <EvidenceText text={uploading} />…
                    </span>
                  ) : (
                    <>
                      Drop bundles or recordings here, or{' '}
                      <label className="btn link">
                        choose files
                        <input type="file" multiple className="sr-only" onChange={(e) => uploadAndStart([...(e.target.files ?? [])])} />
                      </label>{' '}
                      to upload them from this browser.
                    </>
                  )}
                </div>
              )}
            </>
          )}
          {run !== null && (
            <div className="stack" aria-label="Import items" aria-live="polite">
              {run.done && <h2 style={{ margin: 0 }}>Last import</h2>}
              {run.cancelled && <div className="banner warning">Cancelled: the case is as it was before this import.</div>}
              {run.items.map((item) => (
                <ImportItemRow key={item.item} state={item} />
              ))}
            </div>
          )}
        </div>
        <div className="dialog-foot">
          {running ? (
            <>
              <span className="muted small grow">You can close this window: the import goes on, the status bar shows its progress.</span>
              <button type="button" className="btn danger" onClick={app.cancelImport} disabled={run.cancelling}>
                {run.cancelling ? 'Cancelling…' : 'Cancel import'}
              </button>
            </>
          ) : (
            <button type="button" className="btn primary" disabled={!canImport || parsePathList(pathText).length === 0 || uploading !== null} onClick={() => start(parsePathList(pathText))}>
              Import
            </button>
          )}
          <button type="button" className="btn" onClick={close}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
