// `trailview export --format asciicast SESSION-OR-BUNDLE... [--session ID] [--out FILE]`: one session
// as asciicast v2 that `asciinema play` plays. The input is a recording (any importer's format) or a
// Trail bundle (through EXPORT_EVENT_SOURCES below).
// Lossy: asciicast holds text, so bytes that are not UTF-8 become U+FFFD (asciicast-writer.ts).
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { TrailEvent } from '../../core/records.js';
import { writeAsciicastV2, type AsciicastExportSummary } from '../../services/export/asciicast-writer.js';
import { isTrailBundle, readBundleRecords } from '../../services/bundle/read-records.js';
import { openRecordings } from '../../services/importers/open-recordings.js';
import { CliError, EXIT } from '../cli-io.js';
import type { CommandContext } from '../main.js';

/** Events read from an input path, e.g. a sealed bundle's records. */
export interface ExportEventSource {
  events(): AsyncIterable<TrailEvent>;
}

/**
 * Openers tried in order before the path is read as a recording. Each returns null when the path
 * is not its kind of input. The bundle reader is added here (e.g. `(p) => openBundleEvents(p)`).
 */
export const EXPORT_EVENT_SOURCES: Array<(inputPath: string) => Promise<ExportEventSource | null>> = [
  async (inputPath) => ((await isTrailBundle(inputPath)) ? { events: () => readBundleRecords(inputPath) } : null),
];

export const EXPORT_FORMATS = ['asciicast'] as const;

async function openSource(inputs: string[]): Promise<ExportEventSource> {
  if (inputs.length === 1) {
    for (const open of EXPORT_EVENT_SOURCES) {
      const source = await open(inputs[0] as string);
      if (source !== null) return source;
    }
  }
  const { recordings, problems } = await openRecordings(inputs);
  if (recordings.length === 0) {
    const why = problems.map((p) => `${p.file}: ${p.message}`).join('; ');
    throw new CliError(`${inputs.join(', ')}: neither a bundle nor a recording Trailview can read${why !== '' ? ` (${why})` : ''}`);
  }
  return {
    async *events() {
      for (const recording of recordings) yield* recording.events();
    },
  };
}

export function registerExport(program: Command, ctx: CommandContext): void {
  program
    .command('export')
    .description('write one session in another format (asciicast v2, playable with `asciinema play`)')
    .argument('<inputs...>', 'a recording: its file(s) or folder (e.g. a script timing file and its log), or a Trail bundle')
    .requiredOption('--format <format>', `output format: ${EXPORT_FORMATS.join(', ')}`)
    .option('--session <id>', 'the session to export (default: the first one)')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (inputs: string[], options: { format: string; session?: string; out?: string }) => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(options.format)) {
        throw new CliError(`unknown --format ${JSON.stringify(options.format)}; known: ${EXPORT_FORMATS.join(', ')}`);
      }
      const source = await openSource(inputs);
      const input = inputs.join(', ');
      const summary: AsciicastExportSummary = { session: null, events: 0, replacedBytes: 0, otherSessions: [] };
      const lines = writeAsciicastV2(source.events(), { session: options.session, source: inputs.map((i) => path.basename(i)).join(', ') }, summary);
      if (options.out !== undefined) {
        // The file is created with the first line, so a missing session leaves no empty file behind.
        let out: WriteStream | null = null;
        for await (const line of lines) {
          out ??= createWriteStream(path.resolve(ctx.io.cwd, options.out));
          if (!out.write(line)) await new Promise<void>((resolve) => out?.once('drain', () => resolve()));
        }
        if (out !== null) {
          out.end();
          await finished(out);
        }
      } else {
        for await (const line of lines) ctx.io.stdout(line);
      }
      if (summary.session === null) {
        throw new CliError(options.session !== undefined ? `no session ${JSON.stringify(options.session)} in ${input}` : `${input} holds no session`);
      }
      const notes = [`exported session ${summary.session} (${summary.events} events)`];
      if (summary.replacedBytes > 0) notes.push(`${summary.replacedBytes} invalid UTF-8 sequences replaced by U+FFFD (asciicast holds text only)`);
      if (summary.otherSessions.length > 0) notes.push(`also in the input, not exported: ${summary.otherSessions.join(', ')} (choose with --session)`);
      ctx.io.stderr(`${notes.join('; ')}\n`);
      ctx.setExitCode(EXIT.ok);
    });
}
