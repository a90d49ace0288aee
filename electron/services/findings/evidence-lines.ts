// Streams the records.jsonl of one evidence item of a case with each line's exact bytes, for the
// readers that must hash what they show (findings anchors, the report's proofs and screens).
// Raw recordings are read through the unsigned bundle derived from them (`index_source`).
import { openBundle } from '../bundle/open-bundle.js';
import { readRecordLineBytes, type RecordLine } from '../bundle/read-records.js';
import { resolveIn } from '../case/case-layout.js';

export type EvidenceLine = RecordLine;

export function evidenceBundlePath(row: { stored_as: unknown; index_source: unknown }): string {
  return typeof row.index_source === 'string' && row.index_source !== '' ? row.index_source : String(row.stored_as);
}

export function evidenceLines(caseDir: string, relBundle: string, onBytes?: (bytes: number) => void): AsyncGenerator<EvidenceLine> {
  return readRecordLineBytes(resolveIn(caseDir, relBundle), relBundle, onBytes);
}

/** The signed checkpoint note of the bundle, exactly as stored (null when it has none). */
export async function readCheckpointNote(caseDir: string, relBundle: string): Promise<string | null> {
  const source = await openBundle(resolveIn(caseDir, relBundle));
  try {
    if (source.entry('checkpoint') === undefined) return null;
    return (await source.readEntry('checkpoint', 1 << 20)).toString('utf8');
  } finally {
    await source.close();
  }
}
