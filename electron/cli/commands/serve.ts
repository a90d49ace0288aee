// `trailview serve [CASE] [--port N]` (docs/cli.md, "Web mode"): the workstation UI and its API
// over loopback HTTP + WebSocket, for a browser on this machine. Prints the URL (with its secret
// token) as the first line of stdout, serves until SIGINT/SIGTERM, then closes the case cleanly.
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { ApiSession } from '../../services/api/api-session.js';
import { ensureSampleCase } from '../../services/api/sample-case.js';
import { CaseError } from '../../services/case/case.js';
import { configDir } from '../../services/trust/config-dir.js';
import { startWebServer } from '../../services/web/web-server.js';
import { CliError, EXIT } from '../cli-io.js';
import type { CommandContext } from '../main.js';
import { parseWholeNumber } from '../options.js';

interface ServeFlags {
  port: number;
  screenText?: boolean;
}

function parsePort(text: string): number {
  const port = parseWholeNumber(text);
  if (port > 65535) throw new InvalidArgumentError(`${port} is not a TCP port (0–65535; 0 picks a free one)`);
  return port;
}

export function registerServe(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('serve the workstation UI on 127.0.0.1 for a browser on this machine (web mode)')
    .argument('[case]', 'case folder to open (default: the sample case, built on first use in the config dir)')
    .option('--port <n>', 'TCP port on 127.0.0.1 (0: a free port)', parsePort, 0)
    .option('--no-screen-text', 'imports from the UI do not sample screen text (faster; search then covers commands only)')
    .addHelpText(
      'after',
      `
The first line of output is the URL to open, with a secret token: http://127.0.0.1:PORT/?token=...
Only requests carrying that token (as the page's cookie or the X-Trailview-Token header), with
Host 127.0.0.1:PORT or localhost:PORT and no foreign Origin are answered. Ctrl-C stops the server
and closes the case. Paths typed in the UI are paths on this machine; files dropped in the browser
are uploaded to a temporary folder and imported from there.
Exit status: 0 after a clean stop, 2 when the case cannot be opened or the port cannot be used.`,
    )
    .action(async (caseArg: string | undefined, flags: ServeFlags) => {
      const config = configDir(ctx.io.env);
      const session = new ApiSession({
        carrier: 'web',
        configDir: config,
        uploads: true,
        screenText: flags.screenText !== false,
        log: (error) => ctx.io.stderr(`trailview: serve: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
      });
      try {
        const dir = caseArg !== undefined ? path.resolve(ctx.io.cwd, caseArg) : await sampleCase(config);
        const handle = await session.openCase(dir);
        for (const p of handle.problems) ctx.io.stderr(`trailview: ${dir}: ${p.severity}: ${p.message}\n`);
        if (handle.readOnly) ctx.io.stderr(`trailview: ${dir}: the case failed its integrity checks; it is open read-only\n`);
      } catch (error) {
        await session.dispose();
        if (error instanceof CaseError) throw new CliError(error.message);
        throw error;
      }
      let server;
      try {
        server = await startWebServer({ session, port: flags.port });
      } catch (error) {
        await session.dispose();
        throw new CliError(`cannot listen on 127.0.0.1:${flags.port}: ${(error as Error).message}`);
      }
      ctx.io.stdout(`${server.url}\n`);
      ctx.io.stderr(`trailview: serving ${session.current?.dir ?? 'no case'} on 127.0.0.1:${server.port}; Ctrl-C stops\n`);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      ctx.io.stderr(`trailview: ${signal}: stopping\n`);
      await server.close();
      await session.dispose();
      ctx.setExitCode(EXIT.ok);
    });
}

async function sampleCase(config: string): Promise<string> {
  try {
    return await ensureSampleCase(config);
  } catch (error) {
    throw new CliError(`cannot build the sample case in ${config}: ${(error as Error).message}`);
  }
}
