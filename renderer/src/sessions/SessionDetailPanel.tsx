// One session: who took part (joins and leaves), and its commands in time order. A search hit
// or a finding opens it at a command, which is selected and scrolled into view.
import { useEffect, useMemo, useState } from 'react';
import type { CommandView, SessionDetail } from '../../../electron/core/api/contract.js';
import { VirtualList } from '../ui/VirtualList.js';
import { EvidenceText } from '../ui/EvidenceText.js';
import { VerdictBadge } from '../ui/VerdictBadge.js';
import { formatClock, formatDuration, formatTime, type TimeZone } from '../state/time-format.js';
import { safeInline } from '../text/evidence-text.js';
import { sessionDuration } from '../state/sessions-table.js';

export interface SessionDetailPanelProps {
  detail: SessionDetail;
  zone: TimeZone;
  /** The command to bring into view: by row id, else the last command at or before tsUs. */
  focusCommandId?: number;
  focusTsUs?: number;
  /** Enter on a command: open the session at that command (replay), when there is such a view. */
  onOpenCommand?(moment: { sessionId: number; tsUs: number; commandId: number }): void;
}

export function focusIndex(detail: SessionDetail, commandId?: number, tsUs?: number): number {
  if (commandId !== undefined) {
    const i = detail.commands.findIndex((c) => c.id === commandId);
    if (i >= 0) return i;
  }
  if (tsUs !== undefined) {
    let best = -1;
    detail.commands.forEach((c, i) => {
      if (c.tsUs <= tsUs) best = i;
    });
    return best;
  }
  return -1;
}

export function SessionDetailPanel({ detail, zone, focusCommandId, focusTsUs, onOpenCommand }: Readonly<SessionDetailPanelProps>) {
  const s = detail.session;
  const target = useMemo(() => focusIndex(detail, focusCommandId, focusTsUs), [detail, focusCommandId, focusTsUs]);
  const [selected, setSelected] = useState(target);
  useEffect(() => setSelected(target), [target]);
  return (
    <div className="stack" style={{ height: '100%' }} data-testid="session-detail">
      <div className="row">
        <VerdictBadge verdict={s.verdict} />
        <h3 className="grow mono" style={{ margin: 0 }}>
          <EvidenceText text={s.sessionKey} />
        </h3>
      </div>
      <dl className="facts small">
        <dt>who</dt>
        <dd>
          <EvidenceText text={`${s.user ?? '?'}@${s.host ?? '?'} on ${s.tty ?? '?'}${s.remote !== null ? ` from ${s.remote}` : ''}`} />
        </dd>
        <dt>when</dt>
        <dd className="time">
          {s.startUs === null ? '–' : formatTime(s.startUs, zone)} · {formatDuration(sessionDuration(s))}
        </dd>
        <dt>format</dt>
        <dd>
          <EvidenceText text={`${s.format ?? '–'}${s.cols !== null && s.rows !== null ? ` · ${s.cols}×${s.rows}` : ''}`} />
        </dd>
      </dl>
      <section aria-label="Participants">
        <h2>Participants ({detail.participants.length})</h2>
        {detail.participants.length === 0 ? (
          <p className="muted small">No join or leave recorded.</p>
        ) : (
          <table className="grid small">
            <tbody>
              {detail.participants.map((p, i) => (
                <tr key={i}>
                  <td className="time nowrap">{formatTime(p.tsUs, zone)}</td>
                  <td className="nowrap">{p.kind}</td>
                  <td>
                    <EvidenceText text={`${p.user ?? '?'}${p.client !== null ? ` via ${p.client}` : ''}${p.clientTty !== null && p.clientTty !== p.client ? ` (${p.clientTty})` : ''}${p.remote !== null ? ` from ${p.remote}` : ''}`} />
                    {p.readOnly && <span className="badge neutral">read-only</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-label="Commands" className="stack" style={{ flex: 1, minHeight: 240 }}>
        <h2>
          Commands ({detail.commandsTotal !== undefined && detail.commandsTotal > detail.commands.length ? `first ${detail.commands.length.toLocaleString('en')} of ${detail.commandsTotal.toLocaleString('en')}` : detail.commands.length}) · times in {zone.name}
        </h2>
        {onOpenCommand !== undefined && <p className="muted small" style={{ margin: 0 }}>Enter on a command replays the session from there.</p>}
        <VirtualList
          items={detail.commands}
          label="Commands"
          testId="commands"
          rowHeight={24}
          selected={selected}
          onSelect={setSelected}
          onActivate={
            onOpenCommand === undefined
              ? undefined
              : (i) => {
                  const c = detail.commands[i];
                  if (c !== undefined) onOpenCommand({ sessionId: s.id, tsUs: c.tsUs, commandId: c.id });
                }
          }
          scrollTo={target}
          getKey={(c) => c.id}
          columns="64px minmax(0,1fr) 32px"
          renderRow={(c) => (
            <>
              <span className="time muted" title={formatTime(c.tsUs, zone, 'micros')}>
                {formatClock(c.tsUs, zone)}
              </span>
              <span className="mono" title={safeInline(c.text)}>
                <EvidenceText text={c.text} />
              </span>
              <span className={`num small ${c.exitStatus !== null && c.exitStatus !== 0 ? 'bad' : 'muted'}`}>{c.exitStatus ?? ''}</span>
            </>
          )}
          empty={<div className="empty">No commands in this session.</div>}
        />
        {detail.commands[selected] !== undefined && <CommandFacts command={detail.commands[selected]} zone={zone} />}
      </section>
    </div>
  );
}

/** The selected command in full: long commands are cut in the list. */
function CommandFacts({ command, zone }: Readonly<{ command: CommandView; zone: TimeZone }>) {
  return (
    <div className="command-facts" data-testid="command-facts">
      <pre className="mono">
        <EvidenceText text={command.text} />
      </pre>
      <div className="small muted">
        {formatTime(command.tsUs, zone, 'micros')}
        {command.seq !== null && ` · record seq ${command.seq}`}
        {command.exitStatus !== null && ` · exit ${command.exitStatus}`}
        {command.user !== null && (
          <>
            {' · by '}
            <EvidenceText text={command.user} />
          </>
        )}
        {command.cwd !== null && (
          <>
            {' · in '}
            <EvidenceText className="mono" text={command.cwd} />
          </>
        )}
      </div>
    </div>
  );
}
