// The status bar: open case, import progress, the time zone every time is shown in (switchable
// here), the theme, and the carrier (desktop or web).
import { useMemo } from 'react';
import { useApp } from './app-context.js';
import { importStatusLine, runFraction } from '../state/import-progress.js';
import { availableTimeZones, localTimeZoneName, zoneLabel } from '../state/time-format.js';
import { EvidenceText } from '../ui/EvidenceText.js';
import type { ThemePreference } from './theme.js';

export function StatusBar() {
  const app = useApp();
  const zones = useMemo(() => {
    const all = availableTimeZones();
    return all.includes(app.timezone) ? all : [app.timezone, ...all];
  }, [app.timezone]);
  const local = localTimeZoneName();
  const importLine = importStatusLine(app.importRun);
  const now = Date.now() * 1000;
  return (
    <footer className="statusbar" role="contentinfo">
      <span className="status-item" data-testid="status-case">
        {app.currentCase === null ? (
          'No case open'
        ) : (
          <>
            Case{' '}
            <strong>
              <EvidenceText text={app.currentCase.name} />
            </strong>{' '}
            <span className="muted">
              · {app.currentCase.evidence.length} evidence · {app.currentCase.sessions} sessions
            </span>
          </>
        )}
      </span>
      {importLine !== null && app.importRun !== null && (
        <button type="button" className="status-item btn link small" onClick={() => app.showImportDialog(true)} data-testid="status-import">
          <progress className="status-progress" max={1} value={runFraction(app.importRun)} />
          {importLine}
        </button>
      )}
      <span className="grow" />
      <label className="status-item" title="Every time in the app is shown in this zone">
        Times in
        <select id="timezone-select" value={app.timezone} onChange={(e) => app.setTimezone(e.target.value)} aria-label="Time zone">
          {zones.map((z) => (
            <option key={z} value={z}>
              {z === local && z !== 'UTC' ? `${z} (local)` : z}
            </option>
          ))}
        </select>
        {app.zone.name !== 'UTC' && <span data-testid="zone-label">{zoneLabel(app.zone, now)}</span>}
      </label>
      <label className="status-item">
        Theme
        <select value={app.themePreference} onChange={(e) => app.setThemePreference(e.target.value as ThemePreference)} aria-label="Theme">
          <option value="system">system ({app.theme})</option>
          <option value="light">light</option>
          <option value="dark">dark</option>
        </select>
      </label>
      <span className="status-item">{app.info === null ? '…' : app.info.carrier === 'web' ? 'web mode' : 'desktop'}</span>
    </footer>
  );
}
