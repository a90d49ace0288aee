// `trailview prove` and `trailview verify-proof`: RFC 6962 inclusion proofs of single records.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseVerifierKey, type VerifierKey } from '../../core/note-keys.js';
import { checkInclusionProof, proveRecord, ProofError, type InclusionProofDoc } from '../../services/proof/inclusion-proof.js';
import { CliError, EXIT } from '../cli-io.js';
import type { CommandContext } from '../main.js';
import { parseWholeNumber } from '../options.js';

export function registerProve(program: Command, ctx: CommandContext): void {
  program
    .command('prove')
    .description('print an RFC 6962 inclusion proof of record SEQ against the bundle\u2019s signed checkpoint')
    .argument('<bundle>', 'Trail bundle')
    .argument('<seq>', 'record number (1-based)', parseWholeNumber)
    .option('--json', 'print the proof as JSON (the input of verify-proof)')
    .action(async (bundle: string, seq: number, flags: { json?: boolean }) => {
      let doc: InclusionProofDoc;
      try {
        doc = await proveRecord(bundle, seq);
      } catch (error) {
        if (error instanceof ProofError) throw new CliError(error.message, EXIT.findings);
        throw new CliError(`${bundle}: ${(error as Error).message}`);
      }
      if (flags.json) {
        ctx.io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
        return;
      }
      ctx.io.stdout(
        [
          `record seq ${doc.seq} of ${doc.origin} (leaf index ${doc.leafIndex} of ${doc.treeSize})`,
          `leaf hash: ${doc.leafHash}`,
          `proof (${doc.proof.length} hashes, leaf to root):`,
          ...doc.proof.map((p) => `  ${p}`),
          'checkpoint:',
          ...doc.checkpoint.trimEnd().split('\n').map((l) => `  ${l}`),
          '(use --json to save it for `trailview verify-proof`)',
        ].join('\n') + '\n',
      );
    });

  program
    .command('verify-proof')
    .description('check an inclusion proof (from `prove --json`) without the bundle')
    .argument('<proof>', 'proof JSON file')
    .requiredOption('--vkey <vkey-or-file>', 'the verifier key that must have signed the checkpoint')
    .option('--json', 'print the checks as JSON')
    .action(async (file: string, flags: { vkey: string; json?: boolean }) => {
      const doc = await readJson(file);
      const key = await readVkey(flags.vkey);
      const result = checkInclusionProof(doc, [key]);
      if (flags.json) {
        ctx.io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        for (const s of result.steps) ctx.io.stdout(`${s.ok ? 'ok  ' : 'FAIL'}  ${s.check}: ${s.detail}\n`);
        ctx.io.stdout(result.ok ? `proof valid: record seq ${doc.seq} is in the signed log ${doc.origin}\n` : 'proof INVALID\n');
      }
      ctx.setExitCode(result.ok ? EXIT.ok : EXIT.findings);
    });
}

async function readJson(file: string): Promise<InclusionProofDoc> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file}: not JSON: ${(error as Error).message}`);
  }
  const v = value as Partial<InclusionProofDoc>;
  if (typeof v !== 'object' || v === null || typeof v.checkpoint !== 'string' || !Array.isArray(v.proof) || typeof v.leafHash !== 'string' || typeof v.leafIndex !== 'number') {
    throw new CliError(`${file}: not an inclusion proof (expected origin, treeSize, leafIndex, leafHash, proof, checkpoint)`);
  }
  return v as InclusionProofDoc;
}

export async function readVkey(arg: string): Promise<VerifierKey> {
  let text = arg;
  if (!/^[^\s+]+\+[0-9a-f]{8}\+/.test(arg)) {
    try {
      text = (await readFile(arg, 'utf8')).trim();
    } catch (error) {
      throw new CliError(`cannot read verifier key ${arg}: ${(error as Error).message}`);
    }
  }
  try {
    return parseVerifierKey(text);
  } catch (error) {
    throw new CliError(`not a verifier key: ${(error as Error).message}`);
  }
}
