// CASE/keyframes/<evidence sha256>.json: the stored keyframes of one evidence item. Derived data:
// written atomically (temporary file, fsync, rename) and read-only; a missing, unreadable or stale
// file (built from a records.jsonl of another size, an older format) is simply rebuilt.
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { KEYFRAMES_FORMAT, KEYFRAMES_VERSION, type KeyframeIndex } from './keyframe-types.js';

export const KEYFRAMES_DIR = 'keyframes';

export function keyframeFile(caseDir: string, evidenceSha256: string): string {
  return path.join(caseDir, KEYFRAMES_DIR, `${evidenceSha256}.json`);
}

/** The stored keyframes, or null when there are none usable for this evidence. */
export async function readKeyframes(caseDir: string, evidenceSha256: string, recordsBytes: number): Promise<KeyframeIndex | null> {
  let text: string;
  try {
    text = await readFile(keyframeFile(caseDir, evidenceSha256), 'utf8');
  } catch {
    return null;
  }
  try {
    const index = JSON.parse(text) as Partial<KeyframeIndex>;
    if (index.format !== KEYFRAMES_FORMAT || index.version !== KEYFRAMES_VERSION) return null;
    if (index.evidenceSha256 !== evidenceSha256 || index.recordsBytes !== recordsBytes || !Array.isArray(index.sessions)) return null;
    return index as KeyframeIndex;
  } catch {
    return null;
  }
}

export async function writeKeyframes(caseDir: string, index: KeyframeIndex): Promise<void> {
  const file = keyframeFile(caseDir, index.evidenceSha256);
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o444);
    try {
      await handle.writeFile(JSON.stringify(index));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
