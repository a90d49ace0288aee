// The UI's web-bridge client (renderer/src/api/web-client.ts) in a real browser (Debian's Chromium)
// against startWebServer: the client's own sources, transpiled as they are, load as ES modules in
// a test page under the strict CSP; it calls through the cookie the document request set, takes
// the token out of the address bar, turns failures into ApiCallError with the service's code,
// receives events over the WebSocket, and uploads a file whose path the server then knows.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSession } from '../../electron/services/api/api-session.js';
import { resourcePath, SAMPLE_VKEY } from '../../electron/services/resources.js';
import { startWebServer, type RunningWebServer } from '../../electron/services/web/web-server.js';
import { testSession } from '../helpers/api-fixtures.js';
import { tempDir } from '../helpers/bundles.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.TRAILVIEW_CHROMIUM ?? '/usr/bin/chromium';
const SOURCES = ['renderer/src/api/web-client.ts', 'renderer/src/api/api-error.ts', 'electron/core/api/web-protocol.ts'];

const PAGE_SCRIPT = `
import { createWebClient } from './renderer/src/api/web-client.js';
const out = {};
const client = createWebClient();
out.search = location.search;
out.info = await client.call('app.info', {});
try { await client.call('case.open', { dir: 'relative' }); } catch (e) { out.error = { name: e.name, code: e.code, message: e.message }; }
const changed = new Promise((resolve) => client.on('case.changed', resolve));
// Events sent before the socket is open are not replayed: add the key (again) until one arrives.
for (let i = 0; i < 40 && out.event === undefined; i++) {
  out.added = await client.call('trust.addKey', { vkey: window.VKEY });
  out.event = await Promise.race([changed, new Promise((r) => setTimeout(() => r(undefined), 250))]);
}
out.uploaded = await client.upload(new Blob(['evidence bytes']), 'dropped.cast');
client.close();
document.body.dataset.result = JSON.stringify(out);
`;

let server: RunningWebServer;
let session: ApiSession;
let browser: Browser;

beforeAll(async () => {
  const root = await tempDir('tv-client-');
  for (const source of SOURCES) {
    const js = ts.transpileModule(await readFile(path.join(REPO, source), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    }).outputText;
    const target = path.join(root, source.replace(/\.ts$/, '.js'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, js);
  }
  const vkey = (await readFile(resourcePath(...SAMPLE_VKEY), 'utf8')).trim();
  await writeFile(path.join(root, 'vkey.js'), `window.VKEY = ${JSON.stringify(vkey)};\n`);
  await writeFile(path.join(root, 'page.js'), PAGE_SCRIPT);
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>client</title><script src="./vkey.js"></script><script type="module" src="./page.js"></script>');
  session = (await testSession()).session;
  server = await startWebServer({ session, rendererDir: root });
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

describe('the web client in Chromium', () => {
  it.skipIf(!existsSync(CHROMIUM))('calls, fails with ApiCallError, receives events and uploads', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.result !== undefined, undefined, { timeout: 30_000 });
    const out = JSON.parse((await page.evaluate(() => document.body.dataset.result)) ?? '{}') as Record<string, unknown>;
    expect(errors).toEqual([]);
    // The token is gone from the address bar; the cookie carries on.
    expect(out.search).toBe('');
    expect(new URL(page.url()).searchParams.get('token')).toBeNull();
    expect(out.info).toMatchObject({ carrier: 'web', uploads: true });
    expect(out.error).toEqual({ name: 'ApiCallError', code: 'BAD_REQUEST', message: expect.stringContaining('absolute path') });
    expect(out.added).toMatchObject({ name: 'trailview-sample' });
    expect(out.event).toEqual({ dir: null });
    const uploaded = out.uploaded as string;
    expect(path.basename(uploaded)).toBe('dropped.cast');
    expect(await readFile(uploaded, 'utf8')).toBe('evidence bytes');
    await page.close();
  });
});
