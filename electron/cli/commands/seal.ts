// `trailview seal`: events (and, with the importers, recordings) into a signed Trail bundle.
import type { Command } from 'commander';
import { normalizeTimestamp } from '../../core/timestamp.js';
import { stat } from 'node:fs/promises';
import { readEventLines } from '../../services/seal/read-event-lines.js';
import { isEventFile, recordingsForSeal } from '../../services/seal/recording-input.js';
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
    .description('write a signed Trail bundle from recordings (kept byte-exact as attachments) or event files')
    .argument('<inputs...>', 'recordings (asciicast, tlog, sudo I/O log dirs, script, ttyrec, tmux hook logs, shell history) or event files (JSON lines of records without prev/seq)')
    .option('--key <file>', 'signing key (from `trailview keygen`); repeat to co-sign; omit for an unsigned bundle', collect, [])
    .requiredOption('--origin <origin>', 'log identity written into the checkpoint, e.g. example.org/ops-log')
    .requiredOption('--out <file>', 'bundle to write (NAME.trail); written atomically')
    .option('--continue <previous>', 'continue the log of PREVIOUS (same origin): the new bundle holds all its records first')
    .option('--created-at <time>', 'creation time to record (ISO-8601 UTC), for reproducible bundles')
    .addHelpText('after', '\nSee docs/bundle-format.md for the event fields of each record type.')
    .action(async (files: string[], flags: SealFlags) => {
      const signers = await Promise.all((flags.key ?? []).map((k) => readSignerKey(k)));
      const eventFiles: string[] = [];
      const recordingPaths: string[] = [];
      for (const file of files) {
        if (await isDirectory(file)) recordingPaths.push(file);
        else if (await isEventFile(file)) eventFiles.push(file);
        else recordingPaths.push(file);
      }
      const recordings = recordingPaths.length > 0 ? recordingsForSeal(recordingPaths) : null;
      const events = async function* (): AsyncGenerator<SourcedEvent> {
        for (const file of eventFiles) yield* readEventLines(file);
        if (recordings !== null) yield* recordings.events;
      };
      let result;
      try {
        result = await sealBundle({
          out: flags.out,
          origin: flags.origin,
          signers,
          events: events(),
          attachments: recordings?.attachments ?? [],
          ...(flags.continue !== undefined ? { continueFrom: flags.continue } : {}),
          ...(flags.createdAt !== undefined ? { createdAt: canonicalTime(flags.createdAt) } : {}),
        });
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      for (const p of recordings?.problems ?? []) {
        const where = [p.line !== undefined ? `line ${p.line}` : '', p.offset !== undefined ? `byte ${p.offset}` : ''].filter(Boolean).join(', ');
        ctx.io.stderr(`${p.severity}: ${p.file}${where ? ` (${where})` : ''}: ${p.message}\n`);
      }
      ctx.io.stdout(
        `sealed ${result.records} records (${result.sessions} sessions) into ${result.out} (${formatBytes(result.bytes)})\n` +
          `checkpoint: ${flags.origin}, tree size ${result.treeSize}, root ${result.rootHash}\n` +
          `signed by: ${signers.length > 0 ? signers.map((s) => s.verifierKey).join(', ') : 'nobody (unsigned)'}\n`,
      );
    });
}

async function isDirectory(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isDirectory();
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
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
