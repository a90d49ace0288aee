// `trailview analyze CASE [--rules FILE] [--sigma PATH]... [--only A,B] [--default-rules]
// [--fail-on SEVERITY] [--json]` (docs/cli.md "Analyze", docs/rules.md): a thin layer over
// services/analyze. The rules given are remembered by the case and used again after each import.
import type { Command } from 'commander';
import { isSeverity, severityRank, SEVERITIES, type Severity } from '../../core/rules/severity.js';
import { resolveTimeZone } from '../../core/search/time-zone.js';
import { analyzeCase, type AnalyzeResult } from '../../services/analyze/analyze-case.js';
import { MAX_FLAGS_PER_RULE } from '../../services/analyze/command-rules.js';
import { ANALYZERS, isAnalyzerName, when, type AnalyzerName } from '../../services/analyze/flag.js';
import { listFlags, type StoredFlag } from '../../services/analyze/flag-store.js';
import { readRulesSource, readSigmaSources, RulesError, type RulesText } from '../../services/analyze/rules-source.js';
import { CaseError, openCase } from '../../services/case/case.js';
import { CliError, EXIT } from '../cli-io.js';
import type { CommandContext } from '../main.js';

interface AnalyzeFlags {
  rules?: string;
  sigma?: string[];
  only?: string;
  defaultRules?: boolean;
  failOn?: string;
  json?: boolean;
  limit?: number;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerAnalyze(program: Command, ctx: CommandContext): void {
  program
    .command('analyze')
    .description('flag unusual activity in a case: sensitive commands, odd hours, unknown networks, spikes, shared sessions (docs/rules.md)')
    .argument('<dir>', 'case folder')
    .option('--rules <file>', 'rules file (YAML, docs/rules.md); remembered by the case (default: the last one given, else the starter set)')
    .option('--sigma <path>', 'Sigma rule file or folder (repeatable); remembered by the case', collect)
    .option('--only <analyzers>', `run only these analyzers, comma-separated: ${ANALYZERS.join(', ')}`)
    .option('--default-rules', 'forget the remembered rules: the starter set, no Sigma rules')
    .option('--fail-on <severity>', `exit 1 when a flag at or above this severity exists: ${SEVERITIES.join(', ')}`)
    .option('--json', 'print one JSON document: {"case","analyzers","rules","skipped","commands","counts","total","flags":[...]}')
    .addHelpText(
      'after',
      `
Re-running replaces the flags of the analyzers that run (and only theirs). Sigma rules that use
something Trailview cannot evaluate on command lines are skipped, each with a message on stderr.
Exit status: 0 the analysis ran; 1 a rule was skipped, or --fail-on found a flag at or above that
severity; 2 the rules file or the case could not be used (the case is then unchanged).`,
    )
    .action(async (dir: string, flags: AnalyzeFlags) => {
      const only = parseOnly(flags.only);
      const failOn = parseFailOn(flags.failOn);
      if (flags.defaultRules === true && (flags.rules !== undefined || flags.sigma !== undefined)) {
        throw new CliError('--default-rules cannot be combined with --rules or --sigma');
      }
      const rules = flags.rules !== undefined ? await rulesCall(() => readRulesSource(flags.rules as string)) : undefined;
      const sigma = flags.sigma !== undefined ? await rulesCall(() => readSigmaSources(flags.sigma as string[])) : undefined;
      if (sigma !== undefined && sigma.length === 0) throw new CliError(`--sigma ${flags.sigma?.join(' ')}: no .yml or .yaml files found`);
      const handle = await caseCall(() => openCase(dir));
      try {
        const result = await caseCall(() =>
          rulesCall(() =>
            analyzeCase(handle, {
              ...(rules !== undefined ? { rules } : {}),
              ...(sigma !== undefined ? { sigma: sigma as RulesText[] } : {}),
              ...(flags.defaultRules === true ? { defaultRules: true } : {}),
              ...(only !== undefined ? { only } : {}),
            }),
          ),
        );
        const stored = listFlags(handle.db, { analyzers: result.analyzers });
        for (const s of result.skipped) ctx.io.stderr(`trailview: warning: ${s.message}\n`);
        for (const [rule, n] of Object.entries(result.omitted)) {
          ctx.io.stderr(`trailview: warning: rule ${rule} matched ${n.toLocaleString('en-US')} more commands than the ${MAX_FLAGS_PER_RULE.toLocaleString('en-US')} flags kept per rule; narrow the rule\n`);
        }
        if (flags.json === true) ctx.io.stdout(`${JSON.stringify(toJson(dir, result, stored.flags), null, 2)}\n`);
        else ctx.io.stdout(renderText(result, stored.flags));
        const failed = failOn !== null && stored.flags.some((f) => severityRank(f.severity) >= severityRank(failOn));
        ctx.setExitCode(result.skipped.length > 0 || failed ? EXIT.findings : EXIT.ok);
      } finally {
        await handle.close();
      }
    });
}

function parseOnly(text: string | undefined): AnalyzerName[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !isAnalyzerName(n));
  if (names.length === 0 || bad.length > 0) throw new CliError(`--only: unknown analyzer ${bad.map((b) => JSON.stringify(b)).join(', ') || '(none given)'}; analyzers: ${ANALYZERS.join(', ')}`);
  return names as AnalyzerName[];
}

function parseFailOn(text: string | undefined): Severity | null {
  if (text === undefined) return null;
  if (!isSeverity(text)) throw new CliError(`--fail-on must be one of ${SEVERITIES.join(', ')}, not ${JSON.stringify(text)}`);
  return text;
}

async function caseCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CaseError) throw new CliError(error.message);
    throw error;
  }
}

async function rulesCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RulesError) throw new CliError(error.message);
    throw error;
  }
}

/** The contract (docs/cli.md): fixed keys first; more may follow. */
function toJson(dir: string, result: AnalyzeResult, flags: readonly StoredFlag[]): Record<string, unknown> {
  return {
    case: dir,
    analyzers: result.analyzers,
    rules: { source: result.rulesSource, sha256: result.rulesSha256, loaded: result.rules, sigma: result.sigmaRules },
    skipped: result.skipped.map((s) => ({ file: s.file, id: s.id, title: s.title, construct: s.construct, message: s.message })),
    commands: result.commands,
    counts: result.flags,
    total: result.total,
    omitted: result.omitted,
    flags: flags.map((f) => ({
      id: f.id,
      rule: f.ruleId,
      title: f.title,
      analyzer: f.analyzer,
      severity: f.severity,
      ts: new Date(Math.floor(f.tsUs / 1000)).toISOString(),
      tsUs: f.tsUs,
      endUs: f.endUs,
      session: f.sessionKey,
      sessionId: f.sessionId,
      evidenceId: f.evidenceId,
      seqs: f.seqs,
      user: f.user,
      host: f.host,
      explanation: f.explanation,
      details: f.details,
    })),
  };
}

function renderText(result: AnalyzeResult, flags: readonly StoredFlag[]): string {
  const zone = resolveTimeZone('UTC');
  const lines: string[] = [];
  const counts = result.analyzers.map((a) => `${a} ${result.flags[a]}`).join(', ');
  lines.push(`${result.total} flag${result.total === 1 ? '' : 's'} (${counts}) from ${result.commands.toLocaleString('en-US')} commands; rules: ${result.rulesSource} (${result.rules}${result.sigmaRules > 0 ? `, ${result.sigmaRules} Sigma` : ''})${result.skipped.length > 0 ? `, ${result.skipped.length} skipped` : ''}`);
  for (const f of flags) {
    lines.push(`${f.severity.toUpperCase().padEnd(8)} ${f.ruleId}  ${when(f.tsUs, zone)}  ${f.sessionKey ?? '-'}  ${f.user ?? '?'}@${f.host ?? '?'}`);
    lines.push(`         ${f.explanation}`);
  }
  return `${lines.join('\n')}\n`;
}
