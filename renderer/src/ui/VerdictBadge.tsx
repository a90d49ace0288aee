// The verdict of a bundle or session. Green is reserved for `verified` (signed by a key in the
// trust store, chain and tree intact); everything else says in words what it is.
import type { Verdict } from '../../../electron/core/api/contract.js';

export const VERDICT_TEXT: Record<Verdict, { label: string; meaning: string }> = {
  verified: { label: 'verified', meaning: 'Intact, and signed by a key in your trust store.' },
  untrusted: { label: 'untrusted', meaning: 'Intact and signed, but by a key that is not in your trust store.' },
  unsigned: { label: 'unsigned', meaning: 'Intact hash chain, but no signature: anyone could have written it.' },
  invalid: { label: 'invalid', meaning: 'Verification failed: the evidence was altered, cut or is malformed.' },
  raw: { label: 'raw recording', meaning: 'A recording without a hash chain or signature: nothing about it is verified.' },
};

export function VerdictBadge({ verdict }: Readonly<{ verdict: Verdict }>) {
  const text = VERDICT_TEXT[verdict];
  return (
    <span className={`badge verdict-${verdict}`} title={text.meaning} data-verdict={verdict}>
      {verdict === 'verified' ? '✓ ' : verdict === 'invalid' ? '✗ ' : ''}
      {text.label}
    </span>
  );
}
