// `trailview serve`: the UI and the API over loopback HTTP + WebSocket (docs/architecture.md,
// "Carriers" and "Web mode: security model"). Bound to 127.0.0.1 only. Every request must carry
// the secret token (the printed URL's `?token=`, then an HttpOnly SameSite=Strict cookie, or the
// X-Trailview-Token header), name this server in Host (DNS rebinding) and, when it has an Origin,
// come from this origin; anything else is 403 before any work is done.
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isApiCall } from '../../core/api/contract.js';
import { CALL_PATH, EVENTS_PATH, TOKEN_PARAM, UPLOAD_PATH, type WebEventMessage } from '../../core/api/web-protocol.js';
import { toErrorBody } from '../api/api-error.js';
import type { ApiSession } from '../api/api-session.js';
import { dispatchCall } from '../api/dispatch.js';
import { BodyTooLarge, readBody } from './request-body.js';
import { defaultRendererDir, mimeType, resolveStaticFile } from './static-files.js';
import { safeUploadName, UploadStaging } from './uploads.js';
import { hostAllowed, newToken, originAllowed, requestToken, securityHeaders, tokenCookie, tokenMatches } from './web-security.js';

export interface WebServerOptions {
  session: ApiSession;
  /** 0 (default): a free port. */
  port?: number;
  /** Vite's output (default build/renderer/ of this installation). */
  rendererDir?: string;
  /** For tests; default 32 random bytes. */
  token?: string;
  /** Largest `/api/call` body (default 1 MiB). */
  maxCallBytes?: number;
  /** Largest upload (default 64 GiB: evidence can be large; it is streamed to disk). */
  maxUploadBytes?: number;
}

export interface RunningWebServer {
  /** The URL to open, with the token: `http://127.0.0.1:PORT/?token=…`. */
  url: string;
  port: number;
  token: string;
  /** Stops accepting, closes sockets, removes uploaded files' staging folder. Does not close the case. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? newToken();
  const rendererDir = options.rendererDir ?? defaultRendererDir();
  const maxCallBytes = options.maxCallBytes ?? 1 << 20;
  const maxUploadBytes = options.maxUploadBytes ?? 64 * 1024 ** 3;
  const uploads = await UploadStaging.create();
  const session = options.session;
  let port = 0;

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const unsubscribe = session.events.subscribe((event, payload) => {
    const text = JSON.stringify({ event, payload } satisfies WebEventMessage);
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(text);
  });

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      session.log(error);
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: toErrorBody(error) });
      else response.destroy();
    });
  });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    for (const [name, value] of Object.entries(securityHeaders(port))) response.setHeader(name, value);
    const refusal = gate(request, port);
    if (refusal !== null) return forbidden(response, refusal);
    const raw = request.url ?? '/';
    // `//host/...` would parse as another authority: only plain absolute paths are requests here.
    if (!raw.startsWith('/') || raw.startsWith('//')) return sendJson(response, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'not found' } });
    const url = new URL(raw, `http://${HOST}:${port}`);
    const queryToken = url.searchParams.get(TOKEN_PARAM);
    if (queryToken !== null) {
      // The document request of the printed URL: the token becomes a cookie for what follows.
      if (!tokenMatches(queryToken, token)) return forbidden(response, 'wrong token');
      response.setHeader('Set-Cookie', tokenCookie(port, token));
    } else if (!tokenMatches(requestToken(request.headers, port), token)) {
      return forbidden(response, 'missing or wrong token: open the URL `trailview serve` printed');
    }

    if (url.pathname === CALL_PATH) return handleCall(request, response);
    if (url.pathname === UPLOAD_PATH) return handleUpload(request, response, url);
    if (url.pathname === EVENTS_PATH) return sendJson(response, 426, { ok: false, error: { code: 'BAD_REQUEST', message: `${EVENTS_PATH} is a WebSocket` } });
    if (url.pathname.startsWith('/api/')) return sendJson(response, 404, { ok: false, error: { code: 'NOT_FOUND', message: `no such endpoint: ${url.pathname}` } });
    return handleStatic(request, response, url);
  };

  const handleCall = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'POST') return methodNotAllowed(response, 'POST');
    // A JSON content type cannot be sent by a plain HTML form: one more wall against cross-site posts.
    if (!/^application\/json(\s*;|$)/i.test(request.headers['content-type'] ?? '')) {
      return sendJson(response, 415, { ok: false, error: { code: 'BAD_REQUEST', message: 'POST /api/call needs Content-Type: application/json' } });
    }
    let body: unknown;
    try {
      body = JSON.parse((await readBody(request, maxCallBytes)).toString('utf8'));
    } catch (error) {
      if (error instanceof BodyTooLarge) return tooLarge(response, error);
      return sendJson(response, 400, { ok: false, error: { code: 'BAD_REQUEST', message: 'the body is not JSON; expected {"call": NAME, "request": {...}}' } });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof (body as { call?: unknown }).call !== 'string') {
      return sendJson(response, 400, { ok: false, error: { code: 'BAD_REQUEST', message: 'expected {"call": NAME, "request": {...}}' } });
    }
    const { call, request: callRequest } = body as { call: string; request?: unknown };
    if (!isApiCall(call)) return sendJson(response, 404, { ok: false, error: { code: 'NOT_FOUND', message: `no such call: ${JSON.stringify(call.slice(0, 100))}` } });
    const result = await dispatchCall(session, call, callRequest);
    sendJson(response, result.ok ? 200 : statusOf(result.error.code), result);
  };

  const handleUpload = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    if (request.method !== 'POST') return methodNotAllowed(response, 'POST');
    const name = safeUploadName(url.searchParams.get('name'));
    if (name === null) return sendJson(response, 400, { ok: false, error: { code: 'BAD_REQUEST', message: 'POST /api/upload needs ?name=FILE_NAME' } });
    try {
      const file = await uploads.receive(request, name, maxUploadBytes);
      sendJson(response, 200, { path: file });
    } catch (error) {
      if (error instanceof BodyTooLarge) return tooLarge(response, error);
      throw error;
    }
  };

  const handleStatic = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return methodNotAllowed(response, 'GET, HEAD');
    let file = await resolveStaticFile(rendererDir, url.pathname);
    if (file === null && !path.extname(url.pathname) && (request.headers.accept ?? '').includes('text/html')) {
      file = await resolveStaticFile(rendererDir, '/'); // client-side routes reload to the app
    }
    if (file === null) {
      if (url.pathname === '/' || url.pathname === '/index.html') {
        response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end(`The UI is not built (${path.join(rendererDir, 'index.html')} is missing): run \`npm run build\`.\n`);
        return;
      }
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('not found\n');
      return;
    }
    response.writeHead(200, { 'Content-Type': mimeType(file) });
    if (request.method === 'HEAD') return void response.end();
    await new Promise<void>((resolve, reject) => {
      createReadStream(file).on('error', reject).pipe(response).on('finish', resolve).on('error', reject);
    });
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', `http://${HOST}:${port}`);
    const refusal = url.pathname !== EVENTS_PATH ? 'not found' : (gate(request, port) ?? (tokenMatches(requestToken(request.headers, port), token) ? null : 'missing or wrong token'));
    if (refusal !== null) {
      socket.end(`HTTP/1.1 ${refusal === 'not found' ? '404 Not Found' : '403 Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      // The socket only carries events to the UI; anything the page sends is ignored.
      ws.on('message', () => undefined);
      ws.on('error', () => ws.terminate());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the web server has no TCP address');
  port = address.port;

  return {
    url: `http://${HOST}:${port}/?${TOKEN_PARAM}=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await uploads.remove();
    },
  };
}

/** Host and Origin checks shared by HTTP and WebSocket requests; the reason when refused. */
function gate(request: IncomingMessage, port: number): string | null {
  if (!hostAllowed(request.headers.host, port)) return `Host must be 127.0.0.1:${port} or localhost:${port}`;
  if (!originAllowed(request.headers.origin, port)) return 'requests from other origins are refused';
  // Browsers say where a request comes from; one made by another site's page is refused outright.
  if (request.headers['sec-fetch-site'] === 'cross-site') return 'cross-site requests are refused';
  return null;
}

function statusOf(code: string): number {
  if (code === 'BAD_REQUEST') return 400;
  if (code === 'NOT_FOUND') return 404;
  if (code === 'INTERNAL') return 500;
  return 409; // the call was understood but the state of the case/app refuses it
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function forbidden(response: ServerResponse, reason: string): void {
  sendJson(response, 403, { ok: false, error: { code: 'FORBIDDEN', message: reason } });
}

function methodNotAllowed(response: ServerResponse, allow: string): void {
  response.setHeader('Allow', allow);
  sendJson(response, 405, { ok: false, error: { code: 'BAD_REQUEST', message: `method not allowed (allowed: ${allow})` } });
}

function tooLarge(response: ServerResponse, error: BodyTooLarge): void {
  response.setHeader('Connection', 'close');
  sendJson(response, 413, { ok: false, error: { code: 'TOO_LARGE', message: error.message } });
}
