// End to end, in Debian's Chromium against `trailview serve` (web mode) on a case made from the
// sample bundle with the CLI: in the replay view, step to a command and mark in (Shift+I), step two
// commands on and mark out (Shift+O), "New finding from marks", add it in the prefilled form, see it
// in the Findings view; then `trailview finding list --json` shows the stored anchor: that session,
// exactly that range. Screenshots in test-results/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FindingView } from '../../electron/core/api/contract.js';
import { openCase } from '../../electron/services/case/case.js';
import { selectAll } from '../../electron/services/case/case-db.js';
import { timelineEvents } from '../../electron/services/replay/timeline.js';
import { isoUtc } from '../../renderer/src/findings/findings-state.js';
import { launchChromium, newPage, screenshot } from './browser.js';
import { caseWith, sampleBundle, type E2eCase } from './case-fixture.js';
import { ensureBuilt } from './ensure-built.js';
import { runCli, startServe, type ServeProcess } from './serve-process.js';

let fixture: E2eCase;
let server: ServeProcess;
let browser: Browser;
let page: Page;
/** The session with the most commands, its key, and its first commands' times. */
let session: { id: number; key: string; commands: number[] };

beforeAll(async () => {
  ensureBuilt();
  fixture = await caseWith([sampleBundle()], 'finding');
  const handle = await openCase(fixture.caseDir, { readOnly: true });
  try {
    const row = selectAll(handle.db, 'SELECT id, session_key FROM sessions WHERE commands >= 4 ORDER BY commands DESC LIMIT 1')[0];
    if (row === undefined) throw new Error('the sample case has no session with four commands');
    const id = Number(row.id);
    const { events } = await timelineEvents(handle, [id]);
    // Distinct command times in order: what "next command" steps through.
    const commands = [...new Set(events.filter((e) => e.kind === 'command').map((e) => e.tsUs))];
    session = { id, key: String(row.session_key), commands };
  } finally {
    await handle.close();
  }
  server = await startServe(fixture.caseDir, fixture.configDir);
  browser = await launchChromium();
  page = await newPage(browser);
  await page.goto(server.url);
  await page.locator('body[data-ready="case"]').waitFor({ timeout: 30_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function wallUs(): Promise<number> {
  return Number(await page.locator('section.replay-view').getAttribute('data-wall-us'));
}

async function waitForWall(want: number): Promise<void> {
  await page.waitForFunction((t) => document.querySelector('section.replay-view')?.getAttribute('data-wall-us') === String(t), want, { timeout: 10_000 });
}

describe('a finding from replay marks, in Chromium', () => {
  it('marks in and out on the pane, creates the finding, and the Findings view and the case hold that session and range', async () => {
    await page.locator('[data-nav="replay"]').click();
    await page.getByLabel('Add a session pane').selectOption(String(session.id));
    const pane = page.locator(`[data-testid="replay-pane"][data-session="${session.id}"]`);
    await pane.waitFor({ timeout: 20_000 });
    // Keys go to the view, not the select just used (nor the terminal's input): click the pane's
    // title (the pane is then the one in use).
    await pane.locator('.replay-pane-head strong').click();
    await page.keyboard.press('Home');
    const [c1, , c3] = session.commands;
    if (c1 === undefined || c3 === undefined) throw new Error('too few commands');
    await page.keyboard.press(']');
    await waitForWall(c1);
    await page.keyboard.press('Shift+I');
    await page.keyboard.press(']');
    await page.keyboard.press(']');
    await waitForWall(c3);
    await page.keyboard.press('Shift+O');
    const marks = page.getByTestId('marks');
    await expect(marks.getAttribute('data-in')).resolves.toBe(String(c1));
    await expect(marks.getAttribute('data-out')).resolves.toBe(String(c3));
    expect(await wallUs()).toBe(c3);
    await page.getByTestId('mark-in').waitFor();
    await screenshot(page, 'e2e-finding-replay-marks');

    await page.getByRole('button', { name: 'New finding from marks' }).click();
    const form = page.getByRole('form', { name: 'New finding' });
    await form.waitFor();
    await page.waitForFunction((id) => document.querySelector<HTMLSelectElement>('form[aria-label="New finding"] select[aria-label="Session"]')?.value === id, String(session.id), { timeout: 10_000 });
    expect(await form.getByLabel('From').inputValue()).toBe(isoUtc(c1));
    expect(await form.getByLabel('To').inputValue()).toBe(isoUtc(c3));
    await form.getByLabel('Title').fill('Marked in replay');
    await form.getByLabel('Severity').selectOption('high');
    await screenshot(page, 'e2e-finding-form-prefilled');
    await form.getByRole('button', { name: 'Add finding' }).click();

    const item = page.locator('[data-testid="findings-list"] li', { hasText: 'Marked in replay' });
    await item.waitFor({ timeout: 10_000 });
    expect(await item.textContent()).toContain('session');
    const label = (await item.locator('span[title]').getAttribute('title')) ?? '';
    expect(label).toContain(session.key);
    await screenshot(page, 'e2e-finding-in-findings-view');

    // Back in the replay view the timeline draws the new finding over its range in the session's lane.
    await page.locator('[data-nav="replay"]').click();
    const range = page.locator(`[data-lane] [data-kind="finding-range"][data-session="${session.id}"][data-ts="${c1}"]`);
    await range.waitFor({ timeout: 10_000 });
    await expect(range.getAttribute('data-end')).resolves.toBe(String(c3));
    // A Shift+drag range offers "New finding from selection".
    const timeline = page.getByTestId('timeline');
    const box = await timeline.boundingBox();
    if (box === null) throw new Error('no timeline');
    await page.keyboard.down('Shift');
    await page.mouse.move(box.x + box.width * 0.3, box.y + 30);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.45, box.y + 30, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await page.getByTestId('brush').getByRole('button', { name: 'New finding from selection' }).waitFor();
    await screenshot(page, 'e2e-finding-on-timeline');

    // From a search hit: the form opens on the hit's session, from 5 s before the hit.
    await page.locator('[data-nav="search"]').click();
    const query = page.getByLabel('Search query');
    await query.fill('journalctl');
    await query.press('Enter');
    await page.locator('#hits-row-0').click();
    await screenshot(page, 'e2e-finding-search-hit');
    await page.getByRole('button', { name: 'New finding from this hit' }).click();
    await page.getByRole('form', { name: 'New finding' }).waitFor();
    await page.waitForFunction(() => (document.querySelector<HTMLSelectElement>('form[aria-label="New finding"] select[aria-label="Session"]')?.value ?? '') !== '', null, { timeout: 10_000 });
    await screenshot(page, 'e2e-finding-form-from-hit');

    await server.stop();
    const listed = JSON.parse(await runCli(['finding', 'list', fixture.caseDir, '--json'], fixture.configDir)) as { findings: FindingView[] };
    const stored = listed.findings.find((f) => f.title === 'Marked in replay');
    expect(stored?.severity).toBe('high');
    expect(stored?.anchors).toEqual([expect.objectContaining({ kind: 'session', sessionId: session.id, sessionKey: session.key, fromUs: c1, toUs: c3 })]);
  }, 120_000);
});
