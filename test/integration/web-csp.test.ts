// The web-mode Content-Security-Policy holds in a real browser (Debian's Chromium via
// playwright-core): a page served by `startWebServer` that contains inline script, an inline event
// handler and a remote image runs none of them, while the page's own script file (script-src
// 'self') does run. This is what keeps HTML-like text in evidence from ever executing.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSession } from '../../electron/services/api/api-session.js';
import { startWebServer, type RunningWebServer } from '../../electron/services/web/web-server.js';
import { testSession } from '../helpers/api-fixtures.js';
import { tempDir } from '../helpers/bundles.js';

const CHROMIUM = process.env.TRAILVIEW_CHROMIUM ?? '/usr/bin/chromium';

let server: RunningWebServer;
let session: ApiSession;
let browser: Browser;

beforeAll(async () => {
  const ui = path.join(await tempDir('tv-csp-'), 'renderer');
  await mkdir(path.join(ui, 'assets'), { recursive: true });
  await writeFile(
    path.join(ui, 'index.html'),
    `<!doctype html><title>start</title>
<script>document.title = 'inline script ran';</script>
<img src="x.png" onerror="document.title = 'inline handler ran'">
<img id="remote" src="http://example.invalid/pixel.png">
<script type="module" src="./assets/app.js"></script>`,
  );
  await writeFile(path.join(ui, 'assets', 'app.js'), "document.body.dataset.own = 'ran';\n");
  session = (await testSession()).session;
  server = await startWebServer({ session, rendererDir: ui });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await session?.dispose();
});

describe('the CSP in Chromium', () => {
  it.skipIf(!existsSync(CHROMIUM))('runs the page\u2019s own script file and blocks inline script, inline handlers and remote content', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    const remote: string[] = [];
    page.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) violations.push(m.text());
    });
    // A blocked request may still be announced; it must never get a response.
    page.on('response', (r) => {
      if (r.url().includes('example.invalid')) remote.push(r.url());
    });
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.own === 'ran');
    expect(await page.title()).toBe('start');
    expect(violations.some((v) => v.includes('script-src'))).toBe(true);
    expect(violations.some((v) => v.includes('img-src') && v.includes('example.invalid'))).toBe(true);
    expect(remote).toEqual([]);
    // The cookie that came with the document authorises the page's own calls.
    const answer = await page.evaluate(async () => {
      const r = await fetch('/api/call', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ call: 'app.info', request: {} }) });
      return (await r.json()) as { ok: boolean; response: { carrier: string } };
    });
    expect(answer).toMatchObject({ ok: true, response: { carrier: 'web' } });
    await page.close();
  });
});
