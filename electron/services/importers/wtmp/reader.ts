// The utmp/wtmp importer (`wtmp`): login records of glibc `struct utmp` files (/var/log/wtmp,
// /run/utmp, and copies of them) → one Trail session of kind "login" per login, with `join`/`leave`
// for whoever the records say is on the line (logins.ts). One file is one recording.
//
// Order: wtmp is a log (appended in time order; a clock step makes a time go back, which is kept in
// file order and reported). utmp is a table: one slot per line, overwritten in place, in no time
// order. A first, silent pass tells them apart — a table names each line once — and a table whose
// times are not in order is read sorted by time (it holds one record per line, so it is small).
// A log is streamed: memory holds only the open sessions and a few records of lookahead.
import type { TrailEvent } from '../../../core/records.js';
import { SessionClock } from '../common/clock.js';
import { makeRecording } from '../common/make-recording.js';
import type { ProblemLog } from '../common/problems.js';
import { fileSessionId } from '../common/session-id.js';
import type { FormatReader, InputFile, ReaderResult } from '../detect.js';
import type { Recording } from '../recording.js';
import { sniffUtmp } from './detect.js';
import { LoginSessions, type Lookahead } from './logins.js';
import { readUtmpRecords, type RecordStats } from './read-records.js';
import { RECORD_SIZE, UT, type UtmpRecord } from './record.js';

export const WTMP_FORMAT = 'wtmp';

export const wtmpReader: FormatReader = {
  name: 'utmp/wtmp',
  sniff: (file) => sniffUtmp(file.head, file.size),
  open: async (files): Promise<ReaderResult> => ({
    recordings: files.map((file) => openUtmpFile(file)),
    problems: [],
  }),
};

export function openUtmpFile(file: InputFile): Recording {
  const prefix = fileSessionId(WTMP_FORMAT, file.path, file.head);
  return makeRecording(WTMP_FORMAT, [file.path], (problems) => wtmpEvents(file, prefix, problems));
}

/** Records in order, with lookahead for rewrites (logins.ts). */
class Peekable implements Lookahead {
  private readonly buffer: UtmpRecord[] = [];
  private done = false;

  constructor(private readonly source: AsyncIterator<UtmpRecord>) {}

  async peek(i: number): Promise<UtmpRecord | undefined> {
    while (this.buffer.length <= i && !this.done) {
      const next = await this.source.next();
      if (next.done === true) this.done = true;
      else this.buffer.push(next.value);
    }
    return this.buffer[i];
  }

  async next(): Promise<UtmpRecord | undefined> {
    const record = await this.peek(0);
    if (record !== undefined) this.buffer.shift();
    return record;
  }
}

const ORDERED_TYPES = new Set<number>([UT.RUN_LVL, UT.BOOT_TIME, UT.INIT_PROCESS, UT.LOGIN_PROCESS, UT.USER_PROCESS, UT.DEAD_PROCESS]);

/** First pass: is the file a table (each line once) whose times are out of order? */
async function readOrder(file: InputFile): Promise<{ sortTable: boolean }> {
  const lines = new Set<string>();
  let table = true;
  let sorted = true;
  let last = -1;
  for await (const r of readUtmpRecords(file.path, file.size, null)) {
    if (!ORDERED_TYPES.has(r.type)) continue;
    if (r.micros < last) sorted = false;
    last = Math.max(last, r.micros);
    if (table && (r.type === UT.USER_PROCESS || r.type === UT.DEAD_PROCESS)) {
      const key = `${r.line}\0${r.line === '' ? r.id : ''}`;
      if (lines.has(key)) {
        table = false;
        lines.clear();
      } else lines.add(key);
    }
  }
  return { sortTable: table && !sorted };
}

export async function* wtmpEvents(file: InputFile, prefix: string, problems: ProblemLog): AsyncGenerator<TrailEvent> {
  if (file.size === 0) {
    problems.error(file.path, 'the file is empty: no utmp records');
    return;
  }
  const { sortTable } = await readOrder(file);
  const stats: RecordStats = { records: 0, damaged: 0, used: 0 };
  const clock = new SessionClock(0, problems, file.path);
  const logins = new LoginSessions(file.path, prefix, clock, problems);
  const records = readUtmpRecords(file.path, file.size, problems, stats);
  if (sortTable) {
    const all: UtmpRecord[] = [];
    for await (const r of records) all.push(r);
    all.sort((a, b) => a.micros - b.micros || a.index - b.index);
    for (const r of all) for (const timed of await logins.handle(r, null)) yield timed.event;
  } else {
    const ahead = new Peekable(records[Symbol.asyncIterator]());
    try {
      for (let r = await ahead.next(); r !== undefined; r = await ahead.next()) {
        for (const timed of await logins.handle(r, ahead)) yield timed.event;
      }
    } finally {
      await records.return(undefined);
    }
  }
  logins.finish();
  if (stats.used === 0) {
    if (stats.records === 0) problems.error(file.path, `the file holds no complete utmp record (${RECORD_SIZE} bytes each)`);
    else if (stats.damaged > 0) {
      problems.error(file.path, `none of the file's ${stats.records} records is a valid login record (${stats.damaged} damaged, ${stats.records - stats.damaged} empty)`);
    }
    else problems.warning(file.path, "the file holds only empty utmp records (ut_type 0): nobody's login is recorded");
  }
}
