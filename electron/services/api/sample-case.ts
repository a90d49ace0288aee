// The sample case `npm start` and `trailview serve` open when no case is given: built on first use
// from resources/sample/sample.trail into the config dir (sample-case/), imported with the shipped
// sample key trusted for that one import (so it shows `verified`, without adding a demonstration
// key to the examiner's own trust store), and reused afterwards.
import { readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseVerifierKey } from '../../core/note-keys.js';
import { createCase } from '../case/case.js';
import { importEvidence } from '../case/import/import-evidence.js';
import { resourcePath, SAMPLE_BUNDLE, SAMPLE_VKEY } from '../resources.js';

export const SAMPLE_CASE_FOLDER = 'sample-case';
export const SAMPLE_CASE_NAME = 'Sample incident';

/** The sample case's folder in `configDir`, built there if it does not exist yet. */
export async function ensureSampleCase(configDir: string): Promise<string> {
  const dir = path.join(configDir, SAMPLE_CASE_FOLDER);
  if (await isCaseFolder(dir)) return dir;
  // Build beside it and rename into place: a run interrupted half way never leaves a half case
  // under the final name, and two first runs at once cannot both write into one folder.
  const staging = `${dir}.building-${process.pid}-${Date.now()}`;
  try {
    await buildSampleCase(staging);
    await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Someone else finished first: use theirs.
      if ((error.code === 'ENOTEMPTY' || error.code === 'EEXIST') && (await isCaseFolder(dir))) return;
      throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return dir;
}

/** Creates a case at `dir` (new or empty) holding the shipped sample bundle, verified. */
export async function buildSampleCase(dir: string): Promise<void> {
  const trusted = [parseVerifierKey((await readFile(resourcePath(...SAMPLE_VKEY), 'utf8')).trim())];
  const handle = await createCase(dir, { name: SAMPLE_CASE_NAME, examiner: 'sample' });
  try {
    const [outcome] = await importEvidence(handle, [resourcePath(...SAMPLE_BUNDLE)], { trusted });
    if (outcome?.status !== 'imported') {
      throw new Error(`the sample bundle could not be imported: ${outcome?.problems.map((p) => p.message).join('; ') ?? 'no outcome'}`);
    }
  } finally {
    await handle.close();
  }
}

async function isCaseFolder(dir: string): Promise<boolean> {
  return stat(path.join(dir, 'case.sqlite')).then(
    (s) => s.isFile(),
    () => false,
  );
}
