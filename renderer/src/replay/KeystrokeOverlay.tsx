// What was typed in the last seconds before the moment shown. Input at a no-echo prompt (a
// password) is masked unless the reviewer explicitly reveals it.
import { useEffect, useState } from 'react';
import type { ReplayInputView, TrailviewApi } from '../../../electron/core/api/contract.js';

const WINDOW_US = 8_000_000;

// eslint-disable-next-line no-control-regex -- arrow keys arrive as escape sequences
const ARROW = /\x1b\[[ABCD]/g;
// eslint-disable-next-line no-control-regex -- control keys are shown as ^X
const CONTROL = /[\x00-\x1f\x7f]/g;

function visible(text: string): string {
  return text.replace(/\r/g, '⏎').replace(ARROW, (m) => ({ A: '↑', B: '↓', C: '→', D: '←' })[m.slice(-1)] ?? m).replace(CONTROL, (c) => (c === '\x7f' ? '⌫' : `^${String.fromCharCode(c.charCodeAt(0) + 64)}`));
}

export function KeystrokeOverlay(props: Readonly<{ api: TrailviewApi; sessionId: number; wallUs: number; playing: boolean; reveal: boolean }>) {
  const { api, sessionId, wallUs, reveal } = props;
  const [events, setEvents] = useState<ReplayInputView[]>([]);
  // While playing, ask at most every 250 ms of wall time shown, not every frame.
  const bucket = Math.floor(wallUs / 250_000);
  useEffect(() => {
    let live = true;
    const to = bucket * 250_000 + 250_000;
    api.call('replay.input', { sessionId, fromUs: Math.max(0, to - WINDOW_US), toUs: to, reveal }).then(
      (r) => live && setEvents(r.events),
      () => live && setEvents([]),
    );
    return () => {
      live = false;
    };
  }, [api, sessionId, bucket, reveal]);
  if (events.length === 0) return null;
  return (
    <div className="keystrokes" data-testid="keystrokes" aria-label="Keystrokes">
      {events.map((e, i) =>
        e.hidden && !reveal ? (
          <span key={i} className="key-hidden" title="typed at a password prompt: hidden">
            •
          </span>
        ) : (
          <span key={i} className={e.hidden ? 'key-revealed' : undefined}>
            {visible(e.text)}
          </span>
        ),
      )}
    </div>
  );
}
