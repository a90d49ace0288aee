// Running the analyzers over a case (issue 8; docs/rules.md): rules from the rules file the case
// remembers (the last one given, else the starter set) plus any Sigma rules; commands read once
// from the index shards; sessions and joins from the catalog; flags of the analyzers that ran
// replaced in one transaction, and the run recorded in the activity log (`flags.analyzed`).
import { createHash } from 'node:crypto';
import type { Database } from 'sql.js';
import type { AnalyzerConfig } from '../../core/rules/analyzer-config.js';
import type { CommandRule, SkippedRule } from '../../core/rules/rule.js';
import { resolveTimeZone, type TimeZone } from '../../core/search/time-zone.js';
import { getMeta, setMeta } from '../case/case-db.js';
import { CaseError } from '../case/case-error.js';
import type { CaseHandle } from '../case/case.js';
import { forEachCommand, readJoins, readSessions } from './case-data.js';
import { CommandRulesAnalyzer } from './command-rules.js';
import { ANALYZERS, type AnalyzerName, type FlagDraft } from './flag.js';
import { replaceFlags } from './flag-store.js';
import { oddHoursFlags } from './odd-hours.js';
import { parseRulesText, parseSigmaText, RulesError, starterRulesSource, type RulesText } from './rules-source.js';
import { sharedSessionFlags } from './shared-sessions.js';
import { spikeFlags } from './spikes.js';
import { unknownNetworkFlags } from './unknown-networks.js';
import { UserActivity } from './user-activity.js';

/** Catalog meta key: the rules file and Sigma files last given to `analyze` (JSON). */
const RULES_META = 'analyze_rules';

export interface LoadedRules {
  /** The rules file's name (`starter.yaml` for the shipped set). */
  source: string;
  sha256: string;
  config: AnalyzerConfig;
  rules: CommandRule[];
  sigmaRules: number;
  skipped: SkippedRule[];
}

interface RememberedRules {
  rules: RulesText | null;
  sigma: RulesText[];
}

/** Compiles a rules file (default: the starter set) and Sigma files. Throws RulesError. */
export async function loadRules(rulesFile: RulesText | null, sigma: readonly RulesText[]): Promise<LoadedRules> {
  const source = rulesFile ?? (await starterRulesSource());
  const file = parseRulesText(source);
  const rules = [...file.rules];
  const skipped: SkippedRule[] = [];
  const ids = new Set(rules.map((r) => r.id));
  let sigmaRules = 0;
  for (const s of sigma) {
    const loaded = parseSigmaText(s);
    for (const rule of loaded.rules) {
      if (ids.has(rule.id)) {
        skipped.push({ file: rule.file, id: rule.id, title: rule.title, construct: 'duplicate id', message: `${rule.file}: rule ${rule.id} "${rule.title}": another rule already has this id; the rule is skipped` });
        continue;
      }
      ids.add(rule.id);
      rules.push(rule);
      sigmaRules++;
    }
    skipped.push(...loaded.skipped);
  }
  const hash = createHash('sha256').update(source.text);
  for (const s of sigma) hash.update('\0').update(s.text);
  return { source: source.name, sha256: hash.digest('hex'), config: file.config, rules, sigmaRules, skipped };
}

export interface AnalyzeData {
  catalog: Database;
  indexes: readonly Database[];
}

export interface AnalysisOutput {
  flags: FlagDraft[];
  commands: number;
  /** Per rule id: matches beyond MAX_FLAGS_PER_RULE, not flagged. */
  omitted: Record<string, number>;
}

/** The analyzers over catalog + shards, without writing anything (tests and benchmarks use it too). */
export function runAnalyzers(data: AnalyzeData, loaded: Pick<LoadedRules, 'config' | 'rules'>, analyzers: readonly AnalyzerName[]): AnalysisOutput {
  let zone: TimeZone;
  try {
    zone = resolveTimeZone(loaded.config.timezone);
  } catch (error) {
    throw new RulesError(`timezone: ${(error as Error).message}`);
  }
  const want = new Set(analyzers);
  const commandRules = want.has('commands') ? new CommandRulesAnalyzer(loaded.rules, zone) : null;
  const activity = want.has('odd-hours') || want.has('spikes') ? new UserActivity() : null;
  const commands =
    commandRules !== null || activity !== null
      ? forEachCommand(data.indexes, (row) => {
          commandRules?.visit(row);
          activity?.visit(row);
        })
      : 0;
  const flags: FlagDraft[] = [...(commandRules?.flags ?? [])];
  const timelines = activity?.timelines() ?? [];
  if (want.has('odd-hours')) flags.push(...oddHoursFlags(timelines, loaded.config.workingHours, zone));
  if (want.has('spikes')) flags.push(...spikeFlags(timelines, loaded.config.spikes, zone));
  if (want.has('networks') || want.has('shared-sessions')) {
    const sessions = readSessions(data.catalog);
    const joins = readJoins(data.catalog);
    if (want.has('networks')) flags.push(...unknownNetworkFlags(sessions, joins, loaded.config.networks, zone));
    if (want.has('shared-sessions')) flags.push(...sharedSessionFlags(sessions, joins, loaded.config.productionHosts, zone));
  }
  return { flags, commands, omitted: Object.fromEntries(commandRules?.omitted ?? []) };
}

export interface AnalyzeOptions {
  /** A rules file: used now and remembered by the case for later runs (after imports too). */
  rules?: RulesText;
  /** Sigma files: used now and remembered (replacing those remembered before). */
  sigma?: RulesText[];
  /** Forget the remembered rules: the starter set, no Sigma rules. */
  defaultRules?: boolean;
  /** Run only these analyzers (default: all); only their flags are replaced. */
  only?: readonly AnalyzerName[];
  /** Why the analysis runs, for the activity log. */
  trigger?: 'manual' | 'import';
}

export interface AnalyzeResult {
  analyzers: AnalyzerName[];
  rulesSource: string;
  rulesSha256: string;
  rules: number;
  sigmaRules: number;
  skipped: SkippedRule[];
  commands: number;
  flags: Record<AnalyzerName, number>;
  total: number;
  /** Per rule id: matches beyond the cap of flags per rule (command-rules.ts), not flagged. */
  omitted: Record<string, number>;
  elapsedMs: number;
}

function remembered(db: Database): RememberedRules {
  const raw = getMeta(db, RULES_META);
  if (raw === null) return { rules: null, sigma: [] };
  const parsed = JSON.parse(raw) as Partial<RememberedRules>;
  return { rules: parsed.rules ?? null, sigma: parsed.sigma ?? [] };
}

/** Analyzes the case (open for writing), replaces the flags of the analyzers run, records the run. */
export async function analyzeCase(handle: CaseHandle, options: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  if (handle.readOnly) throw new CaseError('CASE_READ_ONLY', `${handle.dir}: the case is open read-only; analyzing writes flags`);
  const started = performance.now();
  const before = options.defaultRules === true ? { rules: null, sigma: [] } : remembered(handle.db);
  const chosen: RememberedRules = { rules: options.rules ?? before.rules, sigma: options.sigma ?? before.sigma };
  const loaded = await loadRules(chosen.rules, chosen.sigma);
  const analyzers = options.only !== undefined && options.only.length > 0 ? [...new Set(options.only)] : [...ANALYZERS];
  const output = runAnalyzers({ catalog: handle.db, indexes: analyzers.some((a) => a === 'commands' || a === 'odd-hours' || a === 'spikes') ? await handle.openIndexes() : [] }, loaded, analyzers);
  const counts = Object.fromEntries(ANALYZERS.map((a) => [a, 0])) as Record<AnalyzerName, number>;
  for (const f of output.flags) counts[f.analyzer]++;
  replaceFlags(handle.db, analyzers, output.flags, Date.now() * 1000);
  if (options.rules !== undefined || options.sigma !== undefined || options.defaultRules === true) {
    setMeta(handle.db, { [RULES_META]: JSON.stringify(chosen) });
  }
  const result: AnalyzeResult = {
    analyzers,
    rulesSource: loaded.source,
    rulesSha256: loaded.sha256,
    rules: loaded.rules.length,
    sigmaRules: loaded.sigmaRules,
    skipped: loaded.skipped,
    commands: output.commands,
    flags: counts,
    total: output.flags.length,
    omitted: output.omitted,
    elapsedMs: 0,
  };
  await handle.appendActivity('flags.analyzed', {
    trigger: options.trigger ?? 'manual',
    analyzers,
    rulesSource: loaded.source,
    rulesSha256: loaded.sha256,
    sigmaFiles: chosen.sigma.map((s) => s.name),
    rules: loaded.rules.length,
    skipped: loaded.skipped.map((s) => ({ file: s.file, id: s.id, construct: s.construct })),
    commands: output.commands,
    flags: counts,
    omitted: output.omitted,
  });
  result.elapsedMs = performance.now() - started;
  return result;
}
