// Replay through the API (issue 6) on the real sample case (built with the import pipeline):
// keyframes stored at import, built lazily when missing (evidence untouched), frames and ranges
// that compose exactly, timeline events and the merged events table, hidden password input.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReplayFrameView, SessionRow } from '../../electron/core/api/contract.js';
import { DEFAULT_COLS, DEFAULT_ROWS } from '../../electron/core/replay/terminal-options.js';
import { BACKUP2_PASSWORD, MALLORY_WRONG_PASSWORD, PEOPLE, type Person } from '../../electron/services/demo/cast.js';
import { ReplayTerminal } from '../../electron/services/replay/replay-terminal.js';
import { applyChunks, applyFrame } from '../../electron/services/replay/seek.js';
import { sampleCaseCopy, testSession } from '../helpers/api-fixtures.js';
import { snapshotFolder } from '../helpers/case-fixtures.js';
import { describeDifference, dumpScreen } from '../helpers/terminal-cells.js';

/** Every password the demo's people type at no-echo prompts (sudo, passwd). */
const PASSWORDS = [...Object.values(PEOPLE).map((p: Person) => p.password), MALLORY_WRONG_PASSWORD, BACKUP2_PASSWORD];

let dir: string;
let api: Awaited<ReturnType<typeof testSession>>['api'];
let sessions: SessionRow[];

beforeAll(async () => {
  dir = await sampleCaseCopy();
  ({ api } = await testSession());
  await api.call('case.open', { dir });
  sessions = (await api.call('sessions.list', { sort: { key: 'start', dir: 'asc' } })).filter((s) => s.outputBytes > 0);
}, 120_000);

async function screenOf(frame: ReplayFrameView): Promise<ReplayTerminal> {
  const t = new ReplayTerminal(DEFAULT_COLS, DEFAULT_ROWS);
  await applyFrame(t, frame);
  return t;
}

describe('replay API', () => {
  it('the import stored keyframes for the evidence, next to it, not in it', async () => {
    const files = await readdir(path.join(dir, 'keyframes'));
    expect(files.filter((f) => /^[0-9a-f]{64}\.json$/.test(f)).length).toBeGreaterThan(0);
  });

  it('opens sessions side by side: spans on one clock and keyframes', async () => {
    const ids = sessions.slice(0, 2).map((s) => s.id);
    const { sessions: opened } = await api.call('replay.open', { sessionIds: ids });
    expect(opened.map((s) => s.sessionId)).toEqual(ids);
    for (const s of opened) {
      expect(s.endUs).toBeGreaterThanOrEqual(s.startUs);
      expect(s.keyframes).toBeGreaterThanOrEqual(1);
    }
    await expect(api.call('replay.open', { sessionIds: [999_999] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(api.call('replay.open', { sessionIds: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a frame at t1 plus the range t1→t2 gives exactly the frame at t2 (playing = seeking)', async () => {
    const busiest = [...sessions].sort((a, b) => b.outputBytes - a.outputBytes)[0] as SessionRow;
    const { sessions: [s] } = await api.call('replay.open', { sessionIds: [busiest.id] });
    if (s === undefined) throw new Error('not opened');
    for (const f of [0.2, 0.5, 0.8]) {
      const t1 = Math.round(s.startUs + f * (s.endUs - s.startUs));
      const t2 = t1 + 30_000_000;
      const frame1 = await api.call('replay.frame', { sessionId: s.sessionId, tsUs: t1 });
      const played = new ReplayTerminal(DEFAULT_COLS, DEFAULT_ROWS);
      // The feed keeps the decoder state of the frame (a split character), as the pane does.
      const feed = await applyFrame(played, frame1);
      let from = t1;
      let resume = frame1.resumeOffset;
      for (;;) {
        const range = await api.call('replay.range', { sessionId: s.sessionId, fromUs: from, toUs: t2, resumeOffset: resume });
        await applyChunks(feed, range.chunks);
        resume = range.resumeOffset;
        if (range.complete) break;
        from = range.chunks[range.chunks.length - 1]?.tsUs ?? t2;
      }
      await played.flush();
      const seeked = await screenOf(await api.call('replay.frame', { sessionId: s.sessionId, tsUs: t2 }));
      expect(describeDifference(dumpScreen(played.term), dumpScreen(seeked.term)), `from ${t1} to ${t2}`).toBe('');
      played.dispose();
      seeked.dispose();
    }
  }, 60_000);

  it('builds keyframes when a case has none (imported before them), without touching the evidence', async () => {
    const evidenceBefore = await snapshotFolder(path.join(dir, 'evidence'));
    await rm(path.join(dir, 'keyframes'), { recursive: true, force: true });
    await api.call('case.close', {});
    const fresh = await testSession();
    await fresh.api.call('case.open', { dir });
    const id = (sessions[0] as SessionRow).id;
    const { sessions: [s] } = await fresh.api.call('replay.open', { sessionIds: [id] });
    expect(s?.keyframes).toBeGreaterThanOrEqual(1);
    expect((await readdir(path.join(dir, 'keyframes'))).length).toBeGreaterThan(0);
    expect(await snapshotFolder(path.join(dir, 'evidence'))).toEqual(evidenceBefore);
    await fresh.api.call('case.close', {});
    await api.call('case.open', { dir });
  }, 60_000);

  it('timeline events: starts, commands, joins and flags of the open sessions, in time order', async () => {
    const ids = sessions.map((s) => s.id);
    const { events } = await api.call('timeline.events', { sessionIds: ids });
    expect(events.length).toBeGreaterThan(ids.length);
    expect(events.every((e, i) => i === 0 || (events[i - 1]?.tsUs ?? 0) <= e.tsUs)).toBe(true);
    expect(new Set(events.filter((e) => e.kind === 'start').map((e) => e.sessionId))).toEqual(new Set(ids));
    const commands = events.filter((e) => e.kind === 'command');
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.every((e) => e.sessionId !== null && ids.includes(e.sessionId))).toBe(true);
    const one = (await api.call('timeline.events', { sessionIds: [ids[0] as number] })).events;
    expect(one.every((e) => e.sessionId === ids[0] || e.sessionId === null)).toBe(true);
    expect(one.length).toBeLessThan(events.length);
  });

  it('the merged events table filters and pages', async () => {
    const all = await api.call('events.table', {});
    expect(all.total).toBeGreaterThan(0);
    const sudo = await api.call('events.table', { filter: 'SUDO' });
    expect(sudo.total).toBeGreaterThan(0);
    expect(sudo.total).toBeLessThan(all.total);
    expect(sudo.rows.every((r) => [r.host, r.session, r.user, r.kind, r.text].some((v) => v?.toLowerCase().includes('sudo')))).toBe(true);
    const starts = await api.call('events.table', { kinds: ['start'], limit: 2 });
    expect(starts.rows.length).toBeLessThanOrEqual(2);
    expect(starts.rows.every((r) => r.kind === 'start')).toBe(true);
    await expect(api.call('events.table', { kinds: ['nope' as 'start'] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('keystroke overlay: input at a password prompt is hidden unless revealed', async () => {
    let hidden = 0;
    let secrets = '';
    for (const s of sessions) {
      const req = { sessionId: s.id, fromUs: 0, toUs: Number.MAX_SAFE_INTEGER };
      const shown = (await api.call('replay.input', req)).events;
      const revealed = (await api.call('replay.input', { ...req, reveal: true })).events;
      const typed = shown.map((e) => e.text).join('');
      for (const p of PASSWORDS) expect(typed).not.toContain(p);
      hidden += shown.filter((e) => e.hidden && e.text === '').length;
      // Revealed, the hidden input holds the passwords (hiding errs on the safe side: more, never less).
      secrets += revealed.filter((e) => e.hidden).map((e) => e.text).join('');
    }
    expect(hidden).toBeGreaterThan(0);
    expect(PASSWORDS.filter((p) => secrets.includes(p)).length).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
