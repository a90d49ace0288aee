// The product's name and version as written into bundles, reports and --version.
import { readFileSync } from 'node:fs';

function readVersion(): string {
  // package.json sits two levels above both electron/services (source) and build/electron/services.
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'trailview' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

export const PRODUCT_NAME = 'trailview';
export const PRODUCT_VERSION = readVersion();
