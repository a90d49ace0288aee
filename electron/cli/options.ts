// Option parsing shared by several commands: sizes, integers, key files, trust sources.
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import { parseSignerKey, type SignerKey, type VerifierKey } from '../core/note-keys.js';
import { parseKeyList } from '../services/trust/key-list.js';
import { configDir } from '../services/trust/config-dir.js';
import { TrustStore } from '../services/trust/trust-store.js';
import { CliError, type CliIo } from './cli-io.js';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, kib: 1024, m: 1e6, mb: 1e6, mib: 1024 ** 2, g: 1e9, gb: 1e9, gib: 1024 ** 3 };

/** `1GiB`, `500MB`, `2m`, `123456` → bytes. */
export function parseByteSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = UNITS[(m?.[2] ?? '').toLowerCase()];
  if (m === null || unit === undefined) throw new InvalidArgumentError(`"${text}" is not a size (examples: 1048576, 500MB, 1GiB)`);
  return Math.round(Number(m[1]) * unit);
}

export function parseWholeNumber(text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError(`"${text}" is not a whole number`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`"${text}" is too large`);
  return n;
}

export async function readSignerKey(file: string): Promise<SignerKey> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read signing key ${file}: ${(error as Error).message}`);
  }
  try {
    return parseSignerKey(text.trim());
  } catch (error) {
    throw new CliError(`${file}: not a signing key (expected PRIVATE+KEY+NAME+HEXKEYID+BASE64): ${(error as Error).message}`);
  }
}

export function trustStore(io: CliIo): TrustStore {
  return new TrustStore(configDir(io.env));
}

/** `--trust FILE` replaces the trust store for one run; otherwise the store's keys are used. */
export async function trustedKeys(io: CliIo, trustFile: string | undefined): Promise<VerifierKey[]> {
  if (trustFile === undefined) {
    try {
      return await trustStore(io).trustedKeys();
    } catch (error) {
      throw new CliError(`cannot read the trust store: ${(error as Error).message}`);
    }
  }
  let text: string;
  try {
    text = await readFile(trustFile, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read trust file ${trustFile}: ${(error as Error).message}`);
  }
  try {
    return parseKeyList(text, trustFile).map((e) => e.key);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}
