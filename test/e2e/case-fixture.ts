// Temporary cases for the browser tests, made the way an examiner would: `trailview case new`
// and `trailview case import` on a copy of the shipped sample bundle, with a fresh config dir
// (empty trust store).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { explode, implode, tempDir } from '../helpers/bundles.js';
import { resourcePath, SAMPLE_BUNDLE } from '../../electron/services/resources.js';
import { runCli } from './serve-process.js';

export interface E2eCase {
  root: string;
  caseDir: string;
  configDir: string;
}

export async function caseWith(bundles: readonly string[], prefix: string): Promise<E2eCase> {
  const root = await tempDir(`tv-e2e-${prefix}-`);
  const caseDir = path.join(root, 'case');
  const configDir = path.join(root, 'config');
  await runCli(['case', 'new', caseDir, '--name', `e2e ${prefix}`], configDir);
  if (bundles.length > 0) await runCli(['case', 'import', caseDir, ...bundles], configDir);
  return { root, caseDir, configDir };
}

export function sampleBundle(): string {
  return resourcePath(...SAMPLE_BUNDLE);
}

/**
 * The sample bundle with one byte of one command record changed (`uptime` → `uptimf`), zipped
 * again: what an attacker editing a log would produce. Returns its path and the changed line.
 */
export async function tamperedSample(dir: string): Promise<{ bundle: string; line: number }> {
  const exploded = await explode(sampleBundle(), path.join(dir, 'tampered-dir'));
  const records = path.join(exploded, 'records.jsonl');
  const lines = (await readFile(records, 'utf8')).split('\n');
  const index = lines.findIndex((l) => l.includes('"type":"cmd"') && l.includes('uptime'));
  if (index < 0) throw new Error('the sample has no uptime command to tamper with');
  lines[index] = (lines[index] ?? '').replace('uptime', 'uptimf');
  await writeFile(records, lines.join('\n'));
  return { bundle: await implode(exploded, path.join(dir, 'tampered.trail')), line: index + 1 };
}
