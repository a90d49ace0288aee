// Analyzer `odd-hours`: commands outside a user's working hours. The hours are, in this order: the
// user's hours from the rules file; hours learned from the case (the fewest hours of the day that
// hold `coverage` of the user's commands, once there are enough commands on enough days); the
// default hours of the rules file. Consecutive odd commands of one session (gaps under 30 minutes)
// make one flag.
import { withinHours, type HoursSpec, type WorkingHoursConfig } from '../../core/rules/analyzer-config.js';
import type { TimeZone } from '../../core/search/time-zone.js';
import { MAX_ANCHOR_SEQS, plural, when, type FlagDraft } from './flag.js';
import type { UserTimeline } from './user-activity.js';

const DAY_MS = 86_400_000;
const HOUR_US = 3_600_000_000;
const GROUP_GAP_US = 30 * 60_000_000;

/** Local weekday (0 = Sunday), minute of the day and day number of an instant, in a zone. */
export class LocalClock {
  private readonly offsets = new Map<number, number>();
  constructor(private readonly zone: TimeZone) {}

  at(tsUs: number): { weekday: number; minute: number; day: number } {
    const hour = Math.floor(tsUs / HOUR_US);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      offset = this.zone.offsetMinutes(Math.floor(tsUs / 1000));
      this.offsets.set(hour, offset);
    }
    const local = Math.floor(tsUs / 1000) + offset * 60_000;
    const day = Math.floor(local / DAY_MS);
    return { weekday: (((day + 4) % 7) + 7) % 7, minute: Math.floor((local - day * DAY_MS) / 60_000), day };
  }
}

interface Hours {
  inside(weekday: number, minute: number): boolean;
  text: string;
  /** Where the hours come from, for the explanation. */
  basis: 'configured' | 'learned' | 'default';
  note: string;
}

function fromSpec(spec: HoursSpec, basis: Hours['basis'], note: string): Hours {
  return { inside: (w, m) => withinHours(spec, w, m), text: spec.text, basis, note };
}

const pad = (h: number): string => `${String(h).padStart(2, '0')}:00`;

/** `08:00-12:00, 13:00-18:00` for a set of hours of the day. */
function hoursText(set: readonly boolean[]): string {
  const ranges: string[] = [];
  for (let h = 0; h < 24; h++) {
    if (set[h] !== true || set[h - 1] === true) continue;
    let end = h;
    while (set[end + 1] === true) end++;
    ranges.push(`${pad(h)}-${pad(end + 1)}`);
  }
  return ranges.join(', ');
}

function hoursFor(t: UserTimeline, config: WorkingHoursConfig, clock: LocalClock): Hours {
  const configured = config.users[t.user];
  if (configured !== undefined) return fromSpec(configured, 'configured', `${t.user}'s hours in the rules file`);
  const histogram = Array<number>(24).fill(0);
  const days = new Set<number>();
  for (const ts of t.ts) {
    const { minute, day } = clock.at(ts);
    histogram[Math.floor(minute / 60)]! += 1;
    days.add(day);
  }
  const n = t.ts.length;
  if (config.learn && n >= config.minCommands && days.size >= config.minDays) {
    const set = Array<boolean>(24).fill(false);
    let covered = 0;
    for (const h of histogram.map((_, i) => i).sort((a, b) => (histogram[b] as number) - (histogram[a] as number) || a - b)) {
      if (covered >= config.coverage * n) break;
      set[h] = true;
      covered += histogram[h] as number;
    }
    const text = hoursText(set);
    return {
      inside: (_w, m) => set[Math.floor(m / 60)] === true,
      text,
      basis: 'learned',
      note: `learned from ${t.user}'s ${plural(n, 'command')} on ${plural(days.size, 'day')} in this case: ${Math.round(config.coverage * 100)}% of them fall in ${text}`,
    };
  }
  const why = config.learn ? `too little activity to learn ${t.user}'s own hours (${plural(n, 'command')} on ${plural(days.size, 'day')}; needs ${config.minCommands} on ${config.minDays})` : 'learning is off';
  return fromSpec(config.default, 'default', `the default hours of the rules file; ${why}`);
}

interface Group {
  sessionId: number;
  host: string | null;
  first: number;
  last: number;
  count: number;
  seqs: number[];
}

export function oddHoursFlags(timelines: readonly UserTimeline[], config: WorkingHoursConfig, zone: TimeZone): FlagDraft[] {
  const clock = new LocalClock(zone);
  const flags: FlagDraft[] = [];
  for (const t of timelines) {
    const hours = hoursFor(t, config, clock);
    const open = new Map<number, Group>();
    const finish = (g: Group): void => {
      const span = g.first === g.last ? `at ${when(g.first, zone)}` : `from ${when(g.first, zone)} to ${when(g.last, zone)}`;
      flags.push({
        analyzer: 'odd-hours',
        ruleId: 'odd-hours',
        title: 'Activity outside working hours',
        severity: hours.basis === 'default' ? 'low' : 'medium',
        sessionId: g.sessionId,
        tsUs: g.first,
        endUs: g.last,
        seqs: g.seqs,
        explanation: `${t.user} ran ${plural(g.count, 'command')}${g.host !== null ? ` on ${g.host}` : ''} ${span}, outside their working hours ${hours.text} (${hours.note}).`,
        user: t.user,
        host: g.host,
        details: { commands: g.count, hours: hours.text, basis: hours.basis, timezone: zone.name },
      });
    };
    for (let i = 0; i < t.ts.length; i++) {
      const ts = t.ts[i] as number;
      const { weekday, minute } = clock.at(ts);
      if (hours.inside(weekday, minute)) continue;
      const sessionId = t.sessions[i] as number;
      const seq = t.seqs[i] ?? null;
      let g = open.get(sessionId);
      if (g !== undefined && ts - g.last > GROUP_GAP_US) {
        finish(g);
        g = undefined;
      }
      if (g === undefined) {
        g = { sessionId, host: t.hosts[i] ?? null, first: ts, last: ts, count: 0, seqs: [] };
        open.set(sessionId, g);
      }
      g.last = ts;
      g.count++;
      if (seq !== null && g.seqs.length < MAX_ANCHOR_SEQS) g.seqs.push(seq);
    }
    for (const g of open.values()) finish(g);
  }
  return flags;
}
