// The query's filters as constraints on one kind of row (plan-sql.ts renders them as SQL).
import type { Database } from 'sql.js';
import { attrMatch, combineMatch, isAttrField, type TextPlan } from '../../core/search/fts-plan.js';
import type { FieldFilter, ParsedQuery } from '../../core/search/query-ast.js';
import { resolveFlags, resolveSessions } from './case-filters.js';
import type { HitKind } from './hits.js';
import type { KindConstraints, SearchOrder } from './plan-sql.js';

/** Which kinds of rows the query looks at: in: decides, and source: applies to commands only. */
export function kindsOf(q: ParsedQuery): HitKind[] {
  const kinds: HitKind[] = q.scope === 'commands' ? ['command'] : q.scope === 'screen' ? ['screen'] : ['command', 'screen'];
  if (q.filters.some((f) => f.field === 'source' && !f.negated)) return kinds.filter((k) => k === 'command');
  return kinds;
}

/** The constraints of one kind, or null when no row of that kind can match. */
export function constraintsFor(
  catalog: Database,
  kind: HitKind,
  q: ParsedQuery,
  text: TextPlan,
  order: SearchOrder,
  need: number,
  /** Fuzzy mode: no MATCH, every filter a row check. */
  fuzzy = false,
): KindConstraints | null {
  const commands = kind === 'command';
  // A weak text match (short substring tokens) with a selective filter: start from the filter's
  // index and check the text on its rows instead.
  const selective = q.filters.some((f) => !f.negated && f.field !== 'source');
  const fromIndex = !fuzzy && !(text.weak && selective);
  const attrs = q.filters.filter((f) => isAttrField(f.field));
  const required = fromIndex ? attrs.filter((f) => !f.negated).map(attrMatch) : [];
  const excluded = fromIndex ? attrs.filter((f) => f.negated).map(attrMatch) : [];
  const match = combineMatch(fromIndex ? text.match : null, required, excluded);
  const rowFilters: FieldFilter[] = commands ? q.filters.filter((f) => f.field === 'source') : [];
  const sessionFields: Array<'session' | 'tty' | 'user' | 'host'> = ['session', 'tty'];
  if (match === null) {
    // Scanning rows: user:/host: through the (user, ts) and (host, ts) indexes for commands, and
    // through their sessions (the (session, ts) index) for screen samples.
    if (commands) rowFilters.push(...attrs);
    else sessionFields.push('user', 'host');
  }
  const sessions = resolveSessions(catalog, q.filters, sessionFields);
  const flags: KindConstraints['flags'] = [];
  for (const f of q.filters) {
    if (f.field !== 'flag') continue;
    const spans = resolveFlags(catalog, f);
    if (spans.length === 0) {
      if (f.negated) continue;
      return null;
    }
    flags.push({ spans, negated: f.negated });
    if (!f.negated) {
      // Only flagged sessions can match: lets the scan use the (session, ts) index.
      const flagged = new Set(spans.map((s) => s.sessionId));
      sessions.include = (sessions.include ?? [...flagged]).filter((id) => flagged.has(id));
    }
  }
  if (sessions.include !== null && sessions.include.length === 0) return null;
  return {
    match,
    residual: fromIndex ? text.residual : text.whole,
    afterUs: q.after?.us ?? null,
    beforeUs: q.before?.us ?? null,
    shift: 0,
    rowFilters,
    sessions,
    flags,
    order,
    need,
  };
}
