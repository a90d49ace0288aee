// The asciicast importer (asciinema): one file, one session.
import type { TrailEvent } from '../../../core/records.js';
import { fileChunks } from '../common/file-source.js';
import { readLines } from '../common/line-reader.js';
import { makeRecording } from '../common/make-recording.js';
import type { ProblemLog } from '../common/problems.js';
import { fileSessionId } from '../common/session-id.js';
import type { FormatReader, InputFile, ReaderResult } from '../detect.js';
import { sniffAsciicast } from './detect.js';
import { asciicastV1Events } from './events-v1.js';
import { asciicastLineEvents } from './events-v2v3.js';
import { readHeader } from './header.js';

export const asciicastReader: FormatReader = {
  name: 'asciicast',
  sniff: (file) => sniffAsciicast(file.head)?.confidence ?? 0,
  open: async (files): Promise<ReaderResult> => {
    const recordings = files.map((file) => {
      const version = sniffAsciicast(file.head)?.version ?? 2;
      const session = fileSessionId('asciicast', file.path, file.head);
      return makeRecording(`asciicast-v${version}`, [file.path], (problems) =>
        version === 1 ? asciicastV1Events(file.path, session, problems) : lineFormatEvents(file, session, problems),
      );
    });
    return { recordings, problems: [] };
  },
};

async function* lineFormatEvents(file: InputFile, session: string, problems: ProblemLog): AsyncGenerator<TrailEvent> {
  const lines = readLines(fileChunks(file.path))[Symbol.asyncIterator]();
  try {
    const first = await lines.next();
    if (first.done === true || first.value.tooLong === true) {
      problems.error(file.path, first.done === true ? 'the file is empty' : 'the first line is too long to be an asciicast header', { line: 1 });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(first.value.bytes.toString('utf8').replace(/^\ufeff/, ''));
    } catch {
      problems.error(file.path, 'the first line (the asciicast header) is not valid JSON', { line: 1 });
      return;
    }
    const header = readHeader(value);
    if (typeof header === 'string') {
      problems.error(file.path, header, { line: 1 });
      return;
    }
    for (const note of header.notes) problems.warning(file.path, note, { line: 1 });
    if (header.startMicros === null) {
      problems.warning(file.path, 'the header has no "timestamp": event times count from 1970-01-01T00:00:00Z', { line: 1 });
    }
    yield* asciicastLineEvents(file.path, session, header, lines, problems);
  } finally {
    await lines.return?.(undefined);
  }
}
