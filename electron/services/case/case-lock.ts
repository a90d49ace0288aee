// The case's write lock (docs/architecture.md, "The case"): `case.lock` holds who has the case open
// (pid, host, time, a random token). It is created with O_EXCL, so two Trailviews cannot both
// get it. A lock left by a process that no longer runs on this host is taken over, with a note;
// a lock of a live process, or of another host (which cannot be checked), is CASE_LOCKED.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { CaseError, describeError, type CaseProblem } from './case-error.js';
import { LOCK_FILE } from './case-layout.js';

export interface LockInfo {
  pid: number;
  host: string;
  since: string;
  token: string;
  tool: string;
}

export interface HeldLock {
  readonly file: string;
  readonly info: LockInfo;
  /** Set when a stale lock was taken over. */
  readonly note: CaseProblem | null;
  release(): Promise<void>;
}

/** Tokens of the locks this process holds: a lock naming our own pid but not listed here is stale. */
const heldHere = new Set<string>();

export async function acquireLock(dir: string, tool: string): Promise<HeldLock> {
  const file = path.join(dir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString(), token: randomBytes(12).toString('hex'), tool };
  let note: CaseProblem | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await tryCreate(file, info)) {
      heldHere.add(info.token);
      return { file, info, note, release: () => releaseLock(file, info.token) };
    }
    const other = await readLock(file);
    if (other === 'gone') continue;
    if (other === 'unreadable') {
      throw new CaseError(
        'CASE_LOCKED',
        `${dir}: the case is open elsewhere or its lock is damaged (${LOCK_FILE} cannot be read); if no Trailview uses this case, delete ${file}`,
      );
    }
    if (!isStale(other)) {
      throw new CaseError(
        'CASE_LOCKED',
        `${dir}: the case is open elsewhere: ${describeHolder(other)}` +
          (other.host === info.host ? '' : `; if that machine no longer uses the case, delete ${file}`),
      );
    }
    // Move the stale lock aside atomically: of two processes taking over at once, one rename wins.
    const aside = `${file}.stale-${info.token}`;
    try {
      await rename(file, aside);
    } catch {
      continue;
    }
    await rm(aside, { force: true });
    note = {
      code: 'STALE_LOCK',
      severity: 'note',
      file: LOCK_FILE,
      message: `took over a stale lock: ${describeHolder(other)}, which no longer runs`,
    };
  }
  throw new CaseError('CASE_LOCKED', `${dir}: the case lock keeps changing hands; another Trailview is opening this case`);
}

export function describeHolder(lock: LockInfo): string {
  return `${lock.tool || 'Trailview'} pid ${lock.pid} on ${lock.host} since ${lock.since}`;
}

async function tryCreate(file: string, info: LockInfo): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new CaseError('CASE_IO', `cannot create ${file}: ${describeError(error)}`, { cause: error });
  }
  try {
    await handle.writeFile(`${JSON.stringify(info)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/** The lock's content; 'gone' when it vanished meanwhile, 'unreadable' when it is not ours. */
export async function readLock(file: string): Promise<LockInfo | 'gone' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return 'unreadable';
  }
  try {
    const value = JSON.parse(text) as Partial<LockInfo>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.since === 'string' && typeof value.token === 'string') {
      return { pid: value.pid, host: value.host, since: value.since, token: value.token, tool: typeof value.tool === 'string' ? value.tool : '' };
    }
  } catch {
    // fall through: a half-written lock of a process that died while creating it, or not ours
  }
  // A lock file written moments ago may still be being filled in by its creator.
  const age = await stat(file).then((s) => Date.now() - s.mtimeMs, () => 0);
  return age > 10_000 && text.trim() === '' ? staleEmpty() : 'unreadable';
}

/** An empty lock file older than a few seconds: its creator died between create and write. */
function staleEmpty(): LockInfo {
  return { pid: -1, host: hostname(), since: 'unknown', token: '', tool: '' };
}

function isStale(lock: LockInfo): boolean {
  if (lock.host !== hostname()) return false;
  if (lock.pid === process.pid) return !heldHere.has(lock.token);
  if (!Number.isSafeInteger(lock.pid) || lock.pid <= 0) return true;
  return !processRuns(lock.pid);
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function releaseLock(file: string, token: string): Promise<void> {
  if (!heldHere.has(token)) return;
  heldHere.delete(token);
  const current = await readLock(file);
  // Only remove the lock if it is still ours (never someone else's after a takeover).
  if (typeof current === 'object' && current.token === token) await rm(file, { force: true });
}
