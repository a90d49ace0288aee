// Shared helpers for the importer tests: where the fixtures are, and reading a recording into
// per-session streams while checking the invariants every importer promises.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeStreamBytes } from '../../../electron/core/record-encoding.js';
import { eventProblems } from '../../../electron/core/record-schema.js';
import type { EventOf, TrailEvent } from '../../../electron/core/records.js';
import { parseTimestamp } from '../../../electron/core/timestamp.js';
import { openRecordings } from '../../../electron/services/importers/open-recordings.js';
import type { ImportProblem, Recording } from '../../../electron/services/importers/recording.js';
import { expect } from 'vitest';
import { seededRandom } from '../../helpers/seeded-random.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/recordings');

export const fixture = (...parts: string[]): string => path.join(FIXTURES, ...parts);
export const readFixture = (...parts: string[]): Buffer => readFileSync(fixture(...parts));

export interface Facts {
  user: string;
  uid: number;
  host: string;
  size: { cols: number; rows: number };
  resized: { cols: number; rows: number };
  sudoPassword: string;
}
export const facts = (): Facts => JSON.parse(readFixture('rec-facts.json').toString('utf8')) as Facts;

export interface SessionData {
  start: EventOf<'session.start'>;
  end: EventOf<'session.end'> | null;
  events: TrailEvent[];
  out: Buffer;
  in: Buffer;
  /** Bytes per `stream` field (sudo). */
  streams: Map<string, Buffer>;
}

export interface Imported {
  recording: Recording;
  events: TrailEvent[];
  sessions: Map<string, SessionData>;
  problems: readonly ImportProblem[];
  /** Problems of each event that fails the record schema (should be none). */
  invalid: string[];
  /** Events whose ts is earlier than the one before. */
  outOfOrder: number;
}

export async function readRecording(recording: Recording): Promise<Imported> {
  const events: TrailEvent[] = [];
  const invalid: string[] = [];
  let outOfOrder = 0;
  let last = '';
  for await (const event of recording.events()) {
    for (const p of eventProblems(event)) invalid.push(`${event.type} ${event.ts}: ${p}`);
    if (event.ts < last) outOfOrder++;
    last = event.ts;
    events.push(event);
  }
  const sessions = new Map<string, SessionData>();
  const parts = new Map<string, { out: Buffer[]; in: Buffer[]; streams: Map<string, Buffer[]> }>();
  for (const event of events) {
    if (event.type === 'session.start') {
      sessions.set(event.session, { start: event, end: null, events: [], out: Buffer.alloc(0), in: Buffer.alloc(0), streams: new Map() });
      parts.set(event.session, { out: [], in: [], streams: new Map() });
    }
    const s = sessions.get(event.session);
    const p = parts.get(event.session);
    if (s === undefined || p === undefined) {
      invalid.push(`${event.type} ${event.ts} of session ${event.session} comes before its session.start`);
      continue;
    }
    s.events.push(event);
    if (event.type === 'session.end') s.end = event;
    if (event.type === 'out' || event.type === 'in') {
      const bytes = decodeStreamBytes(event);
      p[event.type].push(bytes);
      const key = event.stream ?? event.type;
      const list = p.streams.get(key) ?? [];
      list.push(bytes);
      p.streams.set(key, list);
    }
  }
  for (const [id, s] of sessions) {
    const p = parts.get(id);
    if (p === undefined) continue;
    s.out = Buffer.concat(p.out);
    s.in = Buffer.concat(p.in);
    for (const [k, v] of p.streams) s.streams.set(k, Buffer.concat(v));
  }
  return { recording, events, sessions, problems: recording.problems, invalid, outOfOrder };
}

/** Opens the paths and reads every recording found. */
export async function importPaths(...paths: string[]): Promise<{ imported: Imported[]; problems: ImportProblem[] }> {
  const { recordings, problems } = await openRecordings(paths);
  const imported: Imported[] = [];
  for (const recording of recordings) imported.push(await readRecording(recording));
  return { imported, problems };
}

/** Opens the paths, expecting exactly one recording, and reads it. */
export async function importOne(...paths: string[]): Promise<Imported> {
  const { imported, problems } = await importPaths(...paths);
  if (imported.length !== 1) {
    throw new Error(`expected one recording from ${paths.join(', ')}, got ${imported.length}: ${JSON.stringify(problems)}`);
  }
  return imported[0] as Imported;
}

/** The only session of an import. */
export function onlySession(imported: Imported): SessionData {
  const all = [...imported.sessions.values()];
  if (all.length !== 1) throw new Error(`expected one session, got ${all.length}`);
  return all[0] as SessionData;
}

export const micros = (ts: string): number => parseTimestamp(ts);

export function tempDir(prefix = 'tv-import-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export const prng = seededRandom;

/** The keys the fixture driver typed (rec-session.sh), as recorders that log input see them. */
export function typedKeys(password: string | null): Buffer {
  const parts = [
    'whoamk\x7fi\r',
    `cd /home/${facts().user}/work\r`,
    'cat uniq\t\r',
    'echo one\r',
    '\x1b[A\r',
    'echo resized\r',
    "echo 'héllo wörld 日本語 🎉'\r",
    "printf 'split:\\xe2\\x9c'; sleep 0.3; printf '\\x93 raw:\\xff\\xfe end\\n'\r",
    ...(password === null ? [] : ['sudo -k; sudo true\r', `${password}\r`]),
    'less /etc/os-release\r',
    'q',
    'sleep 5\r',
    '\x03',
    'exit\r',
  ];
  return Buffer.from(parts.join(''), 'utf8');
}

/** One line of `utmpdump` output (the tool's own reading of a fixture): [type] [pid] [id] [user] [line] [host] [addr] [time]. */
export interface Dumped {
  type: number;
  pid: number;
  id: string;
  user: string;
  line: string;
  host: string;
  addr: string;
  micros: number;
}
export function utmpdump(name: string): Dumped[] {
  const re = /^\[(\d+)\] \[(\d+)\] \[(.*?)\] \[(.*?) *\] \[(.*?) *\] \[(.*?) *\] \[(.*?) *\] \[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d),(\d{6})\+00:00\]$/;
  return readFixture('mosh', name)
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const m = re.exec(l);
      if (m === null) throw new Error(`not a utmpdump line: ${l}`);
      return {
        type: Number(m[1]),
        pid: Number(m[2]),
        id: (m[3] as string).trimEnd(),
        user: m[4] as string,
        line: m[5] as string,
        host: m[6] as string,
        addr: m[7] as string,
        micros: Date.parse(`${m[8] as string}Z`) * 1000 + Number(m[9]),
      };
    });
}

/**
 * Imports everything in `dir` and checks what fuzzing must never break: every event valid, times
 * non-decreasing, each session started once before anything else of it. With `file`, every
 * problem must name that file.
 */
export async function importAll(dir: string, file?: string): Promise<{ events: number; problems: number; sessions: number }> {
  const { recordings, problems } = await openRecordings([dir]);
  if (file !== undefined) for (const p of problems) expect(p.file).toBe(file);
  let events = 0;
  let count = problems.length;
  let sessions = 0;
  for (const recording of recordings) {
    let last = '';
    const started = new Set<string>();
    for await (const event of recording.events()) {
      const bad = eventProblems(event);
      if (bad.length > 0) throw new Error(`invalid ${event.type} event: ${bad.join('; ')}`);
      if (event.ts < last) throw new Error(`event at ${event.ts} after ${last}`);
      if (event.type === 'session.start') {
        if (started.has(event.session)) throw new Error(`session ${event.session} starts twice`);
        started.add(event.session);
      } else if (!started.has(event.session)) throw new Error(`${event.type} before the session.start of ${event.session}`);
      last = event.ts;
      events++;
    }
    if (file !== undefined) for (const p of recording.problems) expect(p.file).toBe(file);
    sessions += started.size;
    count += recording.problems.length;
  }
  return { events, problems: count, sessions };
}
