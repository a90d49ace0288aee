// The Sessions view: every session of the case, filterable and sortable in the UI, and the
// selected session's participants and commands.
import { useEffect, useMemo, useState } from 'react';
import { useApp, useViewActions, type AppAction } from '../app/app-context.js';
import type { ViewProps } from '../app/view-def.js';
import { useCall } from '../ui/use-call.js';
import { SessionTable } from './SessionTable.js';
import { SessionDetailPanel } from './SessionDetailPanel.js';
import { DEFAULT_SESSION_SORT, filterSessions, nextSort, sortSessions } from '../state/sessions-table.js';

function numberParam(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

export function SessionsViewScreen({ params }: ViewProps) {
  const app = useApp();
  const list = useCall('sessions.list', {}, app.caseVersion);
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState(DEFAULT_SESSION_SORT);
  const routeSession = numberParam(params.sessionId);
  const [pickedId, setPickedId] = useState<number | undefined>(routeSession);
  // A new session moment opened from elsewhere (a search hit) replaces the user's pick.
  useEffect(() => setPickedId(routeSession), [routeSession, params]);
  const rows = useMemo(() => sortSessions(filterSessions(list.data ?? [], filter), sort), [list.data, filter, sort]);
  const sessionId = pickedId ?? routeSession;
  const selected = rows.findIndex((r) => r.id === sessionId);
  const detail = useCall('sessions.detail', sessionId === undefined ? null : { sessionId }, app.caseVersion);
  const fromRoute = sessionId === routeSession;
  const actions = useMemo<AppAction[]>(
    () => [
      { id: 'sessions.invalid', title: 'Sessions: show only invalid evidence', group: 'Sessions', run: () => setFilter('verdict:invalid') },
      { id: 'sessions.unverified', title: 'Sessions: show only raw recordings', group: 'Sessions', run: () => setFilter('verdict:raw') },
      { id: 'sessions.clear', title: 'Sessions: clear the filter', group: 'Sessions', run: () => setFilter('') },
      { id: 'sessions.by-start', title: 'Sessions: sort by start', group: 'Sessions', run: () => setSort(DEFAULT_SESSION_SORT) },
    ],
    [],
  );
  useViewActions('sessions', actions);

  return (
    <section className="view" aria-labelledby="sessions-title">
      <header className="view-header">
        <h1 id="sessions-title">Sessions</h1>
        <input
          className="input grow"
          style={{ maxWidth: 420 }}
          placeholder="Filter: web-1 alice · user:alice · verdict:invalid"
          aria-label="Filter sessions"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <span className="muted small" data-testid="sessions-count">
          {list.data === null ? (list.loading ? 'loading…' : '') : `${rows.length.toLocaleString('en')} of ${list.data.length.toLocaleString('en')}`}
        </span>
      </header>
      {list.error !== null && <div className="banner error">{list.error}</div>}
      <div className="split">
        <div style={{ display: 'flex', minHeight: 0 }}>
          <SessionTable
            rows={rows}
            sort={sort}
            selected={selected}
            zone={app.zone}
            onSort={(key) => setSort(nextSort(sort, key))}
            onSelect={(i) => setPickedId(rows[i]?.id)}
            onOpen={(i) => {
              const row = rows[i];
              if (row === undefined) return;
              // Enter replays the session where a replay view exists; here it only shows its details.
              if (app.sessionMomentView !== 'sessions') app.openSession({ sessionId: row.id, ...(row.startUs !== null ? { tsUs: row.startUs } : {}) });
              else setPickedId(row.id);
            }}
            scrollTo={fromRoute && routeSession !== undefined ? selected : null}
          />
        </div>
        <aside className="pane" aria-label="Session detail" style={{ display: 'flex', flexDirection: 'column' }}>
          {sessionId === undefined && <p className="muted">Select a session to see its participants and commands.</p>}
          {detail.error !== null && <div className="banner error">{detail.error}</div>}
          {detail.data !== null && (
            <SessionDetailPanel
              detail={detail.data}
              zone={app.zone}
              onOpenCommand={app.sessionMomentView === 'sessions' ? undefined : (c) => app.openSession({ sessionId: c.sessionId, tsUs: c.tsUs, commandId: c.commandId })}
              focusCommandId={fromRoute ? numberParam(params.commandId) : undefined}
              focusTsUs={fromRoute ? numberParam(params.tsUs) : undefined}
            />
          )}
        </aside>
      </div>
    </section>
  );
}
