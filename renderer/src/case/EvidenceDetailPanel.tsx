// Verification detail of one evidence item: the verdict in plain words, every finding with where
// it is (entry, line, byte offset, record seq) and what was expected and found, what verification
// does not cover, and the problems met while importing.
import type { EvidenceDetail, VerificationFindingView } from '../../../electron/core/api/contract.js';
import { EvidenceText } from '../ui/EvidenceText.js';
import { VerdictBadge, VERDICT_TEXT } from '../ui/VerdictBadge.js';
import { Time } from '../ui/Time.js';
import { signerText } from './EvidenceTable.js';
import { formatBytes } from '../state/import-progress.js';
import { formatIsoTime, type TimeZone } from '../state/time-format.js';

export function findingLocation(f: VerificationFindingView): string {
  const parts = [f.entry];
  if (f.line !== null) parts.push(`line ${f.line}`);
  if (f.seq !== null) parts.push(`record seq ${f.seq}`);
  if (f.offset !== null) parts.push(`byte ${f.offset}`);
  return parts.join(', ');
}

export function EvidenceDetailPanel({ detail, zone }: Readonly<{ detail: EvidenceDetail; zone: TimeZone }>) {
  const e = detail.evidence;
  return (
    <div className="stack" data-testid="evidence-detail">
      <div className="row">
        <VerdictBadge verdict={e.verdict} />
        <h3 className="grow" style={{ margin: 0 }}>
          <EvidenceText text={e.fileName} />
        </h3>
      </div>
      <p className="muted">{VERDICT_TEXT[e.verdict].meaning}</p>

      <section className="section" aria-label="Verification findings">
        <h2>Findings ({detail.findings.length})</h2>
        {detail.findings.length === 0 ? (
          <p className="muted">{e.kind === 'bundle' ? 'None: every record, the tree and the manifest check out.' : 'None (a raw recording has nothing to verify).'}</p>
        ) : (
          <ol className="stack" style={{ paddingLeft: 18, margin: 0 }}>
            {detail.findings.map((f, i) => (
              <li key={i} data-finding={f.code}>
                <div className="row">
                  <code className={`badge ${f.code === 'KEY_UNTRUSTED' ? 'finding-warning' : 'verdict-invalid'}`}>{f.code}</code>
                  <span className="mono small">
                    <EvidenceText text={findingLocation(f)} />
                  </span>
                </div>
                <div>
                  <EvidenceText text={f.message} />
                </div>
                {(f.expected !== null || f.found !== null) && (
                  <dl className="facts small">
                    {f.expected !== null && (
                      <>
                        <dt>expected</dt>
                        <dd className="mono">
                          <EvidenceText text={f.expected} />
                        </dd>
                      </>
                    )}
                    {f.found !== null && (
                      <>
                        <dt>found</dt>
                        <dd className="mono">
                          <EvidenceText text={f.found} />
                        </dd>
                      </>
                    )}
                  </dl>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      {detail.importProblems.length > 0 && (
        <section className="section" aria-label="Import problems">
          <h2>Import problems</h2>
          {detail.importProblems.map((p, i) => (
            <div key={i} className={`banner ${p.severity}`}>
              <strong>{p.severity}</strong> <EvidenceText text={p.message} />
            </div>
          ))}
        </section>
      )}

      <section className="section" aria-label="Not covered">
        <h2>Not covered by verification</h2>
        {detail.notCovered.length === 0 ? (
          <p className="muted">Nothing listed.</p>
        ) : (
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {detail.notCovered.map((n, i) => (
              <li key={i}>
                <EvidenceText text={n} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="section" aria-label="Facts">
        <h2>Evidence</h2>
        <dl className="facts">
          <dt>signer</dt>
          <dd>
            <EvidenceText text={signerText(e)} />
          </dd>
          <dt>origin</dt>
          <dd className="mono">{e.origin === null ? '–' : <EvidenceText text={e.origin} />}</dd>
          {detail.checkpoint !== null && (
            <>
              <dt>checkpoint</dt>
              <dd className="mono small">
                size {detail.checkpoint.size}, root {detail.checkpoint.rootHash}
              </dd>
            </>
          )}
          <dt>format</dt>
          <dd>
            {e.kind} · {e.format}
          </dd>
          <dt>size</dt>
          <dd>{formatBytes(e.size)}</dd>
          <dt>records</dt>
          <dd>{e.records.toLocaleString('en')}</dd>
          <dt>sessions</dt>
          <dd>{e.sessions.toLocaleString('en')}</dd>
          <dt>commands</dt>
          <dd>{e.commands.toLocaleString('en')}</dd>
          <dt>from</dt>
          <dd>
            <Time us={e.timeRange?.startUs ?? null} />
          </dd>
          <dt>to</dt>
          <dd>
            <Time us={e.timeRange?.endUs ?? null} />
          </dd>
          <dt>SHA-256</dt>
          <dd className="mono small">{e.sha256}</dd>
          <dt>stored as</dt>
          <dd className="mono small">
            <EvidenceText text={e.storedAs} />
          </dd>
          <dt>imported</dt>
          <dd>
            <EvidenceText text={`${formatIsoTime(e.importedAt, zone)} by ${e.importedBy}`} />
          </dd>
        </dl>
      </section>
    </div>
  );
}
