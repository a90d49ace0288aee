// Analyzer `shared-sessions`: joins of shared sessions (tmux attach, screen -x) by a user other
// than the session's owner, and read-write joins to sessions on production hosts (rules file,
// `production_hosts`), where whoever joins can type into the session.
import { hostMatches } from '../../core/rules/analyzer-config.js';
import type { TimeZone } from '../../core/search/time-zone.js';
import type { JoinFacts, SessionFacts } from './case-data.js';
import { when, type FlagDraft } from './flag.js';

export function sharedSessionFlags(sessions: ReadonlyMap<number, SessionFacts>, joins: readonly JoinFacts[], productionHosts: readonly string[], zone: TimeZone): FlagDraft[] {
  const flags: FlagDraft[] = [];
  for (const j of joins) {
    const s = sessions.get(j.sessionId);
    if (s === undefined) continue;
    const who = j.user ?? 'an unknown user';
    const where = `${s.user ?? 'an unknown user'}'s session ${s.key}${s.host !== null ? ` on ${s.host}` : ''}`;
    const mode = j.readOnly ? 'read-only' : 'read-write';
    const client = j.clientTty !== null ? ` from ${j.clientTty}` : '';
    const base = {
      sessionId: s.id,
      tsUs: j.tsUs,
      endUs: null,
      seqs: j.seq === null ? [] : [j.seq],
      user: j.user,
      host: s.host,
      details: { owner: s.user, joiner: j.user, readOnly: j.readOnly, clientTty: j.clientTty, remote: j.remote },
    };
    if (j.user !== null && s.user !== null && j.user !== s.user) {
      flags.push({
        ...base,
        analyzer: 'shared-sessions',
        ruleId: 'shared-session.other-user',
        title: 'Session joined by another user',
        severity: j.readOnly ? 'low' : 'medium',
        explanation: `${who} joined ${where} ${mode}${client} at ${when(j.tsUs, zone)}: a different user than the session's owner ${j.readOnly ? 'could see everything shown in it' : 'could see and type into it, and commands from then on may not be the owner\'s'}.`,
      });
    }
    if (!j.readOnly && hostMatches(productionHosts, s.host)) {
      flags.push({
        ...base,
        analyzer: 'shared-sessions',
        ruleId: 'shared-session.rw-production',
        title: 'Read-write join on a production host',
        severity: 'high',
        explanation: `${who} joined ${where} read-write${client} at ${when(j.tsUs, zone)}: ${s.host ?? 'the host'} is a production host (rules file, production_hosts), and a read-write client can type into the session.`,
      });
    }
  }
  return flags;
}
