// Lowers the CPU priority of the calling thread, for work that runs beside a longer chain the
// user waits for. The import is the case in point (docs/architecture.md, "Import"): on two cores
// the index thread is the longest serial chain, while verification needs its cores only until the
// index commits. At equal priority the two verification workers took two thirds of the CPU early
// on and the index thread then ran alone at the end (36 s for the 1M-command benchmark); with the
// workers in the background the index runs at full speed and verification fills the gaps (issue 4).
//
// Linux only: there setpriority(PRIO_PROCESS, tid) applies to one thread and an unprivileged
// process may always lower its own threads' priority. Elsewhere (macOS, Windows) the same call
// would change the whole process, so nothing is done there.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Nice value of background threads: far below the default 0, above the floor (19) so they still progress under load. */
export const BACKGROUND_NICE = 10;

/** Lowers this thread's priority; false when the platform has no per-thread priority or refuses. */
export function lowerThisThreadPriority(nice = BACKGROUND_NICE): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // /proc/thread-self -> "<pid>/task/<tid>": the id of this thread, not of the process.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isSafeInteger(tid) || tid <= 0) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    return false; // a sandbox without /proc, or a seccomp filter: run at the normal priority
  }
}
