// The rule engine's pieces: normalising commands for matching (obfuscation), the programs of a
// command line, the literal prefilter (same answers as evaluating every rule), regex literals,
// CIDR blocks, and the rules file's error messages.
import { describe, expect, it } from 'vitest';
import { commandPrograms, normaliseCommand } from '../../electron/core/rules/command-text.js';
import { cidrContains, parseCidr, parseIp } from '../../electron/core/rules/cidr.js';
import { compileDetection } from '../../electron/core/rules/detection.js';
import { regexLiterals } from '../../electron/core/rules/regex-literals.js';
import type { CommandRule } from '../../electron/core/rules/rule.js';
import { RuleSet } from '../../electron/core/rules/rule-set.js';
import { CommandSubject } from '../../electron/core/rules/subject.js';
import { parseRulesText, RulesError } from '../../electron/services/analyze/rules-source.js';
import { makeCommand } from '../helpers/search-corpus.js';
import { seededRandom } from '../helpers/seeded-random.js';

describe('normaliseCommand: a copy for matching that sees through cheap obfuscation', () => {
  it.each([
    ["/bin/ba''sh", '/bin/bash'],
    ['c\\url -s x', 'curl -s x'],
    ["w'g'et http://x", 'wget http://x'],
    ['cat${IFS}/etc/shadow', 'cat /etc/shadow'],
    ['cat$IFS/etc/shadow', 'cat /etc/shadow'],
    ['c$@at /etc/pass""wd', 'cat /etc/passwd'],
    ['  SUDO   -i\t', 'sudo -i'],
    ['ls -la', 'ls -la'],
  ])('%s → %s', (text, expected) => {
    expect(normaliseCommand(text)).toBe(expected);
  });

  it('never changes the text it is given (strings are values; the caller keeps the original)', () => {
    const text = "c\\url http://x | /bin/ba''sh";
    normaliseCommand(text);
    expect(text).toBe("c\\url http://x | /bin/ba''sh");
  });
});

describe('commandPrograms', () => {
  it('finds programs behind wrappers and in pipelines', () => {
    expect(commandPrograms('sudo -u root /bin/bash').images).toContain('/bin/bash');
    expect(commandPrograms('sudo -u root /bin/bash').parents).toContain('/sudo');
    expect(commandPrograms('x=1 nohup curl -s a | sh').images).toEqual(['curl', '/curl', 'sh', '/sh']);
    expect(commandPrograms('sudo -i').images).toEqual(['sudo', '/sudo']);
    expect(commandPrograms('timeout 5 nc -e /bin/sh h 1').images).toEqual(['nc', '/nc']);
  });
});

describe('regexLiterals', () => {
  it.each([
    ['\\bsudo\\s+-i', ['sudo']],
    ['curl.*\\|\\s*sh', ['curl']],
    ['history\\s+-c|unset\\s+histfile', ['history', 'histfile']],
    ['ab?cdef', ['cdef']],
    ['(curl|wget) x', [' x']], // after the group: a space and x
    ['x{2,3}yz', ['yz']],
    ['\\d{1,3}\\.\\d{1,3}\\.passwd', ['.passwd']],
    ['\\x41bc|\\u0041xyz', ['bc', 'xyz']], // the escapes themselves are not literal text
    ['\\x2fetc\\x2fshadow', ['shadow']],
  ])('%s → %j', (source, expected) => {
    expect(regexLiterals(source)).toEqual(expected);
  });
});

describe('RuleSet prefilter', () => {
  it('gives the same matches as evaluating every rule on every command', () => {
    const rules = parseRulesText({ name: 'r.yaml', text: `trailview-rules: 1
rules:
  - {id: a, title: A, severity: low, why: w, match: {command|contains: [shadow, passwd]}}
  - {id: b, title: B, severity: low, why: w, match: {program|endswith: /curl, command|re: '\\|\\s*(ba)?sh\\b'}}
  - {id: c, title: C, severity: low, why: w, match: {user: mallory}}
  - {id: d, title: D, severity: low, why: w, detection: {s: {command|startswith: sudo}, f: {command|contains: apt}, condition: s and not f}}
  - {id: e, title: E, severity: low, why: w, match: {command|re: 'rm\\s+-rf\\s+/tmp'}}
  - {id: f, title: F, severity: low, why: w, match: ['base64 -d', '/dev/tcp']}
` }).rules;
    const set = new RuleSet(rules);
    expect(set.alwaysEvaluated).toBe(1); // only `c` (a user, nothing in the command line)
    const r = seededRandom(3);
    let matched = 0;
    for (let i = 0; i < 5000; i++) {
      const subject = new CommandSubject(normaliseCommand(makeCommand(r)), { user: i % 7 === 0 ? 'mallory' : 'bob', host: null, cwd: null });
      const brute = rules.filter((rule: CommandRule) => rule.predicate.test(subject)).map((x) => x.id);
      const fast = set.match(subject).map((x) => x.id);
      expect(fast).toEqual(brute);
      matched += brute.length;
    }
    expect(matched).toBeGreaterThan(500);
  });
});

describe('CIDR', () => {
  it('IPv4, IPv6 and mapped addresses', () => {
    const net = parseCidr('10.0.0.0/8');
    expect(cidrContains(net, parseIp('10.200.1.2')!)).toBe(true);
    expect(cidrContains(net, parseIp('11.0.0.1')!)).toBe(false);
    expect(cidrContains(net, parseIp('::ffff:10.0.0.5')!)).toBe(true);
    expect(cidrContains(parseCidr('2001:db8::/32'), parseIp('2001:db8:1::7')!)).toBe(true);
    expect(cidrContains(parseCidr('2001:db8::/32'), parseIp('2001:db9::1')!)).toBe(false);
    expect(cidrContains(parseCidr('198.51.100.23'), parseIp('198.51.100.23')!)).toBe(true);
    expect(parseIp('tmux(4817).%0')).toBeNull();
    expect(() => parseCidr('10.0.0.0/33')).toThrow(/prefix length/);
  });
});

describe('rules file errors name the file, the line and what was expected', () => {
  const read = (text: string) => () => parseRulesText({ name: 'mine.yaml', text });
  it.each([
    ['rules: []\n', /mine\.yaml:1: the first line must be "trailview-rules: 1"/],
    ['trailview-rules: 1\nrules:\n  - id: x\n    title: X\n    severity: urgent\n    why: w\n    match: {command: x}\n', /mine\.yaml:5: rule x: "severity" must be one of info, low, medium, high, critical/],
    ['trailview-rules: 1\nrules:\n  - id: x\n    title: X\n    severity: low\n    why: w\n    match:\n      command|base64: x\n', /mine\.yaml:3: rule x: value modifier "base64"/],
    ['trailview-rules: 1\nworking_hours:\n  hours: "25:00-08:00"\n', /mine\.yaml:3: "25:00" is not a time of day/],
    ['trailview-rules: 1\nnetworks:\n  allow: [10.0.0.0/8, nonsense]\n', /mine\.yaml:3: "nonsense" is not an IP address/],
    ['trailview-rules: 1\nrules:\n  - {id: x, title: X, severity: low, why: w, match: {command: a}}\n  - {id: x, title: Y, severity: low, why: w, match: {command: b}}\n', /mine\.yaml:4: rule id "x" is used twice/],
    ['trailview-rules: 1\nrules: [\n', /mine\.yaml:\d+: not valid YAML/],
    ['trailview-rules: 1\nspikes: {windw_seconds: 5}\n', /unknown key "windw_seconds"/],
  ])('%#', (text, message) => {
    expect(read(text)).toThrow(RulesError);
    expect(read(text)).toThrow(message);
  });

  it('reads working hours, time zone, allow-list, production hosts and spike settings', () => {
    const { config } = parseRulesText({ name: 'mine.yaml', text: `trailview-rules: 1
timezone: Europe/Berlin
working_hours:
  hours: "08:00-18:00"
  days: [mon-fri]
  users: {carol: {hours: "22:00-06:00", days: sun-sat}}
networks: {allow: [10.0.0.0/8], known_after_sessions: 3}
production_hosts: [db-*]
spikes: {window_seconds: 30, factor: 8, min_commands: 10}
` });
    expect(config.timezone).toBe('Europe/Berlin');
    expect(config.workingHours.default).toMatchObject({ startMinute: 480, endMinute: 1080, days: [false, true, true, true, true, true, false] });
    expect(config.workingHours.users.carol).toMatchObject({ startMinute: 1320, endMinute: 360 });
    expect(config.networks.allow.map((c) => c.text)).toEqual(['10.0.0.0/8']);
    expect(config.productionHosts).toEqual(['db-*']);
    expect(config.spikes).toEqual({ windowSeconds: 30, factor: 8, minCommands: 10 });
  });

  it('a detection compiled from the short form and from Sigma syntax behaves the same', () => {
    const p = compileDetection({ m: { 'command|contains': 'x' }, u: { 'command|contains': 'y' }, condition: 'm and not u' });
    expect(p.test(new CommandSubject('x', { user: null, host: null, cwd: null }))).toBe(true);
    expect(p.test(new CommandSubject('x y', { user: null, host: null, cwd: null }))).toBe(false);
  });
});
