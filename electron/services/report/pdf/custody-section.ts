// Chain of custody: every evidence item with its identity, hashes, origin, import, verdict,
// signers, checkpoint, verification findings, and what this report found re-reading it.
import type { ReportModel } from '../report-model.js';
import { COLORS, type PageWriter } from './page-writer.js';

const MONO = new Set(['SHA-256', 'Checkpoint root', 'Signer keys']);

export function drawCustody(w: PageWriter, m: ReportModel): void {
  w.title('Chain of custody');
  w.para(
    'Each item was copied into the case byte for byte, named by its SHA-256, kept read-only and verified on import. For this report every item was read again: its records hashed and the Merkle root compared with the signed checkpoint.',
    { color: COLORS.muted },
  );
  m.evidence.forEach((e, i) => {
    w.heading(`${i + 1}. ${e.fileName}`, 11);
    const checkpointKind = e.signers.length > 0 ? 'signed checkpoint' : 'checkpoint (unsigned)';
    const recheck = e.recheck.problem !== null ? `problem: ${e.recheck.problem}` : `${e.recheck.records} records hashed; root ${e.recheck.rootMatches === true ? `matches the ${checkpointKind} ✓` : 'not compared'}`;
    w.fields(
      [
        ['File name', e.fileName],
        ['Kind / format', `${e.kind} / ${e.format}`],
        ['Size', `${e.size.toLocaleString('en-US')} bytes`],
        ['SHA-256', e.sha256],
        ['Origin', e.origin ?? 'none (raw recording)'],
        ['Imported at', w.time(e.importedAtUs)],
        ['Imported by', e.importedBy],
        ['Imported from', e.importedFrom ?? ''],
        ['Verdict', e.verdict],
        ['Signer keys', e.signers.length === 0 ? 'none' : e.signers.map((s) => `${s.name}+${s.keyId ?? '?'}${s.valid ? '' : ' (signature invalid)'}${s.trusted ? ' (trusted)' : ' (not trusted)'}`).join('\n')],
        ['Checkpoint size', e.checkpoint === null ? 'none' : String(e.checkpoint.treeSize)],
        ['Checkpoint root', e.checkpoint?.rootHash ?? ''],
        ['Records / sessions', `${e.records} / ${e.sessions}`],
        ['Time range', e.timeRange === null ? '' : `${w.shortTime(e.timeRange.startUs)} – ${w.shortTime(e.timeRange.endUs)}`],
        ['Verification findings', e.findings.length === 0 ? 'none' : e.findings.map((f) => `${f.code}${f.seq !== null ? ` (seq ${f.seq})` : ''}: ${f.message}`).join('\n')],
        ['Checked for this report', `${recheck}${e.recheck.signatures.length > 0 ? `; checkpoint signed by trusted ${e.recheck.signatures.join(', ')}` : '; no signature by a trusted key'}`],
      ],
      { labelWidth: 120, mono: MONO },
    );
  });
}
