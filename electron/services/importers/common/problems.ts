// Collects the problems one recording reports while it is read (recording.ts `ImportProblem`).
// A damaged multi-GiB file could produce a problem per line; the log keeps the first ones of each
// file and then says how many more there were, so memory stays bounded and the report readable.
import type { ImportProblem } from '../recording.js';

const DEFAULT_LIMIT_PER_FILE = 200;

export class ProblemLog {
  readonly list: ImportProblem[] = [];
  private readonly perFile = new Map<string, number>();

  constructor(private readonly limitPerFile = DEFAULT_LIMIT_PER_FILE) {}

  add(problem: ImportProblem): void {
    const count = (this.perFile.get(problem.file) ?? 0) + 1;
    this.perFile.set(problem.file, count);
    if (count <= this.limitPerFile) this.list.push(problem);
  }

  error(file: string, message: string, where: { line?: number; offset?: number } = {}): void {
    this.add({ file, ...where, severity: 'error', message });
  }

  skipped(file: string, message: string, where: { line?: number; offset?: number } = {}): void {
    this.add({ file, ...where, severity: 'skipped', message });
  }

  warning(file: string, message: string, where: { line?: number; offset?: number } = {}): void {
    this.add({ file, ...where, severity: 'warning', message });
  }

  /** Appends, per file, a note on how many problems were left out of the list. */
  finish(): void {
    for (const [file, count] of this.perFile) {
      if (count > this.limitPerFile) {
        this.list.push({
          file,
          severity: 'warning',
          message: `${count - this.limitPerFile} more problems in this file are not listed (only the first ${this.limitPerFile} are)`,
        });
      }
    }
  }

  /** True when an `error` was reported for this file. */
  hasErrors(file?: string): boolean {
    return this.list.some((p) => p.severity === 'error' && (file === undefined || p.file === file));
  }
}
