// `flags.list` and `analyze.run` (issue 8, docs/rules.md): the flags of the open case, filtered for
// the flags view, and running the analyzers on demand, exactly as `trailview analyze`.
import type { AnalyzeRunResponse, FlagSeverity, FlagsListResponse, FlagsQuery, FlagView } from '../../../core/api/contract.js';
import { SEVERITIES } from '../../../core/rules/severity.js';
import { formatTimestamp } from '../../../core/timestamp.js';
import { analyzeCase } from '../../analyze/analyze-case.js';
import { ANALYZERS, isAnalyzerName, type AnalyzerName } from '../../analyze/flag.js';
import { listFlags, type StoredFlag } from '../../analyze/flag-store.js';
import { readRulesSource, readSigmaSources, RulesError } from '../../analyze/rules-source.js';
import { selectAll } from '../../case/case-db.js';
import { OpenCase } from '../../case/case-store.js';
import { ApiError, badRequest } from '../api-error.js';
import type { AreaHandlers } from '../handler-types.js';
import { absolutePath } from '../paths.js';
import { RequestReader } from '../request-reader.js';

type Call = 'flags.list' | 'analyze.run';

const MAX_LIMIT = 5000;

function has(raw: unknown, key: string): boolean {
  return typeof raw === 'object' && raw !== null && Object.hasOwn(raw, key);
}

function severities(call: string, name: string, values: string[]): FlagSeverity[] {
  for (const v of values) if (!(SEVERITIES as readonly string[]).includes(v)) throw badRequest(`${call}: "${name}" holds ${JSON.stringify(v)}; severities are ${SEVERITIES.join(', ')}`);
  return values as FlagSeverity[];
}

function flagView(f: StoredFlag): FlagView {
  return {
    id: f.id,
    rule: f.ruleId,
    title: f.title,
    analyzer: f.analyzer,
    severity: f.severity,
    sessionId: f.sessionId,
    session: f.sessionKey,
    evidenceId: f.evidenceId,
    ts: formatTimestamp(f.tsUs),
    tsUs: f.tsUs,
    endUs: f.endUs,
    seqs: f.seqs,
    user: f.user,
    host: f.host,
    explanation: f.explanation,
  };
}

export const flagsHandlers: AreaHandlers<Call> = {
  'flags.list': {
    parse(raw) {
      const call = 'flags.list';
      const r = new RequestReader(call, raw);
      const list = (name: string): string[] | undefined => (has(raw, name) ? r.stringArray(name, { maxItems: 100, maxLength: 200 }) : undefined);
      const rules = list('rules');
      const sev = list('severities');
      const minSeverity = r.oneOf('minSeverity', SEVERITIES);
      const users = list('users');
      const hosts = list('hosts');
      const analyzers = list('analyzers');
      const sessionId = r.optionalInteger('sessionId', 1);
      const limit = r.optionalInteger('limit', 1, MAX_LIMIT);
      const offset = r.optionalInteger('offset', 0);
      r.done();
      const query: FlagsQuery = {
        ...(rules !== undefined ? { rules } : {}),
        ...(sev !== undefined ? { severities: severities(call, 'severities', sev) } : {}),
        ...(minSeverity !== undefined ? { minSeverity } : {}),
        ...(users !== undefined ? { users } : {}),
        ...(hosts !== undefined ? { hosts } : {}),
        ...(analyzers !== undefined ? { analyzers } : {}),
        ...(sessionId !== undefined ? { sessionId } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(offset !== undefined ? { offset } : {}),
      };
      return query;
    },
    async run(session, q) {
      const db = session.requireCase('flags.list').db;
      const { total, flags } = listFlags(db, {
        ...(q.rules !== undefined ? { rules: q.rules } : {}),
        ...(q.severities !== undefined ? { severities: q.severities } : {}),
        ...(q.minSeverity !== undefined ? { minSeverity: q.minSeverity } : {}),
        ...(q.users !== undefined ? { users: q.users } : {}),
        ...(q.hosts !== undefined ? { hosts: q.hosts } : {}),
        ...(q.analyzers !== undefined ? { analyzers: q.analyzers } : {}),
        ...(q.sessionId !== undefined ? { sessionId: q.sessionId } : {}),
        limit: q.limit ?? 500,
        offset: q.offset ?? 0,
      });
      const response: FlagsListResponse = {
        total,
        flags: flags.map(flagView),
        facets: {
          rules: selectAll(db, 'SELECT rule_id, max(title) AS title, count(*) AS n FROM flags GROUP BY rule_id ORDER BY rule_id').map((row) => ({ rule: String(row.rule_id), title: String(row.title ?? ''), count: Number(row.n) })),
          users: selectAll(db, 'SELECT DISTINCT user FROM flags WHERE user IS NOT NULL ORDER BY user').map((row) => String(row.user)),
          hosts: selectAll(db, 'SELECT DISTINCT host FROM flags WHERE host IS NOT NULL ORDER BY host').map((row) => String(row.host)),
        },
      };
      return Promise.resolve(response);
    },
  },
  'analyze.run': {
    parse(raw) {
      const call = 'analyze.run';
      const r = new RequestReader(call, raw);
      const only = has(raw, 'only') ? r.stringArray('only', { maxItems: ANALYZERS.length, nonEmpty: true }) : undefined;
      const bad = only?.filter((a) => !isAnalyzerName(a)) ?? [];
      if (bad.length > 0) throw badRequest(`${call}: unknown analyzer ${bad.map((b) => JSON.stringify(b)).join(', ')}; analyzers: ${ANALYZERS.join(', ')}`);
      const rulesFile = r.optionalString('rulesFile', { nonEmpty: true, maxLength: 4096 });
      const sigma = has(raw, 'sigma') ? r.stringArray('sigma', { maxItems: 100, nonEmpty: true, maxLength: 4096 }) : undefined;
      const defaultRules = r.optionalBoolean('defaultRules');
      r.done();
      if (defaultRules === true && (rulesFile !== undefined || sigma !== undefined)) throw badRequest(`${call}: "defaultRules" cannot be combined with "rulesFile" or "sigma"`);
      return {
        ...(only !== undefined ? { only } : {}),
        ...(rulesFile !== undefined ? { rulesFile: absolutePath(call, 'rulesFile', rulesFile) } : {}),
        ...(sigma !== undefined ? { sigma: sigma.map((p, i) => absolutePath(call, `sigma[${i}]`, p)) } : {}),
        ...(defaultRules !== undefined ? { defaultRules } : {}),
      };
    },
    async run(session, request) {
      const handle = session.requireWritableCase('analyze.run');
      // An import analyzes when it commits; a second writer in between would interleave its rows.
      if (handle instanceof OpenCase && handle.importing) throw new ApiError('CASE_BUSY', 'analyze.run: an import into this case is running; the analyzers run when it is done');
      try {
        const rules = request.rulesFile !== undefined ? await readRulesSource(request.rulesFile) : undefined;
        const sigma = request.sigma !== undefined ? await readSigmaSources(request.sigma) : undefined;
        const result = await analyzeCase(handle, {
          ...(rules !== undefined ? { rules } : {}),
          ...(sigma !== undefined ? { sigma } : {}),
          ...(request.defaultRules === true ? { defaultRules: true } : {}),
          ...(request.only !== undefined ? { only: request.only as AnalyzerName[] } : {}),
        });
        session.events.emit('case.changed', { dir: handle.dir });
        const response: AnalyzeRunResponse = {
          analyzers: result.analyzers,
          total: result.total,
          counts: result.flags,
          rulesSource: result.rulesSource,
          rules: result.rules,
          sigmaRules: result.sigmaRules,
          skipped: result.skipped.map((s) => ({ file: s.file, id: s.id, title: s.title, construct: s.construct, message: s.message })),
          omitted: result.omitted,
          commands: result.commands,
          elapsedMs: Math.round(result.elapsedMs),
        };
        return response;
      } catch (error) {
        if (error instanceof RulesError) throw new ApiError('RULES_INVALID', error.message);
        throw error;
      }
    },
  },
};
