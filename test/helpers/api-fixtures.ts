// Fixtures for the API service and web-mode tests: the real sample case (built once per test file
// from resources/sample with the project's own import pipeline) copied to a fresh temp folder per
// test, an ApiSession with its own config dir, a recorder of the session's events, and a bundle
// with one record edited (verifies as `invalid`).
import { chmod, cp, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ApiEvent, ApiEvents } from '../../electron/core/api/contract.js';
import { ApiSession } from '../../electron/services/api/api-session.js';
import { serviceApi } from '../../electron/services/api/dispatch.js';
import { buildSampleCase } from '../../electron/services/api/sample-case.js';
import { resourcePath, SAMPLE_BUNDLE } from '../../electron/services/resources.js';
import { explode, implode, readRecordLines, tempDir, writeRecordLines } from './bundles.js';

let built: Promise<string> | null = null;

/** The sample case, built once per test file (in a temp folder); do not modify: use sampleCaseCopy. */
export function sampleCaseOriginal(): Promise<string> {
  built ??= (async () => {
    const dir = path.join(await tempDir('tv-api-sample-'), 'case');
    await buildSampleCase(dir);
    return dir;
  })();
  return built;
}

/** A byte-exact copy of the sample case (modes and times kept) in a fresh temp folder. */
export async function sampleCaseCopy(): Promise<string> {
  const source = await sampleCaseOriginal();
  const target = path.join(await tempDir('tv-api-case-'), 'case');
  await cp(source, target, { recursive: true, preserveTimestamps: true });
  return target;
}

export async function testSession(options: { carrier?: 'web' | 'electron' } = {}): Promise<{ session: ApiSession; api: ReturnType<typeof serviceApi>; configDir: string; errors: unknown[] }> {
  const configDir = await tempDir('tv-api-config-');
  const errors: unknown[] = [];
  const session = new ApiSession({ carrier: options.carrier ?? 'web', configDir, uploads: options.carrier !== 'electron', log: (e) => errors.push(e) });
  return { session, api: serviceApi(session), configDir, errors };
}

export interface RecordedEvent {
  event: ApiEvent;
  payload: unknown;
}

/** Records every event of a session; `next(event)` waits for the next one of that name. */
export function recordEvents(session: ApiSession) {
  const events: RecordedEvent[] = [];
  const waiters: Array<{ event: ApiEvent; resolve: (payload: unknown) => void }> = [];
  session.events.subscribe((event, payload) => {
    events.push({ event, payload });
    for (const w of waiters.filter((w) => w.event === event)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(payload);
    }
  });
  return {
    events,
    of<E extends ApiEvent>(event: E): Array<ApiEvents[E]> {
      return events.filter((e) => e.event === event).map((e) => e.payload as ApiEvents[E]);
    },
    next<E extends ApiEvent>(event: E): Promise<ApiEvents[E]> {
      return new Promise((resolve) => waiters.push({ event, resolve: resolve as (payload: unknown) => void }));
    },
  };
}

/** The sample bundle with one character of one output record changed: verifies `invalid`. */
export async function tamperedSampleBundle(): Promise<string> {
  const work = await tempDir('tv-api-tampered-');
  const dir = await explode(resourcePath(...SAMPLE_BUNDLE), path.join(work, 'exploded'));
  const lines = await readRecordLines(dir);
  const index = lines.findIndex((l, i) => i > 100 && l.includes('"type":"out"'));
  if (index < 0) throw new Error('test helper: no output record to edit');
  const line = lines[index] as string;
  // Change one base64/text character inside the data field, keeping the line valid JSON.
  const at = line.lastIndexOf('"') - 2;
  lines[index] = line.slice(0, at) + (line[at] === 'A' ? 'B' : 'A') + line.slice(at + 1);
  await writeRecordLines(dir, lines);
  return implode(dir, path.join(work, 'tampered.trail'));
}

/** Makes every file of a case folder writable again (evidence is 0444) so temp folders can be edited. */
export async function makeWritable(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) await chmod(path.join(entry.parentPath, entry.name), 0o644);
  }
}
