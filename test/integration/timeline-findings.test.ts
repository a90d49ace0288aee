// Findings on the replay timeline (issues 6 and 7) through the API, on the real sample case: a
// session-range finding appears in its session's lane over its range; a timeline selection over
// two sessions appears in each of their lanes (one event per session shown); a search finding,
// which has no moment, does not appear.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionRow, TimelineEventView } from '../../electron/core/api/contract.js';
import { sampleCaseCopy, testSession } from '../helpers/api-fixtures.js';

let t: Awaited<ReturnType<typeof testSession>>;
let a: SessionRow;
let b: SessionRow;

beforeAll(async () => {
  const dir = await sampleCaseCopy();
  t = await testSession();
  await t.api.call('case.open', { dir });
  const rows = (await t.api.call('sessions.list', { sort: { key: 'start', dir: 'asc' } })).filter((s) => s.startUs !== null && s.endUs !== null);
  [a, b] = rows as [SessionRow, SessionRow];
}, 120_000);

const findingsOf = (events: readonly TimelineEventView[]) => events.filter((e) => e.kind === 'finding').map((e) => ({ text: e.text, sessionId: e.sessionId, tsUs: e.tsUs, endUs: e.endUs, findingId: e.findingId }));

describe('findings on the timeline', () => {
  it('session ranges and timeline selections appear in the lanes of their sessions; search anchors do not', async () => {
    const aFrom = a.startUs as number;
    const aTo = Math.min(a.endUs as number, aFrom + 60_000_000);
    const ranged = await t.api.call('findings.add', { title: 'Range in A', severity: 'high', anchors: [{ kind: 'session', sessionId: a.id, fromUs: aFrom, toUs: aTo }] });
    const span = { fromUs: Math.min(aFrom, b.startUs as number), toUs: Math.max(a.endUs as number, b.endUs as number) };
    const brushed = await t.api.call('findings.add', { title: 'Brush over A and B', severity: 'low', anchors: [{ kind: 'timeline', ...span, sessionIds: [a.id, b.id] }] });
    await t.api.call('findings.add', { title: 'Search only', severity: 'info', anchors: [{ kind: 'query', query: 'sudo' }] });

    const laneA = findingsOf((await t.api.call('timeline.events', { sessionIds: [a.id] })).events);
    expect(laneA).toEqual(
      expect.arrayContaining([
        { text: 'Range in A', sessionId: a.id, tsUs: aFrom, endUs: aTo, findingId: ranged.id },
        { text: 'Brush over A and B', sessionId: a.id, tsUs: span.fromUs, endUs: span.toUs, findingId: brushed.id },
      ]),
    );
    expect(laneA).toHaveLength(2);

    const both = findingsOf((await t.api.call('timeline.events', { sessionIds: [a.id, b.id] })).events).filter((e) => e.findingId === brushed.id);
    expect(both.map((e) => e.sessionId).sort()).toEqual([a.id, b.id].sort());

    const laneB = findingsOf((await t.api.call('timeline.events', { sessionIds: [b.id] })).events);
    expect(laneB).toEqual([{ text: 'Brush over A and B', sessionId: b.id, tsUs: span.fromUs, endUs: span.toUs, findingId: brushed.id }]);

    const caseWide = findingsOf((await t.api.call('timeline.events', {})).events);
    expect(caseWide.some((e) => e.text === 'Search only')).toBe(false);
  });
});
