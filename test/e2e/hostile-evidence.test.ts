// Security, end to end in Chromium: evidence carrying HTML-like text and terminal escape sequences
// is shown as text everywhere (case, sessions, search) and never runs: no script sets the page
// flag, no dialog opens, no <img> from evidence appears in the DOM. And the page's CSP refuses an
// inline script even if one were injected.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newPage, screenshot } from './browser.js';
import { caseWith, type E2eCase } from './case-fixture.js';
import { ensureBuilt } from './ensure-built.js';
import { HOSTILE, hostileBundle } from './hostile-bundle.js';
import { startServe, type ServeProcess } from './serve-process.js';
import { tempDir } from '../helpers/bundles.js';

let fixture: E2eCase;
let server: ServeProcess;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];
let sourceDir: string | undefined;

async function pwned(p: Page): Promise<unknown> {
  return p.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
}

async function evidenceImages(p: Page): Promise<number> {
  return p.locator('img[src="x"]').count();
}

beforeAll(async () => {
  ensureBuilt();
  sourceDir = await tempDir('tv-e2e-hostile-src-');
  const bundle = await hostileBundle(sourceDir);
  fixture = await caseWith([bundle], 'hostile');
  server = await startServe(fixture.caseDir, fixture.configDir);
  browser = await launchChromium();
  page = await newPage(browser, { dark: true });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(server.url);
  await page.locator('body[data-ready="case"]').waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (fixture !== undefined) await rm(fixture.root, { recursive: true, force: true });
  if (sourceDir !== undefined) await rm(sourceDir, { recursive: true, force: true });
});

describe('hostile evidence in the UI', () => {
  it('shows file, user and host names with markup as text on the case view', async () => {
    const row = page.locator('[data-testid="evidence-table"] tbody tr').first();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(HOSTILE.fileName);
    expect(text).toContain(HOSTILE.user);
    expect(text).toContain(HOSTILE.host);
    expect(await row.locator('b, i').count()).toBe(0);
    expect(await evidenceImages(page)).toBe(0);
    expect(await pwned(page)).toBeUndefined();
    await screenshot(page, 'e2e-hostile-case');
  });

  it('shows commands with markup and escapes as text in a session, escapes made visible', async () => {
    await page.keyboard.press('Control+2');
    await page.locator('#sessions-row-0').click();
    const commands = page.locator('[data-testid="commands"]');
    await commands.waitFor();
    const text = (await commands.textContent()) ?? '';
    expect(text).toContain(HOSTILE.img);
    expect(text).toContain(HOSTILE.script);
    // ESC is shown as ^[ and BEL as ^G (styled as control characters), the right-to-left override
    // by name: nothing is interpreted.
    expect(text).toContain('printf ^[[31mRED^[[0m ^[]0;evil title^G <U+202E>gnp.exe');
    expect(await commands.locator('.ctl').first().textContent()).toBe('^[');
    expect(await page.title()).toBe('Trailview');
    expect(await evidenceImages(page)).toBe(0);
    expect(await page.locator('[data-testid="commands"] script').count()).toBe(0);
    expect(await pwned(page)).toBeUndefined();
    await screenshot(page, 'e2e-hostile-session');
  });

  it('shows search hits in commands and screen text as text, with highlights', async () => {
    await page.keyboard.press('Control+3');
    await page.getByLabel('Search query').fill('pwned');
    await page.getByLabel('Search query').press('Enter');
    await page.locator('#hits-row-0').waitFor();
    const hits = (await page.getByTestId('hits').textContent()) ?? '';
    expect(hits).toContain('window.__pwned');
    expect(hits).toContain('<script>');
    expect(await page.locator('[data-testid="hits"] mark').count()).toBeGreaterThan(0);
    expect(await evidenceImages(page)).toBe(0);
    expect(await pwned(page)).toBeUndefined();
    await screenshot(page, 'e2e-hostile-search');
  });

  it('runs no inline script even if one is injected (CSP), and no dialog ever opened', async () => {
    const result = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const script = document.createElement('script');
      script.textContent = 'window.__inline = 1';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { inline: (window as unknown as { __inline?: unknown }).__inline, violations };
    });
    expect(result.inline).toBeUndefined();
    expect(result.violations.some((v) => v.startsWith('script-src'))).toBe(true);
    expect(dialogs).toEqual([]);
    await screenshot(page, 'e2e-hostile-csp');
  });
});
