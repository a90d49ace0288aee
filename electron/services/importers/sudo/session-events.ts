// The events of one sudo I/O log session directory: `timing` drives everything; each entry takes
// the next N bytes of one stream file (ttyout, ttyin, stdout, stderr, stdin), gzip'd or not.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ByteReader } from '../common/byte-reader.js';
import { SessionClock } from '../common/clock.js';
import {
  commandEvent,
  eventPieces,
  MAX_EVENT_BYTES,
  markerEvent,
  resizeEvent,
  sessionEndEvent,
  sessionStartEvent,
  streamEvent,
  type SessionFacts,
  type Timed,
} from '../common/events.js';
import { maybeGunzipChunks } from '../common/file-source.js';
import { readLines } from '../common/line-reader.js';
import type { ProblemLog } from '../common/problems.js';
import type { SudoSessionInfo } from './log-file.js';
import { parseSudoTimingBytes, STREAMS, type SudoStream } from './timing.js';

interface StreamState {
  file: string;
  reader: ByteReader | null;
  /** Set once the file is missing, unreadable or used up while the timing still wants bytes. */
  broken: boolean;
}

const isInput = (stream: SudoStream): boolean => stream === 'ttyin' || stream === 'stdin';

export async function* sudoSessionEvents(dir: string, session: string, info: SudoSessionInfo, problems: ProblemLog): AsyncGenerator<Timed> {
  const timingFile = path.join(dir, 'timing');
  const start = info.startMicros;
  const clock = new SessionClock(start, problems, timingFile);
  yield { micros: start, event: sessionStartEvent(session, start, startFields(info)) };
  if (info.commandLine !== null) {
    const cwd = info.runCwd ?? info.cwd ?? undefined;
    const fields = { text: info.commandLine, source: 'sudo' as const, ...(cwd !== undefined ? { cwd } : {}), ...(info.runUser !== null ? { user: info.runUser } : {}) };
    yield { micros: start, event: commandEvent(session, start, fields) };
  }
  const streams = new Map<SudoStream, StreamState>();
  const openStream = async (stream: SudoStream): Promise<StreamState> => {
    let state = streams.get(stream);
    if (state === undefined) {
      const file = path.join(dir, stream);
      state = { file, reader: null, broken: false };
      streams.set(stream, state);
      try {
        state.reader = new ByteReader((await maybeGunzipChunks(file)).chunks);
      } catch (error) {
        state.broken = true;
        problems.error(file, `cannot be read (${describe(error)}); its bytes are not imported`);
      }
    }
    return state;
  };

  try {
    let elapsedMicros = 0;
    let extraNanos = info.startExtraNanos;
    let lastLine = 0;
    try {
      const timing = await maybeGunzipChunks(timingFile);
      for await (const line of readLines(timing.chunks, 1 << 20)) {
        lastLine = line.line;
        const where = { line: line.line, offset: line.offset };
        if (line.tooLong === true) {
          problems.skipped(timingFile, `line is ${line.length} bytes long, not a timing entry; skipped`, where);
          continue;
        }
        if (line.bytes.length === 0 || (line.bytes.length === 1 && line.bytes[0] === 0x0d)) continue;
        const entry = parseSudoTimingBytes(line.bytes);
        if (typeof entry === 'string') {
          problems.skipped(timingFile, `line ${entry}; skipped${line.terminated ? '' : ' (the file ends inside it: truncated)'}`, where);
          continue;
        }
        const nanos = extraNanos + entry.delayNanos;
        elapsedMicros += Math.floor(nanos / 1000);
        extraNanos = nanos % 1000;
        const micros = clock.at(start + elapsedMicros, where);
        if (entry.kind === 'winsize') {
          yield { micros, event: resizeEvent(session, micros, entry.cols, entry.rows) };
          continue;
        }
        if (entry.kind === 'suspend') {
          const resumed = entry.signal === 'SIGCONT' || entry.signal === 'CONT';
          yield { micros, event: markerEvent(session, micros, resumed ? 'command resumed' : 'command suspended', `sudo timing: ${entry.signal}`) };
          continue;
        }
        const state = streams.get(entry.stream) ?? (await openStream(entry.stream));
        if (state.broken || state.reader === null) continue;
        let wanted = entry.bytes;
        while (wanted > 0) {
          let bytes: Buffer;
          try {
            const take = Math.min(wanted, MAX_EVENT_BYTES);
            bytes = state.reader.tryRead(take) ?? (await state.reader.read(take));
          } catch (error) {
            state.broken = true;
            problems.error(state.file, `reading stopped at byte ${state.reader.position}: ${describe(error)}; later entries of this stream are not imported`);
            break;
          }
          if (bytes.length > 0) yield { micros, event: streamEvent(isInput(entry.stream) ? 'in' : 'out', session, micros, bytes, entry.stream) };
          wanted -= bytes.length;
          if (bytes.length === 0 || wanted > 0 && !(await state.reader.hasMore())) {
            state.broken = true;
            problems.skipped(
              timingFile,
              `timing wants ${entry.bytes} bytes of ${entry.stream}, but ${path.basename(state.file)} ends ${wanted} bytes short (at byte ${state.reader.position}); later ${entry.stream} entries have no data`,
              where,
            );
            break;
          }
        }
      }
    } catch (error) {
      problems.error(timingFile, `reading stopped after line ${lastLine}: ${describe(error)} (truncated or damaged); the rest of the session is not timed`);
    }

    // Bytes of a stream that no timing entry took: kept, at the last time, so nothing is lost.
    for (const stream of STREAMS) {
      const exists = streams.has(stream) || (await fileExists(path.join(dir, stream)));
      if (!exists) continue;
      const state = await openStream(stream);
      if (state.reader === null) continue;
      let leftover = 0;
      try {
        for await (const chunk of state.reader.rest(MAX_EVENT_BYTES)) {
          leftover += chunk.length;
          for (const piece of eventPieces(chunk)) {
            yield { micros: clock.now, event: streamEvent(isInput(stream) ? 'in' : 'out', session, clock.now, piece, stream) };
          }
        }
      } catch (error) {
        problems.error(state.file, `reading stopped at byte ${state.reader.position}: ${describe(error)} (truncated or damaged gzip?)`);
      }
      if (leftover > 0) {
        problems.warning(state.file, `${leftover} bytes at the end are not in the timing file; imported at the session's last time`);
      }
      await state.reader.close();
    }
    yield { micros: clock.now, event: sessionEndEvent(session, clock.now, null) };
  } finally {
    // Also when the consumer stops early: no file or zlib stream is left open.
    for (const state of streams.values()) await state.reader?.close();
  }
}

function startFields(info: SudoSessionInfo): SessionFacts {
  const missing = ['exitStatus'];
  if (info.submitHost === null) missing.unshift('host');
  if (info.term === null) missing.push('term');
  if (info.cols === null || info.rows === null) missing.push('size');
  if (info.tty === null) missing.push('tty');
  const fields: SessionFacts = {
    user: info.submitUser,
    host: info.submitHost,
    tty: info.tty,
    term: info.term,
    cols: info.cols,
    rows: info.rows,
    recorder: { name: 'sudo', format: 'sudo-iolog' },
    missing,
  };
  if (info.submitUid !== null) fields.uid = info.submitUid;
  if (info.commandLine !== null) fields.command = info.commandLine;
  if (info.cwd !== null) fields.cwd = info.cwd;
  if (info.runUser !== null) fields.runUser = info.runUser;
  if (info.runUid !== null) fields.runUid = info.runUid;
  if (info.runGroup !== null) fields.runGroup = info.runGroup;
  return fields;
}

async function fileExists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
