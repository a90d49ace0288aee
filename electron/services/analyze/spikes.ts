// Analyzer `spikes`: a user's command rate far above their own baseline. The baseline is the
// median number of commands per window (`window_seconds`) over the windows in which the user was
// active at all; a sliding window holding ≥ factor × baseline and ≥ min_commands commands is a
// spike, and overlapping spike windows merge into one flag.
import type { SpikesConfig } from '../../core/rules/analyzer-config.js';
import type { TimeZone } from '../../core/search/time-zone.js';
import { MAX_ANCHOR_SEQS, plural, when, type FlagDraft } from './flag.js';
import type { UserTimeline } from './user-activity.js';

function medianOf(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? (values[mid] as number) : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
}

export function spikeFlags(timelines: readonly UserTimeline[], config: SpikesConfig, zone: TimeZone): FlagDraft[] {
  const windowUs = config.windowSeconds * 1_000_000;
  const flags: FlagDraft[] = [];
  for (const t of timelines) {
    const n = t.ts.length;
    if (n < config.minCommands) continue;
    const buckets = new Map<number, number>();
    for (const ts of t.ts) buckets.set(Math.floor(ts / windowUs), (buckets.get(Math.floor(ts / windowUs)) ?? 0) + 1);
    const baseline = Math.max(1, medianOf([...buckets.values()]));
    const threshold = Math.max(config.minCommands, Math.ceil(config.factor * baseline));
    let j = 0;
    let spike: { from: number; to: number; peak: number } | null = null;
    const emit = (s: { from: number; to: number; peak: number }): void => {
      const sessionId = t.sessions[s.from] as number;
      const seqs: number[] = [];
      const hosts = new Set<string>();
      for (let k = s.from; k <= s.to; k++) {
        const host = t.hosts[k];
        if (host !== null && host !== undefined) hosts.add(host);
        const seq = t.seqs[k];
        if (t.sessions[k] === sessionId && seq !== null && seq !== undefined && seqs.length < MAX_ANCHOR_SEQS) seqs.push(seq);
      }
      const count = s.to - s.from + 1;
      const start = t.ts[s.from] as number;
      const end = t.ts[s.to] as number;
      const hostList = [...hosts];
      flags.push({
        analyzer: 'spikes',
        ruleId: 'spike',
        title: 'Burst of commands',
        severity: 'medium',
        sessionId,
        tsUs: start,
        endUs: end,
        seqs,
        explanation:
          `${t.user} ran ${plural(count, 'command')}${hostList.length > 0 ? ` on ${hostList.join(', ')}` : ''} from ${when(start, zone)} to ${when(end, zone)}, ` +
          `up to ${s.peak} within ${config.windowSeconds} s: ${(s.peak / baseline).toFixed(0)}× their usual ${baseline} per ${config.windowSeconds} s ` +
          `(median over the ${plural(buckets.size, 'window')} in which they were active).`,
        user: t.user,
        host: hostList.length === 1 ? (hostList[0] as string) : null,
        details: { commands: count, peak: s.peak, baseline, windowSeconds: config.windowSeconds, threshold },
      });
    };
    for (let i = 0; i < n; i++) {
      const ts = t.ts[i] as number;
      while (ts - (t.ts[j] as number) > windowUs) j++;
      const count = i - j + 1;
      if (count < threshold) continue;
      if (spike !== null && j <= spike.to) {
        spike.to = i;
        spike.peak = Math.max(spike.peak, count);
      } else {
        if (spike !== null) emit(spike);
        spike = { from: j, to: i, peak: count };
      }
    }
    if (spike !== null) emit(spike);
  }
  return flags;
}
