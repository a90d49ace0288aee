// Analyzer `commands`: every command against the command rules (starter set, the examiner's rules
// file, Sigma rules). One flag per command and matching rule, anchored at that command's record.
import { normaliseCommand } from '../../core/rules/command-text.js';
import type { CommandRule } from '../../core/rules/rule.js';
import { RuleSet } from '../../core/rules/rule-set.js';
import { CommandSubject } from '../../core/rules/subject.js';
import type { TimeZone } from '../../core/search/time-zone.js';
import type { CommandRow } from './case-data.js';
import { quoteCommand, when, type FlagDraft } from './flag.js';

/** Whether the rule matched only thanks to normalising: the explanation then shows what was matched. */
function deobfuscated(rule: CommandRule, row: CommandRow, normalised: string): boolean {
  const plain = row.text.replace(/\s+/g, ' ').trim().toLowerCase();
  return plain !== normalised && !rule.predicate.test(new CommandSubject(plain, row));
}

/**
 * At most this many flags per rule and run: a rule that matches everything (a typo, a too-wide
 * Sigma rule) must not fill the catalog (CASE_FULL) with millions of rows. The rest are counted.
 */
export const MAX_FLAGS_PER_RULE = 10_000;

export class CommandRulesAnalyzer {
  private readonly set: RuleSet;
  readonly flags: FlagDraft[] = [];
  private readonly perRule = new Map<string, number>();
  /** Matches not flagged because their rule reached MAX_FLAGS_PER_RULE, per rule id. */
  readonly omitted = new Map<string, number>();

  constructor(rules: readonly CommandRule[], private readonly zone: TimeZone) {
    this.set = new RuleSet(rules);
  }

  visit(row: CommandRow): void {
    const normalised = normaliseCommand(row.text);
    const matched = this.set.match(new CommandSubject(normalised, row));
    for (const rule of matched) {
      const n = this.perRule.get(rule.id) ?? 0;
      if (n >= MAX_FLAGS_PER_RULE) {
        this.omitted.set(rule.id, (this.omitted.get(rule.id) ?? 0) + 1);
        continue;
      }
      this.perRule.set(rule.id, n + 1);
      this.flags.push(this.flagFor(rule, row, normalised));
    }
  }

  private flagFor(rule: CommandRule, row: CommandRow, normalised: string): FlagDraft {
    const who = `${row.user ?? 'an unknown user'}${row.host !== null ? ` on ${row.host}` : ''}`;
    const seen = deobfuscated(rule, row, normalised) ? ` (read as ${quoteCommand(normalised)} once quotes, escapes and $IFS are removed)` : '';
    const source = rule.origin === 'sigma' ? `Sigma rule "${rule.title}"` : `"${rule.title}"`;
    return {
      analyzer: 'commands',
      ruleId: rule.id,
      title: rule.title,
      severity: rule.severity,
      sessionId: row.sessionId,
      tsUs: row.tsUs,
      endUs: null,
      seqs: row.seq === null ? [] : [row.seq],
      explanation: `${who} ran ${quoteCommand(row.text)} at ${when(row.tsUs, this.zone)}${seen}: it matches ${source}: ${rule.why.replace(/\.?$/, '.')}`,
      user: row.user,
      host: row.host,
      details: { commandId: row.id, command: row.text, normalised, ruleFile: rule.file, origin: rule.origin, tags: rule.tags },
    };
  }
}
