// The web bridge's pure guards (electron/services/web/): token comparison and extraction, Host and
// Origin checks, static path mapping, upload names, and the import throughput meter.
import { describe, expect, it } from 'vitest';
import { ThroughputMeter } from '../../electron/services/api/throughput.js';
import { mimeType, safeRelativePath } from '../../electron/services/web/static-files.js';
import { safeUploadName } from '../../electron/services/web/uploads.js';
import { hostAllowed, newToken, originAllowed, requestToken, tokenMatches } from '../../electron/services/web/web-security.js';

describe('tokens', () => {
  it('are 32 random bytes in base64url, different every time', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(a);
  });

  it('match only exactly', () => {
    const t = newToken();
    expect(tokenMatches(t, t)).toBe(true);
    expect(tokenMatches(`${t}x`, t)).toBe(false);
    expect(tokenMatches(t.slice(1), t)).toBe(false);
    expect(tokenMatches('', t)).toBe(false);
    expect(tokenMatches(null, t)).toBe(false);
  });

  it('are read from the header first, else from this port\u2019s cookie', () => {
    expect(requestToken({ 'x-trailview-token': 'h', cookie: 'trailview_token_80=c' }, 80)).toBe('h');
    expect(requestToken({ cookie: 'a=1; trailview_token_80=c; b=2' }, 80)).toBe('c');
    expect(requestToken({ cookie: 'trailview_token_81=c' }, 80)).toBeNull();
    expect(requestToken({ cookie: 'xtrailview_token_80=c' }, 80)).toBeNull();
    expect(requestToken({}, 80)).toBeNull();
  });
});

describe('Host and Origin', () => {
  it('only loopback names with our port', () => {
    expect(hostAllowed('127.0.0.1:8080', 8080)).toBe(true);
    expect(hostAllowed('LOCALHOST:8080', 8080)).toBe(true);
    for (const h of ['127.0.0.1', '127.0.0.1:8081', 'evil.example:8080', '[::1]:8080', '0.0.0.0:8080', undefined]) expect(hostAllowed(h, 8080), String(h)).toBe(false);
  });

  it('no Origin is fine (top-level navigation); any other origin than ours is not', () => {
    expect(originAllowed(undefined, 8080)).toBe(true);
    expect(originAllowed('http://127.0.0.1:8080', 8080)).toBe(true);
    for (const o of ['null', 'http://127.0.0.1:8081', 'https://127.0.0.1:8080', 'http://evil.example', 'http://127.0.0.1:8080.evil.example']) expect(originAllowed(o, 8080), o).toBe(false);
  });
});

describe('static paths', () => {
  it('maps plain paths and refuses any way out', () => {
    expect(safeRelativePath('/')).toBe('index.html');
    expect(safeRelativePath('/assets/a.js')).toBe('assets/a.js');
    expect(safeRelativePath('/assets//a.js')).toBe('assets/a.js');
    for (const p of ['/../x', '/a/../../x', '/%2e%2e/x', '/a/%2E%2E%2Fx', '/a\\..\\x', '/a%5cb', '/%00', '/c:/x', 'relative', '/%E0%A4%A']) expect(safeRelativePath(p), p).toBeNull();
  });

  it('knows the MIME types the UI needs', () => {
    expect(mimeType('a.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('a.woff2')).toBe('font/woff2');
    expect(mimeType('a.unknown')).toBe('application/octet-stream');
  });
});

describe('upload names', () => {
  it('become one safe path segment', () => {
    expect(safeUploadName('incident.trail')).toBe('incident.trail');
    expect(safeUploadName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeUploadName('a\\b:c\u0000d')).toBe('a_b_c_d');
    expect(safeUploadName('...')).toBeNull();
    expect(safeUploadName('')).toBeNull();
    expect(safeUploadName(null)).toBeNull();
    expect(safeUploadName('x'.repeat(500))).toHaveLength(200);
  });
});

describe('throughput', () => {
  it('is bytes per second over the recent window, restarting with each phase', () => {
    const m = new ThroughputMeter();
    expect(m.update('0/copy', 0, 0)).toBeNull();
    expect(m.update('0/copy', 100, 100)).toBeNull(); // too early to tell
    expect(m.update('0/copy', 1000, 1000)).toBe(1000);
    // A stall shows: after the window passes with no progress, the rate falls toward zero.
    m.update('0/copy', 1000, 4000);
    expect(m.update('0/copy', 1000, 5000)).toBeLessThan(100);
    expect(m.update('0/verify', 0, 5100)).toBeNull();
    expect(m.update('0/verify', 500, 5600)).toBe(1000);
  });
});
