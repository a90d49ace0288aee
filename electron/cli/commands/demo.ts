// `trailview demo`: a deterministic, realistic incident sealed into a bundle — the sample case,
// test input, and benchmark load (scales to GiBs with --size).
import type { Command } from 'commander';
import { generateDemoEvents } from '../../services/demo/generate-demo.js';
import { resourcePath, SAMPLE_KEY, SAMPLE_ORIGIN } from '../../services/resources.js';
import { sealBundle, type SourcedEvent } from '../../services/seal/seal-bundle.js';
import { CliError } from '../cli-io.js';
import { formatBytes } from '../format/bytes.js';
import type { CommandContext } from '../main.js';
import { parseByteSize, parseWholeNumber, readSignerKey } from '../options.js';

interface DemoFlags {
  seed: number;
  sessions?: number;
  size?: number;
  key?: string;
  origin: string;
  out: string;
}

export function registerDemo(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description('generate a deterministic demo incident (users, shared tmux sessions, suspicious commands) as a signed bundle')
    .requiredOption('--seed <n>', 'random seed: the same seed gives the same incident', parseWholeNumber)
    .option('--sessions <n>', 'number of sessions (default 6)', parseWholeNumber)
    .option('--size <bytes>', 'approximate terminal output to generate, e.g. 2MB or 1GiB (default about 2 MB)', parseByteSize)
    .option('--key <file>', 'signing key (default: the sample key shipped in resources/keys)')
    .option('--origin <origin>', 'log identity', SAMPLE_ORIGIN)
    .requiredOption('--out <file>', 'bundle to write')
    .action(async (flags: DemoFlags) => {
      const signer = await readSignerKey(flags.key ?? resourcePath(...SAMPLE_KEY));
      const options = {
        seed: flags.seed,
        ...(flags.sessions !== undefined ? { sessions: Math.max(1, flags.sessions) } : {}),
        ...(flags.size !== undefined ? { size: flags.size } : {}),
      };
      // Creation time follows from the seed, so the same command gives the same bundle bytes.
      const events = generateDemoEvents(options);
      const sourced = (function* (): Generator<SourcedEvent> {
        let n = 0;
        for (const event of events) yield { event, from: `demo event ${++n}` };
      })();
      let lastTs = '';
      const tracked = (function* (): Generator<SourcedEvent> {
        for (const s of sourced) {
          lastTs = s.event.ts;
          yield s;
        }
      })();
      try {
        const result = await sealBundle({
          out: flags.out,
          origin: flags.origin,
          signers: [signer],
          events: tracked,
          createdAt: '2024-11-22T00:00:00.000000Z',
          bundleId: `demo-seed-${flags.seed}`,
          onProgress: ctx.io.isTTY ? (n) => ctx.io.stderr(`\r${n} records`) : undefined,
        });
        if (ctx.io.isTTY) ctx.io.stderr('\r');
        ctx.io.stdout(
          `demo incident (seed ${flags.seed}) sealed: ${result.records} records, ${result.sessions} sessions, ${formatBytes(result.bytes)} -> ${result.out}\n` +
            `last event at ${lastTs}; signed by ${signer.verifierKey}\n`,
        );
      } catch (error) {
        throw new CliError((error as Error).message);
      }
    });
}
