// End to end, in Debian's Chromium against `trailview serve` on a temporary case made from the
// sample bundle: open the case and see verdicts, import a tampered bundle and see `invalid` with
// its finding, trust a key and see a bundle it signed verified, search and open a hit.
// Each test saves a screenshot under test-results/.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newPage, screenshot } from './browser.js';
import { caseWith, sampleBundle, tamperedSample, type E2eCase } from './case-fixture.js';
import { ensureBuilt } from './ensure-built.js';
import { startServe, type ServeProcess } from './serve-process.js';
import { demoBundle } from '../helpers/case-fixtures.js';
import { resourcePath, SAMPLE_VKEY } from '../../electron/services/resources.js';

let fixture: E2eCase;
let server: ServeProcess;
let browser: Browser;
let page: Page;
/** Folders of demo bundles made by the tests, removed at the end. */
const scratch: string[] = [];

async function importThroughDialog(p: Page, bundle: string): Promise<void> {
  await p.keyboard.press('Control+i');
  const dialog = p.getByRole('dialog', { name: 'Import evidence' });
  await dialog.getByLabel('Paths to import').fill(bundle);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  // The dialog keeps showing the previous import's outcome until this one starts: wait for this item.
  await dialog.locator('.import-item[data-status="imported"]', { hasText: bundle }).waitFor({ timeout: 60_000 });
}

beforeAll(async () => {
  ensureBuilt();
  fixture = await caseWith([sampleBundle()], 'workstation');
  server = await startServe(fixture.caseDir, fixture.configDir);
  browser = await launchChromium();
  page = await newPage(browser);
  await page.goto(server.url);
  await page.locator('body[data-ready="case"]').waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (fixture !== undefined) await rm(fixture.root, { recursive: true, force: true });
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

describe('the workstation UI in Chromium', () => {
  it('opens the case and shows each evidence item with its verdict and finding', async () => {
    const row = page.locator('[data-testid="evidence-table"] tr[data-evidence="sample.trail"]');
    await expect(row.locator('[data-verdict]').getAttribute('data-verdict')).resolves.toBe('untrusted');
    // Not green: the sample key is not in this fresh trust store.
    const badgeColour = await row.locator('[data-verdict]').evaluate((el) => getComputedStyle(el).backgroundColor);
    const verifiedColour = await page.evaluate(() => {
      const probe = document.createElement('span');
      probe.className = 'badge verdict-verified';
      document.body.append(probe);
      const colour = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return colour;
    });
    expect(badgeColour).not.toBe(verifiedColour);
    const detail = page.getByTestId('evidence-detail');
    await expect(detail.locator('[data-finding="KEY_UNTRUSTED"]').textContent()).resolves.toContain('not in your trust store');
    await expect(detail.getByRole('region', { name: 'Not covered' }).textContent()).resolves.toContain('who signed it');
    await expect(page.getByTestId('status-case').textContent()).resolves.toContain('e2e workstation');
    await screenshot(page, 'e2e-case-verdicts');
  });

  it('imports a tampered bundle and shows it invalid, with the modified record', async () => {
    const { bundle, line } = await tamperedSample(fixture.root);
    await importThroughDialog(page, bundle);
    const item = page.locator('.import-item[data-status="imported"]', { hasText: bundle });
    await expect(item.locator('[data-verdict]').getAttribute('data-verdict')).resolves.toBe('invalid');
    await screenshot(page, 'e2e-import-tampered-dialog');
    await page.getByRole('dialog', { name: 'Import evidence' }).getByRole('button', { name: 'Close', exact: true }).click();

    const row = page.locator('tr[data-evidence="tampered.trail"]');
    await row.click();
    await expect(row.locator('[data-verdict]').getAttribute('data-verdict')).resolves.toBe('invalid');
    const finding = page.getByTestId('evidence-detail').locator('[data-finding="RECORD_MODIFIED"]');
    await finding.waitFor();
    const text = (await finding.textContent()) ?? '';
    expect(text).toContain('records.jsonl');
    expect(text).toContain(`line ${line}`);
    await screenshot(page, 'e2e-import-tampered-invalid');
  });

  it('trusts a key, then a bundle it signed imports as verified (green); removes the key', async () => {
    await page.getByRole('button', { name: /^Trust/ }).click();
    const vkey = (await readFile(resourcePath(...SAMPLE_VKEY), 'utf8')).trim();
    await page.getByLabel('Verifier key').fill(vkey);
    await page.getByLabel('Comment').fill('sample key, for the e2e test');
    await page.getByRole('button', { name: 'Trust this key' }).click();
    const keyRow = page.locator('[data-testid="trusted-keys"] tr[data-key="trailview-sample"]');
    await keyRow.waitFor();
    await expect(keyRow.textContent()).resolves.toContain('3d4b4fc6');
    await screenshot(page, 'e2e-trust-key-added');

    const signed = await demoBundle(11, 50_000, 2);
    scratch.push(path.dirname(signed));
    await page.getByRole('button', { name: /^Case/ }).click();
    await importThroughDialog(page, signed);
    await page.getByRole('dialog', { name: 'Import evidence' }).getByRole('button', { name: 'Close', exact: true }).click();
    const row = page.locator(`tr[data-evidence="${path.basename(signed)}"]`);
    await expect(row.locator('[data-verdict]').getAttribute('data-verdict')).resolves.toBe('verified');
    const colour = await row.locator('[data-verdict]').evaluate((el) => getComputedStyle(el).backgroundColor);
    const untrusted = await page.locator('tr[data-evidence="sample.trail"] [data-verdict]').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(colour).not.toBe(untrusted);
    await screenshot(page, 'e2e-trust-verified-import');

    await page.getByRole('button', { name: /^Trust/ }).click();
    await page.getByRole('button', { name: 'Remove key trailview-sample' }).click();
    await page.getByRole('button', { name: 'Remove trailview-sample' }).click();
    await page.getByText('No key is trusted').waitFor();
    await expect(page.locator('[data-testid="trusted-keys"]').count()).resolves.toBe(0);
    await screenshot(page, 'e2e-trust-key-removed');
  });

  it('uploads a bundle chosen in the browser and imports it (web mode)', async () => {
    const bundle = await demoBundle(12, 50_000, 1);
    scratch.push(path.dirname(bundle));
    await page.keyboard.press('Control+1');
    await page.keyboard.press('Control+i');
    const dialog = page.getByRole('dialog', { name: 'Import evidence' });
    await dialog.locator('input[type="file"]').setInputFiles(bundle);
    // Uploaded files are imported from the server's staging folder, under their own name.
    const item = dialog.locator('.import-item[data-status="imported"]', { hasText: path.basename(bundle) });
    await item.waitFor({ timeout: 60_000 });
    // The key was removed in the previous test: signed, but by a key no longer trusted.
    await expect(item.locator('[data-verdict]').getAttribute('data-verdict')).resolves.toBe('untrusted');
    await screenshot(page, 'e2e-upload-import');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await page.locator(`tr[data-evidence="${path.basename(bundle)}"]`).waitFor();
  });

  it('searches with filter chips and opens a hit at its command', async () => {
    await page.keyboard.press('Control+3');
    const box = page.getByLabel('Search query');
    await box.fill('shadow user:mallory in:commands');
    await box.press('Enter');
    await expect(page.locator('[data-chip="user"]').textContent()).resolves.toBe('user: mallory');
    await expect(page.locator('[data-chip="in"]').textContent()).resolves.toBe('in commands');
    const first = page.locator('#hits-row-0');
    await first.waitFor();
    const hitText = (await first.textContent()) ?? '';
    expect(hitText).toContain('shadow');
    expect(await first.locator('mark').first().textContent()).toMatch(/shadow/i);
    await screenshot(page, 'e2e-search-hits');

    await box.press('ArrowDown');
    await page.keyboard.press('Shift+Enter');
    const detail = page.getByTestId('session-detail');
    await detail.waitFor();
    const selected = detail.locator('[data-testid="commands"] [aria-selected="true"]');
    await expect(selected.textContent()).resolves.toContain('shadow');
    await expect(page.locator('main').getAttribute('data-view')).resolves.toBe('sessions');
    await screenshot(page, 'e2e-search-opened-session');

    // Enter opens the moment in the view that shows session moments (replay once it exists).
    await page.keyboard.press('Control+3');
    await page.locator('#hits-row-0').click();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('main')?.getAttribute('data-view') !== 'search');
    expect(['replay', 'sessions']).toContain(await page.locator('main').getAttribute('data-view'));
    await screenshot(page, 'e2e-search-opened-moment');
  });

  it('Enter on a session in Sessions opens it (in Replay when there is one)', async () => {
    await page.keyboard.press('Control+2');
    const list = page.getByRole('listbox', { name: 'Sessions' });
    await list.locator('#sessions-row-0').click();
    await page.keyboard.press('Enter');
    // With a replay view in the registry (engineer D's), Enter goes there; without one it shows the detail.
    if ((await page.locator('[data-nav="replay"]').count()) > 0) {
      await page.waitForFunction(() => document.querySelector('main')?.getAttribute('data-view') === 'replay');
    } else {
      await page.getByTestId('session-detail').waitFor();
    }
    await screenshot(page, 'e2e-sessions-enter');
  });

  it('reports a query mistake with its column, without searching', async () => {
    await page.keyboard.press('Control+3');
    await page.getByLabel('Search query').fill('user:alice (kubectl OR sudo');
    await expect(page.getByTestId('query-error').textContent()).resolves.toBe('unbalanced parenthesis at column 12');
    await screenshot(page, 'e2e-search-error');
  });

  it('closes the case, lists it among recent cases, and opens it again from there', async () => {
    await page.keyboard.press('Control+1');
    await page.getByRole('button', { name: 'Close case' }).click();
    await page.getByRole('heading', { name: 'No case open' }).waitFor();
    const recent = page.getByRole('region', { name: 'Recent cases' }).locator('tr', { hasText: 'e2e workstation' });
    await recent.waitFor();
    await screenshot(page, 'e2e-case-start');
    await recent.click();
    await page.locator('[data-testid="evidence-table"] tr[data-evidence="tampered.trail"]').waitFor();
    await expect(page.getByTestId('status-case').textContent()).resolves.toContain('e2e workstation');
  });

  it('creates a new case from the start page (Mod+Shift+N) and shows it empty', async () => {
    const dir = path.join(fixture.root, 'second-case');
    await page.keyboard.press('Control+Shift+N');
    await page.getByLabel('New case folder').fill(dir);
    await page.getByLabel('Case name').fill('second <case>');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'second <case>' }).waitFor();
    await page.getByText('No evidence yet.').waitFor();
    await expect(page.getByTestId('status-case').textContent()).resolves.toContain('second <case> · 0 evidence');
    await screenshot(page, 'e2e-case-new');
  });
});
