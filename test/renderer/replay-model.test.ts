// Pure parts of the replay view: the deep link, the CSV export and the timeline's lanes and window.
import { describe, expect, it } from 'vitest';
import type { EventsTableRow, ReplaySessionView, TimelineEventView } from '../../electron/core/api/contract.js';
import { eventsCsv } from '../../renderer/src/replay/events-csv.js';
import { formatReplayHash, parseReplayHash } from '../../renderer/src/replay/replay-link.js';
import { buildLanes, panWindow, tickStep, zoomWindow } from '../../renderer/src/replay/timeline-model.js';

const S = 1_000_000;
const T = 1_732_000_000 * S;

describe('copy link to this moment', () => {
  it('round-trips panes (in order) and the moment', () => {
    const hash = formatReplayHash({ sessionIds: [14, 3], tsUs: T + 123 });
    expect(hash).toBe(`#replay?s=14,3&t=${T + 123}`);
    expect(parseReplayHash(hash)).toEqual({ sessionIds: [14, 3], tsUs: T + 123 });
  });

  it('refuses what is not a replay link, keeps at most four valid panes', () => {
    expect(parseReplayHash('#search?q=x')).toBeNull();
    expect(parseReplayHash('#replay?s=abc')).toBeNull();
    expect(parseReplayHash('#replay?s=1,-2,x,3,4,5,6&t=oops')).toEqual({ sessionIds: [1, 3, 4, 5], tsUs: null });
  });
});

describe('CSV export', () => {
  it('quotes per RFC 4180 and defuses spreadsheet formulas from evidence', () => {
    const rows: EventsTableRow[] = [
      { tsUs: T, ts: '2024-11-19T07:06:40.000000Z', host: 'web-1', sessionId: 1, session: 's1', user: 'alice', kind: 'command', text: 'echo "a, b"\nnext' },
      { tsUs: T + 1, ts: '2024-11-19T07:06:40.000001Z', host: null, sessionId: null, session: null, user: null, kind: 'flag', text: '=HYPERLINK("x")' },
    ];
    const csv = eventsCsv(rows, (us) => `t${us - T}`);
    expect(csv.split('\r\n')).toEqual([
      'time,time_utc,host,session,user,kind,text',
      't0,2024-11-19T07:06:40.000000Z,web-1,s1,alice,command,"echo ""a, b""\nnext"',
      `t1,2024-11-19T07:06:40.000001Z,,,,flag,"'=HYPERLINK(""x"")"`,
      '',
    ]);
  });
});

describe('timeline lanes and window', () => {
  const sessions: ReplaySessionView[] = [
    { sessionId: 1, evidenceId: 1, sessionKey: 'a', user: 'alice', host: 'web-1', tty: '/dev/pts/1', startUs: T, endUs: T + 100 * S, quiet: [], outputBytes: 1, keyframes: 1 },
    { sessionId: 2, evidenceId: 1, sessionKey: 'b', user: 'bob', host: 'db-1', tty: '/dev/pts/2', startUs: T + 50 * S, endUs: T + 200 * S, quiet: [], outputBytes: 1, keyframes: 1 },
  ];
  const ev = (sessionId: number, tsUs: number, kind: TimelineEventView['kind'], host: string, user: string): TimelineEventView => ({ tsUs, ts: '', kind, sessionId, host, user, tty: null, text: kind });
  const events = [ev(1, T, 'start', 'web-1', 'alice'), ev(1, T + 10 * S, 'command', 'web-1', 'alice'), ev(2, T + 50 * S, 'start', 'db-1', 'bob'), ev(1, T + 100 * S, 'end', 'web-1', 'alice'), ev(2, T + 200 * S, 'end', 'db-1', 'bob')];

  it('one lane per open session, or case-wide per host / user with session bars', () => {
    const bySession = buildLanes('sessions', sessions, events);
    expect(bySession.map((l) => [l.label, l.events.length])).toEqual([['alice@web-1 /dev/pts/1', 3], ['bob@db-1 /dev/pts/2', 2]]);
    const byHost = buildLanes('host', [], events);
    expect(byHost.map((l) => [l.label, l.spans])).toEqual([['db-1', [[T + 50 * S, T + 200 * S]]], ['web-1', [[T, T + 100 * S]]]]);
    expect(buildLanes('user', [], events).map((l) => l.label)).toEqual(['alice', 'bob']);
  });

  it('zooms around the pointer down to a second, pans within the case', () => {
    const bounds = { fromUs: T, toUs: T + 3600 * S };
    let w = { ...bounds };
    for (let i = 0; i < 100; i++) w = zoomWindow(w, 0.5, T + 1800 * S, bounds);
    expect(w.toUs - w.fromUs).toBe(S);
    expect(w.fromUs).toBeLessThanOrEqual(T + 1800 * S);
    expect(w.toUs).toBeGreaterThanOrEqual(T + 1800 * S);
    const panned = panWindow(w, -10_000 * S, bounds);
    expect(panned.fromUs).toBeGreaterThanOrEqual(bounds.fromUs - 360 * S);
    expect(tickStep({ fromUs: 0, toUs: 3600 * S }, 8)).toBe(600 * S);
  });
});
