// End to end, in Debian's Chromium against `trailview serve` (web mode) on a case made from the
// sample bundle with the CLI (keyframes built at import): open two sessions side by side, seek by
// clicking the timeline, play at 16×, step to the next command, and check that both panes show
// exactly the screen the Node replay engine computes for that moment. Screenshots in test-results/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { DEFAULT_COLS, DEFAULT_ROWS } from '../../electron/core/replay/terminal-options.js';
import { openCase, type CaseHandle } from '../../electron/services/case/case.js';
import { selectAll } from '../../electron/services/case/case-db.js';
import { KeyframeCache, openReplaySession } from '../../electron/services/replay/case-replay.js';
import { ReplayTerminal } from '../../electron/services/replay/replay-terminal.js';
import { applyFrame, frameAt, inputBetween } from '../../electron/services/replay/seek.js';
import { timelineEvents } from '../../electron/services/replay/timeline.js';
import { launchChromium, newPage, screenshot } from './browser.js';
import { caseWith, sampleBundle, type E2eCase } from './case-fixture.js';
import { ensureBuilt } from './ensure-built.js';
import { startServe, type ServeProcess } from './serve-process.js';

let fixture: E2eCase;
let server: ServeProcess;
let browser: Browser;
let page: Page;
let handle: CaseHandle;
const cache = new KeyframeCache();
let pair: [number, number];

/** The screen the engine computes for a session at a moment: viewport lines, right-trimmed. */
async function expectedScreen(sessionId: number, tsUs: number): Promise<string[]> {
  const s = await openReplaySession(handle, cache, sessionId);
  const term = new ReplayTerminal(DEFAULT_COLS, DEFAULT_ROWS);
  try {
    await applyFrame(term, await frameAt(s, tsUs));
    const b = term.term.buffer.active;
    // Trailing blanks (written spaces included) are not visible: trimmed on both sides.
    return Array.from({ length: term.rows }, (_, y) => (b.getLine(b.baseY + y)?.translateToString(true) ?? '').trimEnd());
  } finally {
    term.dispose();
  }
}

/** What a pane's xterm.js shows, row by row (the DOM renderer's rows), right-trimmed. */
async function paneScreen(pane: Locator): Promise<string[]> {
  return pane.locator('.xterm-rows').evaluate((rows) => Array.from(rows.children, (row) => (row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()));
}

async function wallUs(): Promise<number> {
  return Number(await page.locator('section.replay-view').getAttribute('data-wall-us'));
}

/** Waits until both panes have reached the clock's moment, then compares them with the engine. */
async function checkPanesAt(t: number, ids: readonly number[] = pair): Promise<void> {
  for (const id of ids) {
    const pane = page.locator(`[data-testid="replay-pane"][data-session="${id}"]`);
    await page.waitForFunction(([sel, want]) => document.querySelector(sel as string)?.getAttribute('data-shown-us') === String(want), [`[data-testid="replay-pane"][data-session="${id}"]`, t] as const, { timeout: 20_000 });
    const expected = await expectedScreen(id, t);
    // xterm.js renders on the next animation frame: poll briefly for the rows to settle.
    let shown: string[] = [];
    for (let i = 0; i < 50; i++) {
      shown = await paneScreen(pane);
      if (JSON.stringify(shown) === JSON.stringify(expected)) break;
      await page.waitForTimeout(100);
    }
    expect(shown, `pane of session ${id} at ${t}`).toEqual(expected);
  }
}

beforeAll(async () => {
  ensureBuilt();
  fixture = await caseWith([sampleBundle()], 'replay');
  handle = await openCase(fixture.caseDir, { readOnly: true });
  // Two sessions that overlap in time, both with commands: the busiest such pair.
  const rows = selectAll(handle.db, 'SELECT id, start_us, end_us, commands FROM sessions WHERE commands > 0 ORDER BY start_us').map((r) => ({ id: Number(r.id), start: Number(r.start_us), end: Number(r.end_us), commands: Number(r.commands) }));
  let best: [number, number] | null = null;
  let bestScore = -1;
  for (const a of rows) for (const b of rows) {
    if (a.id >= b.id) continue;
    const overlap = Math.min(a.end, b.end) - Math.max(a.start, b.start);
    if (overlap > 0 && a.commands + b.commands > bestScore) {
      bestScore = a.commands + b.commands;
      best = [a.id, b.id];
    }
  }
  if (best === null) throw new Error('the sample case has no two overlapping sessions with commands');
  pair = best;
  server = await startServe(fixture.caseDir, fixture.configDir);
  browser = await launchChromium();
  page = await newPage(browser);
  await page.goto(server.url);
  await page.locator('body[data-ready="case"]').waitFor({ timeout: 30_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await handle?.close();
});

describe('replay in Chromium', () => {
  it('opens two sessions side by side on one clock', async () => {
    await page.locator('[data-nav="replay"]').click();
    const add = page.getByLabel('Add a session pane');
    for (const id of pair) await add.selectOption(String(id));
    await page.locator(`[data-testid="replay-pane"][data-session="${pair[1]}"]`).waitFor({ timeout: 20_000 });
    await expect(page.locator('[data-testid="replay-pane"]').count()).resolves.toBe(2);
    await checkPanesAt(await wallUs());
    await screenshot(page, 'e2e-replay-two-panes');
  }, 60_000);

  it('seeks both panes by clicking the timeline', async () => {
    const timeline = page.getByTestId('timeline');
    const box = await timeline.boundingBox();
    if (box === null) throw new Error('no timeline');
    const from = Number(await timeline.getAttribute('data-from'));
    const to = Number(await timeline.getAttribute('data-to'));
    const labelW = Number(await timeline.getAttribute('data-label-width'));
    const x = labelW + (box.width - labelW) * 0.62;
    await page.mouse.click(box.x + x, box.y + 12);
    const t = await wallUs();
    // The clock went where the click points (within a pixel's worth of time).
    const perPixel = (to - from) / (box.width - labelW);
    expect(Math.abs(t - (from + (x - labelW) * perPixel))).toBeLessThanOrEqual(perPixel * 1.5);
    await checkPanesAt(t);
    await screenshot(page, 'e2e-replay-timeline-seek');
  }, 60_000);

  it('plays at 16× and both panes follow the clock', async () => {
    const before = await wallUs();
    await page.getByLabel('Speed').selectOption('16');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    const after = await wallUs();
    // About 1.5 s × 16 of session time (rendering and the two clicks add some real time).
    expect(after - before).toBeGreaterThan(10_000_000);
    expect(after - before).toBeLessThan(60_000_000);
    await checkPanesAt(after);
    await screenshot(page, 'e2e-replay-played-16x');
  }, 60_000);

  it('steps to the next command of either session', async () => {
    const before = await wallUs();
    const { events } = await timelineEvents(handle, pair);
    const next = events.find((e) => e.kind === 'command' && e.tsUs > before);
    if (next === undefined) throw new Error('no command after the current moment');
    await page.getByRole('button', { name: 'Next command' }).click();
    await page.waitForFunction((want) => document.querySelector('section.replay-view')?.getAttribute('data-wall-us') === String(want), next.tsUs, { timeout: 10_000 });
    await checkPanesAt(next.tsUs);
    // The command's session shows the command line typed so far; the events table marks its row.
    await expect(page.locator('[data-testid="events-table"] tr.selected').textContent()).resolves.toContain(next.text.slice(0, 20));
    await screenshot(page, 'e2e-replay-next-command');
  }, 60_000);

  it('"copy link to this moment" reopens the same panes at the same time', async () => {
    const t = await wallUs();
    await page.getByRole('button', { name: 'Copy link to this moment' }).click();
    await page.waitForFunction(() => window.location.hash.startsWith('#replay?'));
    const url = page.url();
    expect(url).toContain(`t=${t}`);
    // Same browser context: the web token travels as a cookie, as when a reviewer pastes the link.
    const other = await page.context().newPage();
    try {
      await other.goto(url);
      await other.locator('body[data-ready="case"]').waitFor({ timeout: 30_000 });
      await other.locator('[data-nav="replay"]').click();
      await other.locator(`[data-testid="replay-pane"][data-session="${pair[1]}"]`).waitFor({ timeout: 20_000 });
      const order = await other.locator('[data-testid="replay-pane"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-session'))));
      expect(order).toEqual(pair);
      await other.waitForFunction((want) => document.querySelector('section.replay-view')?.getAttribute('data-wall-us') === String(want), t, { timeout: 10_000 });
      await screenshot(other, 'e2e-replay-deep-link');
    } finally {
      await other.close();
    }
  }, 60_000);

  it('a search hit opens its session in a new pane at that moment', async () => {
    await page.keyboard.press('Control+3');
    const box = page.getByLabel('Search query');
    await box.fill('shadow user:mallory in:commands');
    await box.press('Enter');
    await page.locator('#hits-row-0').waitFor();
    await page.locator('#hits-row-0').click();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('main')?.getAttribute('data-view') === 'replay');
    // The hit's session is in a pane (a new one unless it was open already) and the clock stands at
    // a command of it containing the search term.
    let t = 0;
    let found = false;
    for (let i = 0; i < 100 && !found; i++) {
      t = await wallUs();
      const ids = await page.locator('[data-testid="replay-pane"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-session'))));
      const { events } = await timelineEvents(handle, ids);
      found = events.some((e) => e.kind === 'command' && e.tsUs === t && /shadow/.test(e.text));
      if (!found) await page.waitForTimeout(200);
    }
    expect(found).toBe(true);
    // The panes open before the search are still there, with the hit's session added.
    const ids = await page.locator('[data-testid="replay-pane"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-session'))));
    expect(ids.slice(0, 2)).toEqual(pair);
    await checkPanesAt(t, ids);
    await screenshot(page, 'e2e-replay-search-hit');
  }, 60_000);

  it('the keystroke overlay masks a password typed at a no-echo prompt', async () => {
    // The first hidden input of any session (sudo's password prompt), found by the engine.
    let target: { id: number; tsUs: number; secret: string } | null = null;
    for (const r of selectAll(handle.db, 'SELECT id FROM sessions ORDER BY start_us')) {
      const s = await openReplaySession(handle, cache, Number(r.id));
      const typed = await inputBetween(s, 0, Number.MAX_SAFE_INTEGER, true);
      const first = typed.findIndex((e) => e.hidden);
      if (first < 0) continue;
      let secret = '';
      for (let i = first; i < typed.length && typed[i]?.hidden === true; i++) secret += typed[i]?.text ?? '';
      const hiddenAt = typed[first]?.tsUs;
      if (hiddenAt !== undefined && secret.replace(/\r/g, '').length >= 4) {
        // Two seconds after typing began: the overlay's window holds the typed characters.
        target = { id: Number(r.id), tsUs: hiddenAt + 2_000_000, secret: secret.replace(/\r/g, '') };
        break;
      }
    }
    if (target === null) throw new Error('the sample has no password typed at a no-echo prompt');
    // Open that moment through a link, in this tab.
    await page.keyboard.press('Control+1');
    await page.evaluate((hash) => window.history.replaceState(null, '', hash), `#replay?s=${target.id}&t=${target.tsUs}`);
    await page.locator('[data-nav="replay"]').click();
    await page.waitForFunction((want) => document.querySelector('section.replay-view')?.getAttribute('data-wall-us') === String(want), target.tsUs, { timeout: 20_000 });
    await page.getByLabel('Show keystrokes').check();
    const overlay = page.locator(`[data-testid="replay-pane"][data-session="${target.id}"] [data-testid="keystrokes"]`);
    await overlay.waitFor({ timeout: 10_000 });
    const shown = (await overlay.textContent()) ?? '';
    expect(shown).toContain('•');
    expect(shown).not.toContain(target.secret);
    await screenshot(page, 'e2e-replay-keystrokes-hidden');
  }, 60_000);
});
