// The trust store: which signing keys make a bundle `verified` (add, remove), and the saved
// checkpoints later bundles of the same log must extend.
import { useState, type FormEvent } from 'react';
import { useApp } from '../app/app-context.js';
import type { ViewProps } from '../app/view-def.js';
import { errorMessage } from '../app/errors.js';
import { useCall } from '../ui/use-call.js';
import { EvidenceText } from '../ui/EvidenceText.js';
import { formatIsoTime } from '../state/time-format.js';

export function TrustViewScreen(_props: ViewProps) {
  const app = useApp();
  const [version, setVersion] = useState(0);
  const trust = useCall('trust.list', {}, `${app.caseVersion}:${version}`);
  const [vkey, setVkey] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const req: { vkey: string; comment?: string } = { vkey: vkey.trim() };
      if (comment.trim() !== '') req.comment = comment.trim();
      const key = await app.api.call('trust.addKey', req);
      setVkey('');
      setComment('');
      setError(null);
      app.notify({ kind: 'info', text: `Trusted ${key.name} (${key.keyId}). Bundles it signed are verified when imported from now on; verdicts already in the case stay as recorded at their import.` });
      setVersion((v) => v + 1);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (name: string, keyId: string) => {
    setConfirming(null);
    try {
      await app.api.call('trust.removeKey', { name, keyId });
      setError(null);
      setVersion((v) => v + 1);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const loadFile = async (file: File | undefined) => {
    if (file === undefined) return;
    if (file.size > 64 * 1024) {
      setError(`${file.name} is ${file.size} bytes: a verifier key (.vkey) is one short line.`);
      return;
    }
    setVkey((await file.text()).trim());
  };

  return (
    <section className="view" aria-labelledby="trust-title">
      <header className="view-header">
        <h1 id="trust-title">Trust</h1>
        <span className="muted">Only bundles signed by a key listed here are verified when imported.</span>
      </header>
      <div className="view-body stack">
        {error !== null && (
          <div className="banner error" role="alert">
            <EvidenceText text={error} />
          </div>
        )}
        <section className="section" aria-label="Trusted keys">
          <h2>Trusted keys ({trust.data?.keys.length ?? 0})</h2>
          {trust.error !== null && <div className="banner error">{trust.error}</div>}
          {trust.data !== null && trust.data.keys.length === 0 && <p className="muted">No key is trusted: every signed bundle shows as untrusted.</p>}
          {trust.data !== null && trust.data.keys.length > 0 && (
            <table className="grid" data-testid="trusted-keys">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Key id</th>
                  <th>Comment</th>
                  <th>Verifier key</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {trust.data.keys.map((k) => {
                  const id = `${k.name}+${k.keyId}`;
                  return (
                    <tr key={id} data-key={k.name}>
                      <td>
                        <EvidenceText text={k.name} />
                      </td>
                      <td className="mono">{k.keyId}</td>
                      <td>
                        <EvidenceText text={k.comment ?? ''} />
                      </td>
                      <td className="mono small" style={{ maxWidth: 320, overflowWrap: 'anywhere' }}>
                        <EvidenceText text={k.vkey} />
                      </td>
                      <td className="nowrap">
                        {confirming === id ? (
                          <span className="row">
                            <button type="button" className="btn small danger" onClick={() => void remove(k.name, k.keyId)} autoFocus>
                              Remove {k.name}
                            </button>
                            <button type="button" className="btn small" onClick={() => setConfirming(null)}>
                              Keep
                            </button>
                          </span>
                        ) : (
                          <button type="button" className="btn small" onClick={() => setConfirming(id)} aria-label={`Remove key ${k.name}`}>
                            Remove…
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>

        <form className="section stack" onSubmit={add} aria-label="Add a key" style={{ maxWidth: 760 }}>
          <h2>Add a key</h2>
          <label className="field">
            Verifier key (the one line of a .vkey file: name+id+key)
            <textarea className="input" rows={2} value={vkey} onChange={(e) => setVkey(e.target.value)} spellCheck={false} placeholder="example.org/ops+1a2b3c4d+AQ…" aria-label="Verifier key" />
          </label>
          <div className="row">
            <input className="input grow" placeholder="Comment (optional): who gave it to you, when" value={comment} onChange={(e) => setComment(e.target.value)} aria-label="Comment" />
            <label className="btn">
              Load .vkey file…
              <input type="file" accept=".vkey,text/plain" className="sr-only" onChange={(e) => void loadFile(e.target.files?.[0])} />
            </label>
            <button type="submit" className="btn primary" disabled={busy || vkey.trim() === ''}>
              Trust this key
            </button>
          </div>
        </form>

        <section className="section" aria-label="Saved checkpoints">
          <h2>Saved checkpoints ({trust.data?.checkpoints.length ?? 0})</h2>
          <p className="muted small">A later bundle of the same log must extend these (RFC 6962 consistency); one that does not is invalid. Saved with <code>trailview checkpoint save</code>.</p>
          {trust.data !== null && trust.data.checkpoints.length > 0 && (
            <table className="grid small">
              <thead>
                <tr>
                  <th>Origin</th>
                  <th className="num">Size</th>
                  <th>Root hash</th>
                  <th>Saved ({app.timezone})</th>
                  <th>From</th>
                </tr>
              </thead>
              <tbody>
                {trust.data.checkpoints.map((c) => (
                  <tr key={`${c.origin}-${c.size}`}>
                    <td className="mono">
                      <EvidenceText text={c.origin} />
                    </td>
                    <td className="num">{c.size.toLocaleString('en')}</td>
                    <td className="mono">{c.rootHash}</td>
                    <td className="time nowrap">{c.savedAt === null ? '–' : formatIsoTime(c.savedAt, app.zone)}</td>
                    <td className="mono">
                      <EvidenceText text={c.from ?? '–'} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </section>
  );
}
