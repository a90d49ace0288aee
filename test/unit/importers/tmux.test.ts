import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventOf, TrailEvent } from '../../../electron/core/records.js';
import { decodeStreamBytes } from '../../../electron/core/record-encoding.js';
import { eventProblems } from '../../../electron/core/record-schema.js';
import { detectFormat, FORMAT_READERS } from '../../../electron/services/importers/detect.js';
import { openTmuxHookLog, tmuxReader } from '../../../electron/services/importers/tmux/reader.js';
import { collect, fixture } from './tmux-history-helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'tv-tmux-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const FIXTURE = fixture('tmux');
const paneLogs = readdirSync(FIXTURE).filter((f) => /^pane-.*\.log$/.test(f)).sort();

/** A copy of the fixture folder whose hooks.log is replaced by `hooks`. */
function copyWith(name: string, hooks: string | Buffer): string {
  const folder = mkdtempSync(path.join(scratch, `${name}-`));
  for (const pane of paneLogs) copyFileSync(path.join(FIXTURE, pane), path.join(folder, pane));
  writeFileSync(path.join(folder, 'hooks.log'), hooks);
  return path.join(folder, 'hooks.log');
}

async function importTmux(hookLog: string) {
  const recording = await openTmuxHookLog(hookLog);
  const events = await collect(recording.events());
  return { recording, events, problems: recording.problems };
}

const ofType = <T extends TrailEvent['type']>(events: TrailEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);

describe('tmux join log + pipe-pane logs (real tmux 3.3a fixture)', () => {
  it('imports each pane as a session, with joins and leaves of both clients and their read-only flags', async () => {
    const hookLog = path.join(FIXTURE, 'hooks.log');
    const { recording, events, problems } = await importTmux(hookLog);
    expect(problems).toEqual([]);
    expect(recording.format).toBe('tmux-hooks');
    expect(recording.files).toEqual([hookLog, ...paneLogs.map((p) => path.join(FIXTURE, p))]);
    for (const event of events) expect(eventProblems(event)).toEqual([]);
    for (let i = 1; i < events.length; i++) expect((events[i] as TrailEvent).ts >= (events[i - 1] as TrailEvent).ts).toBe(true);

    const starts = ofType(events, 'session.start');
    expect(starts).toHaveLength(2); // the first pane and the split pane
    const [main, split] = starts as [EventOf<'session.start'>, EventOf<'session.start'>];
    expect(main).toMatchObject({ user: 'tvalice', host: 'vm', term: 'xterm-256color', cols: 100, rows: 30, recorder: { name: 'tmux', version: '3.3a', format: 'tmux-hooks' } });
    expect(main.tty).toMatch(/^\/dev\/pts\/\d+$/);
    expect(main.missing).toEqual(expect.arrayContaining(['output-timing', 'input']));
    expect(split.rows).toBeLessThan(30);

    const joins = ofType(events, 'join').filter((e) => e.session === main.session);
    const leaves = ofType(events, 'leave').filter((e) => e.session === main.session);
    expect(joins.map((j) => [j.user, j.readOnly])).toEqual([['tvalice', false], ['tvbob', true]]);
    expect(leaves.map((l) => [l.user, l.readOnly, l.reason])).toEqual([['tvbob', true, 'detached'], ['tvalice', false, 'session closed']]);
    const [alice, bob] = joins as [EventOf<'join'>, EventOf<'join'>];
    expect(alice.clientTty).toMatch(/^\/dev\/pts\/\d+$/);
    expect(bob.clientTty).toMatch(/^\/dev\/pts\/\d+$/);
    expect(alice.clientTty).not.toBe(bob.clientTty);
    expect(bob.uid).not.toBe(alice.uid);
    expect(typeof bob.pid).toBe('number');
    // Bob's leave names bob, although tmux's client_* fields on that line describe alice.
    expect(leaves[0]).toMatchObject({ user: 'tvbob', clientTty: bob.clientTty, pid: bob.pid });

    // The split pane: alice (still attached) watches it from its start until it exits.
    expect(ofType(events, 'join').filter((e) => e.session === split.session).map((j) => j.user)).toEqual(['tvalice']);
    expect(ofType(events, 'session.end').map((e) => [e.session, e.reason])).toEqual([
      [split.session, 'pane exited'],
      [main.session, 'tmux session closed'],
    ]);

    // Output: lossless, all at the moment the pipe was opened (pipe-pane has no timing).
    for (const [start, log] of [[main, paneLogs[0]], [split, paneLogs[1]]] as const) {
      const outs = ofType(events, 'out').filter((e) => e.session === start.session);
      expect(Buffer.concat(outs.map((o) => decodeStreamBytes(o)))).toEqual(readFileSync(path.join(FIXTURE, log as string)));
      expect(new Set(outs.map((o) => o.ts)).size).toBe(1);
    }
    expect(ofType(events, 'in')).toEqual([]);
  });

  it('gives the same leaves whichever of session-closed and the last client-detached comes first', async () => {
    const lines = readFileSync(path.join(FIXTURE, 'hooks.log'), 'utf8').split('\n').filter((l) => l !== '');
    const closed = lines.findIndex((l) => l.includes('\tsession-closed\t'));
    const lastDetach = lines.findLastIndex((l) => l.includes('\tclient-detached\t'));
    const closedTs = (lines[closed] as string).slice(0, 27);
    const variants = [-1, 1].map((delta) => {
      const micros = Date.parse(closedTs) * 1000 + Number(closedTs.slice(23, 26)) + delta;
      const ts = new Date(Math.floor(micros / 1000)).toISOString().slice(0, 23) + String(micros % 1000).padStart(3, '0') + 'Z';
      const copy = [...lines];
      copy[lastDetach] = ts + (lines[lastDetach] as string).slice(27);
      return copy.join('\n') + '\n';
    });
    const results = await Promise.all(variants.map((text, i) => importTmux(copyWith(`race${i}`, text))));
    for (const { events, problems } of results) {
      expect(problems.filter((p) => !p.message.includes('not in time order'))).toEqual([]);
      expect(ofType(events, 'leave').map((l) => [l.user, l.reason])).toEqual([['tvbob', 'detached'], ['tvalice', 'pane exited'], ['tvalice', 'session closed']]);
    }
  });

  it('is found by content and brings its pane logs along', () => {
    const hookLog = path.join(FIXTURE, 'hooks.log');
    const head = readFileSync(hookLog);
    const file = { path: hookLog, root: FIXTURE, head, size: head.length, mtimeMs: 0 };
    expect(FORMAT_READERS).toContain(tmuxReader);
    expect(detectFormat(file)?.reader).toBe(tmuxReader);
    expect(tmuxReader.companions?.(file).sort()).toEqual(paneLogs.map((p) => path.join(FIXTURE, p)));
  });

  it('reports a truncated log: the cut line by number, no invented ends', async () => {
    const full = readFileSync(path.join(FIXTURE, 'hooks.log'), 'utf8');
    const lines = full.split('\n');
    const cut = lines.findIndex((l) => l.includes('\tclient-detached\t'));
    const truncated = lines.slice(0, cut).join('\n') + '\n' + (lines[cut] as string).slice(0, 30);
    const hookLog = copyWith('truncated', truncated);
    const { events, problems } = await importTmux(hookLog);
    expect(ofType(events, 'session.end')).toEqual([]);
    expect(ofType(events, 'join')).toHaveLength(2);
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ file: hookLog, line: cut + 1, severity: 'skipped' }),
      expect.objectContaining({ file: hookLog, line: cut + 1, severity: 'warning', message: expect.stringContaining('does not end with a newline') }),
      expect.objectContaining({ file: hookLog, severity: 'warning', message: expect.stringContaining('still open at the end of the log') }),
    ]));
  });

  it('skips garbage lines by number, and handles empty and unrelated files', async () => {
    const full = readFileSync(path.join(FIXTURE, 'hooks.log'), 'utf8');
    const withGarbage = full.replace('\n', '\nthis is not a hook line\n\u0000\u00ff garbage\t\t\n');
    const hookLog = copyWith('garbage', withGarbage);
    const { events, problems } = await importTmux(hookLog);
    expect(ofType(events, 'join')).toHaveLength(3);
    expect(problems.map((p) => [p.line, p.severity])).toEqual([[2, 'skipped'], [3, 'skipped']]);
    expect(problems[0]?.message).toContain('line 2');

    const empty = copyWith('empty', '');
    const a = await importTmux(empty);
    expect(a.events).toEqual([]);
    expect(a.problems).toEqual([expect.objectContaining({ file: empty, message: expect.stringContaining('empty') })]);

    const unrelated = copyWith('unrelated', 'hello\nworld\n');
    const b = await importTmux(unrelated);
    expect(b.events).toEqual([]);
    expect(b.problems).toEqual(expect.arrayContaining([expect.objectContaining({ file: unrelated, severity: 'error' })]));
  });

  it('says when a pane log is missing and when a client leaves without a known join', async () => {
    const full = readFileSync(path.join(FIXTURE, 'hooks.log'), 'utf8');
    const noAttach = full.split('\n').filter((l) => !(l.includes('\tclient-attached\t') || l.includes('\tclient-session-changed\t')) || !l.includes('client_user=tvbob')).join('\n');
    const hookLog = copyWith('missing', noAttach);
    rmSync(path.join(path.dirname(hookLog), paneLogs[1] as string));
    const { events, problems } = await importTmux(hookLog);
    expect(ofType(events, 'join').map((j) => j.user)).toEqual(['tvalice', 'tvalice']);
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ message: expect.stringContaining('its attach is not in the log') }),
      expect.objectContaining({ message: expect.stringContaining(`names the pane log ${paneLogs[1]}`) }),
    ]));
  });
});
