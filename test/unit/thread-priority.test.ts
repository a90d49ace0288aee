// Background threads (threads/thread-priority.ts): the verification workers of an import run at a
// lower CPU priority, and only they — the thread that asks, never the whole process.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_NICE } from '../../electron/services/threads/thread-priority.js';

const BUILT = new URL('../../build/electron/services/', import.meta.url);

/** Nice value of every thread of this process, by thread id (Linux /proc; field 19 of stat). */
function niceByThread(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), Number(fields[16]));
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

function threadIdOf(worker: Worker): Promise<number> {
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { tid: number }) => resolve(m.tid));
    worker.once('error', reject);
  });
}

describe.runIf(process.platform === 'linux')('lowerThisThreadPriority', () => {
  it('lowers the calling thread only', async () => {
    const before = niceByThread();
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       const { readlinkSync } = require('node:fs');
       import(${JSON.stringify(new URL('threads/thread-priority.js', BUILT).href)}).then((m) => {
         const applied = m.lowerThisThreadPriority();
         parentPort.postMessage({ tid: applied ? Number(readlinkSync('/proc/thread-self').split('/').pop()) : -1 });
         // Stay alive until terminated: the test reads this thread's priority from /proc after the message.
         setInterval(() => {}, 60_000);
       });`,
      { eval: true },
    );
    try {
      const tid = await threadIdOf(worker);
      expect(tid).toBeGreaterThan(0);
      const after = niceByThread();
      expect(after.get(tid)).toBe(BACKGROUND_NICE);
      // Every other thread (the main thread included) keeps its priority.
      for (const [other, nice] of before) if (after.has(other)) expect(after.get(other), `thread ${other}`).toBe(nice);
    } finally {
      await worker.terminate();
    }
  });

  it('verification scan workers run in the background only when asked', async () => {
    // (Assumes the tests themselves do not run at BACKGROUND_NICE.)
    for (const background of [false, true]) {
      const before = new Set(niceByThread().keys());
      const worker = new Worker(fileURLToPath(new URL('verify/scan-worker.js', BUILT)), { workerData: { background } });
      try {
        // A count task over this file: the worker has started and answered.
        const file = fileURLToPath(import.meta.url);
        const reply = await new Promise<{ kind: string; lines?: number }>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.postMessage({ kind: 'count', id: 0, file, start: 0, end: readFileSync(file).length });
        });
        expect(reply.kind).toBe('count');
        const added = [...niceByThread()].filter(([tid]) => !before.has(tid)).map(([, n]) => n);
        expect(added.length).toBeGreaterThan(0);
        expect(added.includes(BACKGROUND_NICE)).toBe(background);
      } finally {
        await worker.terminate();
      }
    }
  });
});
