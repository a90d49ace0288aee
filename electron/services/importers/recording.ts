// The contract every importer fulfils (docs/importers.md). An importer turns the files one
// recording tool wrote into Trail events, losslessly, and says what it could not read.
import type { TrailEvent } from '../../core/records.js';

/** A problem found while reading a recording: which file, where, and what was expected. */
export interface ImportProblem {
  file: string;
  /** 1-based line number for text formats, when it applies. */
  line?: number;
  /** Byte offset in the file, when it applies. */
  offset?: number;
  /** `error`: nothing usable could be read from here on; `skipped`: this part was left out, the rest imported. */
  severity: 'error' | 'skipped' | 'warning';
  message: string;
}

/** One recording found among the inputs: possibly several sessions (tlog, sudo iolog_dir, tmux). */
export interface Recording {
  /** Format id, e.g. `asciicast-v2`, `tlog-json`, `sudo-iolog`, `script-classic`, `ttyrec`, `tmux-hooks`, `bash-history`. */
  format: string;
  /** Every source file this recording was read from (kept byte-exact as attachments when sealed). */
  files: string[];
  /**
   * The events, in non-decreasing `ts` order, starting with each session's `session.start`.
   * Streaming: a multi-GiB recording is never held in memory.
   */
  events(): AsyncIterable<TrailEvent>;
  /** Problems found so far; complete once `events()` has been iterated to the end. */
  readonly problems: readonly ImportProblem[];
}
