// `flags.list` and `analyze.run` through the service API (the calls the flags view makes), on a
// copy of the sample case: flags exist after the import, filters narrow them, re-running gives
// the same flags, a flag's anchor makes a finding in one call, and bad requests are refused.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiSession } from '../../electron/services/api/api-session.js';
import { tempDir } from '../helpers/bundles.js';
import { recordEvents, sampleCaseCopy, testSession } from '../helpers/api-fixtures.js';

let session: ApiSession;
let api: Awaited<ReturnType<typeof testSession>>['api'];

beforeEach(async () => {
  ({ session, api } = await testSession());
  await api.call('case.open', { dir: await sampleCaseCopy() });
}, 120_000);
afterEach(async () => {
  await api.call('case.close', {});
});

describe('flags.list', () => {
  it('lists the flags the import produced, most severe first, with facets', async () => {
    const all = await api.call('flags.list', {});
    expect(all.total).toBeGreaterThan(5);
    expect(all.flags).toHaveLength(all.total);
    const ranks = all.flags.map((f) => ['info', 'low', 'medium', 'high', 'critical'].indexOf(f.severity));
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    expect(all.facets.rules.reduce((n, r) => n + r.count, 0)).toBe(all.total);
    expect(all.facets.users).toContain('mallory');
    const reverse = all.flags.find((f) => f.rule === 'shell.reverse');
    expect(reverse).toMatchObject({ severity: 'critical', analyzer: 'commands', user: 'mallory', title: 'Reverse shell' });
    expect(reverse?.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(reverse?.session).not.toBeNull();
  });

  it('filters by rule (and prefix), severity, user and host', async () => {
    const audit = await api.call('flags.list', { rules: ['audit.*'] });
    expect(audit.total).toBeGreaterThan(0);
    expect(audit.flags.every((f) => f.rule.startsWith('audit.'))).toBe(true);
    const high = await api.call('flags.list', { minSeverity: 'high' });
    expect(high.flags.every((f) => f.severity === 'high' || f.severity === 'critical')).toBe(true);
    const lowOnly = await api.call('flags.list', { severities: ['low'] });
    expect(lowOnly.flags.every((f) => f.severity === 'low')).toBe(true);
    const carol = await api.call('flags.list', { users: ['carol'] });
    expect(carol.flags.every((f) => f.user === 'carol')).toBe(true);
    const host = (await api.call('flags.list', {})).facets.hosts[0] as string;
    const onHost = await api.call('flags.list', { hosts: [host] });
    expect(onHost.total).toBeGreaterThan(0);
    expect(onHost.flags.every((f) => f.host === host)).toBe(true);
    const page = await api.call('flags.list', { limit: 2, offset: 1 });
    expect(page.flags.map((f) => f.id)).toEqual((await api.call('flags.list', {})).flags.slice(1, 3).map((f) => f.id));
  });

  it('refuses bad filters with the field named', async () => {
    await expect(api.call('flags.list', { severities: ['urgent' as never] })).rejects.toThrow(/"severities" holds "urgent"/);
    await expect(api.call('flags.list', { limit: 0 })).rejects.toThrow(/"limit" must be between 1 and 5000/);
    await expect(api.call('flags.list', { nonsense: 1 } as never)).rejects.toThrow(/unknown field "nonsense"/);
  });
});

describe('analyze.run', () => {
  it('re-running gives the same flags and announces the change', async () => {
    const before = await api.call('flags.list', {});
    const events = recordEvents(session);
    const result = await api.call('analyze.run', {});
    expect(result.total).toBe(before.total);
    expect(result.rulesSource).toBe('starter.yaml');
    expect(events.of('case.changed')).toHaveLength(1);
    const after = await api.call('flags.list', {});
    const key = (f: { rule: string; tsUs: number; explanation: string }) => `${f.rule} ${f.tsUs} ${f.explanation}`;
    expect(after.flags.map(key)).toEqual(before.flags.map(key));
  }, 60_000);

  it('a rules file by absolute path; --only; errors name the file and line', async () => {
    const file = path.join(await tempDir('tv-api-rules-'), 'rules.yaml');
    await writeFile(file, 'trailview-rules: 1\nrules:\n  - {id: x.id-cmd, title: id run, severity: info, why: test, match: {program: id}}\n');
    const result = await api.call('analyze.run', { rulesFile: file, only: ['commands'] });
    expect(result.analyzers).toEqual(['commands']);
    const flags = await api.call('flags.list', { analyzers: ['commands'] });
    expect(flags.flags.length).toBeGreaterThan(0);
    expect(flags.flags.every((f) => f.rule === 'x.id-cmd')).toBe(true);
    await writeFile(file, 'trailview-rules: 1\nrules:\n  - {id: x, title: t, severity: low, why: w, match: {Hashes: x}}\n');
    await expect(api.call('analyze.run', { rulesFile: file })).rejects.toMatchObject({ code: 'RULES_INVALID', message: expect.stringMatching(/rules\.yaml:3: rule x: field "Hashes"/) });
    await expect(api.call('analyze.run', { rulesFile: 'relative.yaml' })).rejects.toThrow(/must be an absolute path/);
    await expect(api.call('analyze.run', { only: ['nope'] })).rejects.toThrow(/unknown analyzer "nope"/);
  }, 60_000);

  it('a flag becomes a finding in one call, anchored at its session and time', async () => {
    const flag = (await api.call('flags.list', { rules: ['shell.reverse'] })).flags[0];
    expect(flag?.sessionId).not.toBeNull();
    const finding = await api.call('findings.add', {
      title: flag?.title ?? '',
      severity: flag?.severity ?? 'info',
      notes: flag?.explanation ?? '',
      tags: [`flag:${flag?.rule ?? ''}`],
      anchors: [{ kind: 'session', sessionId: flag?.sessionId ?? 0, fromUs: flag?.tsUs ?? 0, toUs: flag?.endUs ?? flag?.tsUs ?? 0 }],
    });
    expect(finding).toMatchObject({ title: 'Reverse shell', severity: 'critical' });
    expect(JSON.stringify(finding.anchors)).toContain(String(flag?.session));
  }, 60_000);
});
