// A new finding, anchored to a session's time range, a search or a timeline selection. Prefilled
// from route params (finding-prefill.ts: `sessionId`, `fromUs`, `toUs`; `query`; or
// `anchor: 'timeline'` with `fromUs`, `toUs`, `sessionIds`) when another view (replay mark in/out,
// a search hit, a timeline brush) opens the Findings view to create one.
import { useState, type FormEvent } from 'react';
import type { FindingAnchorInput, FindingSeverity, FindingView } from '../../../electron/core/api/contract.js';
import type { RouteParams } from '../app/app-context.js';
import { useApp } from '../app/app-context.js';
import { errorMessage } from '../app/errors.js';
import { EvidenceText } from '../ui/EvidenceText.js';
import { useCall } from '../ui/use-call.js';
import { parseSessionIds } from './finding-prefill.js';
import { isoUtc, parseTypedTime, SEVERITIES } from './findings-state.js';

export function NewFindingForm({ params, onCancel, onCreated }: Readonly<{ params: RouteParams; onCancel: () => void; onCreated: (f: FindingView) => void }>) {
  const app = useApp();
  const sessions = useCall('sessions.list', { sort: { key: 'start', dir: 'asc' } }, app.caseVersion);
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<FindingSeverity>('medium');
  const [notes, setNotes] = useState('');
  const [kind, setKind] = useState<'session' | 'query' | 'timeline'>(params.query !== undefined ? 'query' : params.anchor === 'timeline' ? 'timeline' : 'session');
  const [timelineSessions] = useState(() => parseSessionIds(params.sessionIds));
  const [sessionId, setSessionId] = useState<number | null>(typeof params.sessionId === 'number' ? params.sessionId : params.sessionId !== undefined ? Number(params.sessionId) : null);
  const [from, setFrom] = useState(params.fromUs !== undefined ? isoUtc(Number(params.fromUs)) : '');
  const [to, setTo] = useState(params.toUs !== undefined ? isoUtc(Number(params.toUs)) : '');
  const [query, setQuery] = useState(typeof params.query === 'string' ? params.query : '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = sessions.data?.find((s) => s.id === sessionId) ?? null;

  const anchor = (): FindingAnchorInput | string => {
    if (kind === 'query') return query.trim() === '' ? 'Type the search the finding is about.' : { kind: 'query', query: query.trim() };
    if (kind === 'session' && sessionId === null) return 'Choose a session.';
    const fromUs = parseTypedTime(from);
    const toUs = parseTypedTime(to);
    if (fromUs === null || toUs === null) return 'From and To must be ISO-8601 times with a zone, e.g. 2024-11-27T03:10:00Z.';
    if (kind === 'timeline') return { kind: 'timeline', fromUs, toUs, sessionIds: timelineSessions };
    return { kind: 'session', sessionId: sessionId as number, fromUs, toUs };
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const a = anchor();
    if (typeof a === 'string') {
      setError(a);
      return;
    }
    setBusy(true);
    try {
      const created = await app.api.call('findings.add', { title, severity, notes, anchors: [a] });
      onCreated(created);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const useWholeSession = () => {
    if (chosen?.startUs == null || chosen.endUs == null) return;
    setFrom(isoUtc(chosen.startUs));
    setTo(isoUtc(chosen.endUs));
  };

  return (
    <form className="stack" onSubmit={submit} aria-label="New finding">
      <h2>New finding</h2>
      {error !== null && (
        <div className="banner error" role="alert">
          <EvidenceText text={error} />
        </div>
      )}
      <label className="field">
        Title
        <input className="input" value={title} onChange={(e) => setTitle(e.target.value)} aria-label="Title" autoFocus />
      </label>
      <label className="field">
        Severity
        <select className="input" value={severity} onChange={(e) => setSeverity(e.target.value as FindingSeverity)} aria-label="Severity">
          {SEVERITIES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <div className="row" role="radiogroup" aria-label="Anchor" style={{ flexWrap: 'wrap' }}>
        <label className="row nowrap">
          <input type="radio" checked={kind === 'session'} onChange={() => setKind('session')} /> Session range
        </label>
        <label className="row nowrap">
          <input type="radio" checked={kind === 'query'} onChange={() => setKind('query')} /> Search
        </label>
        <label className="row nowrap">
          <input type="radio" checked={kind === 'timeline'} onChange={() => setKind('timeline')} /> Timeline selection
        </label>
      </div>
      {kind !== 'query' ? (
        <>
          {kind === 'timeline' ? (
            <p className="muted small" data-testid="timeline-sessions">
              {timelineSessions.length === 0
                ? 'The whole case over this range (no session chosen).'
                : `Sessions: ${timelineSessions.map((id) => sessions.data?.find((s) => s.id === id)?.sessionKey ?? `#${id}`).join(', ')}`}
            </p>
          ) : (
          <label className="field">
            Session
            <select className="input" value={sessionId ?? ''} onChange={(e) => setSessionId(e.target.value === '' ? null : Number(e.target.value))} aria-label="Session">
              <option value="">—</option>
              {(sessions.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.sessionKey} ({s.user ?? '?'}@{s.host ?? '?'})
                </option>
              ))}
            </select>
          </label>
          )}
          <div className="row" style={{ flexWrap: 'wrap', alignItems: 'flex-end' }}>
            <label className="field grow" style={{ minWidth: 230 }}>
              From
              <input className="input mono" value={from} onChange={(e) => setFrom(e.target.value)} aria-label="From" placeholder="2024-11-27T03:10:00Z" />
            </label>
            <label className="field grow" style={{ minWidth: 230 }}>
              To
              <input className="input mono" value={to} onChange={(e) => setTo(e.target.value)} aria-label="To" placeholder="2024-11-27T03:20:00Z" />
            </label>
            {kind === 'session' && (
              <button type="button" className="btn small" onClick={useWholeSession} disabled={chosen === null}>
                Whole session
              </button>
            )}
          </div>
        </>
      ) : (
        <label className="field">
          Search query
          <input className="input mono" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Search query" />
        </label>
      )}
      <label className="field">
        Notes (Markdown)
        <textarea className="input" rows={5} value={notes} onChange={(e) => setNotes(e.target.value)} aria-label="Notes" style={{ height: 'auto', padding: 8 }} />
      </label>
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy || title.trim() === ''}>
          Add finding
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
