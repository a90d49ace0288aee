// One replay pane: an xterm.js terminal showing one session at the clock's moment, its header
// (who, where, state on the wall clock) and the keystroke overlay.
import { useEffect, useRef, useState } from 'react';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { ReplaySessionView, TrailviewApi } from '../../../electron/core/api/contract.js';
import { paneTimeState } from '../../../electron/core/replay/replay-clock.js';
import { DEFAULT_COLS, DEFAULT_ROWS, REPLAY_TERMINAL_OPTIONS } from '../../../electron/core/replay/terminal-options.js';
import { formatDuration, formatTime, type TimeZone } from '../state/time-format.js';
import { KeystrokeOverlay } from './KeystrokeOverlay.js';
import { PaneDriver } from './pane-driver.js';

export interface ReplayPaneProps {
  api: TrailviewApi;
  session: ReplaySessionView;
  wallUs: number;
  zone: TimeZone;
  playing: boolean;
  showKeys: boolean;
  revealHidden: boolean;
  index: number;
  count: number;
  onRemove(): void;
  onMove(delta: -1 | 1): void;
}

export function ReplayPane(props: Readonly<ReplayPaneProps>) {
  const { api, session, wallUs } = props;
  const host = useRef<HTMLDivElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(1);
  const driver = useRef<PaneDriver | null>(null);
  const terminal = useRef<Terminal | null>(null);
  const [shownUs, setShownUs] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const el = host.current;
    if (el === null) return;
    const term = new Terminal({ ...REPLAY_TERMINAL_OPTIONS, cols: DEFAULT_COLS, rows: DEFAULT_ROWS, disableStdin: true, cursorBlink: false, fontSize: 12, lineHeight: 1 });
    term.open(el);
    terminal.current = term;
    const d = new PaneDriver(api, session.sessionId, term, setShownUs, setError);
    driver.current = d;
    // The session's size is authoritative (a fit addon would re-wrap the output): the whole
    // terminal is scaled down to fit the pane instead.
    const fit = (): void => {
      const box = wrap.current;
      if (box === null || el.offsetWidth === 0 || el.offsetHeight === 0) return;
      setScale(Math.min(1, box.clientWidth / el.offsetWidth, box.clientHeight / el.offsetHeight));
    };
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    if (wrap.current !== null) observer.observe(wrap.current);
    return () => {
      observer.disconnect();
      d.dispose();
      driver.current = null;
      terminal.current = null;
      term.dispose();
    };
  }, [api, session.sessionId]);

  useEffect(() => {
    driver.current?.goTo(wallUs);
  }, [wallUs]);

  /** The selection, or the whole screen when nothing is selected. */
  const copyScreen = (): void => {
    const term = terminal.current;
    if (term === null) return;
    let text = term.getSelection();
    if (text === '') {
      const b = term.buffer.active;
      text = Array.from({ length: term.rows }, (_, y) => b.getLine(b.viewportY + y)?.translateToString(true) ?? '').join('\n').replace(/\s+$/, '');
    }
    void navigator.clipboard?.writeText(text);
  };

  const state = paneTimeState(session, wallUs);
  return (
    <div className="replay-pane" data-testid="replay-pane" data-session={session.sessionId} data-state={state} data-shown-us={shownUs ?? ''}>
      <div className="replay-pane-head">
        <span className="grow nowrap" title={session.sessionKey}>
          <strong>{session.user ?? '?'}</strong>@{session.host ?? '?'} <span className="muted">{session.tty ?? ''}</span>
        </span>
        {state === 'not-started' && <span className="badge verdict-raw" data-testid="pane-state">starts in {formatDuration(session.startUs - wallUs)}</span>}
        {state === 'ended' && <span className="badge verdict-unsigned" data-testid="pane-state">ended {formatTime(session.endUs, props.zone)}</span>}
        <button className="btn" onClick={copyScreen} aria-label="Copy screen text" title="Copy the selected text (or the whole screen)">
          Copy
        </button>
        <button className="btn" disabled={props.index === 0} onClick={() => props.onMove(-1)} aria-label="Move pane left" title="Move left">
          ◀
        </button>
        <button className="btn" disabled={props.index === props.count - 1} onClick={() => props.onMove(1)} aria-label="Move pane right" title="Move right">
          ▶
        </button>
        <button className="btn" onClick={props.onRemove} aria-label={`Close pane ${session.sessionKey}`} title="Close pane">
          ✕
        </button>
      </div>
      {error !== null && <div className="banner error small">{error}</div>}
      <div className="replay-term-wrap" ref={wrap}>
        <div className="replay-term" ref={host} data-testid="replay-terminal" style={{ transform: `scale(${scale})` }} />
        {state !== 'running' && (
          <div className="replay-pane-veil" data-testid="pane-veil">
            {state === 'not-started' ? `Not started yet: begins ${formatTime(session.startUs, props.zone)}` : `Session ended ${formatTime(session.endUs, props.zone)}`}
          </div>
        )}
      </div>
      {props.showKeys && <KeystrokeOverlay api={api} sessionId={session.sessionId} wallUs={wallUs} playing={props.playing} reveal={props.revealHidden} />}
    </div>
  );
}
