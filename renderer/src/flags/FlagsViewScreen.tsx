// The Flags view (docs/rules.md): what the analyzers flagged in the case, most severe first,
// filterable by rule, severity, user and host. A row shows its explanation; "Open" shows the
// session at that moment, "Make finding" turns the flag into a finding in one step. "Run
// analyzers" runs them again (they also run after every import) and lists rules that were skipped.
import { useState } from 'react';
import type { AnalyzeRunResponse, FlagView } from '../../../electron/core/api/contract.js';
import { useApp } from '../app/app-context.js';
import { errorMessage } from '../app/errors.js';
import type { ViewProps } from '../app/view-def.js';
import { EvidenceText } from '../ui/EvidenceText.js';
import { Time } from '../ui/Time.js';
import { useCall } from '../ui/use-call.js';
import { FLAG_SEVERITIES, findingFromFlag, flagsQuery, NO_FILTERS, PAGE, pageLabel, SEVERITY_COLORS, type FlagFilters } from './flags-state.js';

export function FlagsViewScreen(_props: ViewProps) {
  const app = useApp();
  const [filters, setFilters] = useState<FlagFilters>(NO_FILTERS);
  const [version, setVersion] = useState(0);
  const [page, setPage] = useState(0);
  const list = useCall('flags.list', flagsQuery(filters, page), version + app.caseVersion * 1000);
  const [selected, setSelected] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [run, setRun] = useState<AnalyzeRunResponse | null>(null);
  const flags = list.data?.flags ?? [];
  const facets = list.data?.facets ?? { rules: [], users: [], hosts: [] };
  const current = flags.find((f) => f.id === selected) ?? null;
  const readOnly = app.currentCase?.readOnly === true;

  const set = (patch: Partial<FlagFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(0);
  };
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));

  const analyze = async () => {
    setRunning(true);
    setError(null);
    try {
      setRun(await app.api.call('analyze.run', {}));
      setVersion((v) => v + 1);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRunning(false);
    }
  };

  const makeFinding = async (flag: FlagView) => {
    const input = findingFromFlag(flag);
    if (input === null) return;
    setError(null);
    try {
      const finding = await app.api.call('findings.add', input);
      setNotice(`Finding ${finding.position} added: ${finding.title}`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const open = (flag: FlagView) => {
    if (flag.sessionId !== null) app.openSession({ sessionId: flag.sessionId, tsUs: flag.tsUs });
  };

  return (
    <section className="view" aria-labelledby="flags-title" data-view="flags">
      <header className="view-header">
        <h1 id="flags-title">Flags</h1>
        <span className="muted" data-testid="flags-count">
          {list.data === null ? '' : pageLabel(total, page, flags.length)}
        </span>
        {pages > 1 && (
          <span className="row" role="group" aria-label="Flag pages" style={{ gap: 4 }}>
            <button type="button" className="btn" onClick={() => setPage((p) => Math.max(0, p - 1))} disabled={page === 0}>
              ◀ Previous {PAGE}
            </button>
            <button type="button" className="btn" onClick={() => setPage((p) => Math.min(pages - 1, p + 1))} disabled={page >= pages - 1}>
              Next {PAGE} ▶
            </button>
          </span>
        )}
        <span className="grow" />
        <button type="button" className="btn" onClick={() => void analyze()} disabled={running || readOnly}>
          {running ? 'Analyzing…' : 'Run analyzers'}
        </button>
      </header>
      <div className="row" role="group" aria-label="Flag filters" style={{ gap: 8, padding: '4px 0', flexWrap: 'wrap' }}>
        <label>
          Rule{' '}
          <select value={filters.rule} onChange={(e) => set({ rule: e.target.value })}>
            <option value="">any</option>
            {facets.rules.map((r) => (
              <option key={r.rule} value={r.rule}>
                {r.title !== '' ? `${r.title} (${r.rule})` : r.rule} · {r.count}
              </option>
            ))}
          </select>
        </label>
        <label>
          Severity at least{' '}
          <select value={filters.minSeverity} onChange={(e) => set({ minSeverity: e.target.value as FlagFilters['minSeverity'] })}>
            <option value="">any</option>
            {FLAG_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          User{' '}
          <select value={filters.user} onChange={(e) => set({ user: e.target.value })}>
            <option value="">any</option>
            {facets.users.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </label>
        <label>
          Host{' '}
          <select value={filters.host} onChange={(e) => set({ host: e.target.value })}>
            <option value="">any</option>
            {facets.hosts.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error !== null && (
        <div className="banner error" role="alert">
          <EvidenceText text={error} />
        </div>
      )}
      {notice !== null && (
        <div className="banner" role="status">
          <EvidenceText text={notice} />
        </div>
      )}
      {run !== null && (
        <div className="banner" role="status" data-testid="analyze-result">
          {run.total} flags from {run.commands} commands ({run.rulesSource}, {run.rules} rules)
          {run.skipped.length > 0 && (
            <ul className="small">
              {run.skipped.map((s) => (
                <li key={`${s.file}:${s.id ?? ''}:${s.construct}`}>
                  <EvidenceText text={s.message} />
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {list.error !== null && <div className="banner error">{list.error}</div>}
      <div className="split">
        <div className="pane" aria-label="Flags list">
          {list.data !== null && flags.length === 0 && <p className="empty">No flags{filters === NO_FILTERS ? ' in this case' : ' match these filters'}.</p>}
          <table className="table" data-testid="flags-table">
            <tbody>
              {flags.map((f) => (
                <tr key={f.id} data-flag={f.id} aria-selected={f.id === selected} onClick={() => setSelected(f.id)} style={{ cursor: 'pointer', background: f.id === selected ? 'var(--bg-selected)' : undefined }}>
                  <td>
                    <span className="badge" style={{ minWidth: 62, justifyContent: 'center', background: SEVERITY_COLORS[f.severity], borderColor: SEVERITY_COLORS[f.severity], color: '#fff' }}>
                      {f.severity}
                    </span>
                  </td>
                  <td>
                    <EvidenceText text={f.title !== '' ? f.title : f.rule} />
                    <div className="muted small">{f.rule}</div>
                  </td>
                  <td>
                    <Time us={f.tsUs} />
                  </td>
                  <td className="small">
                    <EvidenceText text={`${f.user ?? '?'}@${f.host ?? '?'}`} />
                  </td>
                  <td className="small muted">
                    <EvidenceText text={f.session ?? ''} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="pane" aria-label="Flag details">
          {current === null ? (
            <p className="muted">Select a flag to read why it was raised.</p>
          ) : (
            <div className="stack" data-testid="flag-detail">
              <h2>
                <EvidenceText text={current.title !== '' ? current.title : current.rule} />
              </h2>
              <p>
                <EvidenceText text={current.explanation} />
              </p>
              <p className="muted small">
                {current.analyzer} · {current.rule} · <Time us={current.tsUs} />
                {current.endUs !== null && current.endUs !== current.tsUs && (
                  <>
                    {' – '}
                    <Time us={current.endUs} />
                  </>
                )}
                {current.seqs.length > 0 && ` · records ${current.seqs.slice(0, 5).join(', ')}${current.seqs.length > 5 ? ', …' : ''}`}
              </p>
              <div className="row" style={{ gap: 8 }}>
                <button type="button" className="btn primary" onClick={() => open(current)} disabled={current.sessionId === null}>
                  Open
                </button>
                <button type="button" className="btn" onClick={() => void makeFinding(current)} disabled={current.sessionId === null || readOnly}>
                  Make finding
                </button>
              </div>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
