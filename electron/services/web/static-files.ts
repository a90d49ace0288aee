// Static files of the UI (Vite's output, build/renderer/) for web mode and the Electron app://
// protocol alike: a URL path is mapped to a file only if it stays inside the root after decoding
// and normalising (no `..`, no encoded separators, no NUL, no symlink out of the root), with the
// MIME type from a fixed list (nosniff is set: the type must be right).
import { existsSync, realpathSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function mimeType(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The relative file path a URL path names inside the root, or null when it tries to leave it or
 * is malformed. Pure: no file system access. `/` is index.html.
 */
export function safeRelativePath(urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  // Windows drive letters and alternate data streams: `C:`, `file.js:stream`.
  if (segments.some((s) => s.includes(':'))) return null;
  const rel = segments.filter((s) => s !== '').join('/');
  return rel === '' ? 'index.html' : rel;
}

/** Resolves a URL path to an existing file inside `root` (real paths compared), else null. */
export async function resolveStaticFile(root: string, urlPath: string): Promise<string | null> {
  const rel = safeRelativePath(urlPath);
  if (rel === null) return null;
  const realRoot = await realpath(root).catch(() => null);
  if (realRoot === null) return null;
  const candidate = path.join(realRoot, rel);
  const real = await realpath(candidate).catch(() => null);
  if (real === null || !isInside(realRoot, real)) return null;
  const info = await stat(real).catch(() => null);
  return info?.isFile() === true ? real : null;
}

export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * build/renderer/ of this installation: found from the package root (the folder holding our
 * package.json), whether this module runs from the sources or from build/.
 */
export function defaultRendererDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'electron'))) return path.join(realpathSync(dir), 'build', 'renderer');
    dir = path.dirname(dir);
  }
  return path.resolve('build', 'renderer');
}
