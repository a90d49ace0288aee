// The API service (electron/services/api/): every call of the contract against a temp copy of the
// real sample case — views checked against the catalog's own summary (case-summary.ts) and the
// index shards, boundary validation, errors as ApiErrorBody, CASE_LOCKED / CASE_CORRUPT / tampered
// cases, imports with progress events, cancellation leaving the case as it was, trust store.
// Imports run in the worker thread from build/ (npm run build first, as `npm test` does).
import { appendFile, chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API_CALLS, type ApiCall } from '../../electron/core/api/contract.js';
import { ApiError } from '../../electron/services/api/api-error.js';
import type { ApiSession } from '../../electron/services/api/api-session.js';
import { dispatchCall } from '../../electron/services/api/dispatch.js';
import { HANDLERS } from '../../electron/services/api/handlers/index.js';
import { openCase } from '../../electron/services/case/case.js';
import { summarizeCase } from '../../electron/services/case/case-summary.js';
import { resourcePath, SAMPLE_ORIGIN, SAMPLE_VKEY } from '../../electron/services/resources.js';
import { recordEvents, sampleCaseCopy, sampleCaseOriginal, tamperedSampleBundle, testSession } from '../helpers/api-fixtures.js';
import { tempDir } from '../helpers/bundles.js';
import { demoBundle, snapshotFolder } from '../helpers/case-fixtures.js';

const sessions: ApiSession[] = [];
async function session(options: { carrier?: 'web' | 'electron' } = {}) {
  const s = await testSession(options);
  sessions.push(s.session);
  return s;
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  const e = error as ApiError;
  // Plain words, never a stack trace.
  expect(e.message).not.toMatch(/\n\s+at /);
  return e;
}

beforeAll(async () => {
  await sampleCaseOriginal();
});

afterEach(async () => {
  for (const s of sessions.splice(0)) await s.dispose();
});

describe('the handler table', () => {
  it('has exactly one handler per contract call', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual([...API_CALLS].sort());
  });
});

describe('case views', () => {
  it('case.open shows the sample case as the catalog summary does, verified by the trusted sample key', async () => {
    const dir = await sampleCaseCopy();
    const { api } = await session();
    expect(await api.call('case.current', {})).toBeNull();
    const view = await api.call('case.open', { dir });

    const reader = await openCase(dir, { readOnly: true });
    const summary = await summarizeCase(reader);
    await reader.close();

    expect(view.dir).toBe(dir);
    expect(view.name).toBe(summary.name);
    expect(view.id).toBe(summary.id);
    expect(view.sessions).toBe(summary.sessions);
    expect(view.commands).toBe(summary.commands);
    expect(view.users).toEqual(summary.users);
    expect(view.hosts).toEqual(summary.hosts);
    expect(view.timeRange?.start).toBe(summary.timeRange?.start);
    expect(view.readOnly).toBe(false);
    expect(view.evidence).toHaveLength(1);
    const [evidence] = view.evidence;
    const expected = summary.evidence[0];
    expect(evidence?.verdict).toBe('verified');
    expect(evidence?.sha256).toBe(expected?.sha256);
    expect(evidence?.records).toBe(expected?.records);
    expect(evidence?.origin).toBe(SAMPLE_ORIGIN);
    expect(evidence?.signers).toEqual([expect.objectContaining({ name: 'trailview-sample', trusted: true })]);
    expect(evidence?.timeRange?.startUs).toBeLessThan(evidence?.timeRange?.endUs ?? 0);
    expect(await api.call('case.current', {})).toEqual(view);
  });

  it('evidence.detail gives the checkpoint and what is not covered; an unknown id is NOT_FOUND', async () => {
    const { api } = await session();
    await api.call('case.open', { dir: await sampleCaseCopy() });
    const detail = await api.call('evidence.detail', { evidenceId: 1 });
    expect(detail.findings).toEqual([]);
    expect(detail.checkpoint?.origin).toBe(SAMPLE_ORIGIN);
    expect(detail.checkpoint?.size).toBe(detail.evidence.records);
    expect(detail.notCovered.length).toBeGreaterThan(0);
    expect((await failure(api.call('evidence.detail', { evidenceId: 99 }))).code).toBe('NOT_FOUND');
  });

  it('calls that need a case answer CASE_NOT_OPEN without one', async () => {
    const { api } = await session();
    expect((await failure(api.call('sessions.list', {}))).code).toBe('CASE_NOT_OPEN');
    expect((await failure(api.call('search.run', { query: 'sudo' }))).code).toBe('CASE_NOT_OPEN');
    expect((await failure(api.call('import.start', { paths: ['/tmp/x.trail'] }))).code).toBe('CASE_NOT_OPEN');
  });

  it('case.create makes an empty case; a non-empty folder is CASE_EXISTS; recent cases remember both', async () => {
    const { api } = await session();
    const dir = path.join(await tempDir('tv-api-new-'), 'new-case');
    const view = await api.call('case.create', { dir, name: 'Incident 7', examiner: 'erin' });
    expect(view).toMatchObject({ dir, name: 'Incident 7', examiner: 'erin', sessions: 0, evidence: [] });
    const occupied = await tempDir('tv-api-occupied-');
    await writeFile(path.join(occupied, 'notes.txt'), 'mine');
    expect((await failure(api.call('case.create', { dir: occupied }))).code).toBe('CASE_EXISTS');
    const sample = await sampleCaseCopy();
    await api.call('case.open', { dir: sample });
    const recent = await api.call('case.recent', {});
    expect(recent.map((r) => r.dir)).toEqual([sample, dir]);
    await api.call('case.close', {});
    expect(await api.call('case.current', {})).toBeNull();
    // The lock is released on close: another Trailview can open it now.
    await (await openCase(sample)).close();
  });
});

describe('sessions', () => {
  it('sessions.list sorts and filters; sessions.detail lists each session\u2019s commands from the index', async () => {
    const { api } = await session();
    const view = await api.call('case.open', { dir: await sampleCaseCopy() });
    const all = await api.call('sessions.list', {});
    expect(all).toHaveLength(view.sessions);
    expect(all.map((s) => s.startUs)).toEqual([...all.map((s) => s.startUs)].sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect(all.every((s) => s.verdict === 'verified')).toBe(true);

    const byCommands = await api.call('sessions.list', { sort: { key: 'commands', dir: 'desc' } });
    const counts = byCommands.map((s) => s.commands);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    const user = view.users[0] as string;
    const filtered = await api.call('sessions.list', { filter: user.toUpperCase() });
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.length).toBeLessThan(all.length);
    for (const s of filtered) expect([s.user, s.host, s.tty, s.sessionKey, s.format].join(' ').toLowerCase()).toContain(user);
    // % is a literal character, not a wildcard.
    expect(await api.call('sessions.list', { filter: '%' })).toEqual([]);

    let total = 0;
    for (const s of all) {
      const detail = await api.call('sessions.detail', { sessionId: s.id });
      expect(detail.session).toEqual(s);
      expect(detail.commands).toHaveLength(s.commands);
      expect(detail.commandsTotal).toBe(s.commands);
      const times = detail.commands.map((c) => c.tsUs);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      total += detail.commands.length;
    }
    expect(total).toBe(view.commands);
    const busiest = byCommands[0];
    if (busiest !== undefined && busiest.commands > 1) {
      const cut = await api.call('sessions.detail', { sessionId: busiest.id, limit: 1 });
      expect(cut.commands).toHaveLength(1);
      expect(cut.commandsTotal).toBe(busiest.commands);
    }
    expect((await failure(api.call('sessions.detail', { sessionId: 9999 }))).code).toBe('NOT_FOUND');
  });
});

describe('search', () => {
  it('search.run finds and highlights, and records the search in the activity log', async () => {
    const dir = await sampleCaseCopy();
    const { api } = await session();
    const before = (await api.call('case.open', { dir })).activity.records;
    const result = await api.call('search.run', { query: 'sudo', limit: 5 });
    expect(result.total).toBeGreaterThan(5);
    expect(result.hits).toHaveLength(5);
    for (const hit of result.hits) {
      expect(hit.text.toLowerCase()).toContain('sudo');
      const [start, end] = hit.snippetHighlights[0] ?? [0, 0];
      expect(hit.snippet.slice(start, end).toLowerCase()).toBe('sudo');
    }
    const page2 = await api.call('search.run', { query: 'sudo', limit: 5, offset: 5 });
    expect(page2.total).toBe(result.total);
    expect(page2.hits[0]?.rowId === result.hits[0]?.rowId && page2.hits[0]?.kind === result.hits[0]?.kind).toBe(false);
    const after = await api.call('case.current', {});
    expect(after?.activity.records).toBe(before + 2);
    const log = (await readFile(path.join(dir, 'activity.jsonl'), 'utf8')).trim().split('\n');
    expect(JSON.parse(log[log.length - 1] ?? '{}')).toMatchObject({ action: 'search.run', details: { query: 'sudo', offset: 5 } });
  });

  it('a query the language rejects is SEARCH_SYNTAX with plain words', async () => {
    const { api } = await session();
    await api.call('case.open', { dir: await sampleCaseCopy() });
    const error = await failure(api.call('search.run', { query: 'after:yesterday-ish' }));
    expect(error.code).toBe('SEARCH_SYNTAX');
    expect(error.message).toMatch(/after/);
    expect((await failure(api.call('search.run', { query: 'x', timezone: 'Mars/Olympus' }))).code).toBe('BAD_REQUEST');
  });
});

describe('validation at the boundary', () => {
  it('refuses wrong shapes with BAD_REQUEST naming the call and field, and unknown calls with NOT_FOUND', async () => {
    const { session: s } = await session();
    const bad = async (call: unknown, request: unknown): Promise<{ code: string; message: string }> => {
      const result = await dispatchCall(s, call, request);
      expect(result.ok).toBe(false);
      if (result.ok) throw new Error('unreachable');
      expect(result.error.message).not.toMatch(/\n\s+at /);
      return result.error;
    };
    expect(await bad('case.open', {})).toEqual({ code: 'BAD_REQUEST', message: 'case.open: "dir" must be a string, not missing' });
    expect((await bad('case.open', { dir: 42 })).message).toContain('"dir" must be a string, not number 42');
    expect((await bad('case.open', { dir: 'relative/case' })).message).toContain('absolute path');
    expect((await bad('case.open', { dir: '/tmp/x', extra: 1 })).message).toContain('unknown field "extra"');
    expect((await bad('case.open', [1, 2])).message).toContain('must be a JSON object');
    expect((await bad('search.run', { query: 'a', limit: 0 })).message).toContain('"limit" must be between 1 and 1000');
    expect((await bad('search.run', { query: 'a', order: 'random' })).message).toContain('one of time, newest, relevance');
    expect((await bad('sessions.list', { sort: { key: 'user' } })).message).toContain('"sort" needs both');
    expect((await bad('import.start', { paths: [] })).message).toContain('"paths" must not be empty');
    expect((await bad('import.start', { paths: ['/a', 7] })).message).toContain('"paths[1]" must be a string');
    expect((await bad('case.open', { dir: '/tmp/a\u0000b' })).message).toContain('NUL');
    expect((await bad('app.info', { x: 1 })).code).toBe('BAD_REQUEST');
    expect(await bad('case.delete', {})).toEqual({ code: 'NOT_FOUND', message: 'no such call: "case.delete"' });
    expect((await bad(42, {})).code).toBe('NOT_FOUND');
  });

  it('every call refuses an unknown field (no handler skips validation)', async () => {
    const { session: s } = await session();
    for (const call of API_CALLS as readonly ApiCall[]) {
      const result = await dispatchCall(s, call, { definitelyNotAField: true });
      expect(result, call).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
  });

  it('app.info names the carrier and what it can do', async () => {
    const web = await session();
    expect(await web.api.call('app.info', {})).toMatchObject({ carrier: 'web', nativeDialogs: false, uploads: true });
    expect(await web.api.call('dialog.pickCase', { create: false })).toBeNull();
    const app = await session({ carrier: 'electron' });
    expect(await app.api.call('app.info', {})).toMatchObject({ carrier: 'electron', uploads: false });
  });
});

describe('cases that cannot be opened normally', () => {
  it('a case open in another session is CASE_LOCKED', async () => {
    const dir = await sampleCaseCopy();
    const first = await session();
    const second = await session();
    await first.api.call('case.open', { dir });
    const own = await sampleCaseCopy();
    await second.api.call('case.open', { dir: own });
    const error = await failure(second.api.call('case.open', { dir }));
    expect(error.code).toBe('CASE_LOCKED');
    expect(error.message).toContain('open elsewhere');
    // The case it had open stays open.
    expect((await second.api.call('case.current', {}))?.dir).toBe(own);
  });

  it('a corrupt database is CASE_CORRUPT and the evidence is left byte for byte', async () => {
    const dir = await sampleCaseCopy();
    await chmod(path.join(dir, 'case.sqlite'), 0o644);
    await writeFile(path.join(dir, 'case.sqlite'), Buffer.alloc(8192, 0x5a));
    const evidenceBefore = await snapshotFolder(path.join(dir, 'evidence'));
    const { api } = await session();
    const error = await failure(api.call('case.open', { dir }));
    expect(error.code).toBe('CASE_CORRUPT');
    expect(error.message).toContain('evidence');
    expect(await snapshotFolder(path.join(dir, 'evidence'))).toEqual(evidenceBefore);
    expect(await api.call('case.current', {})).toBeNull();
  });

  it('a case edited outside Trailview opens read-only with its problems, and refuses imports', async () => {
    const dir = await sampleCaseCopy();
    const view0 = await (async () => {
      const { api } = await session();
      const v = await api.call('case.open', { dir });
      await api.call('case.close', {});
      return v;
    })();
    const evidence = path.join(dir, view0.evidence[0]?.storedAs ?? '');
    await chmod(evidence, 0o644);
    await appendFile(evidence, 'x');
    const before = await snapshotFolder(dir);
    const { api } = await session();
    const view = await api.call('case.open', { dir });
    expect(view.readOnly).toBe(true);
    expect(view.problems.some((p) => p.severity === 'error' && p.message.includes(view0.evidence[0]?.storedAs ?? '?'))).toBe(true);
    expect((await failure(api.call('import.start', { paths: [resourcePath('sample', 'sample.trail')] }))).code).toBe('CASE_READ_ONLY');
    // Searching a read-only case works and writes nothing.
    expect((await api.call('search.run', { query: 'sudo', limit: 1 })).total).toBeGreaterThan(0);
    await api.call('case.close', {});
    expect(await snapshotFolder(dir)).toEqual(before);
  });
});

describe('imports', () => {
  it('import.start imports a tampered bundle as invalid with its findings, with progress events on the way', async () => {
    const dir = await sampleCaseCopy();
    const tampered = await tamperedSampleBundle();
    const { api, session: s } = await session();
    const events = recordEvents(s);
    await api.call('case.open', { dir });
    const sudoBefore = (await api.call('search.run', { query: 'sudo', limit: 1 })).total;
    const done = events.next('import.done');
    const { importId } = await api.call('import.start', { paths: [tampered] });
    const result = await done;
    expect(result.importId).toBe(importId);
    expect(result.cancelled).toBe(false);
    const [outcome] = result.outcomes;
    expect(outcome).toMatchObject({ path: tampered, status: 'imported', verdict: 'invalid' });
    expect(outcome?.findings).toBeGreaterThan(0);

    const progress = events.of('import.progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.importId === importId && p.items === 1 && p.path === tampered)).toBe(true);
    expect(new Set(progress.map((p) => p.phase))).toContain('copy');
    for (const p of progress) if (p.throughput !== null) expect(p.throughput).toBeGreaterThanOrEqual(0);
    expect(events.of('import.item')).toEqual([{ importId, item: 0, outcome }]);
    expect(events.of('case.changed').at(-1)).toEqual({ dir });

    const after = await api.call('case.current', {});
    expect(after?.evidence).toHaveLength(2);
    const added = after?.evidence.find((e) => e.id === outcome?.evidenceId);
    expect(added?.verdict).toBe('invalid');
    const detail = await api.call('evidence.detail', { evidenceId: added?.id ?? 0 });
    expect(detail.findings.length).toBe(outcome?.findings);
    expect(detail.findings[0]?.message).not.toBe('');
    expect(detail.findings.some((f) => f.entry === 'records.jsonl' && f.line !== null)).toBe(true);
    // The new evidence is searchable at once (the shard cache was dropped).
    expect((await api.call('search.run', { query: 'sudo', limit: 1 })).total).toBeGreaterThan(sudoBefore);
  });

  it('import.cancel stops the import and leaves the case exactly as it was', async () => {
    const dir = await sampleCaseCopy();
    const big = await demoBundle(5, 6_000_000);
    const { api, session: s } = await session();
    const events = recordEvents(s);
    await api.call('case.open', { dir });
    const snapshot = await snapshotFolder(dir);
    const firstProgress = events.next('import.progress');
    const done = events.next('import.done');
    const { importId } = await api.call('import.start', { paths: [big] });
    expect((await failure(api.call('import.start', { paths: [big] }))).code).toBe('IMPORT_RUNNING');
    await firstProgress;
    await api.call('import.cancel', { importId });
    const result = await done;
    expect(result.cancelled).toBe(true);
    expect(result.outcomes.map((o) => o.status)).toEqual(['cancelled']);
    expect(await snapshotFolder(dir)).toEqual(snapshot);
    expect((await failure(api.call('import.cancel', { importId }))).code).toBe('NOT_FOUND');
  });

  it('an item that is not evidence is reported failed with its file, and the others import', async () => {
    const dir = await sampleCaseCopy();
    const junk = path.join(await tempDir('tv-api-junk-'), 'notes.txt');
    await writeFile(junk, 'not a recording\n');
    const good = await demoBundle(3, 100_000);
    const { api, session: s } = await session();
    const events = recordEvents(s);
    await api.call('case.open', { dir });
    const done = events.next('import.done');
    await api.call('import.start', { paths: [junk, good] });
    const { outcomes } = await done;
    expect(outcomes[0]).toMatchObject({ path: junk, status: 'failed' });
    expect(outcomes[0]?.problems[0]?.message).toBeTruthy();
    expect(outcomes[1]).toMatchObject({ path: good, status: 'imported', verdict: 'untrusted' });
  });
});

describe('trust store', () => {
  it('adds, lists and removes keys in the session\u2019s config dir; bad keys are BAD_REQUEST', async () => {
    const { api, configDir, session: s } = await session();
    const events = recordEvents(s);
    expect(await api.call('trust.list', {})).toEqual({ keys: [], checkpoints: [] });
    const vkey = (await readFile(resourcePath(...SAMPLE_VKEY), 'utf8')).trim();
    const added = await api.call('trust.addKey', { vkey, comment: 'sample' });
    expect(added).toMatchObject({ name: 'trailview-sample', vkey, comment: 'sample' });
    expect(added.keyId).toMatch(/^[0-9a-f]{8}$/);
    expect((await api.call('trust.list', {})).keys).toEqual([added]);
    expect(await readFile(path.join(configDir, 'trusted.vkeys'), 'utf8')).toContain(vkey);
    expect(events.of('case.changed')).toHaveLength(1);
    const bad = await failure(api.call('trust.addKey', { vkey: 'not-a-key' }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toContain('NAME+HEXKEYID+BASE64');
    expect((await failure(api.call('trust.removeKey', { name: 'trailview-sample', keyId: '00000000' }))).code).toBe('NOT_FOUND');
    await api.call('trust.removeKey', { name: 'trailview-sample', keyId: added.keyId });
    expect((await api.call('trust.list', {})).keys).toEqual([]);
  });
});

