// Recently opened cases, newest first, kept in the config dir (recent-cases.json) so the Electron
// menu, the web UI and every later run see the same list. A damaged file is treated as empty: the
// list is a convenience, never evidence.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RecentCase } from '../../core/api/contract.js';
import { writeFileAtomic } from '../trust/atomic-write.js';

export const RECENT_CASES_FILE = 'recent-cases.json';
export const MAX_RECENT_CASES = 10;

export class RecentCases {
  constructor(private readonly configDir: string) {}

  get file(): string {
    return path.join(this.configDir, RECENT_CASES_FILE);
  }

  async list(): Promise<RecentCase[]> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(this.file, 'utf8'));
    } catch {
      return [];
    }
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(isRecentCase).slice(0, MAX_RECENT_CASES);
  }

  async add(entry: RecentCase): Promise<RecentCase[]> {
    const list = [entry, ...(await this.list()).filter((r) => r.dir !== entry.dir)].slice(0, MAX_RECENT_CASES);
    await writeFileAtomic(this.file, `${JSON.stringify(list, null, 2)}\n`);
    return list;
  }
}

function isRecentCase(value: unknown): value is RecentCase {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r.dir === 'string' && typeof r.name === 'string' && typeof r.openedAt === 'string';
}
