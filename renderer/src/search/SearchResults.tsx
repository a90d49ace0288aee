// Search hits: one row per hit (time, who, where, kind, snippet with highlights), virtualised.
import type { SearchHitView } from '../../../electron/core/api/contract.js';
import { VirtualList } from '../ui/VirtualList.js';
import { EvidenceText } from '../ui/EvidenceText.js';
import { HighlightedText } from '../ui/HighlightedText.js';
import { safeInline } from '../text/evidence-text.js';
import { formatTime, type TimeZone } from '../state/time-format.js';

export interface SearchResultsProps {
  hits: readonly SearchHitView[];
  selected: number;
  zone: TimeZone;
  onSelect(index: number): void;
  onOpen(index: number): void;
  onOpenInSessions(index: number): void;
}

export function SearchResults({ hits, selected, zone, onSelect, onOpen, onOpenInSessions }: Readonly<SearchResultsProps>) {
  return (
    <VirtualList
      items={hits}
      label="Search results"
      testId="hits"
      rowHeight={26}
      selected={selected}
      onSelect={onSelect}
      onActivate={onOpen}
      onActivateAlt={onOpenInSessions}
      getKey={(h) => `${h.kind}-${h.rowId}`}
      columns="230px 150px 60px minmax(0,1fr)"
      header={
        <>
          <span>Time ({zone.name})</span>
          <span>Who</span>
          <span>Kind</span>
          <span>Match</span>
        </>
      }
      empty={<div className="empty">No matches.</div>}
      renderRow={(h) => (
        <>
          <span className="time">{formatTime(h.tsUs, zone, 'millis')}</span>
          <EvidenceText text={`${h.user ?? '?'}@${h.host ?? '?'}`} />
          <span className={`badge neutral`}>{h.kind === 'command' ? 'cmd' : 'screen'}</span>
          <span className="mono" title={safeInline(h.session)}>
            <HighlightedText text={h.snippet} ranges={h.snippetHighlights} />
          </span>
        </>
      )}
    />
  );
}
