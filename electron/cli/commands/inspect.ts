// `trailview inspect PATH... [--json]`: opens recordings (any importer's format, detected by
// content) and prints, per session, who/where/when, size, joins, commands, and the byte count and
// SHA-256 of the output and input streams — the figures to compare with the original tools.
// Exit status: 0 all read cleanly, 1 something was skipped or could not be read, 2 nothing to read.
import { createHash, type Hash } from 'node:crypto';
import type { Command } from 'commander';
import { decodeStreamBytes } from '../../core/record-encoding.js';
import type { CommandSource, TrailEvent } from '../../core/records.js';
import { isTrailBundle, readBundleRecords } from '../../services/bundle/read-records.js';
import { extractCommands } from '../../services/importers/commands/extract.js';
import { openRecordings } from '../../services/importers/open-recordings.js';
import type { ImportProblem, Recording } from '../../services/importers/recording.js';
import { EXIT } from '../cli-io.js';
import type { CommandContext } from '../main.js';

/**
 * A pass that sees a recording's events and adds the `cmd` events it derives from keystrokes or
 * output (importers/commands/). Inspect runs it by default; sealed bundles are shown as sealed.
 */
export type ExtractCommands = (events: AsyncIterable<TrailEvent>) => AsyncIterable<TrailEvent>;
export const statedCommandsOnly: ExtractCommands = (events) => events;
export const withExtractedCommands: ExtractCommands = (events) => extractCommands(events);

export interface InspectDeps {
  extractCommands: ExtractCommands;
}

export interface StreamDigest {
  bytes: number;
  sha256: string;
}

export interface SessionSummary {
  id: string;
  format: string;
  user: string | null;
  host: string | null;
  tty: string | null;
  start: string | null;
  end: string | null;
  cols: number | null;
  rows: number | null;
  joins: Array<{ ts: string; kind: 'join' | 'leave'; user: string | null; tty: string | null; client: string | null; readOnly: boolean; remote: string | null }>;
  commands: Array<{ ts: string; text: string; source: CommandSource; confidence: number }>;
  output: StreamDigest;
  input: StreamDigest;
  missing: string[];
  // Fields beyond the fixed shape:
  recorder: string | null;
  exitStatus: number | null;
  resizes: number;
  files: string[];
}

export interface InspectReport {
  sessions: SessionSummary[];
  problems: ImportProblem[];
}

interface Tally {
  summary: SessionSummary;
  out: Hash;
  in: Hash;
}

/** Reads every event of the recording once and summarises each of its sessions. */
export async function summarizeRecording(recording: Recording, extract: ExtractCommands = statedCommandsOnly): Promise<SessionSummary[]> {
  const tallies = new Map<string, Tally>();
  const tally = (event: TrailEvent): Tally => {
    let t = tallies.get(event.session);
    if (t === undefined) {
      t = {
        summary: {
          id: event.session,
          format: recording.format,
          user: null,
          host: null,
          tty: null,
          start: null,
          end: null,
          cols: null,
          rows: null,
          joins: [],
          commands: [],
          output: { bytes: 0, sha256: '' },
          input: { bytes: 0, sha256: '' },
          missing: [],
          recorder: null,
          exitStatus: null,
          resizes: 0,
          files: recording.files,
        },
        out: createHash('sha256'),
        in: createHash('sha256'),
      };
      tallies.set(event.session, t);
    }
    return t;
  };
  for await (const event of extract(recording.events())) {
    const t = tally(event);
    const s = t.summary;
    s.start ??= event.ts;
    s.end = event.ts;
    switch (event.type) {
      case 'session.start':
        s.user = event.user;
        s.host = event.host;
        s.tty = event.tty;
        s.cols = event.cols;
        s.rows = event.rows;
        s.missing = event.missing ?? [];
        s.recorder = event.recorder.name;
        s.format = event.recorder.format;
        break;
      case 'session.end':
        s.exitStatus = event.exitStatus;
        break;
      case 'out':
      case 'in': {
        const bytes = decodeStreamBytes(event);
        (event.type === 'out' ? t.out : t.in).update(bytes);
        (event.type === 'out' ? s.output : s.input).bytes += bytes.length;
        break;
      }
      case 'resize':
        s.resizes++;
        break;
      case 'join':
      case 'leave':
        s.joins.push({
          ts: event.ts,
          kind: event.type,
          user: event.user,
          tty: event.clientTty ?? null,
          client: event.client ?? null,
          readOnly: event.readOnly,
          remote: event.remote ?? null,
        });
        break;
      case 'cmd':
        s.commands.push({ ts: event.ts, text: event.text, source: event.source, confidence: event.confidence });
        break;
      default:
        break;
    }
  }
  return [...tallies.values()].map((t) => {
    t.summary.output.sha256 = t.out.digest('hex');
    t.summary.input.sha256 = t.in.digest('hex');
    return t.summary;
  });
}

export async function inspectPaths(paths: string[], deps: InspectDeps): Promise<InspectReport> {
  const sessions: SessionSummary[] = [];
  const recordingPaths: string[] = [];
  for (const p of paths) {
    // A sealed bundle is shown exactly as sealed: its commands are the ones it records.
    if (await isTrailBundle(p)) sessions.push(...(await summarizeRecording(bundleRecording(p), statedCommandsOnly)));
    else recordingPaths.push(p);
  }
  if (recordingPaths.length === 0) return { sessions, problems: [] };
  const { recordings, problems } = await openRecordings(recordingPaths);
  for (const recording of recordings) {
    sessions.push(...(await summarizeRecording(recording, deps.extractCommands)));
    problems.push(...recording.problems);
  }
  return { sessions, problems };
}

/** A bundle's records seen through the Recording contract (prev/seq are ignored by summaries). */
function bundleRecording(bundlePath: string): Recording {
  async function* sessionRecords(): AsyncGenerator<TrailEvent> {
    // Log-level records (bundle.start, attachments, import notes) belong to no session.
    for await (const record of readBundleRecords(bundlePath)) if (record.session !== '') yield record;
  }
  return { format: 'trail', files: [bundlePath], problems: [], events: sessionRecords };
}

export function registerInspect(program: Command, ctx: CommandContext, deps: InspectDeps = { extractCommands: withExtractedCommands }): void {
  program
    .command('inspect')
    .description('read recordings (asciicast, tlog, sudo I/O logs, script, ttyrec, tmux, history, wtmp) or bundles and summarise each session')
    .argument('<paths...>', 'recording files or directories (a sudo iolog_dir, a folder with script files, ...), or Trail bundles')
    .option('--json', 'print one JSON document instead of text')
    .action(async (paths: string[], options: { json?: boolean }) => {
      const report = await inspectPaths(paths, deps);
      ctx.io.stdout(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderText(report));
      if (report.sessions.length === 0) ctx.setExitCode(EXIT.usage);
      else if (report.problems.some((p) => p.severity !== 'warning')) ctx.setExitCode(EXIT.findings);
    });
}

function renderText(report: InspectReport): string {
  const lines: string[] = [];
  const v = (value: string | number | null): string => (value === null ? '-' : String(value));
  for (const s of report.sessions) {
    lines.push(`session ${s.id}  (${s.format}${s.recorder !== null ? `, ${s.recorder}` : ''})`);
    lines.push(`  user ${v(s.user)}  host ${v(s.host)}  tty ${v(s.tty)}  size ${s.cols !== null && s.rows !== null ? `${s.cols}x${s.rows}` : '-'}  resizes ${s.resizes}`);
    lines.push(`  start ${v(s.start)}  end ${v(s.end)}  exit ${v(s.exitStatus)}`);
    lines.push(`  output ${s.output.bytes} bytes  sha256 ${s.output.sha256}`);
    lines.push(`  input  ${s.input.bytes} bytes  sha256 ${s.input.sha256}`);
    if (s.missing.length > 0) lines.push(`  missing: ${s.missing.join(', ')}`);
    for (const j of s.joins) {
      lines.push(`  ${j.kind} ${j.ts}  user ${v(j.user)}  tty ${v(j.tty)}  client ${v(j.client)}${j.remote !== null ? `  from ${j.remote}` : ''}${j.readOnly ? '  read-only' : ''}`);
    }
    if (s.commands.length > 0) lines.push('  commands:');
    for (const c of s.commands) lines.push(`    ${c.ts}  [${c.source} ${c.confidence.toFixed(2)}]  ${c.text}`);
    lines.push(`  files: ${s.files.join(', ')}`);
    lines.push('');
  }
  if (report.sessions.length === 0) lines.push('no sessions found', '');
  if (report.problems.length > 0) {
    lines.push('problems:');
    for (const p of report.problems) {
      const where = [p.line !== undefined ? `line ${p.line}` : '', p.offset !== undefined ? `byte ${p.offset}` : ''].filter(Boolean).join(', ');
      lines.push(`  ${p.severity}: ${p.file}${where !== '' ? ` (${where})` : ''}: ${p.message}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
