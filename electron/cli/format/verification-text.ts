// Human-readable verification output, in the spirit of `aws cloudtrail validate-logs`: one block
// per bundle, every finding with its location, then a summary and what was not covered.
import type { BundleVerification } from '../../services/verify/verify-bundle.js';
import { formatBytes } from './bytes.js';

const VERDICT_WORDS: Record<BundleVerification['verdict'], string> = {
  verified: 'VERIFIED — intact and signed by a trusted key',
  untrusted: 'UNTRUSTED — intact and validly signed, but by no key in your trust store',
  unsigned: 'UNSIGNED — intact, but the checkpoint carries no signature',
  invalid: 'INVALID — see the findings below',
};

export function formatVerification(v: BundleVerification): string {
  const out: string[] = [];
  out.push(v.path);
  out.push(`  verdict:     ${VERDICT_WORDS[v.verdict]}`);
  if (v.origin !== null) out.push(`  origin:      ${v.origin}`);
  out.push(`  records:     ${v.recordsValid}/${v.records} valid, in ${v.sessions} session${v.sessions === 1 ? '' : 's'}`);
  if (v.timeRange !== null) out.push(`  time range:  ${v.timeRange.start} to ${v.timeRange.end}`);
  if (v.checkpoint !== null) out.push(`  checkpoint:  tree size ${v.checkpoint.treeSize}, root ${v.checkpoint.rootHash}`);
  if (v.log !== null) out.push(`  log:         records.jsonl, ${formatBytes(v.log.bytes)}, sha256 ${v.log.sha256}`);
  if (v.signers.length === 0) out.push('  signers:     none');
  for (const [i, s] of v.signers.entries()) {
    const state = !s.valid ? (s.vkey === null ? 'key unknown, not checked' : 'SIGNATURE INVALID') : s.trusted ? 'trusted, signature valid' : 'signature valid, key NOT trusted';
    out.push(`  ${i === 0 ? 'signers:    ' : '            '} ${s.name}+${s.keyId} (${state})`);
  }
  for (const c of v.consistency) {
    out.push(`  consistency: ${c.consistent ? 'extends' : 'does NOT extend'} the saved checkpoint of size ${c.treeSize}, root ${c.rootHash}`);
  }
  if (v.findings.length === 0) {
    out.push('  findings:    none');
  } else {
    out.push(`  findings:    ${v.findings.length}`);
    for (const f of v.findings) {
      const where = [f.entry, f.line !== null ? `line ${f.line}` : null, f.offset !== null ? `offset ${f.offset}` : null, f.seq !== null ? `seq ${f.seq}` : null]
        .filter((x) => x !== null)
        .join(', ');
      out.push(`    [${f.code}] ${where}`);
      out.push(`      ${f.message}`);
      if (f.expected !== null || f.found !== null) out.push(`      expected: ${f.expected ?? '-'}; found: ${f.found ?? '-'}`);
    }
  }
  return out.join('\n') + '\n';
}

export function formatSummary(results: readonly BundleVerification[]): string {
  const count = (verdict: BundleVerification['verdict']): number => results.filter((r) => r.verdict === verdict).length;
  const records = results.reduce((a, r) => a + r.records, 0);
  const valid = results.reduce((a, r) => a + r.recordsValid, 0);
  const starts = results.flatMap((r) => (r.timeRange ? [r.timeRange.start] : [])).sort();
  const ends = results.flatMap((r) => (r.timeRange ? [r.timeRange.end] : [])).sort();
  const signers = [...new Set(results.flatMap((r) => r.signers.filter((s) => s.valid).map((s) => `${s.name}+${s.keyId}${s.trusted ? '' : ' (untrusted)'}`)))];
  const lines = [
    `Summary: ${results.length} bundle${results.length === 1 ? '' : 's'}: ${count('verified')} verified, ${count('untrusted')} untrusted, ${count('unsigned')} unsigned, ${count('invalid')} invalid.`,
    `Records: ${valid}/${records} valid.`,
    `Time range covered: ${starts[0] ?? '-'} to ${ends[ends.length - 1] ?? '-'}.`,
    `Signers: ${signers.length > 0 ? signers.join(', ') : 'none'}.`,
    `Not covered: ${results[0]?.notCovered.join('; ') ?? ''}.`,
  ];
  return lines.join('\n') + '\n';
}
