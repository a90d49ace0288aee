// The sessions table: sortable headers, virtualised rows.
import type { SessionRow } from '../../../electron/core/api/contract.js';
import { VirtualList } from '../ui/VirtualList.js';
import { EvidenceText } from '../ui/EvidenceText.js';
import { VerdictBadge } from '../ui/VerdictBadge.js';
import { formatDuration, formatTime, type TimeZone } from '../state/time-format.js';
import { sessionDuration, type SessionSort, type SessionSortKey } from '../state/sessions-table.js';

const COLUMNS: ReadonlyArray<{ key: SessionSortKey; label: string; numeric?: boolean }> = [
  { key: 'verdict', label: 'Verdict' },
  { key: 'user', label: 'User' },
  { key: 'host', label: 'Host' },
  { key: 'tty', label: 'TTY' },
  { key: 'start', label: 'Start' },
  { key: 'duration', label: 'Duration', numeric: true },
  { key: 'commands', label: 'Commands', numeric: true },
  { key: 'participants', label: 'Participants', numeric: true },
  { key: 'format', label: 'Format' },
];
// Fixed widths: the header and the rows are separate grids and must line up (rows scroll sideways).
const GRID = '100px 110px 110px 104px 190px 88px 72px 84px 90px';
/** The columns, 8 gaps of 8px and 12px padding each side. */
const GRID_WIDTH = 948 + 8 * 8 + 24;

export interface SessionTableProps {
  rows: readonly SessionRow[];
  sort: SessionSort;
  selected: number;
  zone: TimeZone;
  onSort(key: SessionSortKey): void;
  onSelect(index: number): void;
  onOpen(index: number): void;
  /** Bring this row into view (a session opened from a search hit). */
  scrollTo?: number | null;
}

export function SessionTable({ rows, sort, selected, zone, onSort, onSelect, onOpen, scrollTo }: Readonly<SessionTableProps>) {
  return (
    <VirtualList
      items={rows}
      label="Sessions"
      testId="sessions"
      minWidth={GRID_WIDTH}
      scrollTo={scrollTo}
      rowHeight={26}
      selected={selected}
      onSelect={onSelect}
      onActivate={onOpen}
      getKey={(r) => r.id}
      columns={GRID}
      header={COLUMNS.map((c) => (
        <button
          key={c.key}
          type="button"
          className={c.numeric === true ? 'num' : undefined}
          aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
          onClick={() => onSort(c.key)}
          title={c.key === 'start' ? `Start, in ${zone.name}` : `Sort by ${c.label.toLowerCase()}`}
        >
          {c.label}
          {c.key === 'start' && <span className="muted"> ({zone.name})</span>}
        </button>
      ))}
      empty={<div className="empty">No session matches the filter.</div>}
      renderRow={(r) => (
        <>
          <span>
            <VerdictBadge verdict={r.verdict} />
          </span>
          <EvidenceText text={r.user ?? '–'} />
          <EvidenceText text={r.host ?? '–'} />
          <EvidenceText className="mono" text={r.tty ?? '–'} />
          <span className="time">{r.startUs === null ? '–' : formatTime(r.startUs, zone)}</span>
          <span className="num">{formatDuration(sessionDuration(r))}</span>
          <span className="num">{r.commands.toLocaleString('en')}</span>
          <span className="num">{r.participants}</span>
          <EvidenceText className="muted" text={r.format ?? '–'} />
        </>
      )}
    />
  );
}
