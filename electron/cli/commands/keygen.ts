// `trailview keygen`: a new Ed25519 signing key (mode 0600) and its public verifier key.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { generateKey, isValidKeyName } from '../../core/note-keys.js';
import { CliError } from '../cli-io.js';
import type { CommandContext } from '../main.js';

export function registerKeygen(program: Command, ctx: CommandContext): void {
  program
    .command('keygen')
    .description('create an Ed25519 signing key (NAME.key, mode 0600) and its verifier key (NAME.vkey)')
    .requiredOption('--name <name>', 'key name, written into signatures (no spaces or "+"), e.g. the log origin')
    .requiredOption('--out <dir>', 'directory to write NAME.key and NAME.vkey into')
    .addHelpText('after', '\nThe .key file is secret; the .vkey line is what examiners add with `trailview keys add`.')
    .action(async (flags: { name: string; out: string }) => {
      if (!isValidKeyName(flags.name)) throw new CliError(`key name ${JSON.stringify(flags.name)} must be non-empty without spaces or "+"`);
      const base = flags.name.replace(/[/\\]/g, '_');
      const keyFile = path.join(flags.out, `${base}.key`);
      const vkeyFile = path.join(flags.out, `${base}.vkey`);
      const { skey, vkey } = generateKey(flags.name);
      await mkdir(flags.out, { recursive: true });
      try {
        // 'wx': never overwrite an existing key; losing a signing key is not recoverable.
        await writeFile(keyFile, `${skey}\n`, { mode: 0o600, flag: 'wx' });
        await writeFile(vkeyFile, `${vkey}\n`, { mode: 0o644, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(`${keyFile} or ${vkeyFile} already exists; not overwriting a key`);
        throw error;
      }
      ctx.io.stdout(`signing key:  ${keyFile} (keep secret)\nverifier key: ${vkeyFile}\n${vkey}\n`);
    });
}
