// `trailview case new|import|info|verify` (docs/cli.md, "Cases"): a thin layer over
// services/case. Errors of the case store keep their plain words; CASE_TAMPERED is a finding
// (exit 1), every other case error means the command could not do its job (exit 2).
import type { Command } from 'commander';
import { CaseError, createCase, openCase, type CaseProblem } from '../../services/case/case.js';
import { summarizeCase, type CaseSummary } from '../../services/case/case-summary.js';
import { verifyCase, type CaseVerification } from '../../services/case/case-verify.js';
import { importEvidence, type ImportOutcome, type ImportProgress } from '../../services/case/import/import-evidence.js';
import type { SavedCheckpoint } from '../../services/verify/saved-checkpoint.js';
import { CliError, EXIT, type CliIo } from '../cli-io.js';
import { formatBytes } from '../format/bytes.js';
import type { CommandContext } from '../main.js';
import { trustedKeys, trustStore } from '../options.js';

interface NewFlags {
  name?: string;
  examiner?: string;
}

interface ImportFlags {
  json?: boolean;
  trust?: string;
  screenText?: boolean;
}

interface InfoFlags {
  json?: boolean;
}

interface VerifyFlags {
  json?: boolean;
  trust?: string;
  quick?: boolean;
}

export function registerCase(program: Command, ctx: CommandContext): void {
  const group = program
    .command('case')
    .description('cases: a folder holding imported evidence (byte-exact), its index and the reviewer\u2019s activity log')
    .addHelpText('after', '\nSee docs/cli.md ("Cases") and docs/architecture.md ("The case").');

  group
    .command('new')
    .description('create a new case in DIR (which must not exist, or be empty)')
    .argument('<dir>', 'case folder')
    .option('--name <name>', 'case name (default: the folder name)')
    .option('--examiner <name>', 'examiner recorded for the case (default: the OS user)')
    .action(async (dir: string, flags: NewFlags) => {
      const handle = await caseCall(() => createCase(dir, { ...(flags.name ? { name: flags.name } : {}), ...(flags.examiner ? { examiner: flags.examiner } : {}) }));
      const meta = handle.meta;
      await handle.close();
      ctx.io.stdout(`case "${meta.name}" created in ${handle.dir} (id ${meta.id}, examiner ${meta.examiner})\n`);
    });

  group
    .command('import')
    .description('import Trail bundles or raw recordings into the case: copy (byte-exact), verify, parse, index')
    .argument('<dir>', 'case folder')
    .argument('<paths...>', 'Trail bundles (.trail files or bundle folders) or recordings (files or folders, as for `inspect`)')
    .option('--json', 'print one JSON result document instead of text')
    .option('--trust <file>', 'verifier keys to trust for this run, one per line, instead of the trust store')
    .option('--no-screen-text', 'do not sample screen text (faster; search then covers commands only)')
    .addHelpText(
      'after',
      `
Importing is all or nothing: Ctrl-C cancels and leaves the case as it was. An item that cannot be
read is reported and skipped; evidence already in the case (same SHA-256) is not imported twice.
Raw recordings are kept as they are and marked unsealed (verdict "raw").
Exit status: 0 when every item was imported (or already there), 1 when an item failed or an
imported bundle is invalid, 2 when nothing could be imported (locked, full, cancelled, I/O).`,
    )
    .action(async (dir: string, paths: string[], flags: ImportFlags) => {
      const trusted = await trustedKeys(ctx.io, flags.trust);
      let saved: SavedCheckpoint[] = [];
      try {
        saved = await trustStore(ctx.io).savedCheckpoints();
      } catch (error) {
        throw new CliError(`cannot read saved checkpoints: ${(error as Error).message}`);
      }
      const controller = new AbortController();
      const onSignal = (): void => {
        controller.abort();
        ctx.io.stderr('\ncancelling the import...\n');
      };
      process.once('SIGINT', onSignal);
      const bar = ctx.io.isTTY ? new ProgressBar(ctx.io) : null;
      const handle = await caseCall(() => openCase(dir));
      // What opening found and did (a stale lock taken over, an interrupted save completed).
      for (const p of handle.problems) ctx.io.stderr(`trailview: ${dir}: ${p.severity}: ${p.message}\n`);
      let outcomes: ImportOutcome[];
      try {
        outcomes = await caseCall(() =>
          importEvidence(handle, paths, {
            trusted,
            savedCheckpoints: saved,
            signal: controller.signal,
            screenText: flags.screenText !== false,
            ...(bar ? { onProgress: (p: ImportProgress) => bar.draw(p) } : {}),
          }),
        );
      } finally {
        process.off('SIGINT', onSignal);
        bar?.clear();
        await handle.close();
      }
      if (flags.json) {
        ctx.io.stdout(`${JSON.stringify(importDocument(dir, outcomes), null, 2)}\n`);
      } else {
        for (const o of outcomes) ctx.io.stdout(formatOutcome(o));
        const count = (s: ImportOutcome['status']): number => outcomes.filter((o) => o.status === s).length;
        ctx.io.stdout(`${count('imported')} imported, ${count('duplicate')} already in the case, ${count('failed')} failed\n`);
      }
      const bad = outcomes.some((o) => o.status === 'failed' || o.verdict === 'invalid');
      ctx.setExitCode(bad ? EXIT.findings : EXIT.ok);
    });

  group
    .command('info')
    .description('show the case: evidence and verdicts, sessions, users, hosts, time range, activity')
    .argument('<dir>', 'case folder')
    .option('--json', 'print one JSON document instead of text')
    .action(async (dir: string, flags: InfoFlags) => {
      const handle = await caseCall(() => openCase(dir, { readOnly: true, allowProblems: true }));
      let summary: CaseSummary;
      try {
        summary = await summarizeCase(handle);
      } finally {
        await handle.close();
      }
      ctx.io.stdout(flags.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
      ctx.setExitCode(summary.problems.some((p) => p.severity === 'error') ? EXIT.findings : EXIT.ok);
    });

  group
    .command('verify')
    .description('check the case: activity chain, database, every evidence item, derived bundle and index shard (SHA-256), and re-verify every bundle')
    .argument('<dir>', 'case folder')
    .option('--json', 'print one JSON document instead of text')
    .option('--trust <file>', 'verifier keys to trust for this run, instead of the trust store')
    .option('--quick', 'hash everything but do not verify the bundles again')
    .addHelpText('after', '\nExit status: 0 when the case is intact, 1 when anything was found, 2 when it cannot be read.')
    .action(async (dir: string, flags: VerifyFlags) => {
      const trusted = await trustedKeys(ctx.io, flags.trust);
      const saved = await trustStore(ctx.io).savedCheckpoints().catch(() => []);
      const result = await caseCall(() =>
        verifyCase(dir, {
          trusted,
          savedCheckpoints: saved,
          bundles: flags.quick !== true,
          ...(ctx.io.isTTY ? { onProgress: (what: string) => ctx.io.stderr(`\r\u001b[Kchecking ${what}`) } : {}),
        }),
      );
      if (ctx.io.isTTY) ctx.io.stderr('\r\u001b[K');
      ctx.io.stdout(flags.json ? `${JSON.stringify(result, null, 2)}\n` : formatVerification(result));
      ctx.setExitCode(result.intact ? EXIT.ok : EXIT.findings);
    });
}

/** Runs a case operation; its CaseError becomes one clear line with the right exit status. */
async function caseCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CaseError) {
      const details = error.problems.filter((p) => p.severity === 'error').slice(3, 10);
      const more = details.length > 0 ? `\n${details.map((p) => `  ${p.file}: ${p.message}`).join('\n')}` : '';
      throw new CliError(`${error.message}${more}`, error.code === 'CASE_TAMPERED' ? EXIT.findings : EXIT.usage);
    }
    throw error;
  }
}

/** The `case import --json` document: a public contract (fields are added, never renamed). */
function importDocument(dir: string, outcomes: readonly ImportOutcome[]): Record<string, unknown> {
  return {
    case: dir,
    imported: outcomes.filter((o) => o.status === 'imported').length,
    duplicates: outcomes.filter((o) => o.status === 'duplicate').length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    items: outcomes,
  };
}

function formatOutcome(o: ImportOutcome): string {
  const sha = o.sha256 === null ? '' : ` sha256 ${o.sha256.slice(0, 16)}…`;
  let text: string;
  if (o.status === 'imported') {
    text =
      `imported   ${o.path}: ${o.verdict}${o.kind === 'recording' ? ' (raw recording, marked unsealed)' : ''}, ${o.sessions} sessions, ${o.commands} commands, ` +
      `${formatBytes(o.size)}${sha} -> ${o.storedAs}\n`;
  } else if (o.status === 'duplicate') {
    text = `duplicate  ${o.path}: already in the case${sha}\n`;
  } else {
    text = `failed     ${o.path}: ${o.problems[0]?.message ?? 'not imported'}\n`;
  }
  const notes = o.status === 'failed' ? o.problems.slice(1) : o.status === 'duplicate' ? [] : o.problems;
  for (const p of notes.slice(0, 10)) text += `  ${p.severity}: ${p.message}\n`;
  if (notes.length > 10) text += `  ... and ${notes.length - 10} more\n`;
  return text;
}

function formatSummary(s: CaseSummary): string {
  const lines: string[] = [];
  lines.push(`Case "${s.name}" (${s.id}) in ${s.dir}`);
  lines.push(`Examiner ${s.examiner}, created ${s.createdAt}, schema ${s.schemaVersion}`);
  lines.push(`Evidence (${s.evidence.length}):`);
  for (const e of s.evidence) {
    const when = e.timeRange === null ? 'no time range' : `${e.timeRange.start} – ${e.timeRange.end}`;
    lines.push(
      `  #${e.id} ${e.verdict.padEnd(10)} ${e.fileName} (${e.kind}, ${e.format}, ${formatBytes(e.size)}): ${e.sessions} sessions, ${e.commands} commands, ${when}`,
    );
    lines.push(`      sha256 ${e.sha256}  ${e.storedAs}${e.indexSource ? `  index source ${e.indexSource}` : ''}`);
    if (e.findings > 0 || e.signers.length > 0) lines.push(`      ${e.findings} finding(s)${e.signers.length > 0 ? `; signed by ${e.signers.join(', ')}` : ''}`);
  }
  lines.push(`Sessions: ${s.sessions}   Commands: ${s.commands}   Output: ${formatBytes(s.outputBytes)}`);
  lines.push(`Users: ${s.users.length > 0 ? s.users.join(', ') : '(none)'}`);
  lines.push(`Hosts: ${s.hosts.length > 0 ? s.hosts.join(', ') : '(none)'}`);
  lines.push(`Time range: ${s.timeRange === null ? '(none)' : `${s.timeRange.start} – ${s.timeRange.end}`}`);
  lines.push(`Index: ${s.index.shards} shard(s), ${formatBytes(s.index.bytes)}`);
  lines.push(`Activity: ${s.activity.records} record(s)${s.activity.last ? `, last ${s.activity.last.action} by ${s.activity.last.actor} at ${s.activity.last.ts}` : ''}`);
  if (s.problems.length > 0) lines.push('Problems:', ...formatProblems(s.problems));
  return `${lines.join('\n')}\n`;
}

function formatVerification(v: CaseVerification): string {
  const lines: string[] = [];
  lines.push(`${v.intact ? 'INTACT' : 'NOT INTACT'}  ${v.dir}`);
  lines.push(`  activity log: ${v.activityRecords} record(s); index shards: ${v.shards}`);
  for (const e of v.evidence) {
    const now = e.verdictNow === null ? '' : `, verdict now ${e.verdictNow}`;
    lines.push(`  evidence #${e.id} ${e.fileName}: ${e.intact ? 'unchanged' : 'CHANGED OR MISSING'} (sha256 ${e.sha256.slice(0, 16)}…), verdict at import ${e.verdictAtImport}${now}`);
  }
  if (v.problems.length > 0) lines.push('Findings:', ...formatProblems(v.problems));
  lines.push(
    'Not covered: that the evidence was complete and truthful when imported (see the verdicts), and edits made',
    'by someone who recomputed the whole activity chain and every hash: the case is not signed.',
  );
  return `${lines.join('\n')}\n`;
}

function formatProblems(problems: readonly CaseProblem[]): string[] {
  return problems.map((p) => `  ${p.severity.padEnd(7)} ${p.code} ${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`);
}

/** One line on stderr, redrawn in place at most ten times a second. */
class ProgressBar {
  private last = 0;
  constructor(private readonly io: CliIo) {}

  draw(p: ImportProgress): void {
    const now = performance.now();
    if (now - this.last < 100) return;
    this.last = now;
    const fraction = p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : 0;
    const width = 20;
    const filled = Math.round(fraction * width);
    const bytes = p.bytesTotal > 0 ? ` ${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}` : '';
    const records = p.records > 0 ? ` ${p.records.toLocaleString('en-US')} records` : '';
    const eta = p.etaSeconds === null ? '' : ` ETA ${Math.floor(p.etaSeconds / 60)}:${String(p.etaSeconds % 60).padStart(2, '0')}`;
    const item = p.items > 1 ? ` [${p.item + 1}/${p.items}]` : '';
    this.io.stderr(`\r\u001b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.phase.padEnd(6)}${item} ${shorten(p.path)}${bytes}${records}${eta}`);
  }

  clear(): void {
    this.io.stderr('\r\u001b[K');
  }
}

function shorten(file: string): string {
  return file.length > 40 ? `…${file.slice(-39)}` : file;
}
