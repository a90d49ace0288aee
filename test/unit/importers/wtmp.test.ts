// The utmp/wtmp importer: the real records of the mosh fixture (checked against utmpdump's own
// dump of them) and hand-built records for what the fixture does not show (ssh logins with an
// address, boots, shutdowns, lost logouts, clock steps, damaged and cut files).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventOf, TrailEvent } from '../../../electron/core/records.js';
import { formatTimestamp } from '../../../electron/core/timestamp.js';
import { ProblemLog } from '../../../electron/services/importers/common/problems.js';
import { detectFormat, type InputFile } from '../../../electron/services/importers/detect.js';
import { sniffUtmp } from '../../../electron/services/importers/wtmp/detect.js';
import { readUtmpRecords } from '../../../electron/services/importers/wtmp/read-records.js';
import { openUtmpFile, wtmpReader } from '../../../electron/services/importers/wtmp/reader.js';
import { formatAddress, RECORD_SIZE, type UtmpRecord } from '../../../electron/services/importers/wtmp/record.js';
import { FIXTURES, fixture, importPaths, micros, readRecording, tempDir, utmpdump, type Imported } from './helpers.js';

// ---- building records ---------------------------------------------------------------------------
interface Spec {
  type: number;
  pid?: number;
  line?: string;
  id?: string;
  user?: string;
  host?: string;
  sec: number;
  usec?: number;
  addr?: number[];
  exit?: [number, number];
}
const T0 = 1_795_000_000; // 2026-11-18

function rec(s: Spec): Buffer {
  const b = Buffer.alloc(RECORD_SIZE);
  b.writeInt16LE(s.type, 0);
  b.writeInt32LE(s.pid ?? 0, 4);
  b.write(s.line ?? '', 8, 32, 'utf8');
  b.write(s.id ?? (s.line ?? '').slice(-4), 40, 4, 'latin1');
  b.write(s.user ?? '', 44, 32, 'utf8');
  b.write(s.host ?? '', 76, 256, 'utf8');
  b.writeInt16LE(s.exit?.[0] ?? 0, 332);
  b.writeInt16LE(s.exit?.[1] ?? 0, 334);
  b.writeUInt32LE(s.sec, 340);
  b.writeInt32LE(s.usec ?? 0, 344);
  if (s.addr !== undefined) Buffer.from(s.addr).copy(b, 348);
  return b;
}
const USER = 7;
const DEAD = 8;
const login = (line: string, pid: number, sec: number, more: Partial<Spec> = {}): Spec => ({ type: USER, line, pid, user: 'alice', sec, ...more });
const logout = (line: string, pid: number, sec: number, more: Partial<Spec> = {}): Spec => ({ type: DEAD, line, pid, sec, ...more });

function writeFile(name: string, ...parts: Array<Spec | Buffer>): string {
  const file = path.join(tempDir('tv-wtmp-'), name);
  writeFileSync(file, Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : rec(p)))));
  return file;
}

function inputFile(file: string): InputFile {
  const head = readFileSync(file);
  return { path: file, root: file, head: head.subarray(0, 64 * 1024), size: head.length, mtimeMs: 0 };
}

async function importUtmp(file: string): Promise<Imported> {
  return readRecording(openUtmpFile(inputFile(file)));
}

const byType = (events: readonly TrailEvent[], type: TrailEvent['type']): TrailEvent[] => events.filter((e) => e.type === type);
const at = (sec: number, usec = 0): string => formatTimestamp(sec * 1_000_000 + usec);

describe('utmp/wtmp records', () => {
  for (const name of ['wtmp', 'utmp', 'utmp.attached', 'utmp.detached']) {
    it(`decodes ${name} exactly as utmpdump does`, async () => {
      const problems = new ProblemLog();
      const file = fixture('mosh', name);
      const records: UtmpRecord[] = [];
      for await (const r of readUtmpRecords(file, statSync(file).size, problems)) records.push(r);
      expect(problems.list).toEqual([]);
      const dumped = utmpdump(`${name}.utmpdump.txt`);
      expect(records.map((r) => ({
        type: r.type,
        pid: r.pid,
        id: r.id,
        user: r.user,
        line: r.line,
        host: r.host.replace(/[[\]]/g, '?'), // utmpdump prints [ ] as ?
        addr: r.address ?? '0.0.0.0',
        micros: r.micros,
      }))).toEqual(dumped);
    });
  }

  it('formats ut_addr_v6 as IPv4, IPv6 (RFC 5952) and IPv4-mapped', () => {
    expect(formatAddress(new Uint8Array(16))).toBeNull();
    expect(formatAddress(Uint8Array.from([192, 0, 2, 7, ...new Array<number>(12).fill(0)]))).toBe('192.0.2.7');
    const v6 = Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(formatAddress(v6)).toBe('2001:db8::1');
    expect(formatAddress(Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]))).toBe('2001:db8:1::1:0:1');
    expect(formatAddress(Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3]))).toBe('::ffff:10.1.2.3');
  });

  it('is detected by content, and claims no other fixture', () => {
    for (const name of ['wtmp', 'utmp', 'utmp.attached', 'utmp.detached']) {
      const file = inputFile(fixture('mosh', name));
      expect(sniffUtmp(file.head, file.size), name).toBeGreaterThanOrEqual(0.9);
      expect(detectFormat(file)?.reader, name).toBe(wtmpReader);
    }
    const others: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (!/\/mosh\/(?:w|u)tmp(?:\.\w+)?$/.test(full)) others.push(full);
      }
    };
    walk(FIXTURES);
    expect(others.length).toBeGreaterThan(30);
    for (const file of others) {
      const input = inputFile(file);
      expect(sniffUtmp(input.head, input.size), file).toBe(0);
    }
  });
});

describe('login sessions from wtmp', () => {
  it('the mosh fixture: two logins, said exactly, with what a login record cannot tell', async () => {
    const imported = await importUtmp(fixture('mosh', 'wtmp'));
    expect(imported.problems).toEqual([]);
    expect(imported.invalid).toEqual([]);
    const starts = [...imported.sessions.values()].map((s) => s.start);
    expect(starts).toHaveLength(2);
    for (const start of starts) {
      expect(start.session).toMatch(/^wtmp-wtmp-[0-9a-f]{8}-pts_\d+-\d+$/);
      expect(start.missing).toEqual(['host', 'term', 'size', 'output', 'input', 'resize', 'commands', 'exitStatus']);
      expect(start).toMatchObject({ host: null, term: null, cols: null, rows: null, kind: 'login' });
    }
    // No terminal bytes: a login record is not a recording of the terminal.
    expect(imported.events.some((e) => e.type === 'out' || e.type === 'in')).toBe(false);
    // Session ids are stable across imports.
    const again = await importUtmp(fixture('mosh', 'wtmp'));
    expect([...again.sessions.keys()]).toEqual([...imported.sessions.keys()]);
  });

  it('an ssh-style login: remote from ut_addr_v6, the host text kept, leave + end at the logout', async () => {
    const file = writeFile(
      'wtmp',
      login('pts/1', 100, T0, { host: 'client.example', addr: [192, 0, 2, 7] }),
      login('pts/2', 101, T0 + 1, { host: '2001:db8::1', addr: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], user: 'bob' }),
      login('tty1', 102, T0 + 2, { user: 'root' }),
      logout('pts/1', 100, T0 + 10, { usec: 250_000 }),
      logout('pts/2', 101, T0 + 11, { exit: [0, 3] }),
      logout('tty1', 102, T0 + 12),
    );
    const imported = await importUtmp(file);
    expect(imported.problems).toEqual([]);
    expect(imported.outOfOrder).toBe(0);
    const [a, b, c] = [...imported.sessions.values()];
    expect(a?.start).toMatchObject({ ts: at(T0), user: 'alice', tty: '/dev/pts/1', remote: '192.0.2.7', pid: 100, loginHost: 'client.example' });
    expect(a?.events.map((e) => [e.type, e.ts])).toEqual([
      ['session.start', at(T0)],
      ['join', at(T0)],
      ['leave', at(T0 + 10, 250_000)],
      ['session.end', at(T0 + 10, 250_000)],
    ]);
    expect(a?.events[1]).toEqual({
      ts: at(T0),
      type: 'join',
      session: a?.start.session,
      user: 'alice',
      readOnly: false,
      clientTty: '/dev/pts/1',
      remote: '192.0.2.7',
      pid: 100,
      utHost: 'client.example',
    });
    expect(a?.end).toMatchObject({ exitStatus: null, reason: 'logged out (logout record)' });
    expect(b?.events[1]).toMatchObject({ type: 'join', user: 'bob', remote: '2001:db8::1' });
    expect(b?.end).toMatchObject({ exitStatus: null, utExit: { termination: 0, exit: 3 } });
    expect(c?.events[1]).toEqual({ ts: at(T0 + 2), type: 'join', session: c?.start.session, user: 'root', readOnly: false, clientTty: '/dev/tty1', pid: 102 });
  });

  it('mosh roaming to another address is a leave and a join; "mosh [PID]" again is a leave', async () => {
    const file = writeFile(
      'wtmp',
      login('pts/5', 200, T0, { host: 'mosh [200]' }),
      logout('pts/5', 200, T0 + 1, { user: 'alice' }),
      login('pts/5', 200, T0 + 1, { usec: 900, host: '198.51.100.4 via mosh [200]' }),
      logout('pts/5', 200, T0 + 60, { user: 'alice' }),
      login('pts/5', 200, T0 + 60, { usec: 1200, host: '203.0.113.9 via mosh [200]' }),
      logout('pts/5', 200, T0 + 120, { user: 'alice' }),
      login('pts/5', 200, T0 + 120, { usec: 1000, host: 'mosh [200]' }),
      logout('pts/5', 200, T0 + 600),
    );
    const imported = await importUtmp(file);
    expect(imported.problems).toEqual([]);
    expect(imported.sessions.size).toBe(1);
    const events = imported.events.filter((e) => e.type !== 'session.start');
    expect(events.map((e) => [e.type, e.ts, (e as { remote?: string }).remote])).toEqual([
      ['join', at(T0 + 1, 900), '198.51.100.4'],
      ['leave', at(T0 + 60), '198.51.100.4'],
      ['join', at(T0 + 60, 1200), '203.0.113.9'],
      ['leave', at(T0 + 120), '203.0.113.9'],
      ['session.end', at(T0 + 600), undefined],
    ]);
    const leaves = byType(imported.events, 'leave') as Array<EventOf<'leave'>>;
    expect(leaves[0]?.reason).toBe('mosh-server saw the client at a new address, 203.0.113.9 (roaming)');
    expect(leaves[1]?.reason).toMatch(/heard nothing from the client for 30 s/);
    expect(imported.events.at(-1)).toMatchObject({ type: 'session.end', reason: 'mosh-server ended (logout record)' });
  });

  it("reads a mosh text that mosh-server's 64-byte buffer cut short (a long scoped IPv6 address)", async () => {
    const address = 'fe80::1111:2222:3333:4444:5555%enx00e04c6800a1';
    const cut = `${address} via mosh [1234567]`.slice(0, 63); // snprintf(tmp, 64, ...)
    expect(cut.endsWith(']')).toBe(false);
    const file = writeFile('wtmp', login('pts/6', 1234567, T0, { host: 'mosh [1234567]' }), logout('pts/6', 1234567, T0 + 1), login('pts/6', 1234567, T0 + 1, { host: cut }));
    const imported = await importUtmp(file);
    expect(byType(imported.events, 'join')).toEqual([expect.objectContaining({ remote: address, client: 'mosh', utHost: cut })]);
  });

  it('a login whose host is rewritten in place (no DEAD_PROCESS) changes its participant', async () => {
    const file = writeFile('wtmp', login('pts/1', 300, T0, { host: '10.0.0.1' }), login('pts/1', 300, T0 + 5, { host: '10.0.0.2' }), logout('pts/1', 300, T0 + 9));
    const imported = await importUtmp(file);
    expect(imported.problems).toEqual([]);
    expect(imported.events.map((e) => [e.type, e.ts])).toEqual([
      ['session.start', at(T0)],
      ['join', at(T0)],
      ['leave', at(T0 + 5)],
      ['join', at(T0 + 5)],
      ['leave', at(T0 + 9)],
      ['session.end', at(T0 + 9)],
    ]);
  });

  it('a boot or a shutdown ends the sessions that have no logout record, and says so', async () => {
    const file = writeFile(
      'wtmp',
      login('pts/1', 400, T0),
      { type: 2, line: '~', id: '~~', user: 'reboot', host: '6.1.0-test', sec: T0 + 100 },
      login('pts/1', 401, T0 + 200),
      { type: 1, line: '~~', id: '~~', user: 'shutdown', host: '6.1.0-test', sec: T0 + 300, pid: 0 },
    );
    const imported = await importUtmp(file);
    const ends = byType(imported.events, 'session.end') as Array<EventOf<'session.end'>>;
    expect(ends.map((e) => [e.ts, e.exitStatus])).toEqual([
      [at(T0 + 100), null],
      [at(T0 + 300), null],
    ]);
    expect(ends[0]?.reason).toMatch(/booted again with no logout record/);
    expect(ends[1]?.reason).toMatch(/shut down with no logout record/);
    expect(imported.problems.map((p) => [p.severity, p.offset])).toEqual([
      ['warning', RECORD_SIZE],
      ['warning', 3 * RECORD_SIZE],
      ['warning', undefined],
    ]);
    expect(imported.problems[0]?.message).toMatch(/^record 2: \/dev\/pts\/1 \(alice, pid 400\)/);
    // Nothing left out silently: the records that are not logins are counted.
    expect(imported.problems[2]?.message).toMatch(/^2 records describe no login \(1 BOOT_TIME, 1 RUN_LVL\): boots and shutdowns only end/);
  });

  it('a new login on a line still in use ends the old session (warning); ids stay unique', async () => {
    const file = writeFile('wtmp', login('pts/1', 500, T0), login('pts/1', 501, T0 + 10), logout('pts/1', 501, T0 + 20), login('pts/1', 501, T0 + 30), logout('pts/1', 501, T0 + 40));
    const imported = await importUtmp(file);
    expect([...imported.sessions.keys()].map((k) => k.replace(/^wtmp-wtmp-[0-9a-f]{8}-/, ''))).toEqual(['pts_1-500', 'pts_1-501', 'pts_1-501-2']);
    expect(imported.problems).toEqual([
      expect.objectContaining({ severity: 'warning', offset: RECORD_SIZE, message: expect.stringMatching(/record 2: a new login on \/dev\/pts\/1 .* had no logout record/) }),
    ]);
    const first = [...imported.sessions.values()][0];
    expect(first?.end).toMatchObject({ ts: at(T0 + 10), reason: 'a new login on the same line with no logout record before it' });
  });

  it('a logout with no login before it (a rotated wtmp, a utmp table) is reported, not invented', async () => {
    const file = writeFile('wtmp', logout('pts/9', 600, T0, { user: 'carol' }), login('pts/1', 601, T0 + 1), logout('pts/1', 601, T0 + 2));
    const imported = await importUtmp(file);
    expect(imported.sessions.size).toBe(1);
    expect(imported.problems).toEqual([
      expect.objectContaining({ severity: 'warning', offset: 0, message: expect.stringMatching(/^record 1: logout of \/dev\/pts\/9 \(carol, pid 600\) at .* with no login before it/) }),
    ]);
  });

  it('keeps a log in file order when the clock steps back, and says so', async () => {
    const file = writeFile('wtmp', login('pts/1', 700, T0 + 100), login('pts/2', 701, T0 + 50), logout('pts/1', 700, T0 + 200), logout('pts/2', 701, T0 + 201));
    const imported = await importUtmp(file);
    expect(imported.outOfOrder).toBe(0);
    expect(imported.problems).toEqual([expect.objectContaining({ severity: 'warning', offset: RECORD_SIZE, message: expect.stringMatching(/time goes back by 50000000 µs/) })]);
    expect(imported.sessions.size).toBe(2);
  });

  it('reads tv_sec unsigned: a login after 2038', async () => {
    const sec = 2 ** 31 + 1_000; // 2038-01-19T03:30:48Z
    const imported = await importUtmp(writeFile('wtmp', login('pts/1', 800, sec), logout('pts/1', 800, sec + 1)));
    expect(imported.events[0]?.ts).toBe('2038-01-19T03:30:48.000000Z');
  });
});

describe('damaged utmp/wtmp files', () => {
  const good = [login('pts/1', 900, T0), login('pts/2', 901, T0 + 1), logout('pts/1', 900, T0 + 2), logout('pts/2', 901, T0 + 3)];

  it('a truncated file: the records before the cut are imported, the cut record is named', async () => {
    const whole = Buffer.concat(good.map(rec));
    const file = writeFile('wtmp', whole.subarray(0, 3 * RECORD_SIZE + 100));
    const { imported, problems } = await importPaths(file);
    expect(problems).toEqual([]);
    const one = imported[0] as Imported;
    expect(one.invalid).toEqual([]);
    expect(one.problems).toEqual([
      {
        file,
        offset: 3 * RECORD_SIZE,
        severity: 'skipped',
        message: `the file ends inside record 4 (100 of 384 bytes at offset ${3 * RECORD_SIZE}): it is truncated or has extra bytes (its size, ${3 * RECORD_SIZE + 100}, is not a multiple of 384); those bytes are left out`,
      },
      expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/\/dev\/pts\/2 \(alice, pid 901\) has no logout record/) }),
    ]);
    expect(one.sessions.size).toBe(2);
  });

  it('a run of garbage records is one problem naming the records and bytes; the rest is imported', async () => {
    const junk = Buffer.alloc(3 * RECORD_SIZE, 0x41); // "AAAA…": ut_type 0x4141
    const file = writeFile('wtmp', rec(good[0] as Spec), rec(good[1] as Spec), junk, rec(good[2] as Spec), rec(good[3] as Spec));
    const { imported } = await importPaths(file);
    const one = imported[0] as Imported;
    expect(one.problems).toEqual([
      {
        file,
        offset: 2 * RECORD_SIZE,
        severity: 'skipped',
        message: `records 3–5 (bytes ${2 * RECORD_SIZE}–${5 * RECORD_SIZE - 1}) are not utmp records (record 3: ut_type 16705 is not a utmp record type (0–9)); left out.`,
      },
    ]);
    expect(byType(one.events, 'session.end')).toHaveLength(2);
  });

  it('damaged fields: microseconds out of range, control bytes in a name', async () => {
    const badUsec = rec(login('pts/3', 902, T0, { usec: 1_000_000 }));
    const badUser = rec(login('pts/4', 903, T0, { user: 'al\x1bice' }));
    const imported = await importUtmp(writeFile('wtmp', ...good, badUsec, login('pts/1', 904, T0 + 5), badUser));
    expect(imported.problems.map((p) => [p.offset, p.message])).toEqual([
      [4 * RECORD_SIZE, expect.stringContaining('record 5 (bytes 1536–1919) is not a utmp record (record 5: ut_tv.tv_usec 1000000 is not 0–999999)')],
      [6 * RECORD_SIZE, expect.stringContaining('record 7: ut_user holds bytes that are not text')],
      [undefined, expect.stringMatching(/pid 904\) has no logout record/)],
    ]);
  });

  it('bytes inserted in the middle: the shifted records are reported with the likely cause', async () => {
    const file = writeFile('wtmp', rec(good[0] as Spec), Buffer.from('xyz'), rec(good[1] as Spec), rec(good[2] as Spec), rec(good[3] as Spec));
    const imported = await importUtmp(file);
    expect(imported.problems[0]).toMatchObject({ file, offset: RECORD_SIZE, severity: 'skipped' });
    expect(imported.problems[0]?.message).toMatch(/^records 2–4 \(bytes 384–1535\) are not utmp records .* bytes were probably added or removed before this point/);
    expect(imported.problems[1]).toMatchObject({ offset: 4 * RECORD_SIZE, message: expect.stringMatching(/^the file ends inside record 5 \(3 of 384 bytes/) });
  });

  it('empty, tiny, all-zero and all-garbage files: clear problems naming the file, never a throw', async () => {
    const empty = writeFile('wtmp');
    expect((await importPaths(empty)).problems).toEqual([{ file: empty, severity: 'skipped', message: 'is empty: not a recording' }]);
    expect((await importUtmp(empty)).problems).toEqual([{ file: empty, severity: 'error', message: 'the file is empty: no utmp records' }]);

    const tiny = writeFile('wtmp', rec(good[0] as Spec).subarray(0, 100));
    expect((await importUtmp(tiny)).problems).toEqual([
      expect.objectContaining({ file: tiny, offset: 0, severity: 'skipped', message: expect.stringMatching(/^the file ends inside record 1 \(100 of 384 bytes/) }),
      { file: tiny, severity: 'error', message: 'the file holds no complete utmp record (384 bytes each)' },
    ]);

    const zeros = writeFile('utmp', Buffer.alloc(2 * RECORD_SIZE));
    const z = await importPaths(zeros);
    expect(z.imported).toHaveLength(1);
    expect(z.imported[0]?.problems).toEqual([{ file: zeros, severity: 'warning', message: "the file holds only empty utmp records (ut_type 0): nobody's login is recorded" }]);

    const garbage = writeFile('wtmp', Buffer.alloc(2 * RECORD_SIZE, 0xff));
    const g = await importUtmp(garbage);
    expect(g.events).toEqual([]);
    expect(g.problems.map((p) => p.severity)).toEqual(['skipped', 'error']);
    expect(g.problems[1]?.message).toBe("none of the file's 2 records is a valid login record (2 damaged, 0 empty)");
  });

  it('reads sorted a utmp table whose slots are not in time order', async () => {
    // Slot order: pts/2 (later) before pts/1 (earlier), each line once: a table.
    const imported = await importUtmp(writeFile('utmp', login('pts/2', 1001, T0 + 50), login('pts/1', 1000, T0)));
    expect(imported.outOfOrder).toBe(0);
    expect([...imported.sessions.values()].map((s) => micros(s.start.ts))).toEqual([T0 * 1_000_000, (T0 + 50) * 1_000_000]);
    expect(imported.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^\/dev\/pts\/1 .* has no logout record: still logged in when the file was copied/),
      expect.stringMatching(/^\/dev\/pts\/2 /),
    ]);
  });
});
