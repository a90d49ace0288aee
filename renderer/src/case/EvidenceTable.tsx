// The case's evidence: one row per imported bundle or recording, with its verdict first.
import type { EvidenceView } from '../../../electron/core/api/contract.js';
import { EvidenceText } from '../ui/EvidenceText.js';
import { VerdictBadge } from '../ui/VerdictBadge.js';
import { formatRange, type TimeZone } from '../state/time-format.js';
import { formatBytes } from '../state/import-progress.js';
import { safeInline } from '../text/evidence-text.js';

export interface EvidenceTableProps {
  evidence: readonly EvidenceView[];
  selectedId: number | null;
  zone: TimeZone;
  onSelect(id: number): void;
}

export function signerText(e: EvidenceView): string {
  if (e.signers.length === 0) return e.kind === 'recording' ? '–' : 'no signature';
  return e.signers.map((s) => `${s.name}${s.trusted ? '' : ' (not trusted)'}`).join(', ');
}

export function EvidenceTable({ evidence, selectedId, zone, onSelect }: Readonly<EvidenceTableProps>) {
  const move = (from: number, delta: number) => {
    const next = evidence[Math.max(0, Math.min(evidence.length - 1, from + delta))];
    if (next !== undefined) {
      onSelect(next.id);
      document.getElementById(`evidence-row-${next.id}`)?.focus();
    }
  };
  return (
    <table className="grid" aria-label="Evidence" data-testid="evidence-table">
      <thead>
        <tr>
          <th>Verdict</th>
          <th>File</th>
          <th>Signer</th>
          <th className="num">Records</th>
          <th className="num">Sessions</th>
          <th>Time range ({zone.name})</th>
          <th>Hosts</th>
          <th>Users</th>
          <th className="num">Findings</th>
        </tr>
      </thead>
      <tbody>
        {evidence.map((e, i) => (
          <tr
            key={e.id}
            id={`evidence-row-${e.id}`}
            className="list-row"
            tabIndex={0}
            aria-selected={e.id === selectedId}
            data-evidence={e.fileName}
            onClick={() => onSelect(e.id)}
            onKeyDown={(ev) => {
              if (ev.key === 'ArrowDown') move(i, 1);
              else if (ev.key === 'ArrowUp') move(i, -1);
              else if (ev.key === 'Enter') onSelect(e.id);
              else return;
              ev.preventDefault();
            }}
          >
            <td>
              <VerdictBadge verdict={e.verdict} />
            </td>
            <td>
              <div>
                <EvidenceText text={e.fileName} />
              </div>
              <div className="muted small">
                {e.kind === 'bundle' ? 'bundle' : 'recording'} · {e.format} · {formatBytes(e.size)}
              </div>
            </td>
            <td className="small">
              <EvidenceText text={signerText(e)} />
            </td>
            <td className="num">{e.records.toLocaleString('en')}</td>
            <td className="num">{e.sessions.toLocaleString('en')}</td>
            <td className="small mono nowrap">{e.timeRange === null ? '–' : formatRange(e.timeRange.startUs, e.timeRange.endUs, zone)}</td>
            <td className="small clip" title={safeInline(e.hosts.join(', '))}>
              <EvidenceText text={e.hosts.join(', ')} />
            </td>
            <td className="small clip" title={safeInline(e.users.join(', '))}>
              <EvidenceText text={e.users.join(', ')} />
            </td>
            <td className="num">
              {e.findings > 0 ? <span className={`badge ${e.verdict === 'invalid' ? 'verdict-invalid' : 'finding-warning'}`}>{e.findings}</span> : <span className="muted">0</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
