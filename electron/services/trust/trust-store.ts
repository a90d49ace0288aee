// The examiner's trust store: pinned verifier keys and saved checkpoints, in the config dir.
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { formatKeyId, parseVerifierKey, type VerifierKey } from '../../core/note-keys.js';
import { parseSavedCheckpoint, type SavedCheckpoint } from '../verify/saved-checkpoint.js';
import { writeFileAtomic } from './atomic-write.js';
import { formatKeyList, parseKeyList, type KeyListEntry } from './key-list.js';

export class TrustStore {
  constructor(readonly dir: string) {}

  get keysFile(): string {
    return path.join(this.dir, 'trusted.vkeys');
  }

  get checkpointsDir(): string {
    return path.join(this.dir, 'checkpoints');
  }

  async listKeys(): Promise<KeyListEntry[]> {
    const text = await readOptional(this.keysFile);
    return text === null ? [] : parseKeyList(text, this.keysFile);
  }

  async trustedKeys(): Promise<VerifierKey[]> {
    return (await this.listKeys()).map((e) => e.key);
  }

  /** Adds a key; returns false when the very same key is already trusted. */
  async addKey(vkeyText: string, comment = ''): Promise<boolean> {
    const key = parseVerifierKey(vkeyText.trim());
    const entries = await this.listKeys();
    if (entries.some((e) => e.key.text === key.text)) return false;
    await writeFileAtomic(this.keysFile, formatKeyList([...entries, { key, comment }]));
    return true;
  }

  /** Removes keys matching a vkey text, `name+keyid`, or a name; returns the removed keys. */
  async removeKey(selector: string): Promise<VerifierKey[]> {
    const entries = await this.listKeys();
    const matches = (k: VerifierKey): boolean =>
      k.text === selector.trim() || `${k.name}+${formatKeyId(k.keyId)}` === selector || k.name === selector;
    const removed = entries.filter((e) => matches(e.key)).map((e) => e.key);
    if (removed.length > 0) await writeFileAtomic(this.keysFile, formatKeyList(entries.filter((e) => !matches(e.key))));
    return removed;
  }

  checkpointFile(origin: string): string {
    // Origins are URL-like strings; keep the file name readable but safe on every platform.
    const safe = origin.replace(/[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    return path.join(this.checkpointsDir, `${safe}.checkpoint`);
  }

  async saveCheckpoint(raw: string): Promise<SavedCheckpoint> {
    const parsed = parseSavedCheckpoint(raw, 'checkpoint');
    const file = this.checkpointFile(parsed.origin);
    await writeFileAtomic(file, raw);
    return { ...parsed, from: file };
  }

  async savedCheckpoints(): Promise<SavedCheckpoint[]> {
    let names: string[];
    try {
      names = await readdir(this.checkpointsDir);
    } catch {
      return [];
    }
    const out: SavedCheckpoint[] = [];
    for (const name of names.filter((n) => n.endsWith('.checkpoint')).sort()) {
      const file = path.join(this.checkpointsDir, name);
      out.push(parseSavedCheckpoint(await readFile(file, 'utf8'), file));
    }
    return out;
  }

  async removeCheckpoint(origin: string): Promise<boolean> {
    const file = this.checkpointFile(origin);
    const existed = (await readOptional(file)) !== null;
    await rm(file, { force: true });
    return existed;
  }
}

async function readOptional(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
