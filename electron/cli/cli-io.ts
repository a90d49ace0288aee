// What a CLI command may touch of the outside world. Commands receive it instead of using
// `process` directly, so tests run them in-process and read exactly what a user would see.
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Whether stdout/stderr is a terminal: progress bars are drawn only there. */
  isTTY: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stderr.isTTY),
  };
}

/** Exit codes shared by every command (docs/cli.md). */
export const EXIT = {
  ok: 0,
  /** The command ran and found a problem (e.g. a bundle that is not `verified`). */
  findings: 1,
  /** Usage or I/O error: the command could not do its job. */
  usage: 2,
} as const;

/** A failure the user must see as one clear line; `exitCode` defaults to usage/I-O (2). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.usage) {
    super(message);
  }
}
