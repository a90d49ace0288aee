// The merged events table (time, host, session, user, kind, text) of the open sessions or the whole
// case, synchronised with the timeline: the row at the playhead is marked and kept in view; a click
// seeks all panes. Filterable (server side, `events.table`), exportable to CSV.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EventsTableRow } from '../../../electron/core/api/contract.js';
import { useApp } from '../app/app-context.js';
import { formatTime } from '../state/time-format.js';
import { useCall } from '../ui/use-call.js';
import { eventsCsv } from './events-csv.js';

const SHOWN_ROWS = 2000;

export function EventsTable(props: Readonly<{ sessionIds: readonly number[] | null; wallUs: number; onSeek(tsUs: number): void; onOpen(sessionId: number, tsUs: number): void }>) {
  const app = useApp();
  const [filter, setFilter] = useState('');
  const request = useMemo(() => ({ ...(props.sessionIds === null ? {} : { sessionIds: [...props.sessionIds] }), ...(filter === '' ? {} : { filter }), limit: SHOWN_ROWS }), [props.sessionIds, filter]);
  const table = useCall('events.table', props.sessionIds !== null && props.sessionIds.length === 0 ? null : request, app.caseVersion);
  const rows: readonly EventsTableRow[] = table.data?.rows ?? [];
  // The row at the playhead: the last event at or before it.
  let current = -1;
  for (let i = 0; i < rows.length && (rows[i] as EventsTableRow).tsUs <= props.wallUs; i++) current = i;
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    const row = body.current?.querySelector(`tr[data-index="${current}"]`);
    row?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const exportCsv = async (): Promise<void> => {
    const all = await app.api.call('events.table', { ...request, limit: 1_000_000 });
    const blob = new Blob([eventsCsv(all.rows, (us) => formatTime(us, app.zone, 'micros'))], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'trailview-events.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };

  return (
    <div className="events-table" data-testid="events-table">
      <div className="row events-toolbar">
        <input className="input grow" placeholder="Filter events: host, session, user, kind, text" aria-label="Filter events" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <span className="muted small">{table.data === null ? (table.loading ? 'loading…' : '') : `${table.data.total.toLocaleString('en')} events`}</span>
        <button className="btn" onClick={() => void exportCsv()} disabled={table.data === null}>
          Export CSV
        </button>
      </div>
      {table.error !== null && <div className="banner error">{table.error}</div>}
      <div className="events-scroll">
        <table className="table">
          <thead>
            <tr>
              <th>Time ({app.zone.name})</th>
              <th>Host</th>
              <th>Session</th>
              <th>User</th>
              <th>Kind</th>
              <th>Text</th>
            </tr>
          </thead>
          <tbody ref={body}>
            {rows.map((r, i) => (
              <tr key={i} data-index={i} data-kind={r.kind} className={i === current ? 'selected' : undefined} onClick={() => props.onSeek(r.tsUs)} onDoubleClick={() => r.sessionId !== null && props.onOpen(r.sessionId, r.tsUs)} title="Click: seek here · double-click: open its session in a pane">
                <td className="nowrap mono">{formatTime(r.tsUs, app.zone, 'millis')}</td>
                <td>{r.host ?? ''}</td>
                <td className="mono small">{r.session ?? ''}</td>
                <td>{r.user ?? ''}</td>
                <td>
                  <span className={`chip kind-${r.kind}`}>{r.kind}</span>
                </td>
                <td className="mono">{r.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
