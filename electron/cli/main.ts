// The `trailview` command line. Each subcommand lives in its own file under commands/ and
// registers itself on the program; this file only wires them and maps failures to exit codes.
import { Command, CommanderError } from 'commander';
import { CliError, EXIT, processIo, type CliIo } from './cli-io.js';
import { COMMANDS } from './commands/index.js';
import { PRODUCT_VERSION } from '../services/product.js';

export interface CommandContext {
  io: CliIo;
  /** Commands set this to report their result (0 ok, 1 findings, 2 usage/I-O). */
  setExitCode: (code: number) => void;
}

export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('trailview')
    .description('Import, verify, search, replay and report audited terminal sessions, offline.')
    .version(PRODUCT_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: ctx.io.stdout, writeErr: ctx.io.stderr })
    .exitOverride();
  for (const register of COMMANDS) register(program, ctx);
  // Every subcommand inherits the same output routing and error behaviour.
  for (const sub of program.commands) {
    sub.configureOutput({ writeOut: ctx.io.stdout, writeErr: ctx.io.stderr }).exitOverride().showHelpAfterError();
  }
  return program;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram({ io, setExitCode: (code) => (exitCode = Math.max(exitCode, code)) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes have already been printed.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      io.stderr(`trailview: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`trailview: ${message}\n`);
    return EXIT.usage;
  }
}
