// The Trailview rules file (docs/rules.md): analyzer settings and command rules, as YAML the
// examiner edits. This reads the parsed document; every mistake is a RuleSyntaxError with the path
// of the offending value, which the caller turns into a file and line. Rules use Sigma's
// detection syntax (`detection` + `condition`), or the short form `match` (one selection) with an
// optional `unless` (a selection that excuses a match).
import { DAY_NAMES, DEFAULT_ANALYZER_CONFIG, type AnalyzerConfig, type HoursSpec } from './analyzer-config.js';
import { parseCidr } from './cidr.js';
import { compileDetection, compileSelection } from './detection.js';
import { allOf, not } from './predicate.js';
import type { CommandRule } from './rule.js';
import { isSeverity, SEVERITIES } from './severity.js';
import { RuleSyntaxError, UnsupportedConstruct } from './unsupported.js';

type Path = Array<string | number>;

export const RULES_FILE_VERSION = 1;
const RULE_ID = /^[a-z0-9][a-z0-9._-]*$/;
const TOP_KEYS = new Set(['trailview-rules', 'timezone', 'working_hours', 'networks', 'production_hosts', 'spikes', 'rules']);
const RULE_KEYS = new Set(['id', 'title', 'severity', 'why', 'tags', 'match', 'unless', 'detection']);

export interface RulesFile {
  config: AnalyzerConfig;
  rules: CommandRule[];
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectMap(value: unknown, path: Path, what: string): Record<string, unknown> {
  if (!isMap(value)) throw new RuleSyntaxError(`${what} must be a map`, path);
  return value;
}

function checkKeys(map: Record<string, unknown>, allowed: ReadonlySet<string>, path: Path): void {
  for (const key of Object.keys(map)) {
    if (!allowed.has(key)) throw new RuleSyntaxError(`unknown key "${key}" (expected one of: ${[...allowed].join(', ')})`, [...path, key]);
  }
}

function positive(value: unknown, path: Path, fallback: number, integer = true): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || (integer && !Number.isInteger(value))) {
    throw new RuleSyntaxError(`must be a positive ${integer ? 'whole ' : ''}number, not ${JSON.stringify(value)}`, path);
  }
  return value;
}

function minuteOf(text: string, path: Path): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  const minute = m === null ? NaN : Number(m[1]) * 60 + Number(m[2]);
  if (m === null || Number(m[2]) > 59 || minute > 24 * 60) throw new RuleSyntaxError(`"${text}" is not a time of day (HH:MM, 00:00–24:00)`, path);
  return minute;
}

function parseDays(value: unknown, path: Path): boolean[] {
  const list = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : Array.isArray(value) ? value : null;
  if (list === null) throw new RuleSyntaxError('days must be a list like [mon, tue] or a range like mon-fri', path);
  const days = Array<boolean>(7).fill(false);
  for (const item of list) {
    if (typeof item !== 'string') throw new RuleSyntaxError(`${JSON.stringify(item)} is not a day`, path);
    const [from = '', to] = item.toLowerCase().split('-');
    const a = DAY_NAMES.indexOf(from.slice(0, 3) as (typeof DAY_NAMES)[number]);
    const b = to === undefined ? a : DAY_NAMES.indexOf(to.slice(0, 3) as (typeof DAY_NAMES)[number]);
    if (a < 0 || b < 0) throw new RuleSyntaxError(`"${item}" is not a day (sun, mon, tue, wed, thu, fri, sat, or a range mon-fri)`, path);
    for (let d = a; ; d = (d + 1) % 7) {
      days[d] = true;
      if (d === b) break;
    }
  }
  return days;
}

/** `07:00-20:00`, or {hours: "07:00-20:00", days: mon-fri}. */
function parseHours(value: unknown, path: Path, defaultDays: readonly boolean[]): HoursSpec {
  const map = typeof value === 'string' ? { hours: value } : expectMap(value, path, 'working hours');
  const hours = map.hours;
  if (typeof hours !== 'string') throw new RuleSyntaxError('"hours" must be a range like "07:00-20:00"', [...path, 'hours']);
  const [start = '', end = ''] = hours.split('-').map((s) => s.trim());
  const startMinute = minuteOf(start, [...path, 'hours']);
  const endMinute = minuteOf(end, [...path, 'hours']);
  if (startMinute === endMinute) throw new RuleSyntaxError(`"${hours}" is an empty range`, [...path, 'hours']);
  const days = map.days === undefined ? [...defaultDays] : parseDays(map.days, [...path, 'days']);
  const dayText = days.every(Boolean) ? 'every day' : DAY_NAMES.filter((_, i) => days[i]).join(',');
  return { startMinute, endMinute, days, text: `${start}-${end} ${dayText}` };
}

function parseConfig(doc: Record<string, unknown>): AnalyzerConfig {
  const d = DEFAULT_ANALYZER_CONFIG;
  const timezone = doc.timezone ?? d.timezone;
  if (typeof timezone !== 'string') throw new RuleSyntaxError('must be a time zone name such as UTC, +01:00 or Europe/Berlin', ['timezone']);

  const wh = doc.working_hours === undefined ? {} : expectMap(doc.working_hours, ['working_hours'], 'working_hours');
  checkKeys(wh, new Set(['hours', 'days', 'users', 'learn', 'min_commands', 'min_days', 'coverage']), ['working_hours']);
  const defaultHours =
    wh.hours === undefined && wh.days === undefined
      ? d.workingHours.default
      : parseHours({ hours: wh.hours ?? '07:00-20:00', days: wh.days }, ['working_hours'], d.workingHours.default.days);
  const defaultDays = defaultHours.days;
  const users: Record<string, HoursSpec> = {};
  if (wh.users !== undefined) {
    for (const [user, spec] of Object.entries(expectMap(wh.users, ['working_hours', 'users'], 'users'))) {
      users[user] = parseHours(spec, ['working_hours', 'users', user], defaultDays);
    }
  }
  if (wh.learn !== undefined && typeof wh.learn !== 'boolean') throw new RuleSyntaxError('must be true or false', ['working_hours', 'learn']);
  const coverage = positive(wh.coverage, ['working_hours', 'coverage'], d.workingHours.coverage, false);
  if (coverage > 1) throw new RuleSyntaxError('must be a share between 0 and 1, e.g. 0.95', ['working_hours', 'coverage']);

  const nw = doc.networks === undefined ? {} : expectMap(doc.networks, ['networks'], 'networks');
  checkKeys(nw, new Set(['allow', 'known_after_sessions']), ['networks']);
  const allowRaw = nw.allow ?? [];
  if (!Array.isArray(allowRaw)) throw new RuleSyntaxError('must be a list of CIDR blocks, e.g. [10.0.0.0/8]', ['networks', 'allow']);
  const allow = allowRaw.map((c, i) => {
    try {
      return parseCidr(String(c));
    } catch (error) {
      throw new RuleSyntaxError((error as Error).message, ['networks', 'allow', i]);
    }
  });

  const prod = doc.production_hosts ?? [];
  if (!Array.isArray(prod) || !prod.every((p) => typeof p === 'string')) throw new RuleSyntaxError('must be a list of host names (`*` wildcard)', ['production_hosts']);

  const sp = doc.spikes === undefined ? {} : expectMap(doc.spikes, ['spikes'], 'spikes');
  checkKeys(sp, new Set(['window_seconds', 'factor', 'min_commands']), ['spikes']);

  return {
    timezone,
    workingHours: {
      default: defaultHours,
      users,
      learn: wh.learn !== false,
      minCommands: positive(wh.min_commands, ['working_hours', 'min_commands'], d.workingHours.minCommands),
      minDays: positive(wh.min_days, ['working_hours', 'min_days'], d.workingHours.minDays),
      coverage,
    },
    networks: { allow, knownAfterSessions: positive(nw.known_after_sessions, ['networks', 'known_after_sessions'], d.networks.knownAfterSessions) },
    productionHosts: prod as string[],
    spikes: {
      windowSeconds: positive(sp.window_seconds, ['spikes', 'window_seconds'], d.spikes.windowSeconds),
      factor: positive(sp.factor, ['spikes', 'factor'], d.spikes.factor, false),
      minCommands: positive(sp.min_commands, ['spikes', 'min_commands'], d.spikes.minCommands),
    },
  };
}

function parseRule(value: unknown, index: number, file: string): CommandRule {
  const path: Path = ['rules', index];
  const map = expectMap(value, path, 'a rule');
  checkKeys(map, RULE_KEYS, path);
  const id = map.id;
  if (typeof id !== 'string' || !RULE_ID.test(id)) throw new RuleSyntaxError(`"id" must be lower-case letters, digits, ".", "_" or "-", not ${JSON.stringify(id)}`, [...path, 'id']);
  const title = map.title;
  if (typeof title !== 'string' || title.trim() === '') throw new RuleSyntaxError(`rule ${id}: "title" is missing`, [...path, 'title']);
  if (!isSeverity(map.severity)) throw new RuleSyntaxError(`rule ${id}: "severity" must be one of ${SEVERITIES.join(', ')}`, [...path, 'severity']);
  const why = map.why;
  if (typeof why !== 'string' || why.trim() === '') throw new RuleSyntaxError(`rule ${id}: "why" (why a match is unusual, in plain words) is missing`, [...path, 'why']);
  const tags = map.tags ?? [];
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) throw new RuleSyntaxError(`rule ${id}: "tags" must be a list of strings`, [...path, 'tags']);
  const hasMatch = map.match !== undefined;
  if (hasMatch === (map.detection !== undefined)) throw new RuleSyntaxError(`rule ${id}: give either "match" (with optional "unless") or "detection"`, path);
  if (map.unless !== undefined && !hasMatch) throw new RuleSyntaxError(`rule ${id}: "unless" goes with "match"`, [...path, 'unless']);
  try {
    const predicate = hasMatch
      ? map.unless === undefined
        ? compileSelection(map.match, [...path, 'match'])
        : allOf([compileSelection(map.match, [...path, 'match']), not(compileSelection(map.unless, [...path, 'unless']))])
      : compileDetection(map.detection, [...path, 'detection']);
    return { id, title: title.trim(), severity: map.severity, why: why.trim(), tags: tags as string[], origin: 'trailview', file, predicate };
  } catch (error) {
    // In the examiner's own file an unsupported construct is a mistake to fix, not a rule to skip.
    if (error instanceof UnsupportedConstruct) throw new RuleSyntaxError(`rule ${id}: ${error.message}`, path);
    if (error instanceof RuleSyntaxError) throw new RuleSyntaxError(`rule ${id}: ${error.message}`, error.path.length > 0 ? [...error.path] : path);
    throw error;
  }
}

/** Reads a parsed rules file. `file` names it in the rules (flags say where a rule came from). */
export function readRulesFile(doc: unknown, file: string): RulesFile {
  const map = expectMap(doc ?? {}, [], 'a rules file');
  checkKeys(map, TOP_KEYS, []);
  const version = map['trailview-rules'];
  if (version !== RULES_FILE_VERSION) {
    throw new RuleSyntaxError(`the first line must be "trailview-rules: ${RULES_FILE_VERSION}" (the format version${version === undefined ? '' : `; found ${JSON.stringify(version)}`})`, ['trailview-rules']);
  }
  const config = parseConfig(map);
  const rulesRaw = map.rules ?? [];
  if (!Array.isArray(rulesRaw)) throw new RuleSyntaxError('"rules" must be a list', ['rules']);
  const rules = rulesRaw.map((r, i) => parseRule(r, i, file));
  const seen = new Map<string, number>();
  rules.forEach((r, i) => {
    const first = seen.get(r.id);
    if (first !== undefined) throw new RuleSyntaxError(`rule id "${r.id}" is used twice (rules ${first + 1} and ${i + 1})`, ['rules', i, 'id']);
    seen.set(r.id, i);
  });
  return { config, rules };
}
