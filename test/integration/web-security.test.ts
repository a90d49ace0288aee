// Web mode's security (electron/services/web/): real HTTP and WebSocket requests against
// startWebServer on a temp copy of the sample case. Refused: no token, a wrong token, a foreign
// Host (DNS rebinding), a foreign Origin, path traversal out of the UI folder (also through a
// symlink), unknown calls and endpoints, bad bodies; the CSP and other headers on every answer;
// uploads land in the staging folder under a safe name; events reach an authorised socket only.
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiSession } from '../../electron/services/api/api-session.js';
import { startWebServer, type RunningWebServer } from '../../electron/services/web/web-server.js';
import { resourcePath, SAMPLE_VKEY } from '../../electron/services/resources.js';
import { sampleCaseCopy, testSession } from '../helpers/api-fixtures.js';
import { tempDir } from '../helpers/bundles.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: RunningWebServer;
let session: ApiSession;
let caseDir: string;
let host: string;
let cookie: string;
const SECRET = 'the examiner\u2019s private notes';

function send(options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: server.port, method: options.method ?? 'GET', path: options.path, headers: { Host: host, ...options.headers }, setHost: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function call(name: string, request: unknown, headers: Record<string, string> = { Cookie: cookie }): Promise<Answer> {
  return send({ method: 'POST', path: '/api/call', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ call: name, request }) });
}

beforeAll(async () => {
  const root = await tempDir('tv-web-');
  const ui = path.join(root, 'renderer');
  await mkdir(path.join(ui, 'assets'), { recursive: true });
  await writeFile(path.join(ui, 'index.html'), '<!doctype html><title>Trailview</title><script type="module" src="./assets/app.js"></script>');
  await writeFile(path.join(ui, 'assets', 'app.js'), 'export const ui = 1;\n');
  await writeFile(path.join(ui, 'assets', 'app.css'), 'body{}\n');
  await writeFile(path.join(root, 'secret.txt'), SECRET);
  await symlink(path.join(root, 'secret.txt'), path.join(ui, 'assets', 'link.txt'));
  caseDir = await sampleCaseCopy();
  const s = await testSession();
  session = s.session;
  await session.openCase(caseDir);
  server = await startWebServer({ session, rendererDir: ui, maxCallBytes: 64 * 1024 });
  host = `127.0.0.1:${server.port}`;
  cookie = `trailview_token_${server.port}=${server.token}`;
});

afterAll(async () => {
  await server?.close();
  await session?.dispose();
});

describe('the document request and the token', () => {
  it('prints a URL with a 32-byte base64url token on 127.0.0.1', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32);
  });

  it('serves index.html for ?token= and sets the token as an HttpOnly SameSite=Strict cookie, with a strict CSP', async () => {
    const answer = await send({ path: `/?token=${server.token}` });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.body).toContain('<title>Trailview</title>');
    expect(answer.headers['set-cookie']).toEqual([`trailview_token_${server.port}=${server.token}; Path=/; HttpOnly; SameSite=Strict`]);
    expect(answer.headers['content-security-policy']).toBe(
      `default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self' ws://127.0.0.1:${server.port} ws://localhost:${server.port}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
  });

  it('refuses every kind of request without the token, or with a wrong one', async () => {
    const wrong = `${server.token.slice(0, -1)}${server.token.endsWith('A') ? 'B' : 'A'}`;
    const refused: Answer[] = [
      await send({ path: '/' }),
      await send({ path: '/assets/app.js' }),
      await send({ path: `/?token=${wrong}` }),
      await send({ path: '/assets/app.js', headers: { Cookie: `trailview_token_${server.port}=${wrong}` } }),
      await send({ path: '/assets/app.js', headers: { 'X-Trailview-Token': wrong } }),
      // A cookie of another port's server is not ours.
      await send({ path: '/assets/app.js', headers: { Cookie: `trailview_token_${server.port + 1}=${server.token}` } }),
      await call('case.current', {}, {}),
      await call('case.current', {}, { 'X-Trailview-Token': '' }),
      await send({ method: 'POST', path: '/api/upload?name=a.trail', body: 'x' }),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(answer.body).not.toContain('sample');
      // Even a refusal carries the security headers.
      expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
    }
  });

  it('answers with the cookie or the header, with the right MIME types', async () => {
    const js = await send({ path: '/assets/app.js', headers: { Cookie: cookie } });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const css = await send({ path: '/assets/app.css', headers: { 'X-Trailview-Token': server.token } });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const current = await call('case.current', {});
    expect(current.status).toBe(200);
    expect(JSON.parse(current.body)).toMatchObject({ ok: true, response: { dir: caseDir } });
  });
});

describe('DNS rebinding and cross-origin requests', () => {
  it('refuses a foreign or missing Host even with the token', async () => {
    for (const h of ['evil.example', `evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, `127.0.0.1.evil.example:${server.port}`, '']) {
      host = h;
      try {
        const answer = await send({ path: `/?token=${server.token}` });
        expect(answer.status, h).toBe(403);
        expect(answer.headers['set-cookie']).toBeUndefined();
        expect((await call('case.current', {})).status).toBe(403);
      } finally {
        host = `127.0.0.1:${server.port}`;
      }
    }
    host = `localhost:${server.port}`;
    try {
      expect((await call('case.current', {})).status).toBe(200);
    } finally {
      host = `127.0.0.1:${server.port}`;
    }
  });

  it('refuses a foreign Origin or a cross-site fetch even with the token', async () => {
    for (const origin of ['http://evil.example', `http://evil.example:${server.port}`, 'null', `https://127.0.0.1:${server.port}`, `http://127.0.0.1:${server.port + 1}`]) {
      expect((await call('case.current', {}, { Cookie: cookie, Origin: origin })).status, origin).toBe(403);
    }
    expect((await call('case.current', {}, { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await call('case.current', {}, { Cookie: cookie, Origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
    expect((await call('case.current', {}, { Cookie: cookie, Origin: `http://localhost:${server.port}` })).status).toBe(200);
  });
});

describe('static files', () => {
  it('never serves a file outside the UI folder', async () => {
    for (const p of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/assets/..%5c..%5csecret.txt', '/assets/link.txt', '/%00index.html', '/C:/secret.txt', '//secret.txt']) {
      const answer = await send({ path: p, headers: { Cookie: cookie } });
      expect(answer.status, p).toBe(404);
      expect(answer.body).not.toContain(SECRET);
    }
  });

  it('only GET and HEAD', async () => {
    expect((await send({ method: 'DELETE', path: '/index.html', headers: { Cookie: cookie } })).status).toBe(405);
    const head = await send({ method: 'HEAD', path: '/assets/app.js', headers: { Cookie: cookie } });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });
});

describe('the call endpoint', () => {
  it('unknown calls and endpoints are 404', async () => {
    const unknown = await call('case.delete', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no such call: "case.delete"' } });
    expect((await send({ method: 'POST', path: '/api/shell', headers: { Cookie: cookie } })).status).toBe(404);
  });

  it('bad bodies are refused with plain words', async () => {
    const notJson = await send({ method: 'POST', path: '/api/call', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: '{call:' });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.code).toBe('BAD_REQUEST');
    const noCall = await send({ method: 'POST', path: '/api/call', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: '{"request":{}}' });
    expect(noCall.status).toBe(400);
    const form = await send({ method: 'POST', path: '/api/call', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'call=case.close' });
    expect(form.status).toBe(415);
    const badField = await call('case.open', { dir: 7 });
    expect(badField.status).toBe(400);
    expect(JSON.parse(badField.body).error).toEqual({ code: 'BAD_REQUEST', message: 'case.open: "dir" must be a string, not number 42'.replace('42', '7') });
    const huge = await call('search.run', { query: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body).error.code).toBe('TOO_LARGE');
    expect((await send({ path: '/api/call', headers: { Cookie: cookie } })).status).toBe(405);
    // The case is still open and answering.
    expect(JSON.parse((await call('case.current', {})).body).response.dir).toBe(caseDir);
  });
});

describe('uploads', () => {
  it('stores the body under a safe name in the staging folder and returns its path', async () => {
    const bytes = await readFile(resourcePath('sample', 'sample.trail'));
    const answer = await send({ method: 'POST', path: `/api/upload?name=${encodeURIComponent('../../evil/sample.trail')}`, headers: { Cookie: cookie }, body: bytes });
    expect(answer.status).toBe(200);
    const stored = (JSON.parse(answer.body) as { path: string }).path;
    // Separators became `_`, leading dots were dropped: one plain file name.
    expect(path.basename(stored)).toBe('_.._evil_sample.trail');
    expect(path.isAbsolute(stored)).toBe(true);
    expect(stored).not.toContain(`${path.sep}evil${path.sep}`);
    expect(Buffer.compare(await readFile(stored), bytes)).toBe(0);
    expect((await send({ method: 'POST', path: '/api/upload', headers: { Cookie: cookie }, body: 'x' })).status).toBe(400);
  });
});

describe('the event socket', () => {
  const wsUrl = (): string => `ws://127.0.0.1:${server.port}/api/events`;

  function refusal(headers: Record<string, string>): Promise<number> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl(), { headers });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('the socket was accepted')));
      ws.on('error', () => undefined);
    });
  }

  it('refuses a socket without the token, with a wrong one, or from a foreign Origin or Host', async () => {
    expect(await refusal({})).toBe(403);
    expect(await refusal({ Cookie: `trailview_token_${server.port}=nope` })).toBe(403);
    expect(await refusal({ Cookie: cookie, Origin: 'http://evil.example' })).toBe(403);
    expect(await refusal({ Cookie: cookie, Host: `evil.example:${server.port}` })).toBe(403);
  });

  it('delivers the services\u2019 events to an authorised socket as {event, payload}', async () => {
    const ws = new WebSocket(wsUrl(), { headers: { Cookie: cookie, Origin: `http://127.0.0.1:${server.port}` } });
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => resolve());
      ws.on('error', reject);
    });
    const message = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    const vkey = (await readFile(resourcePath(...SAMPLE_VKEY), 'utf8')).trim();
    expect((await call('trust.addKey', { vkey })).status).toBe(200);
    expect(await message).toEqual({ event: 'case.changed', payload: { dir: caseDir } });
    ws.close();
  });
});
