// The Case view: what the case holds, its problems (first, and loud), the evidence list with
// verdicts, and the verification detail of the selected item.
import { useEffect, useState } from 'react';
import { useApp } from '../app/app-context.js';
import type { ViewProps } from '../app/view-def.js';
import { useCall } from '../ui/use-call.js';
import { EvidenceText } from '../ui/EvidenceText.js';
import { EvidenceTable } from './EvidenceTable.js';
import { EvidenceDetailPanel } from './EvidenceDetailPanel.js';
import { CaseStart } from './CaseStart.js';
import { formatRange } from '../state/time-format.js';
import { formatShortcut } from '../app/shortcuts.js';

export function CaseViewScreen(_props: ViewProps) {
  const app = useApp();
  const c = app.currentCase;
  const [selected, setSelected] = useState<number | null>(null);
  const selectedId = selected ?? c?.evidence.find((e) => e.verdict === 'invalid')?.id ?? c?.evidence[0]?.id ?? null;
  const detail = useCall('evidence.detail', selectedId === null ? null : { evidenceId: selectedId }, app.caseVersion);

  // B's startup benchmark and the end-to-end tests wait for this: the evidence list is on screen.
  useEffect(() => {
    if (c === null) return;
    document.body.dataset.ready = 'case';
    return () => {
      delete document.body.dataset.ready;
    };
  }, [c]);

  if (c === null || app.route.params.start !== undefined) return <CaseStart />;

  const errors = c.problems.filter((p) => p.severity === 'error');
  const others = c.problems.filter((p) => p.severity !== 'error');
  return (
    <section className="view" aria-labelledby="case-title">
      <header className="view-header">
        <div className="grow">
          <h1 id="case-title">
            <EvidenceText text={c.name} />
          </h1>
          <div className="muted small">
            <span className="mono">
              <EvidenceText text={c.dir} />
            </span>
            {' · examiner '}
            <EvidenceText text={c.examiner} />
            {' · '}
            {c.sessions.toLocaleString('en')} sessions · {c.commands.toLocaleString('en')} commands
            {c.timeRange !== null && ` · ${formatRange(c.timeRange.startUs, c.timeRange.endUs, app.zone)}`}
          </div>
        </div>
        {c.readOnly === true && (
          <span className="badge verdict-invalid" title="The case failed its integrity checks: it is shown, but nothing can be imported or recorded into it.">
            read-only
          </span>
        )}
        <button type="button" className="btn primary" onClick={() => app.showImportDialog(true)} title={formatShortcut('Mod+I', app.mac)} disabled={c.readOnly === true}>
          Import…
        </button>
        <button type="button" className="btn" onClick={() => void app.closeCase()}>
          Close case
        </button>
      </header>
      {(errors.length > 0 || others.length > 0) && (
        <div style={{ padding: '10px 14px 0' }} data-testid="case-problems">
          {errors.length > 0 && (
            <div className="banner error" role="alert">
              <strong>This case failed its integrity check on open.</strong> What is shown may not be what was imported.
              <ul>
                {errors.map((p, i) => (
                  <li key={i}>
                    <code>{p.code}</code> <EvidenceText text={p.message} />
                  </li>
                ))}
              </ul>
            </div>
          )}
          {others.length > 0 && (
            <div className="banner warning">
              <ul>
                {others.map((p, i) => (
                  <li key={i}>
                    <code>{p.code}</code> <EvidenceText text={p.message} />
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
      <div className="vsplit">
        <div className="pane evidence-pane">
          <h2>Evidence ({c.evidence.length})</h2>
          {c.evidence.length === 0 ? (
            <div className="empty">
              No evidence yet. <button type="button" className="btn link" onClick={() => app.showImportDialog(true)}>Import bundles or recordings</button>, or drop them on the window.
            </div>
          ) : (
            <EvidenceTable evidence={c.evidence} selectedId={selectedId} zone={app.zone} onSelect={setSelected} />
          )}
          <div className="section" style={{ marginTop: 12, marginBottom: 0 }}>
            <h2>People and machines</h2>
            <dl className="facts">
              <dt>users</dt>
              <dd>
                <EvidenceText text={c.users.join(', ') || '–'} />
              </dd>
              <dt>hosts</dt>
              <dd>
                <EvidenceText text={c.hosts.join(', ') || '–'} />
              </dd>
              <dt>activity log</dt>
              <dd className="small">
                {c.activity.records} record{c.activity.records === 1 ? '' : 's'}{c.activity.head !== null && <span className="mono muted"> · head {c.activity.head.slice(0, 16)}…</span>}
              </dd>
            </dl>
          </div>
        </div>
        {c.evidence.length > 0 && (
          <aside className="pane" aria-label="Verification detail">
            {detail.error !== null && <div className="banner error">{detail.error}</div>}
            {detail.data !== null && <EvidenceDetailPanel detail={detail.data} zone={app.zone} />}
            {detail.data === null && detail.error === null && selectedId !== null && <p className="muted">Loading…</p>}
          </aside>
        )}
      </div>
    </section>
  );
}
