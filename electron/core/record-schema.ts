// Structural validation of events and records (docs/bundle-format.md §3). It returns every problem
// in plain words rather than stopping at the first, because the verifier reports all of them.
import { COMMAND_SOURCES, isRecordType, type RecordType, type TrailEvent } from './records.js';
import { isCanonicalTimestamp } from './timestamp.js';

type Check = (value: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isStringOrNull: Check = (v) => v === null || typeof v === 'string';
const isBool: Check = (v) => typeof v === 'boolean';
const isCount: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isCountOrNull: Check = (v) => v === null || isCount(v);
const isIntOrNull: Check = (v) => v === null || (typeof v === 'number' && Number.isSafeInteger(v));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isHex64: Check = (v) => {
  if (typeof v !== 'string' || v.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = v.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
};
const isStringArray: Check = (v) => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isConfidence: Check = (v) => typeof v === 'number' && v >= 0 && v <= 1;
const isSource: Check = (v) => typeof v === 'string' && (COMMAND_SOURCES as readonly string[]).includes(v);
const isRecorder: Check = (v) => isObject(v) && typeof v.name === 'string' && typeof v.format === 'string';
const isProducer: Check = (v) => isObject(v) && typeof v.name === 'string' && typeof v.version === 'string';

interface FieldRule { check: Check; required: boolean; expected: string }
const req = (check: Check, expected: string): FieldRule => ({ check, required: true, expected });
const opt = (check: Check, expected: string): FieldRule => ({ check, required: false, expected });

const participant: Record<string, FieldRule> = {
  user: req(isStringOrNull, 'a string or null'),
  uid: opt(isCount, 'a non-negative integer'),
  clientTty: opt(isString, 'a string'),
  client: opt(isString, 'a string'),
  remote: opt(isString, 'a string'),
  readOnly: req(isBool, 'true or false'),
  pid: opt(isCount, 'a non-negative integer'),
};

const RULES: Record<RecordType, Record<string, FieldRule>> = {
  'bundle.start': {
    bundleId: req(isString, 'a string'),
    origin: req(isString, 'a string'),
    producer: req(isProducer, 'an object with name and version strings'),
    createdAt: req((v) => typeof v === 'string' && isCanonicalTimestamp(v), 'a canonical UTC timestamp'),
  },
  'session.start': {
    user: req(isStringOrNull, 'a string or null'),
    host: req(isStringOrNull, 'a string or null'),
    tty: req(isStringOrNull, 'a string or null'),
    term: req(isStringOrNull, 'a string or null'),
    cols: req(isCountOrNull, 'a non-negative integer or null'),
    rows: req(isCountOrNull, 'a non-negative integer or null'),
    recorder: req(isRecorder, 'an object with name and format strings'),
    uid: opt(isCount, 'a non-negative integer'),
    missing: opt(isStringArray, 'an array of strings'),
  },
  'session.end': { exitStatus: req(isIntOrNull, 'an integer or null') },
  join: participant,
  leave: participant,
  out: {},
  in: {},
  resize: { cols: req(isCount, 'a non-negative integer'), rows: req(isCount, 'a non-negative integer') },
  cmd: {
    text: req(isString, 'a string'),
    source: req(isSource, `one of ${COMMAND_SOURCES.join(', ')}`),
    confidence: req(isConfidence, 'a number from 0 to 1'),
    exitStatus: opt(isIntOrNull, 'an integer or null'),
    cwd: opt(isString, 'a string'),
  },
  marker: { label: req(isString, 'a string') },
  activity: {
    action: req(isString, 'a string'),
    actor: req(isString, 'a string'),
    details: opt((v) => isObject(v), 'an object'),
  },
  attachment: {
    sha256: req(isHex64, '64 lowercase hex digits'),
    size: req(isCount, 'a non-negative integer'),
    name: req(isString, 'a string'),
  },
};

// Rules as arrays, built once: every record is checked, so no per-record Object.entries.
const RULE_LISTS = Object.fromEntries(Object.entries(RULES).map(([type, rules]) => [type, Object.entries(rules)])) as Record<
  RecordType,
  Array<[string, FieldRule]>
>;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Problems with an event (a record without prev/seq), in plain words; empty when it is well-formed. */
export function eventProblems(value: unknown): string[] {
  if (!isObject(value)) return ['is not a JSON object'];
  const problems: string[] = [];
  if (typeof value.ts !== 'string' || !isCanonicalTimestamp(value.ts)) {
    problems.push(`field "ts" must be UTC with microseconds (YYYY-MM-DDTHH:MM:SS.ffffffZ), found ${describe(value.ts)}`);
  }
  if (typeof value.session !== 'string') problems.push(`field "session" must be a string, found ${describe(value.session)}`);
  if (!isRecordType(value.type)) {
    problems.push(`field "type" must be a known record type, found ${describe(value.type)}`);
    return problems;
  }
  for (const [name, rule] of RULE_LISTS[value.type]) {
    const present = Object.hasOwn(value, name);
    if (!present) {
      if (rule.required) problems.push(`${value.type} record lacks field "${name}" (${rule.expected})`);
    } else if (!rule.check(value[name])) {
      problems.push(`field "${name}" of a ${value.type} record must be ${rule.expected}, found ${describe(value[name])}`);
    }
  }
  if (value.type === 'out' || value.type === 'in') {
    const hasText = typeof value.text === 'string';
    const hasB64 = typeof value.b64 === 'string';
    if (hasText === hasB64) problems.push(`${value.type} record must carry exactly one of "text" or "b64"`);
    if (hasB64 && !BASE64.test(value.b64 as string)) problems.push(`field "b64" is not valid base64`);
  }
  return problems;
}

/**
 * Problems with a sealed record: an event plus `prev` and `seq` as its first two keys.
 * `prevVerified`: the caller already matched `prev` byte for byte against a leaf hash it computed,
 * so it is known to be 64 lowercase hex digits (the scanner's hot path skips re-checking it).
 */
export function recordProblems(value: unknown, prevVerified = false): string[] {
  if (!isObject(value)) return ['is not a JSON object'];
  const problems: string[] = [];
  let position = 0;
  let keysOk = false;
  // for..in visits keys in insertion order without building an array per record.
  for (const key in value) {
    if (position === 0 && key !== 'prev') break;
    if (position === 1) {
      keysOk = key === 'seq';
      break;
    }
    position += 1;
  }
  if (!keysOk) problems.push('the first two keys must be "prev" and "seq"');
  if (!prevVerified && !isHex64(value.prev)) problems.push(`field "prev" must be 64 lowercase hex digits, found ${describe(value.prev)}`);
  if (!(typeof value.seq === 'number' && Number.isSafeInteger(value.seq) && value.seq >= 1)) {
    problems.push(`field "seq" must be a positive integer, found ${describe(value.seq)}`);
  }
  const eventIssues = eventProblems(value);
  return eventIssues.length === 0 ? problems : problems.concat(eventIssues);
}

export function isTrailEvent(value: unknown): value is TrailEvent {
  return eventProblems(value).length === 0;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
