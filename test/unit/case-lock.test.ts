// The case lock (electron/services/case/case-lock.ts): one writer at a time, a clear message naming
// who holds it, and a stale lock of a process that no longer runs taken over with a note.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, readLock } from '../../electron/services/case/case-lock.js';
import { isCaseError } from '../../electron/services/case/case-error.js';
import { tempDir } from '../helpers/bundles.js';

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid as number;
}

const lockText = (pid: number, host = hostname()): string => `${JSON.stringify({ pid, host, since: '2024-11-21T04:00:00.000Z', token: 'abc', tool: 'trailview test' })}\n`;

describe('case lock', () => {
  it('refuses a second holder in the same process, naming pid, host and time', async () => {
    const dir = await tempDir();
    const first = await acquireLock(dir, 'trailview test');
    const err = await acquireLock(dir, 'trailview test').catch((e: unknown) => e);
    expect(isCaseError(err, 'CASE_LOCKED')).toBe(true);
    expect((err as Error).message).toMatch(new RegExp(`open elsewhere: trailview test pid ${process.pid} on ${hostname()} since`));
    await first.release();
    const again = await acquireLock(dir, 'trailview test');
    await again.release();
  });

  it('refuses a lock held by another running process', async () => {
    const dir = await tempDir();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await writeFile(path.join(dir, 'case.lock'), lockText(child.pid as number));
      await expect(acquireLock(dir, 't')).rejects.toMatchObject({ code: 'CASE_LOCKED' });
    } finally {
      child.kill();
    }
  });

  it('takes over the lock of a process that no longer runs on this host, with a note', async () => {
    const dir = await tempDir();
    const pid = await deadPid();
    await writeFile(path.join(dir, 'case.lock'), lockText(pid));
    const lock = await acquireLock(dir, 't');
    expect(lock.note?.code).toBe('STALE_LOCK');
    expect(lock.note?.message).toMatch(new RegExp(`pid ${pid}.*no longer runs`));
    expect(JSON.parse(await readFile(path.join(dir, 'case.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('never takes over a lock of another host', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'case.lock'), lockText(await deadPid(), 'elsewhere.example'));
    const err = await acquireLock(dir, 't').catch((e: unknown) => e);
    expect(isCaseError(err, 'CASE_LOCKED')).toBe(true);
    expect((err as Error).message).toMatch(/on elsewhere\.example.*delete/);
  });

  it('treats an unreadable lock as held and says how to clear it', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'case.lock'), 'not json');
    await expect(acquireLock(dir, 't')).rejects.toMatchObject({ code: 'CASE_LOCKED', message: expect.stringMatching(/cannot be read.*delete/) as unknown });
  });

  it('release removes only its own lock', async () => {
    const dir = await tempDir();
    const lock = await acquireLock(dir, 't');
    await writeFile(path.join(dir, 'case.lock'), lockText(12345, 'other.example'));
    await lock.release();
    expect(await readLock(path.join(dir, 'case.lock'))).toMatchObject({ host: 'other.example' });
  });
});
