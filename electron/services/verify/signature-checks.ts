// Checks the checkpoint's signatures against the examiner's trust store (docs/bundle-format.md
// §5, §7). Keys shipped in the bundle's keys/ folder let us say "validly signed, but by a key you
// do not trust"; they never make a bundle verified.
import { finding, type Finding } from '../../core/findings.js';
import { formatKeyId, parseVerifierKey, type VerifierKey } from '../../core/note-keys.js';
import { verifyNoteSignature } from '../../core/signed-note.js';
import type { BundleSource } from '../bundle/bundle-source.js';
import type { ReadCheckpoint } from './read-checkpoint.js';
import type { SignerReport } from './verdict.js';

const MAX_KEY_BYTES = 64 * 1024;

export async function readBundleKeys(source: BundleSource, findings: Finding[]): Promise<VerifierKey[]> {
  const keys: VerifierKey[] = [];
  for (const entry of source.entries()) {
    if (!entry.name.startsWith('keys/') || !entry.name.endsWith('.vkey')) continue;
    const text = (await source.readEntry(entry.name, MAX_KEY_BYTES)).toString('utf8').trim();
    try {
      keys.push(parseVerifierKey(text));
    } catch (error) {
      findings.push(finding('KEY_UNTRUSTED', entry.name, `${entry.name} is not a valid verifier key and was not used: ${(error as Error).message}`));
    }
  }
  return keys;
}

export function checkSignatures(
  checkpoint: ReadCheckpoint,
  trusted: readonly VerifierKey[],
  shipped: readonly VerifierKey[],
): { signers: SignerReport[]; findings: Finding[] } {
  const signers: SignerReport[] = [];
  const findings: Finding[] = [];
  const note = { text: checkpoint.text };
  for (const sig of checkpoint.signatures) {
    const id = `${sig.name}+${formatKeyId(sig.keyId)}`;
    const matches = (keys: readonly VerifierKey[]): VerifierKey | undefined => keys.find((k) => k.name === sig.name && k.keyId === sig.keyId);
    const trustedKey = matches(trusted);
    const key = trustedKey ?? matches(shipped);
    if (key === undefined) {
      signers.push({ name: sig.name, keyId: formatKeyId(sig.keyId), valid: false, trusted: false, vkey: null });
      findings.push(
        finding('KEY_UNTRUSTED', 'checkpoint', `signed by ${id}, a key that is neither in your trust store nor shipped in the bundle: the signature could not be checked`, {
          line: sig.line,
          expected: 'a signature by a trusted key',
          found: id,
        }),
      );
      continue;
    }
    const valid = verifyNoteSignature(note, sig, key);
    signers.push({ name: sig.name, keyId: formatKeyId(sig.keyId), valid, trusted: trustedKey !== undefined, vkey: key.text });
    if (!valid) {
      findings.push(
        finding('SIGNATURE_INVALID', 'checkpoint', `the signature by ${id} does not verify: the checkpoint text or the signature was altered`, {
          line: sig.line,
          expected: `a valid Ed25519 signature by ${key.text}`,
          found: 'an invalid signature',
        }),
      );
    } else if (trustedKey === undefined) {
      findings.push(
        finding('KEY_UNTRUSTED', 'checkpoint', `validly signed by ${id}, but that key is not in your trust store (its vkey ships in the bundle: ${key.text})`, {
          line: sig.line,
          expected: 'a signature by a trusted key',
          found: id,
        }),
      );
    }
  }
  // When a trusted signature verifies, other signers are listed but are not a problem.
  const anyTrusted = signers.some((s) => s.valid && s.trusted);
  return { signers, findings: anyTrusted ? findings.filter((f) => f.code !== 'KEY_UNTRUSTED' || f.entry !== 'checkpoint') : findings };
}
