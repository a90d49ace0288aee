// `trailview checkpoint save|show`: remember a bundle's checkpoint so later bundles of the same
// origin are checked for rollback or fork (docs/bundle-format.md §8).
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { openBundle } from '../../services/bundle/open-bundle.js';
import { parseSavedCheckpoint, type SavedCheckpoint } from '../../services/verify/saved-checkpoint.js';
import { verifyBundle } from '../../services/verify/verify-bundle.js';
import { toBase64 } from '../../core/hex.js';
import { CliError, EXIT } from '../cli-io.js';
import type { CommandContext } from '../main.js';
import { trustedKeys, trustStore } from '../options.js';

export function registerCheckpoint(program: Command, ctx: CommandContext): void {
  const checkpoint = program.command('checkpoint').description('save and show checkpoints used for rollback/fork detection');

  checkpoint
    .command('save')
    .description('verify BUNDLE and remember its checkpoint (in the trust store, or in FILE)')
    .argument('<bundle>', 'Trail bundle')
    .option('--out <file>', 'write the checkpoint to FILE instead of the trust store')
    .option('--trust <file>', 'verifier keys to trust for this run instead of the trust store')
    .action(async (bundle: string, flags: { out?: string; trust?: string }) => {
      const trusted = await trustedKeys(ctx.io, flags.trust);
      const result = await verifyBundle(bundle, { trusted, savedCheckpoints: await trustStore(ctx.io).savedCheckpoints() });
      if (result.verdict === 'invalid') {
        throw new CliError(`${bundle} is invalid (${result.findings[0]?.code ?? '?'}: ${result.findings[0]?.message ?? ''}); not saving its checkpoint`, EXIT.findings);
      }
      const source = await openBundle(bundle);
      let raw: string;
      try {
        raw = (await source.readEntry('checkpoint', 1 << 20)).toString('utf8');
      } finally {
        await source.close();
      }
      let saved: SavedCheckpoint;
      if (flags.out !== undefined) {
        await writeFile(flags.out, raw);
        saved = parseSavedCheckpoint(raw, flags.out);
      } else {
        saved = await trustStore(ctx.io).saveCheckpoint(raw);
      }
      ctx.io.stdout(`saved checkpoint of ${saved.origin}: tree size ${saved.treeSize}, root ${toBase64(saved.rootHash)}\n  -> ${saved.from}\n`);
      if (result.verdict !== 'verified') ctx.io.stderr(`note: ${bundle} is ${result.verdict}, not verified by a trusted key\n`);
    });

  checkpoint
    .command('show')
    .description('show saved checkpoints (all in the trust store, or the given files)')
    .argument('[files...]', 'checkpoint files saved with --out')
    .option('--json', 'print JSON')
    .action(async (files: string[], flags: { json?: boolean }) => {
      const list: SavedCheckpoint[] = [];
      if (files.length === 0) {
        list.push(...(await trustStore(ctx.io).savedCheckpoints()));
      } else {
        for (const f of files) {
          let raw: string;
          try {
            raw = await readFile(f, 'utf8');
          } catch (error) {
            throw new CliError(`cannot read ${f}: ${(error as Error).message}`);
          }
          try {
            list.push(parseSavedCheckpoint(raw, f));
          } catch (error) {
            throw new CliError((error as Error).message);
          }
        }
      }
      if (flags.json) {
        const json = list.map((c) => ({ origin: c.origin, treeSize: c.treeSize, rootHash: toBase64(c.rootHash), file: c.from, checkpoint: c.raw }));
        ctx.io.stdout(`${JSON.stringify({ checkpoints: json }, null, 2)}\n`);
        return;
      }
      if (list.length === 0) ctx.io.stdout('no saved checkpoints\n');
      for (const c of list) ctx.io.stdout(`${c.origin}\n  tree size ${c.treeSize}, root ${toBase64(c.rootHash)}\n  file ${c.from}\n`);
    });
}
