// Analyzer `networks`: logins (a session's remote address) and joins of shared sessions (the
// joining client's address) from unknown networks. With an allow-list in the rules file, unknown
// means outside every listed CIDR block; without one, an address seen in fewer sessions of the
// case than `known_after_sessions`. Only IP addresses are judged (recorders that log a host name
// or nothing give nothing to compare); loopback is local, not a network.
import { cidrContains, isLoopback, parseIp } from '../../core/rules/cidr.js';
import type { NetworksConfig } from '../../core/rules/analyzer-config.js';
import type { TimeZone } from '../../core/search/time-zone.js';
import type { JoinFacts, SessionFacts } from './case-data.js';
import { plural, when, type FlagDraft } from './flag.js';

interface Arrival {
  kind: 'login' | 'join';
  address: string;
  sessionId: number;
  tsUs: number;
  seq: number | null;
  user: string | null;
  host: string | null;
}

export function unknownNetworkFlags(
  sessions: ReadonlyMap<number, SessionFacts>,
  joins: readonly JoinFacts[],
  config: NetworksConfig,
  zone: TimeZone,
): FlagDraft[] {
  const arrivals: Arrival[] = [];
  for (const s of sessions.values()) {
    if (s.remote !== null && s.startUs !== null) arrivals.push({ kind: 'login', address: s.remote, sessionId: s.id, tsUs: s.startUs, seq: null, user: s.user, host: s.host });
  }
  for (const j of joins) {
    if (j.remote !== null) arrivals.push({ kind: 'join', address: j.remote, sessionId: j.sessionId, tsUs: j.tsUs, seq: j.seq, user: j.user, host: sessions.get(j.sessionId)?.host ?? null });
  }
  const sessionsByAddress = new Map<string, Set<number>>();
  const usable = arrivals.filter((a) => {
    const ip = parseIp(a.address);
    return ip !== null && !isLoopback(ip);
  });
  for (const a of usable) {
    const set = sessionsByAddress.get(a.address) ?? new Set<number>();
    set.add(a.sessionId);
    sessionsByAddress.set(a.address, set);
  }
  const known = [...sessionsByAddress.entries()].filter(([, s]) => s.size >= config.knownAfterSessions).map(([addr, s]) => `${addr} (${plural(s.size, 'session')})`);
  const flags: FlagDraft[] = [];
  for (const a of usable.sort((x, y) => x.tsUs - y.tsUs)) {
    const ip = parseIp(a.address);
    if (ip === null) continue;
    let reason: string;
    if (config.allow.length > 0) {
      if (config.allow.some((c) => cidrContains(c, ip))) continue;
      reason = `outside the allowed networks (${config.allow.map((c) => c.text).join(', ')})`;
    } else {
      const seen = sessionsByAddress.get(a.address)?.size ?? 0;
      if (seen >= config.knownAfterSessions) continue;
      reason = `an address seen in ${seen === 1 ? 'no other session' : `only ${plural(seen, 'session')}`} of this case (known addresses: ${known.length > 0 ? known.slice(0, 5).join(', ') : 'none'})`;
    }
    const session = sessions.get(a.sessionId);
    const who = a.user ?? 'an unknown user';
    const what = a.kind === 'login' ? `logged in${a.host !== null ? ` to ${a.host}` : ''}` : `joined ${session?.user ?? 'someone'}'s session${a.host !== null ? ` on ${a.host}` : ''}`;
    flags.push({
      analyzer: 'networks',
      ruleId: 'unknown-network',
      title: a.kind === 'login' ? 'Login from an unknown network' : 'Join from an unknown network',
      severity: 'medium',
      sessionId: a.sessionId,
      tsUs: a.tsUs,
      endUs: null,
      seqs: a.seq === null ? [] : [a.seq],
      explanation: `${who} ${what} from ${a.address} at ${when(a.tsUs, zone)}: ${reason}.`,
      user: a.user,
      host: a.host,
      details: { kind: a.kind, address: a.address, allowList: config.allow.map((c) => c.text) },
    });
  }
  return flags;
}
