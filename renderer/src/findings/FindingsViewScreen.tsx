// The Findings view (docs/report.md): the case's findings in report order — select, edit (title,
// severity, status, tags, notes), move up/down, delete — each change recorded in the activity log
// by the services; "Open" shows an anchor's session at its moment; "New finding" anchors one to a
// session range, a search or a timeline selection (other views open this view with the params of
// finding-prefill.ts to prefill it); "Export PDF" writes the report with progress.
import { useEffect, useState } from 'react';
import type { FindingView } from '../../../electron/core/api/contract.js';
import { useApp } from '../app/app-context.js';
import type { ViewProps } from '../app/view-def.js';
import { errorMessage } from '../app/errors.js';
import { EvidenceText } from '../ui/EvidenceText.js';
import { useCall } from '../ui/use-call.js';
import { recallSearch, rememberSearch } from '../search/search-memory.js';
import { ExportPanel } from './ExportPanel.js';
import { FindingEditor } from './FindingEditor.js';
import { NewFindingForm } from './NewFindingForm.js';
import { anchorLabel, moveFinding } from './findings-state.js';

/** The report's severity colours (electron/services/report/pdf/page-writer.ts), legible on both themes. */
const SEVERITY_COLORS: Record<FindingView['severity'], string> = { critical: '#7b1fa2', high: '#b3261e', medium: '#b55d00', low: '#1a73e8', info: '#5f6368' };

export function FindingsViewScreen({ params }: ViewProps) {
  const app = useApp();
  const [version, setVersion] = useState(0);
  const list = useCall('findings.list', {}, version + app.caseVersion * 1000);
  const [selected, setSelected] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const prefilled = params.sessionId !== undefined || params.query !== undefined || params.anchor !== undefined;
  const [creating, setCreating] = useState(prefilled);
  const [exporting, setExporting] = useState(false);
  const findings = list.data ?? [];
  const current = findings.find((f) => f.id === selected) ?? null;

  useEffect(() => {
    if (prefilled) setCreating(true);
  }, [prefilled, params]);

  const changed = (select?: number | null) => {
    setError(null);
    if (select !== undefined) setSelected(select);
    setVersion((v) => v + 1);
  };

  const move = async (id: number, delta: number) => {
    const ids = moveFinding(findings, id, delta);
    if (ids === null) return;
    try {
      await app.api.call('findings.reorder', { ids });
      changed();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const open = (f: FindingView) => {
    const anchor = f.anchors[0];
    if (anchor === undefined) return;
    if (anchor.kind === 'session') app.openSession({ sessionId: anchor.sessionId, tsUs: anchor.fromUs });
    else if (anchor.kind === 'query') {
      // The search box shows the query; running it (Enter) is the reviewer's act, recorded as such.
      const caseDir = app.currentCase?.dir ?? null;
      rememberSearch({ ...recallSearch(caseDir), query: anchor.query, submitted: null, result: null, selected: 0, caseDir });
      app.navigate('search');
    }
    else if (anchor.sessionIds[0] !== undefined) app.openSession({ sessionId: anchor.sessionIds[0], tsUs: anchor.fromUs });
  };

  return (
    <section className="view" aria-labelledby="findings-title" data-view="findings">
      <header className="view-header">
        <h1 id="findings-title">Findings</h1>
        <span className="muted">{findings.length} in report order</span>
        <span className="grow" />
        <button type="button" className="btn" onClick={() => setCreating(true)} disabled={app.currentCase?.readOnly === true}>
          New finding…
        </button>
        <button type="button" className="btn primary" onClick={() => setExporting(true)}>
          Export PDF…
        </button>
      </header>
      <div className="split">
        <div className="pane" aria-label="Findings list">
          {error !== null && (
            <div className="banner error" role="alert">
              <EvidenceText text={error} />
            </div>
          )}
          {list.error !== null && <div className="banner error">{list.error}</div>}
          {list.data !== null && findings.length === 0 && <p className="empty">No findings yet. Add one from a session range or a search.</p>}
          <ol className="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="findings-list">
            {findings.map((f, i) => (
              <li key={f.id} data-finding={f.id} aria-selected={f.id === selected} className="row" style={{ padding: '6px 8px', borderRadius: 4, background: f.id === selected ? 'var(--bg-selected)' : undefined }}>
                <span className="badge" style={{ minWidth: 62, justifyContent: 'center', background: SEVERITY_COLORS[f.severity], borderColor: SEVERITY_COLORS[f.severity], color: '#fff' }}>
                  {f.severity}
                </span>
                <button type="button" className="btn link grow" style={{ textAlign: 'left', justifyContent: 'flex-start' }} onClick={() => setSelected(f.id)}>
                  {f.position}. <EvidenceText text={f.title} />
                </button>
                <span className="muted small">{f.status}</span>
                <span className="muted small" title={f.anchors.map((a) => anchorLabel(a, app.zone)).join('\n')}>
                  {f.anchors[0]?.kind ?? ''}
                </span>
                <button type="button" className="btn small" aria-label={`Open the anchor of ${f.title}`} onClick={() => open(f)} disabled={f.anchors.length === 0}>
                  Open
                </button>
                <button type="button" className="btn small" aria-label={`Move ${f.title} up`} disabled={i === 0} onClick={() => void move(f.id, -1)}>
                  ↑
                </button>
                <button type="button" className="btn small" aria-label={`Move ${f.title} down`} disabled={i === findings.length - 1} onClick={() => void move(f.id, 1)}>
                  ↓
                </button>
              </li>
            ))}
          </ol>
        </div>
        <div className="pane" aria-label="Finding details">
          {creating ? (
            <NewFindingForm key={JSON.stringify(params)} params={params} onCancel={() => setCreating(false)} onCreated={(f) => (setCreating(false), changed(f.id))} />
          ) : current !== null ? (
            <FindingEditor key={current.id} finding={current} onChanged={() => changed()} onDeleted={() => changed(null)} onOpen={() => open(current)} />
          ) : (
            <p className="muted">Select a finding to edit it.</p>
          )}
        </div>
      </div>
      {exporting && <ExportPanel findings={findings} onClose={() => setExporting(false)} />}
    </section>
  );
}
