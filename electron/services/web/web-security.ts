// The web bridge's gatekeeping, as pure functions (tested without a server): the secret token
// (cookie or header), the Host and Origin checks that stop DNS rebinding and cross-site requests,
// and the response headers (CSP and friends). docs/architecture.md, "Web mode: security model".
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { TOKEN_HEADER } from '../../core/api/web-protocol.js';

/** 32 random bytes, base64url: the capability the printed URL carries. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Cookies are not separated by port: two `trailview serve` on one machine would overwrite each
 * other's cookie under one name. The port in the name keeps them apart.
 */
export function tokenCookieName(port: number): string {
  return `trailview_token_${port}`;
}

export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

/** The token a request carries: the X-Trailview-Token header, else our cookie. */
export function requestToken(headers: Readonly<Record<string, string | string[] | undefined>>, port: number): string | null {
  const header = headers[TOKEN_HEADER.toLowerCase()];
  if (typeof header === 'string' && header !== '') return header;
  const cookie = headers.cookie;
  const text = Array.isArray(cookie) ? cookie.join('; ') : cookie;
  if (typeof text !== 'string') return null;
  const name = tokenCookieName(port);
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Constant-time comparison: the token must not leak through response timing. */
export function tokenMatches(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The only Host values we answer: a rebinding attack arrives with the attacker's host name. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function hostAllowed(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).includes(host.toLowerCase());
}

/** Origin, when the browser sends one, must be our own (a page elsewhere cannot drive the API). */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return allowedHosts(port).some((h) => origin.toLowerCase() === `http://${h}`);
}

/**
 * Strict CSP: our own scripts only (never inline), inline styles allowed because xterm.js sets
 * them, no framing, no forms, no base, connections only back to this server.
 */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
