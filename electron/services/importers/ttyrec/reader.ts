// The ttyrec importer (ttyrec, ovh-ttyrec, termrec): one file, one session, output only.
// The format holds nothing but timed output: no size, user, host, tty, TERM, input or exit status.
import type { TrailEvent } from '../../../core/records.js';
import { ByteReader } from '../common/byte-reader.js';
import { SessionClock } from '../common/clock.js';
import { MAX_EVENT_BYTES, sessionEndEvent, sessionStartEvent, streamEvent } from '../common/events.js';
import { fileChunks } from '../common/file-source.js';
import { makeRecording } from '../common/make-recording.js';
import type { ProblemLog } from '../common/problems.js';
import { fileSessionId } from '../common/session-id.js';
import type { FormatReader, InputFile, ReaderResult } from '../detect.js';
import { sniffTtyrec } from './detect.js';
import { decodeHeader, HEADER_SIZE, headerMicros } from './header.js';

export const ttyrecReader: FormatReader = {
  name: 'ttyrec',
  sniff: (file) => sniffTtyrec(file.head, file.size),
  open: async (files): Promise<ReaderResult> => ({
    recordings: files.map((file) => {
      const session = fileSessionId('ttyrec', file.path, file.head);
      return makeRecording('ttyrec', [file.path], (problems) => ttyrecEvents(file, session, problems));
    }),
    problems: [],
  }),
};

export async function* ttyrecEvents(file: InputFile, session: string, problems: ProblemLog): AsyncGenerator<TrailEvent> {
  const reader = new ByteReader(fileChunks(file.path));
  let clock: SessionClock | null = null;
  let record = 0;
  try {
    for (;;) {
      const offset = reader.position;
      const headerBytes = reader.tryRead(HEADER_SIZE) ?? (await reader.read(HEADER_SIZE));
      if (headerBytes.length === 0) break;
      record++;
      const where = { offset };
      if (headerBytes.length < HEADER_SIZE) {
        problems.skipped(file.path, `the file ends inside the header of record ${record} (${headerBytes.length} of 12 bytes): truncated; those bytes are not imported`, where);
        break;
      }
      const decoded = decodeHeader(headerBytes);
      // A time past 2255 cannot be held in µs exactly (and no recorder writes one): a damaged header.
      const header = typeof decoded !== 'string' && !Number.isSafeInteger(headerMicros(decoded)) ? `time ${decoded.sec} s is beyond the year 2255` : decoded;
      if (typeof header === 'string') {
        problems.error(file.path, `record ${record} has a damaged header (${header}); the last ${file.size - offset} bytes of the file are not imported`, where);
        break;
      }
      if (clock === null) {
        const start = headerMicros(header);
        clock = new SessionClock(start, problems, file.path);
        yield sessionStartEvent(session, clock.at(start, where), {
          user: null,
          host: null,
          tty: null,
          term: null,
          cols: null,
          rows: null,
          recorder: { name: 'ttyrec', format: 'ttyrec' },
          missing: ['user', 'host', 'tty', 'term', 'size', 'input', 'resize', 'exitStatus'],
        });
      }
      const micros = clock.at(headerMicros(header), where);
      let wanted = header.len;
      while (wanted > 0) {
        const take = Math.min(wanted, MAX_EVENT_BYTES);
        const payload = reader.tryRead(take) ?? (await reader.read(take));
        if (payload.length > 0) yield streamEvent('out', session, micros, payload);
        wanted -= payload.length;
        if (payload.length === 0 || (wanted > 0 && !(await reader.hasMore()))) {
          problems.skipped(
            file.path,
            `record ${record} claims ${header.len} bytes, but the file ends after ${header.len - wanted}: truncated; the bytes present are imported`,
            where,
          );
          break;
        }
      }
    }
  } finally {
    await reader.close();
  }
  if (clock === null) {
    problems.error(file.path, file.size === 0 ? 'the file is empty' : 'the file holds no complete ttyrec record');
    return;
  }
  yield sessionEndEvent(session, clock.now, null);
}
