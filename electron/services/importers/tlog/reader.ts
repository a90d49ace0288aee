// The tlog importer: one file (file writer log or journal export), one session per `rec`.
import { open } from 'node:fs/promises';
import type { TrailEvent } from '../../../core/records.js';
import { BlockReader } from '../common/block-reader.js';
import { makeRecording } from '../common/make-recording.js';
import { mergeByTime } from '../common/merge.js';
import type { ProblemLog } from '../common/problems.js';
import { fileSessionId, idPart } from '../common/session-id.js';
import type { FormatReader, InputFile, ReaderResult } from '../detect.js';
import { sniffTlog } from './detect.js';
import { indexTlogFile } from './index-pass.js';
import { recEvents } from './rec-events.js';

export const tlogReader: FormatReader = {
  name: 'tlog',
  sniff: (file) => sniffTlog(file.head)?.confidence ?? 0,
  open: async (files): Promise<ReaderResult> => ({
    recordings: files.map((file) => {
      const format = sniffTlog(file.head)?.journal === true ? 'tlog-journal' : 'tlog-json';
      return makeRecording(format, [file.path], (problems) => tlogEvents(file, format, problems));
    }),
    problems: [],
  }),
};

async function* tlogEvents(file: InputFile, format: string, problems: ProblemLog): AsyncGenerator<TrailEvent> {
  const recs = await indexTlogFile(file.path, problems);
  if (recs.length === 0) {
    problems.error(file.path, file.size === 0 ? 'the file is empty' : 'the file holds no tlog message');
    return;
  }
  for (const rec of recs) {
    if (rec.startMicros === null) {
      problems.warning(file.path, `recording ${rec.rec || '(no rec)'} has no wall-clock time (tlog format < 2.3): event times count from 1970-01-01T00:00:00Z`);
    }
  }
  const handle = await open(file.path, 'r');
  try {
    const sources = recs.map((rec) => {
      const session = rec.rec === '' ? fileSessionId('tlog', file.path, file.head) : `tlog-${idPart(rec.rec)}`;
      return {
        startMicros: rec.startMicros ?? 0,
        open: () => recEvents(file.path, session, rec, new BlockReader(handle), format, problems),
      };
    });
    yield* mergeByTime(sources);
  } finally {
    await handle.close();
  }
}
