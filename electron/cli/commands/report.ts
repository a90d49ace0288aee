// `trailview report CASE [--out FILE.pdf] [--findings IDS] [--timezone TZ] [--redact]`
// (docs/cli.md, "Findings and reports"; docs/report.md): the evidence-grade PDF over
// services/report; the export is recorded in the case's activity log (export-report.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { openCase } from '../../services/case/case.js';
import { FindingError } from '../../services/findings/finding-types.js';
import type { ReportProgress } from '../../services/report/report-model.js';
import { exportReport } from '../../services/report/export-report.js';
import type { ReportResult } from '../../services/report/write-report.js';
import { CaseError } from '../../services/case/case.js';
import { CliError, EXIT, type CliIo } from '../cli-io.js';
import type { CommandContext } from '../main.js';
import { trustedKeys } from '../options.js';

interface ReportFlags {
  out?: string;
  findings?: string;
  timezone?: string;
  redact?: boolean;
  redactPatterns?: string;
  trust?: string;
  force?: boolean;
  organisation?: string;
}

export function registerReport(program: Command, ctx: CommandContext): void {
  program
    .command('report')
    .description('write the PDF report of a case: findings with screen excerpts, chain of custody, inclusion proofs (PDF/A-3b)')
    .argument('<case>', 'case folder')
    .option('--out <file.pdf>', 'output file (default: CASE-NAME-report.pdf in the current folder)')
    .option('--findings <ids>', 'comma-separated finding numbers to include (default: all, in list order)')
    .option('--timezone <zone>', 'zone for every time shown: UTC, +01:00, Europe/Berlin', 'UTC')
    .option('--redact', 'mask secrets in commands, screens and cited records (docs/report.md, "Redaction")')
    .option('--redact-patterns <file>', 'more redaction patterns (same JSON shape as resources/report/redaction-patterns.json)')
    .option('--trust <file>', 'verifier keys (one vkey per line) to check checkpoint signatures with, instead of the trust store')
    .option('--organisation <name>', 'organisation named on the cover')
    .option('--force', 'overwrite FILE.pdf if it exists')
    .addHelpText(
      'after',
      `
The PDF embeds findings.json (findings, anchors, inclusion proofs, checkpoints, evidence hashes);
check it with \`trailview verify-report FILE.pdf --trust KEYS\`. The same case and options give the
same PDF apart from the generation time (set SOURCE_DATE_EPOCH to fix that too).
Exit status: 0 written, 1 written but some cited record could not be proven, 2 usage or I/O error.`,
    )
    .action(async (dir: string, flags: ReportFlags) => {
      const ids = flags.findings === undefined ? undefined : parseIds(flags.findings);
      const keys = await trustedKeys(ctx.io, flags.trust);
      const generatedAtUs = sourceDateEpoch(ctx.io);
      const handle = await caseCall(() => openCase(dir));
      try {
        const out = path.resolve(ctx.io.cwd, flags.out ?? `${safeName(handle.meta.name)}-report.pdf`);
        if (existsSync(out) && flags.force !== true) throw new CliError(`${out} exists; give another --out or --force`);
        const progress = progressLine(ctx.io);
        let result: ReportResult;
        try {
          result = await caseCall(() => exportReport(handle, out, keys, {
            ...(ids !== undefined ? { findings: ids } : {}),
            timezone: flags.timezone ?? 'UTC',
            redact: flags.redact === true,
            ...(flags.redactPatterns !== undefined ? { redactPatterns: flags.redactPatterns } : {}),
            ...(generatedAtUs !== undefined ? { generatedAtUs } : {}),
            ...(flags.organisation !== undefined ? { organisation: flags.organisation } : {}),
            onProgress: progress.update,
          }));
        } finally {
          progress.done();
        }
        ctx.io.stdout(
          `report written: ${out}\n  ${result.pages} pages, ${result.findings} finding(s), ${result.proofs} inclusion proof(s), ${result.bytes.toLocaleString('en-US')} bytes, sha256 ${result.sha256}\n` +
            (flags.redact === true ? `  redacted: ${result.redactedItems} item(s) masked\n` : '') +
            result.notes.map((n) => `  note: ${n}\n`).join(''),
        );
        if (result.unproven > 0) ctx.io.stderr(`trailview: ${result.unproven} cited record(s) could not be proven (see the chain of custody in the report)\n`);
        ctx.setExitCode(result.unproven > 0 ? EXIT.findings : EXIT.ok);
      } catch (error) {
        if (error instanceof FindingError) throw new CliError(error.message);
        const code = (error as NodeJS.ErrnoException).code;
        if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new CliError(`cannot write the report: ${(error as Error).message}`);
        throw error;
      } finally {
        await handle.close();
      }
    });
}

function parseIds(text: string): number[] {
  const ids = text.split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (ids.length === 0 || ids.some((t) => !/^\d+$/.test(t))) throw new CliError(`--findings must be finding numbers separated by commas (e.g. 1,3,4), not ${JSON.stringify(text)}`);
  return ids.map(Number);
}

/** SOURCE_DATE_EPOCH (reproducible-builds.org): seconds since the epoch, used as the generation time. */
function sourceDateEpoch(io: CliIo): number | undefined {
  const value = io.env.SOURCE_DATE_EPOCH;
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,12}$/.test(value)) throw new CliError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, not ${JSON.stringify(value)}`);
  return Number(value) * 1_000_000;
}

function safeName(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'case';
}

/** One self-rewriting stderr line on a terminal; nothing otherwise. */
function progressLine(io: CliIo): { update: (p: ReportProgress) => void; done: () => void } {
  if (!io.isTTY) return { update: () => undefined, done: () => undefined };
  let last = 0;
  let phase = '';
  let shown = false;
  return {
    update: (p) => {
      const now = Date.now();
      // At most 10 redraws a second, but every phase and every phase's end is shown.
      if (now - last < 100 && p.done < p.total && p.phase === phase) return;
      phase = p.phase;
      last = now;
      shown = true;
      const pct = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 0;
      io.stderr(`\r\x1b[K${p.phase.padEnd(8)} ${String(pct).padStart(3)}%  ${p.label}`);
    },
    done: () => {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}

async function caseCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CaseError) throw new CliError(error.message, error.code === 'CASE_TAMPERED' ? EXIT.findings : EXIT.usage);
    throw error;
  }
}
