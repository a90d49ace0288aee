// Where a worker thread's compiled script is. Workers must run JavaScript: beside the calling
// module in the build (and the packaged app), or, when that module runs from TypeScript sources
// (vitest), the build's copy of the same folder (`electron/…` → `build/electron/…`).
import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** `fileName` beside `moduleUrl` (the caller's import.meta.url), or the build's copy; null when neither exists (not built). */
export function builtWorkerScript(moduleUrl: string, fileName: string): URL | null {
  const beside = new URL(`./${fileName}`, moduleUrl);
  const besidePath = fileURLToPath(beside);
  if (existsSync(besidePath)) return beside;
  const at = besidePath.lastIndexOf(`${sep}electron${sep}`);
  if (at < 0) return null;
  const built = `${besidePath.slice(0, at)}${sep}build${besidePath.slice(at)}`;
  return existsSync(built) ? pathToFileURL(built) : null;
}
