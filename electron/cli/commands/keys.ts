// `trailview keys add|list|remove`: the examiner's trust store of pinned verifier keys.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatKeyId } from '../../core/note-keys.js';
import { CliError, EXIT } from '../cli-io.js';
import type { CommandContext } from '../main.js';
import { trustStore } from '../options.js';

export function registerKeys(program: Command, ctx: CommandContext): void {
  const keys = program
    .command('keys')
    .description('manage the trust store of verifier keys (TRAILVIEW_CONFIG_DIR overrides its location)')
    .addHelpText('after', '\nThe store lives in the user config dir (e.g. ~/.config/trailview/trusted.vkeys).');

  keys
    .command('add')
    .description('trust a verifier key: a vkey line, or a .vkey file')
    .argument('<vkey-or-file>', 'NAME+HEXKEYID+BASE64, or a file holding one')
    .option('--comment <text>', 'a note kept next to the key (who gave it to you, when)')
    .action(async (arg: string, flags: { comment?: string }) => {
      const text = arg.includes('+') && !arg.endsWith('.vkey') ? arg : await readKeyFile(arg);
      const store = trustStore(ctx.io);
      let added: boolean;
      try {
        added = await store.addKey(text, flags.comment ?? '');
      } catch (error) {
        throw new CliError(`not a verifier key: ${(error as Error).message}`);
      }
      ctx.io.stdout(added ? `trusted ${text.trim()}\n(store: ${store.keysFile})\n` : `already trusted: ${text.trim()}\n`);
    });

  keys
    .command('list')
    .description('list trusted keys')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const store = trustStore(ctx.io);
      const entries = await store.listKeys();
      if (flags.json) {
        const list = entries.map((e) => ({ name: e.key.name, keyId: formatKeyId(e.key.keyId), vkey: e.key.text, comment: e.comment }));
        ctx.io.stdout(`${JSON.stringify({ store: store.keysFile, keys: list }, null, 2)}\n`);
        return;
      }
      if (entries.length === 0) ctx.io.stdout(`no trusted keys (store: ${store.keysFile})\n`);
      for (const e of entries) ctx.io.stdout(`${e.key.text}${e.comment ? `  # ${e.comment}` : ''}\n`);
    });

  keys
    .command('remove')
    .description('stop trusting a key')
    .argument('<selector>', 'the vkey line, NAME+HEXKEYID, or NAME')
    .action(async (selector: string) => {
      const removed = await trustStore(ctx.io).removeKey(selector);
      if (removed.length === 0) {
        ctx.io.stderr(`no trusted key matches ${selector}\n`);
        ctx.setExitCode(EXIT.findings);
        return;
      }
      for (const k of removed) ctx.io.stdout(`removed ${k.text}\n`);
    });
}

async function readKeyFile(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
}
