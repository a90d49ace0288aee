// A command rule, from the Trailview rules file or a Sigma rule, compiled and ready to run.
import type { Predicate } from './predicate.js';
import type { Severity } from './severity.js';

export interface CommandRule {
  /** Stable id: the flag's rule id (the `flag:` search filter names it). */
  id: string;
  title: string;
  severity: Severity;
  /** Why a match deserves a look, in plain words (part of every flag's explanation). */
  why: string;
  tags: string[];
  origin: 'trailview' | 'sigma';
  /** The file the rule came from, as given. */
  file: string;
  predicate: Predicate;
}

/** A rule that was not loaded, and why: never skipped silently. */
export interface SkippedRule {
  file: string;
  id: string | null;
  title: string | null;
  /** The construct that is not supported (e.g. `modifier base64offset`, `logsource product windows`). */
  construct: string;
  message: string;
}
