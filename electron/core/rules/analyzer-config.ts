// Settings of the built-in analyzers, from the rules file (docs/rules.md): working hours, networks,
// production hosts, spikes. Every setting has a default, so a rules file may hold rules only.
import type { Cidr } from './cidr.js';

export const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Working hours: [start, end) in minutes of the day, on the days marked (0 = Sunday). */
export interface HoursSpec {
  startMinute: number;
  /** May be below start: hours across midnight (22:00-06:00). 1440 = midnight at the end. */
  endMinute: number;
  days: readonly boolean[];
  /** As written, e.g. `07:00-20:00 mon-fri`. */
  text: string;
}

export interface WorkingHoursConfig {
  /** For users whose hours are neither configured nor learnable. */
  default: HoursSpec;
  users: Readonly<Record<string, HoursSpec>>;
  /** Learn a user's hours from the case when they have enough activity. */
  learn: boolean;
  minCommands: number;
  minDays: number;
  /** Learned hours: the fewest hours of the day holding this share of the user's commands. */
  coverage: number;
}

export interface NetworksConfig {
  /** When not empty: any address outside these blocks is unknown. */
  allow: readonly Cidr[];
  /** Without an allow-list: an address seen in fewer sessions of the case than this is unknown. */
  knownAfterSessions: number;
}

export interface SpikesConfig {
  windowSeconds: number;
  /** A window is a spike when it holds ≥ factor × the user's usual count per window … */
  factor: number;
  /** … and at least this many commands. */
  minCommands: number;
}

export interface AnalyzerConfig {
  /** Zone of working hours and of times in explanations (`UTC`, `+01:00`, `Europe/Berlin`). */
  timezone: string;
  workingHours: WorkingHoursConfig;
  networks: NetworksConfig;
  /** Host name patterns (`*` wildcard) of production machines. */
  productionHosts: readonly string[];
  spikes: SpikesConfig;
}

const WEEKDAYS = [false, true, true, true, true, true, false];

export const DEFAULT_ANALYZER_CONFIG: AnalyzerConfig = {
  timezone: 'UTC',
  workingHours: {
    default: { startMinute: 7 * 60, endMinute: 20 * 60, days: WEEKDAYS, text: '07:00-20:00 mon-fri' },
    users: {},
    learn: true,
    minCommands: 200,
    minDays: 5,
    coverage: 0.95,
  },
  networks: { allow: [], knownAfterSessions: 2 },
  productionHosts: [],
  spikes: { windowSeconds: 60, factor: 5, minCommands: 30 },
};

/** Whether a minute of the day on a weekday lies within the hours. */
export function withinHours(hours: HoursSpec, weekday: number, minute: number): boolean {
  if (hours.startMinute <= hours.endMinute) return hours.days[weekday] === true && minute >= hours.startMinute && minute < hours.endMinute;
  // Across midnight: the early part belongs to the shift that started the day before.
  if (minute >= hours.startMinute) return hours.days[weekday] === true;
  return minute < hours.endMinute && hours.days[(weekday + 6) % 7] === true;
}

export function hostMatches(patterns: readonly string[], host: string | null): boolean {
  if (host === null) return false;
  return patterns.some((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(host));
}
