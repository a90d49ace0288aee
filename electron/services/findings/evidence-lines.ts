// Streams the records.jsonl of one evidence item of a case with each line's exact bytes, for the
// readers that must hash what they show (findings anchors, the report's proofs and screens).
// Raw recordings are read through the unsigned bundle derived from them (`index_source`).
import { openBundle } from '../bundle/open-bundle.js';
import { resolveIn } from '../case/case-layout.js';

export interface EvidenceLine {
  /** 1-based line number (= seq in an intact log). */
  line: number;
  /** The line's bytes without its newline (what the leaf hash covers). */
  bytes: Buffer;
}

export function evidenceBundlePath(row: { stored_as: unknown; index_source: unknown }): string {
  return typeof row.index_source === 'string' && row.index_source !== '' ? row.index_source : String(row.stored_as);
}

export async function* evidenceLines(caseDir: string, relBundle: string, onBytes?: (bytes: number) => void): AsyncGenerator<EvidenceLine> {
  const full = resolveIn(caseDir, relBundle);
  const source = await openBundle(full);
  try {
    if (source.entry('records.jsonl') === undefined) throw new Error(`${relBundle}: the bundle has no records.jsonl`);
    const stream = await source.openEntryStream('records.jsonl', { highWaterMark: 1 << 20 });
    let carry: Buffer = Buffer.alloc(0);
    let line = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onBytes?.(chunk.length);
      const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      let start = 0;
      for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, start)) {
        line += 1;
        yield { line, bytes: data.subarray(start, nl) };
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start));
    }
    if (carry.length > 0) throw new Error(`${relBundle}: records.jsonl line ${line + 1} is cut off (no final newline)`);
  } finally {
    await source.close();
  }
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
