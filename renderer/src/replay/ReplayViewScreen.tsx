// The replay view (issue 6): 1–4 panes side by side (a grid for 3–4) on one wall clock, the
// controls, the timeline and the merged events table. Mark in / mark out on the pane in use, and a
// Shift+drag range of the timeline, open the Findings view to make a finding of them. State changes go through the pure clock
// (electron/core/replay/replay-clock.ts); each pane's PaneDriver brings its terminal to the moment.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReplaySessionView, TimelineEventView } from '../../../electron/core/api/contract.js';
import { buildIdleMap, commonIdle, NO_IDLE_MAP } from '../../../electron/core/replay/idle-map.js';
import { clockFor, pause, play, seek, setIdleMap, setSpeed, SPEED_STEPS, stepSpeed, tick, type ClockState } from '../../../electron/core/replay/replay-clock.js';
import { nextEvent, previousEvent, type StepKind } from '../../../electron/core/replay/timeline-nav.js';
import { useApp, useViewActions, type AppAction } from '../app/app-context.js';
import { sessionRangeParams, sessionsInRange, timelineParams } from '../findings/finding-prefill.js';
import type { ViewProps } from '../app/view-def.js';
import { formatDuration, formatTime, zoneLabel } from '../state/time-format.js';
import { useCall } from '../ui/use-call.js';
import { EventsTable } from './EventsTable.js';
import { markIn, markOut, marksRange, type Marks } from './finding-marks.js';
import { ReplayPane } from './ReplayPane.js';
import { formatReplayHash, parseReplayHash } from './replay-link.js';
import { recalledReplay, rememberReplay } from './replay-memory.js';
import { Timeline } from './Timeline.js';
import { buildLanes, type LaneMode, type Window } from './timeline-model.js';
import './replay.css';

const MAX_PANES = 4;

function numberParam(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Panes and moment to start with: a deep link in the URL not yet used, else what the view showed
 * last; a session moment in the route (a search hit) is added by the effect below.
 */
function initialState(): { panes: number[]; tsUs: number | null } {
  const link = parseReplayHash(window.location.hash);
  if (link !== null && window.location.hash !== usedHash) {
    usedHash = window.location.hash;
    return { panes: link.sessionIds, tsUs: link.tsUs };
  }
  const last = recalledReplay();
  return { panes: last.panes, tsUs: last.wallUs };
}

/** The deep link already applied (coming back to the view does not jump back to it). */
let usedHash = '';

export function ReplayViewScreen({ params }: ViewProps) {
  const app = useApp();
  // Read once: later route changes are handled below.
  const [initial] = useState(initialState);
  const [panes, setPanes] = useState<number[]>(initial.panes);
  const pendingTime = useRef<number | null>(initial.tsUs);
  const [clock, setClock] = useState<ClockState>(() => clockFor([]));
  const [skipIdle, setSkipIdle] = useState(false);
  const [idleLimitS, setIdleLimitS] = useState(5);
  const [showKeys, setShowKeys] = useState(false);
  const [revealHidden, setRevealHidden] = useState(false);
  const [laneMode, setLaneMode] = useState<LaneMode>('sessions');
  const [brush, setBrush] = useState<Window | null>(null);
  /** The pane in use (last clicked or focused): marks apply to its session. */
  const [activePane, setActivePane] = useState<number | null>(null);
  const [marks, setMarks] = useState<Marks | null>(null);

  // A session moment opened from elsewhere (a search hit, a finding): into a new pane, at that time.
  const routeSession = numberParam(params.sessionId);
  const routeTime = numberParam(params.tsUs);
  useEffect(() => {
    if (routeSession === undefined) return;
    setPanes((p) => (p.includes(routeSession) ? p : [...p.slice(0, MAX_PANES - 1), routeSession]));
    if (routeTime !== undefined) openMoment(routeSession, routeTime);
  }, [routeSession, routeTime, params]);

  // Before the sessions are loaded the clock is empty: keep the moment remembered until then.
  useEffect(() => rememberReplay({ panes, wallUs: clock.endUs > clock.startUs ? clock.wallUs : recalledReplay().wallUs }), [panes, clock.wallUs, clock.startUs, clock.endUs]);

  /**
   * Goes to a moment of a session: at once when its pane is loaded; else once it is (the clock's
   * span changes with the new pane, so an earlier seek would be clamped).
   */
  const loadedRef = useRef<readonly ReplaySessionView[]>([]);
  const openMoment = (sessionId: number, tsUs: number): void => {
    if (loadedRef.current.some((s) => s.sessionId === sessionId)) setClock((c) => seek(c, tsUs));
    else pendingTime.current = tsUs;
  };

  const opened = useCall('replay.open', panes.length > 0 ? { sessionIds: panes } : null, app.caseVersion);
  const sessions: ReplaySessionView[] = useMemo(() => {
    const byId = new Map((opened.data?.sessions ?? []).map((s) => [s.sessionId, s]));
    return panes.map((id) => byId.get(id)).filter((s): s is ReplaySessionView => s !== undefined);
  }, [opened.data, panes]);

  // The clock spans the open sessions; a pending moment (route, link) is applied once they are known.
  useEffect(() => {
    loadedRef.current = sessions;
    if (sessions.length === 0) return;
    setClock((c) => {
      const at = pendingTime.current ?? (c.endUs > c.startUs ? c.wallUs : undefined);
      pendingTime.current = null;
      const next = clockFor(sessions, at);
      return { ...next, speed: c.speed, playing: c.playing, idle: c.idle };
    });
  }, [sessions]);

  useEffect(() => {
    const map = skipIdle && sessions.length > 0 ? buildIdleMap(commonIdle(sessions.map((s) => ({ extent: { startUs: s.startUs, endUs: s.endUs }, quiet: s.quiet.map(([a, b]) => ({ startUs: a, endUs: b })) }))), idleLimitS * 1_000_000) : NO_IDLE_MAP;
    setClock((c) => setIdleMap(c, map));
  }, [skipIdle, idleLimitS, sessions]);

  // The play loop: one tick per animation frame.
  useEffect(() => {
    if (!clock.playing) return;
    let last = performance.now();
    let frame = requestAnimationFrame(function step(now) {
      setClock((c) => tick(c, now - last));
      last = now;
      frame = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(frame);
  }, [clock.playing]);

  const paneEvents = useCall('timeline.events', panes.length > 0 ? { sessionIds: panes } : null, app.caseVersion);
  const caseEvents = useCall('timeline.events', laneMode === 'sessions' ? null : {}, app.caseVersion);
  const stepEvents: readonly TimelineEventView[] = paneEvents.data?.events ?? [];
  const lanes = useMemo(
    () => buildLanes(laneMode, sessions, laneMode === 'sessions' ? stepEvents : (caseEvents.data?.events ?? [])),
    [laneMode, sessions, stepEvents, caseEvents.data],
  );
  const bounds: Window = useMemo(() => {
    if (laneMode !== 'sessions' && app.currentCase?.timeRange) return { fromUs: app.currentCase.timeRange.startUs, toUs: app.currentCase.timeRange.endUs };
    return { fromUs: clock.startUs, toUs: Math.max(clock.endUs, clock.startUs + 1_000_000) };
  }, [laneMode, app.currentCase, clock.startUs, clock.endUs]);

  const seekTo = useCallback((tsUs: number) => setClock((c) => seek(c, tsUs)), []);
  const step = useCallback(
    (kind: StepKind, direction: 1 | -1) => {
      setClock((c) => {
        const e = direction > 0 ? nextEvent(stepEvents, c.wallUs, kind) : previousEvent(stepEvents, c.wallUs, kind);
        return e === null ? c : seek(c, e.tsUs);
      });
    },
    [stepEvents],
  );
  const copyLink = useCallback(() => {
    const hash = formatReplayHash({ sessionIds: panes, tsUs: clock.wallUs });
    const url = `${window.location.href.split('#')[0] ?? ''}${hash}`;
    usedHash = hash;
    window.history.replaceState(null, '', hash);
    navigator.clipboard?.writeText(url).then(
      () => app.notify({ kind: 'info', text: `Link to this moment copied: ${url}` }),
      () => app.notify({ kind: 'info', text: `Link to this moment: ${url}` }),
    );
  }, [panes, clock.wallUs, app]);

  // Keyboard shortcuts (docs/replay.md); not while typing in a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      if (target !== null && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const handled = (() => {
        switch (e.key) {
          case ' ':
            setClock((c) => (c.playing ? pause(c) : play(c)));
            return true;
          case 'ArrowRight':
            setClock((c) => seek(c, c.wallUs + (e.shiftKey ? 60 : 5) * 1_000_000));
            return true;
          case 'ArrowLeft':
            setClock((c) => seek(c, c.wallUs - (e.shiftKey ? 60 : 5) * 1_000_000));
            return true;
          case 'Home':
            setClock((c) => seek(c, c.startUs));
            return true;
          case 'End':
            setClock((c) => seek(c, c.endUs));
            return true;
          case '.':
            step('event', 1);
            return true;
          case ',':
            step('event', -1);
            return true;
          case ']':
            step('command', 1);
            return true;
          case '[':
            step('command', -1);
            return true;
          case '}':
            step('join-leave', 1);
            return true;
          case '{':
            step('join-leave', -1);
            return true;
          case 'f':
            step('flag', 1);
            return true;
          case 'F':
            step('flag', -1);
            return true;
          case '+':
          case '=':
            setClock((c) => setSpeed(c, stepSpeed(c.speed, 1)));
            return true;
          case '-':
            setClock((c) => setSpeed(c, stepSpeed(c.speed, -1)));
            return true;
          case 'i':
            setSkipIdle((v) => !v);
            return true;
          case 'k':
            setShowKeys((v) => !v);
            return true;
          case 'l':
            copyLink();
            return true;
          default:
            return false;
        }
      })();
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step, copyLink]);

  // Findings from the replay: marks on the pane in use (the first until another is clicked), or the brushed range.
  const currentSession = sessions.find((s) => s.sessionId === activePane) ?? sessions[0] ?? null;
  const readOnly = app.currentCase?.readOnly === true;
  const currentId = currentSession?.sessionId ?? null;
  const marked = useMemo(() => marksRange(marks), [marks]);
  const markedSession = sessions.find((s) => s.sessionId === marks?.sessionId) ?? null;
  const { navigate } = app;
  /** The mark's time of day to the millisecond (the chip's title has date and offset). */
  const timeOfDay = (us: number): string => formatTime(us, app.zone, 'millis').split(' ')[1] ?? '';
  // Read when an action runs: the palette's actions must not change on every tick or event load.
  const latest = useRef({ wallUs: clock.wallUs, brushEvents: [] as readonly TimelineEventView[] });
  latest.current = { wallUs: clock.wallUs, brushEvents: (laneMode === 'sessions' ? paneEvents.data?.events : caseEvents.data?.events) ?? [] };
  const doMarkIn = useCallback(() => {
    if (currentId !== null) setMarks((m) => markIn(m, currentId, latest.current.wallUs));
  }, [currentId]);
  const doMarkOut = useCallback(() => {
    if (currentId !== null) setMarks((m) => markOut(m, currentId, latest.current.wallUs));
  }, [currentId]);
  const findingFromMarks = useCallback(() => {
    if (marked !== null) navigate('findings', sessionRangeParams(marked.sessionId, marked));
  }, [marked, navigate]);
  const findingFromBrush = useCallback(() => {
    if (brush !== null) navigate('findings', timelineParams(brush, sessionsInRange(latest.current.brushEvents, brush)));
  }, [brush, navigate]);
  const actions: AppAction[] = useMemo(
    () => [
      { id: 'replay.mark-in', title: 'Replay: mark in (finding start) at the playhead', shortcut: 'Shift+I', group: 'Replay', enabled: currentId !== null && !readOnly, run: doMarkIn },
      { id: 'replay.mark-out', title: 'Replay: mark out (finding end) at the playhead', shortcut: 'Shift+O', group: 'Replay', enabled: currentId !== null && !readOnly, run: doMarkOut },
      { id: 'replay.finding-from-marks', title: 'Replay: new finding from marks', shortcut: 'Shift+N', group: 'Replay', enabled: marked !== null && !readOnly, run: findingFromMarks },
      { id: 'replay.finding-from-selection', title: 'Replay: new finding from the timeline selection', group: 'Replay', enabled: brush !== null && !readOnly, run: findingFromBrush },
    ],
    [currentId, readOnly, marked, brush, doMarkIn, doMarkOut, findingFromMarks, findingFromBrush],
  );
  useViewActions('replay', actions);

  const allSessions = useCall('sessions.list', { sort: { key: 'start', dir: 'asc' } }, app.caseVersion);
  /** A timeline event or table row of a session not shown: into a new pane (the last is replaced at four), at that moment. */
  const openAt = (id: number, tsUs: number): void => {
    setPanes((p) => (p.includes(id) ? p : [...p.slice(0, MAX_PANES - 1), id]));
    openMoment(id, tsUs);
  };
  const addPane = (id: number): void => setPanes((p) => (p.includes(id) || p.length >= MAX_PANES ? p : [...p, id]));
  const movePane = (index: number, delta: -1 | 1): void =>
    setPanes((p) => {
      const next = [...p];
      const j = index + delta;
      if (j < 0 || j >= next.length) return p;
      [next[index], next[j]] = [next[j] as number, next[index] as number];
      return next;
    });

  return (
    <section className="view replay-view" aria-labelledby="replay-title" data-wall-us={clock.wallUs} data-playing={clock.playing ? 'yes' : 'no'}>
      <header className="view-header replay-controls">
        <h1 id="replay-title">Replay</h1>
        <button className="btn" onClick={() => setClock((c) => (c.playing ? pause(c) : play(c)))} aria-label={clock.playing ? 'Pause' : 'Play'} title="Play/pause (Space)" disabled={sessions.length === 0}>
          {clock.playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <label className="row small">
          Speed
          <select className="input" aria-label="Speed" value={clock.speed} onChange={(e) => setClock((c) => setSpeed(c, Number(e.target.value)))} title="Slower/faster (- / +)">
            {SPEED_STEPS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <label className="row small" title="Skip idle stretches longer than the limit (i)">
          <input type="checkbox" checked={skipIdle} onChange={(e) => setSkipIdle(e.target.checked)} aria-label="Skip idle" />
          skip idle &gt;
          <input className="input" type="number" min={1} max={3600} value={idleLimitS} onChange={(e) => setIdleLimitS(Math.max(1, Number(e.target.value) || 1))} aria-label="Idle limit in seconds" style={{ width: 56 }} />s
        </label>
        <span className="row replay-steps">
          <button className="btn" onClick={() => step('event', -1)} title="Previous event (,)" aria-label="Previous event">◀ ev</button>
          <button className="btn" onClick={() => step('event', 1)} title="Next event (.)" aria-label="Next event">ev ▶</button>
          <button className="btn" onClick={() => step('command', -1)} title="Previous command ([)" aria-label="Previous command">◀ cmd</button>
          <button className="btn" onClick={() => step('command', 1)} title="Next command (])" aria-label="Next command">cmd ▶</button>
          <button className="btn" onClick={() => step('join-leave', -1)} title="Previous join/leave ({)" aria-label="Previous join or leave">◀ join</button>
          <button className="btn" onClick={() => step('join-leave', 1)} title="Next join/leave (})" aria-label="Next join or leave">join ▶</button>
          <button className="btn" onClick={() => step('flag', -1)} title="Previous flag (F)" aria-label="Previous flag">◀ flag</button>
          <button className="btn" onClick={() => step('flag', 1)} title="Next flag (f)" aria-label="Next flag">flag ▶</button>
        </span>
        <span className="replay-time mono" data-testid="replay-time" title={zoneLabel(app.zone, clock.wallUs)}>
          {sessions.length > 0 ? formatTime(clock.wallUs, app.zone, 'millis') : '—'}
        </span>
      </header>
      <div className="row replay-bar">
        <select
          className="input"
          aria-label="Add a session pane"
          value=""
          disabled={panes.length >= MAX_PANES}
          onChange={(e) => {
            if (e.target.value !== '') addPane(Number(e.target.value));
          }}
        >
          <option value="">{panes.length >= MAX_PANES ? 'Four panes open' : 'Add session…'}</option>
          {(allSessions.data ?? []).filter((s) => !panes.includes(s.id)).map((s) => (
            <option key={s.id} value={s.id}>
              {`${s.user ?? '?'}@${s.host ?? '?'} ${s.tty ?? ''} · ${s.startUs === null ? '' : formatTime(s.startUs, app.zone)} · ${s.sessionKey}`}
            </option>
          ))}
        </select>
        <label className="row small">
          <input type="checkbox" checked={showKeys} onChange={(e) => setShowKeys(e.target.checked)} aria-label="Show keystrokes" /> keystrokes (k)
        </label>
        {showKeys && (
          <label className="row small" title="Input typed at password prompts is hidden unless revealed">
            <input
              type="checkbox"
              checked={revealHidden}
              onChange={(e) => setRevealHidden(e.target.checked && window.confirm('Reveal input typed at password (no-echo) prompts?'))}
              aria-label="Reveal hidden input"
            />
            reveal hidden input
          </label>
        )}
        <button className="btn" onClick={copyLink} title="Copy link to this moment (l)">
          Copy link to this moment
        </button>
        <span className="row replay-marks" data-testid="replay-marks">
          <button className="btn" onClick={doMarkIn} disabled={currentSession === null || readOnly} title={`Mark in at the playhead on ${currentSession?.sessionKey ?? 'the pane in use'} (Shift+I)`}>
            Mark in
          </button>
          <button className="btn" onClick={doMarkOut} disabled={currentSession === null || readOnly} title={`Mark out at the playhead on ${currentSession?.sessionKey ?? 'the pane in use'} (Shift+O)`}>
            Mark out
          </button>
          {marks !== null && (
            <span
              className="chip"
              data-testid="marks"
              data-session={marks.sessionId}
              data-in={marks.inUs ?? ''}
              data-out={marks.outUs ?? ''}
              title={`${markedSession?.sessionKey ?? `session ${marks.sessionId}`}\nin: ${marks.inUs === null ? 'not set' : formatTime(marks.inUs, app.zone, 'millis')}\nout: ${marks.outUs === null ? 'not set' : formatTime(marks.outUs, app.zone, 'millis')}`}
            >
              {markedSession === null ? `#${marks.sessionId}` : `${markedSession.user ?? '?'}@${markedSession.host ?? '?'}`}: in {marks.inUs === null ? '?' : timeOfDay(marks.inUs)} · out {marks.outUs === null ? '?' : timeOfDay(marks.outUs)}
              {marked !== null && ` (${formatDuration(marked.toUs - marked.fromUs)})`}
              <button className="btn" onClick={() => setMarks(null)} aria-label="Clear marks">
                ✕
              </button>
            </span>
          )}
          <button className="btn primary" onClick={findingFromMarks} disabled={marked === null || readOnly} title="Open the new-finding form with this session and range (Shift+N)">
            New finding from marks
          </button>
        </span>
        {opened.error !== null && <span className="banner error small">{opened.error}</span>}
      </div>
      {panes.length === 0 ? (
        <div className="view-body muted">Open a session here from the Sessions or Search views, or add one above (up to four, side by side on one clock).</div>
      ) : (
        <div className={`replay-panes panes-${sessions.length}`} data-testid="replay-panes">
          {sessions.map((s, i) => (
            // `display: contents` keeps the grid layout; the wrapper only notes which pane is in use.
            <div key={s.sessionId} className="replay-pane-slot" data-active={s.sessionId === currentSession?.sessionId ? 'yes' : 'no'} onPointerDownCapture={() => setActivePane(s.sessionId)} onFocusCapture={() => setActivePane(s.sessionId)}>
            <ReplayPane
              api={app.api}
              session={s}
              wallUs={clock.wallUs}
              zone={app.zone}
              playing={clock.playing}
              showKeys={showKeys}
              revealHidden={revealHidden}
              index={i}
              count={sessions.length}
              onRemove={() => setPanes((p) => p.filter((id) => id !== s.sessionId))}
              onMove={(d) => movePane(i, d)}
            />
            </div>
          ))}
        </div>
      )}
      <div className="replay-bottom">
        <div className="row small replay-timeline-bar">
          <span className="muted">Timeline</span>
          <select className="input" aria-label="Timeline lanes" value={laneMode} onChange={(e) => setLaneMode(e.target.value as LaneMode)}>
            <option value="sessions">one lane per open session</option>
            <option value="host">whole case, by host</option>
            <option value="user">whole case, by user</option>
          </select>
          <span className="muted">wheel: zoom · drag: pan · Shift+drag: select a range · click: seek</span>
          {brush !== null && (
            <span className="chip" data-testid="brush">
              {formatTime(brush.fromUs, app.zone)} – {formatTime(brush.toUs, app.zone)}
              <button className="btn" onClick={findingFromBrush} disabled={readOnly} title="Open the new-finding form with this range and the sessions running in it">
                New finding from selection
              </button>
              <button className="btn" onClick={() => setBrush(null)} aria-label="Clear range">
                ✕
              </button>
            </span>
          )}
          {paneEvents.data?.truncated === true && <span className="muted">(commands truncated)</span>}
        </div>
        <Timeline lanes={lanes} bounds={bounds} wallUs={clock.wallUs} zone={app.zone} brush={brush} marks={marks} onSeek={seekTo} onBrush={setBrush} onOpen={openAt} />
        <EventsTable sessionIds={laneMode === 'sessions' ? panes : null} wallUs={clock.wallUs} onSeek={seekTo} onOpen={openAt} />
      </div>
    </section>
  );
}
