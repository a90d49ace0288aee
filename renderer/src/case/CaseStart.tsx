// The start page when no case is open: open a case folder, create one, or pick a recent case.
// Native folder pickers in the desktop app; a path field everywhere (the only way in web mode).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useApp } from '../app/app-context.js';
import { useCall } from '../ui/use-call.js';
import { EvidenceText } from '../ui/EvidenceText.js';
import { formatIsoTime } from '../state/time-format.js';

export function CaseStart() {
  const app = useApp();
  const recent = useCall('case.recent', {}, app.caseVersion);
  const [openDir, setOpenDir] = useState('');
  const [newDir, setNewDir] = useState('');
  const [newName, setNewName] = useState('');
  const [examiner, setExaminer] = useState('');
  const openRef = useRef<HTMLInputElement>(null);
  const newRef = useRef<HTMLInputElement>(null);
  const start = app.route.params.start;
  const native = app.info?.nativeDialogs === true;

  useEffect(() => {
    if (start === 'new') newRef.current?.focus();
    else openRef.current?.focus();
  }, [start]);

  const pick = async (create: boolean) => {
    const dir = await app.api.call('dialog.pickCase', { create }).catch(() => null);
    if (dir === null) return;
    if (create) setNewDir(dir);
    else await app.openCase(dir);
  };

  const submitOpen = (e: FormEvent) => {
    e.preventDefault();
    if (openDir.trim() !== '') void app.openCase(openDir.trim());
  };
  const submitNew = (e: FormEvent) => {
    e.preventDefault();
    if (newDir.trim() !== '') void app.createCase(newDir.trim(), newName.trim(), examiner.trim());
  };

  return (
    <section className="view" data-view="case-start" aria-labelledby="case-start-title">
      <header className="view-header">
        <h1 id="case-start-title">No case open</h1>
        <span className="muted">A case is a folder holding evidence, its index and your activity log.</span>
      </header>
      <div className="view-body">
        <div className="stack" style={{ maxWidth: 640 }}>
          <form className="section stack" onSubmit={submitOpen} aria-label="Open a case">
            <h2>Open a case</h2>
            <div className="row">
              <input ref={openRef} className="input mono grow" placeholder="/path/to/case" value={openDir} onChange={(e) => setOpenDir(e.target.value)} aria-label="Case folder" />
              {native && (
                <button type="button" className="btn" onClick={() => void pick(false)}>
                  Choose…
                </button>
              )}
              <button type="submit" className="btn primary" disabled={app.caseBusy || openDir.trim() === ''}>
                Open
              </button>
            </div>
          </form>

          <form className="section stack" onSubmit={submitNew} aria-label="New case">
            <h2>New case</h2>
            <div className="row">
              <input ref={newRef} className="input mono grow" placeholder="/path/to/new-case (an empty or new folder)" value={newDir} onChange={(e) => setNewDir(e.target.value)} aria-label="New case folder" />
              {native && (
                <button type="button" className="btn" onClick={() => void pick(true)}>
                  Choose…
                </button>
              )}
            </div>
            <div className="row">
              <input className="input grow" placeholder="Name (optional)" value={newName} onChange={(e) => setNewName(e.target.value)} aria-label="Case name" />
              <input className="input grow" placeholder="Examiner (optional)" value={examiner} onChange={(e) => setExaminer(e.target.value)} aria-label="Examiner" />
              <button type="submit" className="btn primary" disabled={app.caseBusy || newDir.trim() === ''}>
                Create
              </button>
            </div>
          </form>

          <section className="section" aria-label="Recent cases">
            <h2>Recent cases</h2>
            {recent.error !== null && <p className="muted">Recent cases are not available: {recent.error}</p>}
            {recent.data !== null && recent.data.length === 0 && <p className="muted">None yet.</p>}
            {recent.data !== null && recent.data.length > 0 && (
              <table className="grid">
                <tbody>
                  {recent.data.map((r) => (
                    <tr key={r.dir} className="list-row" tabIndex={0} onClick={() => void app.openCase(r.dir)} onKeyDown={(e) => e.key === 'Enter' && void app.openCase(r.dir)}>
                      <td>
                        <EvidenceText text={r.name} />
                      </td>
                      <td className="mono small">
                        <EvidenceText text={r.dir} />
                      </td>
                      <td className="muted small nowrap">{formatIsoTime(r.openedAt, app.zone)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      </div>
    </section>
  );
}
