// The events of one script recording: the timing file drives, each I/O entry takes the next N bytes
// of the input or output log (one shared file with --log-io). Header facts come from the advanced
// timing's H lines, else from the log's "Script started" line.
import type { SessionStartFields, TrailEvent } from '../../../core/records.js';
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
} from '../common/events.js';
import { fileChunks } from '../common/file-source.js';
import { readLines, type Line } from '../common/line-reader.js';
import type { ProblemLog } from '../common/problems.js';
import { parseScriptDate } from './header.js';
import type { ScriptLog } from './log-file.js';
import { parseAdvancedLine, parseTimingBytes, type ScriptTimingEntry } from './timing.js';

export interface ScriptInputs {
  mode: 'classic' | 'advanced';
  /** The timing file; null for a typescript imported without one. */
  timing: string | null;
  out: ScriptLog | null;
  in: ScriptLog | null;
}

interface Stream {
  log: ScriptLog;
  reader: ByteReader;
  exhausted: boolean;
}

interface Facts {
  startMicros: number | null;
  term: string | null;
  tty: string | null;
  cols: number | null;
  rows: number | null;
  command: string | null;
  exitCode: number | null;
}

export async function* scriptSessionEvents(inputs: ScriptInputs, session: string, problems: ProblemLog): AsyncGenerator<TrailEvent> {
  const mainFile = inputs.timing ?? inputs.out?.path ?? '';
  const lines = inputs.timing === null ? null : readLines(fileChunks(inputs.timing), 1 << 20)[Symbol.asyncIterator]();
  const facts = factsFromLogs(inputs);
  const out = inputs.out === null ? null : openStream(inputs.out);
  const input = inputs.in === null ? null : inputs.in.path === inputs.out?.path ? out : openStream(inputs.in);
  try {
    // Advanced timing files open with H lines: read them before the session starts.
    let pending: Line | null = null;
    if (lines !== null && inputs.mode === 'advanced') {
      for (;;) {
        const next = await lines.next();
        if (next.done === true) break;
        const entry = parseAdvancedLine(next.value.bytes.toString('utf8'));
        if (typeof entry !== 'string' && entry.kind === 'info') applyInfo(facts, entry.key, entry.value, problems, mainFile, next.value.line);
        else {
          pending = next.value;
          break;
        }
      }
    }
    const start = facts.startMicros ?? 0;
    if (facts.startMicros === null) problems.warning(mainFile, 'no start time found (no START_TIME, no "Script started on" date): event times count from 1970-01-01T00:00:00Z');
    const clock = new SessionClock(start, problems, mainFile);
    yield sessionStartEvent(session, start, startFields(inputs, facts));
    if (facts.command !== null) yield commandEvent(session, start, { text: facts.command, source: 'recorder' });
    let elapsed = 0;
    if (lines !== null && inputs.timing !== null) {
      const timingFile = inputs.timing;
      try {
        for (;;) {
          let line: Line;
          if (pending !== null) {
            line = pending;
            pending = null;
          } else {
            const next = await lines.next();
            if (next.done === true) break;
            line = next.value;
          }
          const where = { line: line.line, offset: line.offset };
          if (line.tooLong === true) {
            problems.skipped(timingFile, `line is ${line.length} bytes long, not a timing entry; skipped`, where);
            continue;
          }
          if (line.bytes.length === 0 || (line.bytes.length === 1 && line.bytes[0] === 0x0d)) continue;
          const entry: ScriptTimingEntry | string = parseTimingBytes(line.bytes, inputs.mode);
          if (typeof entry === 'string') {
            problems.skipped(timingFile, `line ${entry}; skipped${line.terminated ? '' : ' (the file ends inside it: truncated)'}`, where);
            continue;
          }
          elapsed += entry.delayMicros;
          const micros = clock.at(start + elapsed, where);
          if (entry.kind === 'info') {
            applyInfo(facts, entry.key, entry.value, problems, timingFile, line.line);
            continue;
          }
          if (entry.kind === 'signal') {
            if (entry.signal === 'SIGWINCH' && entry.cols !== null && entry.rows !== null) {
              yield resizeEvent(session, micros, entry.cols, entry.rows);
            } else {
              yield markerEvent(session, micros, `signal ${entry.signal}`, 'script timing: signal received');
            }
            continue;
          }
          const stream = entry.dir === 'out' ? out : input;
          if (stream === null) {
            problems.skipped(timingFile, `an ${entry.dir === 'out' ? 'output' : 'input'} entry, but no ${entry.dir === 'out' ? 'output' : 'input'} log was found; its bytes are missing`, where);
            continue;
          }
          if (stream.exhausted) continue;
          let wanted = entry.bytes;
          while (wanted > 0) {
            const take = Math.min(wanted, MAX_EVENT_BYTES);
            const bytes = stream.reader.tryRead(take) ?? (await stream.reader.read(take));
            if (bytes.length > 0) yield streamEvent(entry.dir, session, micros, bytes);
            wanted -= bytes.length;
            if (bytes.length === 0 || (wanted > 0 && !(await stream.reader.hasMore()))) {
              stream.exhausted = true;
              problems.skipped(
                timingFile,
                `the timing runs past the data: this entry wants ${entry.bytes} bytes, but ${stream.log.path} has only ${entry.bytes - wanted} left; later entries of this log have no data`,
                where,
              );
              break;
            }
          }
        }
      } catch (error) {
        problems.error(timingFile, `reading stopped: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        await lines.return?.(undefined);
      }
    }
    // Bytes no timing entry covered are kept (at the last time) so the stream stays complete.
    for (const [stream, dir] of [[out, 'out'], [input === out ? null : input, 'in']] as const) {
      if (stream === null) continue;
      let leftover = 0;
      for await (const chunk of stream.reader.rest(MAX_EVENT_BYTES)) {
        leftover += chunk.length;
        for (const piece of eventPieces(chunk)) yield streamEvent(dir, session, clock.now, piece);
      }
      if (leftover > 0 && inputs.timing !== null) {
        problems.warning(stream.log.path, `${leftover} bytes at the end are not covered by the timing file; imported at the session's last time`, { offset: stream.log.dataEnd - leftover });
      }
      await stream.reader.close();
    }
    const exitCode = facts.exitCode ?? inputs.out?.footer?.exitCode ?? inputs.in?.footer?.exitCode ?? null;
    yield sessionEndEvent(session, clock.now, exitCode);
  } finally {
    // Also when the consumer stops early: no file is left open.
    await out?.reader.close();
    if (input !== out) await input?.reader.close();
    await lines?.return?.(undefined);
  }
}

function openStream(log: ScriptLog): Stream {
  return { log, reader: new ByteReader(fileChunks(log.path, log.dataStart, log.dataEnd)), exhausted: false };
}

function factsFromLogs(inputs: ScriptInputs): Facts {
  const header = inputs.out?.header ?? inputs.in?.header ?? null;
  return {
    startMicros: header?.startMicros ?? null,
    term: header?.term ?? null,
    tty: header?.tty ?? null,
    cols: header?.cols ?? null,
    rows: header?.rows ?? null,
    command: header?.command ?? null,
    exitCode: null,
  };
}

function applyInfo(facts: Facts, key: string, value: string, problems: ProblemLog, file: string, line: number): void {
  const dimension = (): number | null => (/^\d{1,6}$/.test(value) && Number(value) > 0 ? Number(value) : null);
  switch (key) {
    case 'START_TIME': {
      const micros = parseScriptDate(value);
      if (micros === null) problems.warning(file, `START_TIME ${JSON.stringify(value)} is not a date script writes`, { line });
      else facts.startMicros = micros;
      break;
    }
    case 'TERM':
      facts.term = value;
      break;
    case 'TTY':
      facts.tty = value;
      break;
    case 'COLUMNS':
      facts.cols = dimension();
      break;
    case 'LINES':
      facts.rows = dimension();
      break;
    case 'COMMAND':
      facts.command = value;
      break;
    case 'EXIT_CODE':
      if (/^-?\d{1,10}$/.test(value)) facts.exitCode = Number(value);
      break;
    default:
      break; // SHELL, TIMING_LOG, OUTPUT_LOG, INPUT_LOG, DURATION: nothing a session states
  }
}

function startFields(inputs: ScriptInputs, facts: Facts): SessionStartFields {
  const missing = ['user', 'host'];
  if (facts.tty === null) missing.push('tty');
  if (facts.term === null) missing.push('term');
  if (facts.cols === null || facts.rows === null) missing.push('size');
  if (facts.startMicros === null) missing.push('startTime');
  if (inputs.mode === 'classic') missing.push('input', 'resize');
  else if (inputs.in === null) missing.push('input');
  const format = inputs.mode === 'advanced' ? 'script-advanced' : inputs.timing === null ? 'script-typescript' : 'script-classic';
  return {
    user: null,
    host: null,
    tty: facts.tty,
    term: facts.term,
    cols: facts.cols,
    rows: facts.rows,
    recorder: { name: 'script', format },
    missing,
  };
}
