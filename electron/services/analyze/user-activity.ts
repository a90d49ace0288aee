// Each user's commands in time order (time, session, seq, host): what the odd-hours and spike
// analyzers learn baselines from. Kept as parallel arrays: a case may hold millions of commands.
import type { CommandRow } from './case-data.js';

export interface UserTimeline {
  user: string;
  ts: number[];
  sessions: number[];
  seqs: Array<number | null>;
  hosts: Array<string | null>;
}

export class UserActivity {
  private readonly byUser = new Map<string, UserTimeline>();

  visit(row: CommandRow): void {
    if (row.user === null) return;
    let t = this.byUser.get(row.user);
    if (t === undefined) {
      t = { user: row.user, ts: [], sessions: [], seqs: [], hosts: [] };
      this.byUser.set(row.user, t);
    }
    t.ts.push(row.tsUs);
    t.sessions.push(row.sessionId);
    t.seqs.push(row.seq);
    t.hosts.push(row.host);
  }

  /** Every user's timeline, sorted by time (shards are in import order, not time order). */
  timelines(): UserTimeline[] {
    const out: UserTimeline[] = [];
    for (const t of [...this.byUser.values()].sort((a, b) => a.user.localeCompare(b.user))) {
      const order = t.ts.map((_, i) => i).sort((a, b) => (t.ts[a] as number) - (t.ts[b] as number) || (t.sessions[a] as number) - (t.sessions[b] as number));
      out.push({
        user: t.user,
        ts: order.map((i) => t.ts[i] as number),
        sessions: order.map((i) => t.sessions[i] as number),
        seqs: order.map((i) => t.seqs[i] ?? null),
        hosts: order.map((i) => t.hosts[i] ?? null),
      });
    }
    return out;
  }
}
