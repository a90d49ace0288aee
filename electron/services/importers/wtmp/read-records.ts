// Streams the records of a utmp/wtmp file, 384 bytes at a time from 1 MiB reads. Damaged records
// are reported by record number and byte offset — a run of consecutive damaged records as one
// problem — and left out; a file that ends inside a record is reported as truncated.
import { ByteReader } from '../common/byte-reader.js';
import { fileChunks } from '../common/file-source.js';
import type { ProblemLog } from '../common/problems.js';
import { decodeRecord, RECORD_SIZE, type UtmpRecord } from './record.js';

export interface RecordStats {
  /** Whole records in the file (good or damaged). */
  records: number;
  damaged: number;
  /** Records other than EMPTY. */
  used: number;
}

/**
 * The file's valid, non-EMPTY records in file order. `problems` null: read silently (a first pass);
 * `stats` is filled in as the records go by.
 */
export async function* readUtmpRecords(file: string, size: number, problems: ProblemLog | null, stats?: RecordStats): AsyncGenerator<UtmpRecord> {
  const reader = new ByteReader(fileChunks(file));
  const shifted = size % RECORD_SIZE !== 0;
  let index = 0;
  let run: { first: number; offset: number; last: number; reason: string } | null = null;
  const flush = (): void => {
    if (run === null || problems === null) return;
    const which = run.first === run.last ? `record ${run.first}` : `records ${run.first}–${run.last}`;
    const end = (run.last - 1) * RECORD_SIZE + RECORD_SIZE - 1;
    const hint = shifted
      ? ` The file's size (${size} bytes) is not a multiple of ${RECORD_SIZE}: bytes were probably added or removed before this point, shifting the records after it.`
      : '';
    problems.skipped(file, `${which} (bytes ${run.offset}–${end}) ${run.first === run.last ? 'is not a utmp record' : 'are not utmp records'} (record ${run.first}: ${run.reason}); left out.${hint}`, {
      offset: run.offset,
    });
    run = null;
  };
  try {
    for (;;) {
      const offset = reader.position;
      const bytes = reader.tryRead(RECORD_SIZE) ?? (await reader.read(RECORD_SIZE));
      if (bytes.length === 0) break;
      index++;
      if (bytes.length < RECORD_SIZE) {
        flush();
        problems?.skipped(
          file,
          `the file ends inside record ${index} (${bytes.length} of ${RECORD_SIZE} bytes at offset ${offset}): it is truncated or has extra bytes (its size, ${size}, is not a multiple of ${RECORD_SIZE}); those bytes are left out`,
          { offset },
        );
        break;
      }
      if (stats !== undefined) stats.records = index;
      const decoded = decodeRecord(bytes, index, offset);
      if (!decoded.ok) {
        if (stats !== undefined) stats.damaged++;
        if (run === null) run = { first: index, offset, last: index, reason: decoded.reason };
        else run.last = index;
        continue;
      }
      flush();
      if (decoded.record.type === 0) continue;
      if (stats !== undefined) stats.used++;
      yield decoded.record;
    }
    flush();
  } finally {
    await reader.close();
  }
}
