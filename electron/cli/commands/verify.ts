// `trailview verify`: one verdict per bundle, every finding located (docs/cli.md).
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseSavedCheckpoint, type SavedCheckpoint } from '../../services/verify/saved-checkpoint.js';
import { verifyBundle, type BundleVerification } from '../../services/verify/verify-bundle.js';
import { CliError, EXIT } from '../cli-io.js';
import { formatSummary, formatVerification } from '../format/verification-text.js';
import type { CommandContext } from '../main.js';
import { trustedKeys, trustStore } from '../options.js';

interface VerifyFlags {
  json?: boolean;
  trust?: string;
  checkpoint?: string;
}

export function registerVerify(program: Command, ctx: CommandContext): void {
  program
    .command('verify')
    .description('verify bundles offline: hash chain, Merkle tree, checkpoint signature, manifest, entries')
    .argument('<bundle...>', 'Trail bundles (.trail files or bundle directories)')
    .option('--json', 'print one JSON document instead of text')
    .option('--trust <file>', 'verifier keys to trust for this run, one per line (# comments), instead of the trust store')
    .option('--checkpoint <file>', 'a checkpoint saved earlier: each bundle of its origin must extend it (rollback/fork check)')
    .addHelpText(
      'after',
      `
Verdicts: verified (intact, signed by a trusted key), untrusted (intact, signer not trusted),
unsigned (intact, no signature), invalid (anything wrong; every finding is listed).
Exit status: 0 when every bundle is verified, 1 when any is not, 2 on usage or I/O errors.
Checkpoints saved with \`trailview checkpoint save\` are used automatically for their origin.`,
    )
    .action(async (bundles: string[], flags: VerifyFlags) => {
      const trusted = await trustedKeys(ctx.io, flags.trust);
      const saved: SavedCheckpoint[] = [];
      try {
        saved.push(...(await trustStore(ctx.io).savedCheckpoints()));
      } catch (error) {
        throw new CliError(`cannot read saved checkpoints: ${(error as Error).message}`);
      }
      if (flags.checkpoint !== undefined) {
        let raw: string;
        try {
          raw = await readFile(flags.checkpoint, 'utf8');
        } catch (error) {
          throw new CliError(`cannot read checkpoint ${flags.checkpoint}: ${(error as Error).message}`);
        }
        saved.push(parseSavedCheckpoint(raw, flags.checkpoint));
      }
      const results: BundleVerification[] = [];
      for (const bundle of bundles) {
        let result: BundleVerification;
        try {
          result = await verifyBundle(bundle, { trusted, savedCheckpoints: saved });
        } catch (error) {
          throw new CliError(`${bundle}: ${(error as Error).message}`);
        }
        results.push(result);
        if (!flags.json) ctx.io.stdout(`${formatVerification(result)}\n`);
      }
      if (flags.json) {
        ctx.io.stdout(`${JSON.stringify({ bundles: results.map(toJson) }, null, 2)}\n`);
      } else {
        ctx.io.stdout(formatSummary(results));
      }
      ctx.setExitCode(results.every((r) => r.verdict === 'verified') ? EXIT.ok : EXIT.findings);
    });
}

/** The `--json` shape is a public contract: fields may be added, never renamed. */
function toJson(v: BundleVerification): Record<string, unknown> {
  return {
    path: v.path,
    verdict: v.verdict,
    records: v.records,
    recordsValid: v.recordsValid,
    origin: v.origin,
    signers: v.signers,
    findings: v.findings.map((f) => ({
      code: f.code,
      seq: f.seq,
      line: f.line,
      offset: f.offset,
      message: f.message,
      entry: f.entry,
      expected: f.expected,
      found: f.found,
    })),
    checkpoint: v.checkpoint,
    timeRange: v.timeRange,
    sessions: v.sessions,
    log: v.log,
    consistency: v.consistency,
    notCovered: v.notCovered,
  };
}
