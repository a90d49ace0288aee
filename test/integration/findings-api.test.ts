// Findings and the report through the API contract (findings.*, report.export with its events), on
// the real sample case: the same service code as the CLI, requests validated at the boundary, each
// change in the activity log, and an exported PDF whose proofs verify.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionRow } from '../../electron/core/api/contract.js';
import { openCase } from '../../electron/services/case/case.js';
import { verifyReportPdf } from '../../electron/services/report/verify-report.js';
import { recordEvents, sampleCaseCopy, testSession } from '../helpers/api-fixtures.js';
import { sampleVerifier, tempDir } from '../helpers/bundles.js';

let dir: string;
let t: Awaited<ReturnType<typeof testSession>>;
let session: SessionRow;

beforeAll(async () => {
  dir = await sampleCaseCopy();
  t = await testSession();
  await t.api.call('case.open', { dir });
  const rows = await t.api.call('sessions.list', { sort: { key: 'commands', dir: 'desc' } });
  session = rows[0] as SessionRow;
}, 120_000);

describe('findings API', () => {
  it('adds, lists, updates, reorders and removes, each recorded', async () => {
    const from = session.startUs as number;
    const to = Math.min(session.endUs as number, from + 600_000_000);
    const a = await t.api.call('findings.add', { title: 'Range', severity: 'high', notes: '*why*', tags: ['x'], anchors: [{ kind: 'session', sessionId: session.id, fromUs: from, toUs: to }] });
    expect(a).toMatchObject({ title: 'Range', severity: 'high', status: 'open', tags: ['x'], position: 1 });
    expect(a.anchors[0]).toMatchObject({ kind: 'session', sessionId: session.id, sessionKey: session.sessionKey, fromUs: from, toUs: to });
    const b = await t.api.call('findings.add', { title: 'Query', severity: 'low', anchors: [{ kind: 'query', query: 'sudo' }] });
    const c = await t.api.call('findings.add', { title: 'Brush', severity: 'info', anchors: [{ kind: 'timeline', fromUs: from, toUs: to, sessionIds: [session.id] }] });
    expect(c.anchors[0]).toMatchObject({ kind: 'timeline', sessionIds: [session.id] });

    const updated = await t.api.call('findings.update', { id: b.id, patch: { status: 'confirmed', severity: 'critical' } });
    expect(updated).toMatchObject({ status: 'confirmed', severity: 'critical' });
    const reordered = await t.api.call('findings.reorder', { ids: [c.id, a.id, b.id] });
    expect(reordered.map((f) => [f.id, f.position])).toEqual([
      [c.id, 1],
      [a.id, 2],
      [b.id, 3],
    ]);
    await t.api.call('findings.remove', { id: c.id });
    expect((await t.api.call('findings.list', {})).map((f) => f.title)).toEqual(['Range', 'Query']);

    const handle = await openCase(dir, { readOnly: true });
    const actions = (await handle.activity()).map((r) => r.action).filter((x) => x.startsWith('finding.'));
    await handle.close();
    expect(actions).toEqual(['finding.added', 'finding.added', 'finding.added', 'finding.edited', 'finding.reordered', 'finding.removed']);
  });

  it('refuses malformed requests and bad anchors with BAD_REQUEST or NOT_FOUND', async () => {
    await expect(t.api.call('findings.add', { title: 'x', severity: 'urgent' as never, anchors: [{ kind: 'query', query: 'a' }] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(t.api.call('findings.add', { title: 'x', severity: 'low', anchors: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(t.api.call('findings.add', { title: 'x', severity: 'low', anchors: [{ kind: 'session', sessionId: 99999, fromUs: 0, toUs: 1 }] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.api.call('findings.reorder', { ids: [1] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/every finding once/) });
    await expect(t.api.call('findings.remove', { id: 4242 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('report.export writes the PDF with progress events and a done event; its proofs verify', async () => {
    const out = path.join(await tempDir('tv-api-report-'), 'case-report.pdf');
    const events = recordEvents(t.session);
    const done = events.next('report.done');
    const { exportId } = await t.api.call('report.export', { out, timezone: 'Europe/Berlin' });
    const outcome = await done;
    expect(outcome.error).toBeNull();
    expect(outcome).toMatchObject({ exportId, result: { file: out, unproven: 0 } });
    expect(outcome.result?.proofs).toBeGreaterThan(0);
    const progress = events.of('report.progress').filter((p) => p.exportId === exportId);
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['evidence', 'pages', 'write']));
    const check = verifyReportPdf(await readFile(out), [await sampleVerifier()]);
    expect(check.ok, JSON.stringify(check.problems)).toBe(true);
    expect(check.findings).toBe(2);

    await expect(t.api.call('report.export', { out })).rejects.toMatchObject({ code: 'EXISTS' });
    await expect(t.api.call('report.export', { out: 'relative.pdf' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const failed = events.next('report.done');
    await t.api.call('report.export', { out: path.join(path.dirname(out), 'other.pdf'), findings: [777] });
    expect((await failed).error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/finding 777 not in the case/) });
  });
});
