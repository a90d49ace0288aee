// Edits one finding: title, severity, status, tags, notes (Markdown); delete with confirmation.
import { useState, type FormEvent } from 'react';
import type { FindingPatchInput, FindingView } from '../../../electron/core/api/contract.js';
import { useApp } from '../app/app-context.js';
import { errorMessage } from '../app/errors.js';
import { EvidenceText } from '../ui/EvidenceText.js';
import { anchorLabel, SEVERITIES, STATUSES } from './findings-state.js';

export function FindingEditor({ finding, onChanged, onDeleted, onOpen }: Readonly<{ finding: FindingView; onChanged: () => void; onDeleted: () => void; onOpen: () => void }>) {
  const app = useApp();
  const [title, setTitle] = useState(finding.title);
  const [severity, setSeverity] = useState(finding.severity);
  const [status, setStatus] = useState(finding.status);
  const [tags, setTags] = useState(finding.tags.join(', '));
  const [notes, setNotes] = useState(finding.notes);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const patch: FindingPatchInput = {};
    if (title !== finding.title) patch.title = title;
    if (severity !== finding.severity) patch.severity = severity;
    if (status !== finding.status) patch.status = status;
    const tagList = tags.split(',').map((t) => t.trim()).filter((t) => t !== '');
    if (tagList.join(',') !== finding.tags.join(',')) patch.tags = tagList;
    if (notes !== finding.notes) patch.notes = notes;
    if (Object.keys(patch).length === 0) return;
    setBusy(true);
    try {
      await app.api.call('findings.update', { id: finding.id, patch });
      setError(null);
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await app.api.call('findings.remove', { id: finding.id });
      onDeleted();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={save} aria-label={`Finding ${finding.id}`}>
      <h2>Finding #{finding.id}</h2>
      {error !== null && (
        <div className="banner error" role="alert">
          <EvidenceText text={error} />
        </div>
      )}
      <label className="field">
        Title
        <input className="input" value={title} onChange={(e) => setTitle(e.target.value)} aria-label="Title" />
      </label>
      <div className="row">
        <label className="field">
          Severity
          <select className="input" value={severity} onChange={(e) => setSeverity(e.target.value as FindingView['severity'])} aria-label="Severity">
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="field">
          Status
          <select className="input" value={status} onChange={(e) => setStatus(e.target.value as FindingView['status'])} aria-label="Status">
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="field grow">
          Tags
          <input className="input" value={tags} onChange={(e) => setTags(e.target.value)} aria-label="Tags" placeholder="comma-separated" />
        </label>
      </div>
      <label className="field">
        Notes (Markdown: paragraphs, lists, `code`, *emphasis*)
        <textarea className="input" rows={8} value={notes} onChange={(e) => setNotes(e.target.value)} aria-label="Notes" style={{ height: 'auto', padding: 8 }} />
      </label>
      <div className="stack small">
        <strong>Anchors</strong>
        {finding.anchors.map((a, i) => (
          <span key={i} className="mono">
            <EvidenceText text={anchorLabel(a, app.zone)} />
          </span>
        ))}
      </div>
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy}>
          Save
        </button>
        <button type="button" className="btn" onClick={onOpen} disabled={finding.anchors.length === 0}>
          Open anchor
        </button>
        <span className="grow" />
        {confirming ? (
          <>
            <button type="button" className="btn danger" onClick={() => void remove()} disabled={busy} autoFocus>
              Delete finding {finding.id}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" className="btn danger" onClick={() => setConfirming(true)}>
            Delete…
          </button>
        )}
      </div>
      <p className="muted small">Every change, and a deletion, is recorded in the case's activity log.</p>
    </form>
  );
}
