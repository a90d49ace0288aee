// Builds and takes apart real bundles for tests: sealed with the shipped sample key, exploded into
// directory form so tests can change bytes, lines, entries, keys and checkpoints like an attacker.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseSignerKey, parseVerifierKey, type SignerKey, type VerifierKey } from '../../electron/core/note-keys.js';
import type { TrailEvent } from '../../electron/core/records.js';
import { openBundle } from '../../electron/services/bundle/open-bundle.js';
import { writeZipBundle } from '../../electron/services/bundle/zip-writer.js';
import { generateDemoEvents, type DemoOptions } from '../../electron/services/demo/generate-demo.js';
import { resourcePath, SAMPLE_KEY, SAMPLE_VKEY } from '../../electron/services/resources.js';
import { sealBundle, type SourcedEvent } from '../../electron/services/seal/seal-bundle.js';

export async function tempDir(prefix = 'trailview-test-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

export async function sampleSigner(): Promise<SignerKey> {
  return parseSignerKey((await readFile(resourcePath(...SAMPLE_KEY), 'utf8')).trim());
}

export async function sampleVerifier(): Promise<VerifierKey> {
  return parseVerifierKey((await readFile(resourcePath(...SAMPLE_VKEY), 'utf8')).trim());
}

export function sourced(events: Iterable<TrailEvent>, label = 'test'): Iterable<SourcedEvent> {
  return (function* () {
    let n = 0;
    for (const event of events) yield { event, from: `${label} event ${++n}` };
  })();
}

export async function sealDemo(out: string, demo: DemoOptions, origin = 'test.example/log', signers?: SignerKey[]): Promise<string> {
  await sealBundle({
    out,
    origin,
    signers: signers ?? [await sampleSigner()],
    events: sourced(generateDemoEvents(demo)),
    createdAt: '2024-11-22T00:00:00.000000Z',
    bundleId: `test-${demo.seed}`,
  });
  return out;
}

/** Copies every entry of a bundle into a directory bundle. */
export async function explode(bundle: string, dir: string): Promise<string> {
  const source = await openBundle(bundle);
  try {
    for (const entry of source.entries()) {
      const target = path.join(dir, ...entry.name.split('/'));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, await source.readEntry(entry.name, 1 << 30));
    }
  } finally {
    await source.close();
  }
  return dir;
}

/** Zips a directory bundle back (entries in a stable order). */
export async function implode(dir: string, out: string): Promise<string> {
  const names = await listFiles(dir);
  await rm(out, { force: true });
  await writeZipBundle(
    out,
    names.map((name) => ({ name, data: path.join(dir, ...name.split('/')) })),
  );
  return out;
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await readdir(path.join(dir, prefix), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out;
}

export async function readRecordLines(dir: string): Promise<string[]> {
  const text = await readFile(path.join(dir, 'records.jsonl'), 'utf8');
  return text.split('\n').slice(0, -1);
}

export async function writeRecordLines(dir: string, lines: readonly string[]): Promise<void> {
  await writeFile(path.join(dir, 'records.jsonl'), lines.map((l) => `${l}\n`).join(''));
}
