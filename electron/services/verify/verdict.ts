// From findings and signers to one verdict (docs/bundle-format.md §6.1). Never "verified"
// unless a signature by a trusted key verifies and nothing else is wrong.
import type { Finding } from '../../core/findings.js';

export type Verdict = 'verified' | 'untrusted' | 'unsigned' | 'invalid';

export interface SignerReport {
  name: string;
  /** Key id as 8 lowercase hex digits. */
  keyId: string;
  /** The signature verified with a key we hold (trusted or shipped in the bundle). */
  valid: boolean;
  /** The key is in the examiner's trust store (or the --trust file). */
  trusted: boolean;
  /** The verifier key text when we hold it. */
  vkey: string | null;
}

export function decideVerdict(findings: readonly Finding[], signers: readonly SignerReport[], signatureLines: number): Verdict {
  if (findings.some((f) => f.code !== 'KEY_UNTRUSTED')) return 'invalid';
  if (signers.some((s) => s.valid && s.trusted)) return 'verified';
  if (signatureLines > 0) return 'untrusted';
  return 'unsigned';
}
