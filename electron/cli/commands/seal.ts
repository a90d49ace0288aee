// `trailview seal`: events (and, with the importers, recordings) into a signed Trail bundle.
import type { Command } from 'commander';
import { normalizeTimestamp } from '../../core/timestamp.js';
import { readEventLines } from '../../services/seal/read-event-lines.js';
import { sealBundle, type SourcedEvent } from '../../services/seal/seal-bundle.js';
import { CliError } from '../cli-io.js';
import { formatBytes } from '../format/bytes.js';
import type { CommandContext } from '../main.js';
import { readSignerKey } from '../options.js';

interface SealFlags {
  key?: string[];
  origin: string;
  out: string;
  continue?: string;
  createdAt?: string;
}

export function registerSeal(program: Command, ctx: CommandContext): void {
  program
    .command('seal')
    .description('write a signed Trail bundle from event files (JSON lines of records without prev/seq)')
    .argument('<events...>', 'event files: one JSON object per line with ts, type, session and the type\u2019s fields')
    .option('--key <file>', 'signing key (from `trailview keygen`); repeat to co-sign; omit for an unsigned bundle', collect, [])
    .requiredOption('--origin <origin>', 'log identity written into the checkpoint, e.g. example.org/ops-log')
    .requiredOption('--out <file>', 'bundle to write (NAME.trail); written atomically')
    .option('--continue <previous>', 'continue the log of PREVIOUS (same origin): the new bundle holds all its records first')
    .option('--created-at <time>', 'creation time to record (ISO-8601 UTC), for reproducible bundles')
    .addHelpText('after', '\nSee docs/bundle-format.md for the event fields of each record type.')
    .action(async (files: string[], flags: SealFlags) => {
      const signers = await Promise.all((flags.key ?? []).map((k) => readSignerKey(k)));
      const events = async function* (): AsyncGenerator<SourcedEvent> {
        for (const file of files) yield* readEventLines(file);
      };
      let result;
      try {
        result = await sealBundle({
          out: flags.out,
          origin: flags.origin,
          signers,
          events: events(),
          ...(flags.continue !== undefined ? { continueFrom: flags.continue } : {}),
          ...(flags.createdAt !== undefined ? { createdAt: canonicalTime(flags.createdAt) } : {}),
        });
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      ctx.io.stdout(
        `sealed ${result.records} records (${result.sessions} sessions) into ${result.out} (${formatBytes(result.bytes)})\n` +
          `checkpoint: ${flags.origin}, tree size ${result.treeSize}, root ${result.rootHash}\n` +
          `signed by: ${signers.length > 0 ? signers.map((s) => s.verifierKey).join(', ') : 'nobody (unsigned)'}\n`,
      );
    });
}

function canonicalTime(text: string): string {
  try {
    return normalizeTimestamp(text);
  } catch (error) {
    throw new CliError(`--created-at: ${(error as Error).message}`);
  }
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
