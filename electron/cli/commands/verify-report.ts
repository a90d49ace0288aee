// `trailview verify-report FILE.pdf --trust FILE` (docs/cli.md, "Reports"): checks every
// inclusion proof embedded in a Trailview report offline (services/report/verify-report.ts).
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ReportFormatError, verifyReportPdf, type ReportVerification } from '../../services/report/verify-report.js';
import { CliError, EXIT } from '../cli-io.js';
import type { CommandContext } from '../main.js';
import { trustedKeys } from '../options.js';

export function registerVerifyReport(program: Command, ctx: CommandContext): void {
  program
    .command('verify-report')
    .description('check every inclusion proof embedded in a report (findings.json) against the signed checkpoints and the trusted keys, offline')
    .argument('<file.pdf>', 'a report written by `trailview report`')
    .option('--trust <file>', 'verifier keys (one vkey per line) the checkpoints must be signed by (default: the trust store)')
    .option('--json', 'print {"ok","findings","proofs":[{"index","seq","origin","evidence","ok","steps"}],"problems"}')
    .option('--verbose', 'print every check of every proof')
    .addHelpText('after', '\nExit status: 0 every proof verifies, 1 a proof or the attachment does not check, 2 not a report or unreadable.')
    .action(async (file: string, flags: { trust?: string; json?: boolean; verbose?: boolean }) => {
      const keys = await trustedKeys(ctx.io, flags.trust);
      let pdf: Buffer;
      try {
        pdf = await readFile(file);
      } catch (error) {
        throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
      }
      let result: ReportVerification;
      try {
        result = verifyReportPdf(pdf, keys);
      } catch (error) {
        if (error instanceof ReportFormatError) throw new CliError(`${file}: ${error.message}`);
        throw error;
      }
      if (flags.json === true) ctx.io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else ctx.io.stdout(render(file, result, flags.verbose === true));
      ctx.setExitCode(result.ok ? EXIT.ok : EXIT.findings);
    });
}

function render(file: string, r: ReportVerification, verbose: boolean): string {
  const lines = [`${file}: report of case "${r.caseName}" (${r.tool}), ${r.findings} finding(s), ${r.proofs.length} proof(s)`];
  for (const p of r.proofs) {
    const failed = p.steps.filter((s) => !s.ok);
    lines.push(`${p.ok ? 'ok  ' : 'FAIL'}  proof ${p.index}: record seq ${p.seq} of ${p.origin} (${p.evidence})${failed.length > 0 ? ` — ${failed.map((s) => `${s.check}: ${s.detail}`).join('; ')}` : ''}`);
    if (verbose) for (const s of p.steps) lines.push(`        ${s.ok ? 'ok  ' : 'FAIL'}  ${s.check}: ${s.detail}`);
  }
  for (const problem of r.problems) lines.push(`FAIL  ${problem}`);
  const bad = r.proofs.filter((p) => !p.ok).length;
  lines.push(r.ok ? `report verified: all ${r.proofs.length} proof(s) check against the signed checkpoints and the trusted keys` : `report NOT verified: ${bad} proof(s) failed, ${r.problems.length} other problem(s)`);
  return `${lines.join('\n')}\n`;
}
