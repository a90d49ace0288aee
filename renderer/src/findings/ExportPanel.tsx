// "Export PDF": where to write the report, which findings, redaction; then the export's progress
// (report.progress events) and its outcome (report.done) — the same PDF `trailview report` writes.
import { useEffect, useReducer, useState, type FormEvent } from 'react';
import type { FindingView } from '../../../electron/core/api/contract.js';
import { useApp } from '../app/app-context.js';
import { errorMessage } from '../app/errors.js';
import { EvidenceText } from '../ui/EvidenceText.js';
import { exportFraction, exportReducer, type ExportState } from './findings-state.js';

type Action = Parameters<typeof exportReducer>[1] | { start: string | null } | { fail: string };

function reducer(state: ExportState, action: Action): ExportState {
  if ('start' in action) return { kind: 'running', exportId: action.start, progress: null };
  if ('fail' in action) return { kind: 'failed', message: action.fail };
  return exportReducer(state, action);
}

export function ExportPanel({ findings, onClose }: Readonly<{ findings: readonly FindingView[]; onClose: () => void }>) {
  const app = useApp();
  const dir = app.currentCase?.dir ?? '';
  const [out, setOut] = useState(`${dir.replace(/[\\/]+$/, '')}-report.pdf`);
  const [redact, setRedact] = useState(false);
  const [overwrite, setOverwrite] = useState(false);
  const [only, setOnly] = useState<Set<number> | null>(null);
  const [state, dispatch] = useReducer(reducer, { kind: 'idle' });

  useEffect(() => {
    const offProgress = app.api.on('report.progress', (progress) => dispatch({ progress }));
    const offDone = app.api.on('report.done', (done) => dispatch({ done }));
    return () => {
      offProgress();
      offDone();
    };
  }, [app.api]);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    dispatch({ start: null });
    try {
      const { exportId } = await app.api.call('report.export', {
        out,
        timezone: app.timezone,
        redact,
        overwrite,
        ...(only !== null ? { findings: findings.filter((f) => only.has(f.id)).map((f) => f.id) } : {}),
      });
      dispatch({ start: exportId });
    } catch (err) {
      dispatch({ fail: errorMessage(err) });
    }
  };

  const toggle = (id: number) =>
    setOnly((prev) => {
      const next = new Set(prev ?? findings.map((f) => f.id));
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const running = state.kind === 'running';
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="export-title">
      <form className="dialog" onSubmit={start}>
        <div className="dialog-head">
          <h2 id="export-title">Export the report (PDF/A)</h2>
        </div>
        <div className="dialog-body">
          <label className="field">
            File (on the machine running Trailview)
            <input className="input mono" value={out} onChange={(e) => setOut(e.target.value)} aria-label="Report file" disabled={running} />
          </label>
          <label className="row">
            <input type="checkbox" checked={redact} onChange={(e) => setRedact(e.target.checked)} disabled={running} /> Redact secrets (passwords, tokens, input at password prompts)
          </label>
          <label className="row">
            <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} disabled={running} /> Replace the file if it exists
          </label>
          <fieldset className="stack small" disabled={running}>
            <legend>Findings ({only === null ? 'all' : `${only.size} of ${findings.length}`}), times in {app.timezone}</legend>
            {findings.map((f) => (
              <label key={f.id} className="row">
                <input type="checkbox" checked={only === null || only.has(f.id)} onChange={() => toggle(f.id)} /> {f.position}. <EvidenceText text={f.title} />
              </label>
            ))}
          </fieldset>
          {state.kind === 'running' && (
            <div className="stack" aria-live="polite">
              <progress max={1} value={exportFraction(state.progress)} aria-label="Export progress" />
              <span className="muted small">{state.progress?.label ?? 'starting…'}</span>
            </div>
          )}
          {state.kind === 'done' && (
            <div className="banner info" role="status" data-testid="export-done">
              Written: <span className="mono">{state.result.file}</span> — {state.result.pages} pages, {state.result.proofs} inclusion proof(s)
              {state.result.redactedItems > 0 ? `, ${state.result.redactedItems} item(s) redacted` : ''}
              {state.result.unproven > 0 ? `; ${state.result.unproven} cited record(s) could not be proven` : ''}. SHA-256 <span className="mono">{state.result.sha256}</span>
            </div>
          )}
          {state.kind === 'failed' && (
            <div className="banner error" role="alert">
              <EvidenceText text={state.message} />
            </div>
          )}
        </div>
        <div className="dialog-foot">
          <button type="button" className="btn" onClick={onClose} disabled={running}>
            Close
          </button>
          <button type="submit" className="btn primary" disabled={running || out.trim() === '' || (only !== null && only.size === 0)}>
            Export PDF
          </button>
        </div>
      </form>
    </div>
  );
}
