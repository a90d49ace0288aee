// The timeline under the panes: one lane per open session (or, case-wide, per host or user) with
// session bars, command ticks (hover: command, user, exit status), joins/leaves, flags, findings
// (a diamond at the start, a bar over their anchored range), the replay's mark in/out and the playhead. Wheel zooms (from the whole case to single seconds), drag pans, Shift+drag
// brushes a range; a click anywhere, or on an event, seeks all panes there.
import { useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent, type WheelEvent as ReactWheelEvent } from 'react';
import type { TimelineEventView } from '../../../electron/core/api/contract.js';
import { formatClock, formatTime, type TimeZone } from '../state/time-format.js';
import { panWindow, tickStep, zoomWindow, type Lane, type Window } from './timeline-model.js';

const LABEL_W = 170;
const LANE_H = 24;
const AXIS_H = 20;
const MAX_MARKS_PER_LANE = 4000;

export interface TimelineProps {
  lanes: readonly Lane[];
  bounds: Window;
  wallUs: number;
  zone: TimeZone;
  brush: Window | null;
  onSeek(tsUs: number): void;
  onBrush(range: Window | null): void;
  /** Double-click on an event: open its session (in a new pane) at that moment. */
  onOpen(sessionId: number, tsUs: number): void;
  /** The replay's mark in / mark out (either may be unset). */
  marks?: { inUs: number | null; outUs: number | null } | null;
}

function describe(e: TimelineEventView, zone: TimeZone): string {
  const when = formatTime(e.tsUs, zone, 'millis');
  switch (e.kind) {
    case 'command':
      return `${when}\n$ ${e.text}\nuser ${e.user ?? '?'} · exit ${e.exitStatus ?? 'unknown'}`;
    case 'join':
    case 'leave':
      return `${when}\n${e.text}${e.clientTty ? `\ntty ${e.clientTty}` : ''}`;
    case 'flag':
    case 'finding':
      return `${when}\n${e.kind} (${e.severity ?? ''}): ${e.text}`;
    default:
      return `${when}\n${e.text}`;
  }
}

export function Timeline(props: Readonly<TimelineProps>) {
  const { lanes, bounds, wallUs, zone } = props;
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [view, setView] = useState<Window>(bounds);
  const drag = useRef<{ x: number; view: Window; brush: boolean; moved: boolean } | null>(null);
  const [brushing, setBrushing] = useState<Window | null>(null);

  // A new set of lanes (sessions opened or closed) shows its whole span again.
  useEffect(() => setView({ fromUs: bounds.fromUs, toUs: bounds.toUs }), [bounds.fromUs, bounds.toUs]);
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const observer = new ResizeObserver(() => setWidth(Math.max(200, el.clientWidth)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const plotW = Math.max(50, width - LABEL_W);
  const span = Math.max(1, view.toUs - view.fromUs);
  const x = (t: number): number => LABEL_W + ((t - view.fromUs) / span) * plotW;
  const timeAt = (clientX: number): number => {
    const left = box.current?.getBoundingClientRect().left ?? 0;
    return view.fromUs + ((clientX - left - LABEL_W) / plotW) * span;
  };
  const height = AXIS_H + lanes.length * LANE_H + 4;

  const ticks = useMemo(() => {
    const step = tickStep(view, Math.max(2, Math.floor(plotW / 110)));
    const out: number[] = [];
    for (let t = Math.ceil(view.fromUs / step) * step; t <= view.toUs; t += step) out.push(t);
    return out;
  }, [view, plotW]);

  const onWheel = (e: ReactWheelEvent): void => {
    const at = timeAt(e.clientX);
    setView((v) => (e.shiftKey ? panWindow(v, (e.deltaY / plotW) * (v.toUs - v.fromUs), bounds) : zoomWindow(v, e.deltaY > 0 ? 1.25 : 0.8, at, bounds)));
  };
  const onPointerDown = (e: ReactPointerEvent): void => {
    if (e.button !== 0) return;
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, view, brush: e.shiftKey, moved: false };
  };
  const onPointerMove = (e: ReactPointerEvent): void => {
    const d = drag.current;
    if (d === null) return;
    if (Math.abs(e.clientX - d.x) > 3) d.moved = true;
    if (!d.moved) return;
    if (d.brush) {
      const a = timeAt(d.x);
      const b = timeAt(e.clientX);
      setBrushing({ fromUs: Math.min(a, b), toUs: Math.max(a, b) });
    } else {
      setView(panWindow(d.view, -((e.clientX - d.x) / plotW) * (d.view.toUs - d.view.fromUs), bounds));
    }
  };
  const onPointerUp = (e: ReactPointerEvent): void => {
    const d = drag.current;
    drag.current = null;
    if (d === null) return;
    if (d.brush && d.moved && brushing !== null) {
      props.onBrush({ fromUs: Math.round(brushing.fromUs), toUs: Math.round(brushing.toUs) });
      setBrushing(null);
      return;
    }
    if (!d.moved) {
      const target = (e.target as Element).closest('[data-ts]');
      props.onSeek(target !== null ? Number(target.getAttribute('data-ts')) : Math.round(timeAt(e.clientX)));
    }
  };

  const onDoubleClick = (e: { target: EventTarget }): void => {
    const mark = (e.target as Element).closest('[data-session]');
    const session = Number(mark?.getAttribute('data-session'));
    if (mark !== null && Number.isSafeInteger(session) && session > 0) props.onOpen(session, Number(mark.getAttribute('data-ts')));
  };

  const shownBrush = brushing ?? props.brush;
  return (
    <div className="timeline" ref={box} data-testid="timeline" data-from={Math.round(view.fromUs)} data-to={Math.round(view.toUs)} data-label-width={LABEL_W}>
      <svg width={width} height={height} onDoubleClick={onDoubleClick} onWheel={onWheel} onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} role="img" aria-label="Timeline">
        <rect className="tl-bg" x={LABEL_W} y={0} width={plotW} height={height} />
        {ticks.map((t) => (
          <g key={t}>
            <line className="tl-grid" x1={x(t)} x2={x(t)} y1={AXIS_H - 4} y2={height} />
            <text className="tl-axis" x={x(t) + 3} y={12}>
              {formatClock(t, zone)}
            </text>
          </g>
        ))}
        {lanes.map((lane, i) => {
          const y = AXIS_H + i * LANE_H;
          const inView = lane.events.filter((e) => e.tsUs >= view.fromUs && e.tsUs <= view.toUs);
          // Findings over a range show it as a bar, also when they start before the visible window.
          const findingRanges = lane.events.filter((e) => e.kind === 'finding' && e.endUs != null && e.endUs > e.tsUs && e.endUs >= view.fromUs && e.tsUs <= view.toUs);
          const marks = inView.length > MAX_MARKS_PER_LANE ? inView.filter((_, k) => k % Math.ceil(inView.length / MAX_MARKS_PER_LANE) === 0) : inView;
          return (
            <g key={lane.key} data-lane={lane.label}>
              <text className="tl-label" x={6} y={y + 16}>
                {lane.label.length > 24 ? `${lane.label.slice(0, 23)}…` : lane.label}
              </text>
              {lane.spans.map(([a, b], k) => (
                <rect key={k} className="tl-session" x={Math.max(LABEL_W, x(a))} y={y + 7} width={Math.max(1, Math.min(x(b), LABEL_W + plotW) - Math.max(LABEL_W, x(a)))} height={10} />
              ))}
              {findingRanges.map((e, k) => {
                const from = Math.max(LABEL_W, x(e.tsUs));
                const to = Math.min(LABEL_W + plotW, x(e.endUs ?? e.tsUs));
                return (
                  <rect key={`fr${k}`} className="tl-finding-range" x={from} y={y + 18} width={Math.max(2, to - from)} height={4} data-ts={e.tsUs} data-end={e.endUs ?? undefined} data-session={e.sessionId ?? undefined} data-kind="finding-range">
                    <title>{`${describe(e, zone)}\nuntil ${formatTime(e.endUs ?? e.tsUs, zone, 'millis')}`}</title>
                  </rect>
                );
              })}
              {marks.map((e, k) => {
                const ex = x(e.tsUs);
                const title = <title>{describe(e, zone)}</title>;
                if (e.kind === 'command') {
                  return (
                    <line key={k} className={`tl-cmd${e.exitStatus !== undefined && e.exitStatus !== null && e.exitStatus !== 0 ? ' tl-fail' : ''}`} x1={ex} x2={ex} y1={y + 3} y2={y + 21} data-ts={e.tsUs} data-session={e.sessionId ?? undefined} data-kind="command">
                      {title}
                    </line>
                  );
                }
                if (e.kind === 'join' || e.kind === 'leave') {
                  return (
                    <text key={k} className="tl-join" x={ex - 4} y={e.kind === 'join' ? y + 9 : y + 23} data-ts={e.tsUs} data-session={e.sessionId ?? undefined} data-kind={e.kind}>
                      {e.kind === 'join' ? '▼' : '▲'}
                      {title}
                    </text>
                  );
                }
                if (e.kind === 'flag' || e.kind === 'finding') {
                  return (
                    <rect key={k} className={e.kind === 'flag' ? 'tl-flag' : 'tl-finding'} x={ex - 4} y={y + 8} width={8} height={8} transform={`rotate(45 ${ex} ${y + 12})`} data-ts={e.tsUs} data-session={e.sessionId ?? undefined} data-kind={e.kind}>
                      {title}
                    </rect>
                  );
                }
                return null;
              })}
            </g>
          );
        })}
        {shownBrush !== null && <rect className="tl-brush" x={x(shownBrush.fromUs)} y={AXIS_H} width={Math.max(1, x(shownBrush.toUs) - x(shownBrush.fromUs))} height={height - AXIS_H} />}
        {props.marks?.inUs != null && props.marks.outUs != null && (
          <rect className="tl-marked" x={x(Math.min(props.marks.inUs, props.marks.outUs))} y={AXIS_H} width={Math.max(2, Math.abs(x(props.marks.outUs) - x(props.marks.inUs)))} height={height - AXIS_H} data-testid="marked-range" />
        )}
        {[props.marks?.inUs, props.marks?.outUs].map((t, k) =>
          t == null ? null : (
            <g key={`mark${k}`} data-testid={k === 0 ? 'mark-in' : 'mark-out'}>
              <line className="tl-mark" x1={x(t)} x2={x(t)} y1={AXIS_H - 6} y2={height} />
              <text className="tl-mark-label" x={x(t) + (k === 0 ? 2 : -10)} y={AXIS_H - 8}>
                {k === 0 ? '[' : ']'}
              </text>
            </g>
          ),
        )}
        <line className="tl-playhead" x1={x(wallUs)} x2={x(wallUs)} y1={0} y2={height} data-testid="playhead" />
      </svg>
    </div>
  );
}
