// Files shipped in resources/ (sample case, sample keys), found from both the sources and build/.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function resourcePath(...segments: string[]): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // electron/services → ../../resources ; build/electron/services → ../../../resources
  for (const up of ['../..', '../../..']) {
    const candidate = path.resolve(here, up, 'resources');
    if (existsSync(candidate)) return path.join(candidate, ...segments);
  }
  throw new Error(`resources folder not found near ${here}`);
}

/** The signing key of the shipped sample: public knowledge, for demos and tests only. */
export const SAMPLE_KEY = ['keys', 'trailview-sample.key'] as const;
export const SAMPLE_VKEY = ['keys', 'trailview-sample.vkey'] as const;
export const SAMPLE_BUNDLE = ['sample', 'sample.trail'] as const;
export const SAMPLE_ORIGIN = 'trailview.example/sample-incident';
