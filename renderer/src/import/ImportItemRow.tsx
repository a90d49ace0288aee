// One item of an import: its progress (phase, bytes, throughput, ETA) while it runs, then its
// outcome: verdict, counts, and every problem with the file and record it concerns.
import { itemEtaSeconds, itemFraction, formatBytes, formatEta, formatThroughput, type ImportItemState } from '../state/import-progress.js';
import { EvidenceText } from '../ui/EvidenceText.js';
import { VerdictBadge } from '../ui/VerdictBadge.js';

const STATUS_TEXT = { imported: 'imported', duplicate: 'already in the case', failed: 'failed', cancelled: 'cancelled' } as const;

export function ImportItemRow({ state }: Readonly<{ state: ImportItemState }>) {
  const p = state.progress;
  const o = state.outcome;
  return (
    <div className="import-item" data-import-item={state.item} data-status={o?.status ?? 'running'}>
      <div className="row">
        <EvidenceText className="mono grow small" text={state.path} />
        {o !== null && o.verdict !== null && <VerdictBadge verdict={o.verdict} />}
        {o !== null && <span className={`badge ${o.status === 'failed' ? 'verdict-invalid' : 'neutral'}`}>{STATUS_TEXT[o.status]}</span>}
      </div>
      {o === null && (
        <>
          <progress max={1} value={itemFraction(state)} aria-label={`Progress of ${state.path}`} />
          <div className="row small muted">
            {p === null ? (
              <span>waiting…</span>
            ) : (
              <>
                <span className="badge neutral">{p.phase}</span>
                <span>
                  {formatBytes(p.bytesDone)} of {formatBytes(p.bytesTotal)}
                </span>
                <span>{formatThroughput(p.throughput)}</span>
                <span>ETA {formatEta(itemEtaSeconds(p))}</span>
                <span className="grow" />
                <span>
                  {p.records.toLocaleString('en')} records · {p.sessions.toLocaleString('en')} sessions
                </span>
              </>
            )}
          </div>
        </>
      )}
      {o !== null && o.status !== 'failed' && o.status !== 'cancelled' && (
        <div className="small muted">
          {o.sessions.toLocaleString('en')} sessions · {o.commands.toLocaleString('en')} commands · {o.findings} verification findings
        </div>
      )}
      {o !== null &&
        o.problems.map((problem, i) => (
          <div key={i} className={`banner ${problem.severity}`} style={{ margin: 0 }}>
            <strong>{problem.severity}</strong> <EvidenceText text={problem.message} />
          </div>
        ))}
    </div>
  );
}
