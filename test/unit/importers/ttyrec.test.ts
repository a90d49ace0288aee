import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTimestamp } from '../../../electron/core/timestamp.js';
import { decodeHeader } from '../../../electron/services/importers/ttyrec/header.js';
import { sniffTtyrec } from '../../../electron/services/importers/ttyrec/detect.js';
import { fixture, importOne, importPaths, micros, onlySession, readFixture, tempDir } from './helpers.js';

/** Every record of a ttyrec file, read independently of the importer. */
function records(buf: Buffer): Array<{ sec32: number; usecField: number; payload: Buffer }> {
  const out = [];
  for (let at = 0; at + 12 <= buf.length; ) {
    const len = buf.readUInt32LE(at + 8);
    out.push({ sec32: buf.readUInt32LE(at), usecField: buf.readUInt32LE(at + 4), payload: buf.subarray(at + 12, at + 12 + len) });
    at += 12 + len;
  }
  return out;
}

const record = (sec: number, usecField: number, payload: string | Buffer): Buffer => {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload;
  const header = Buffer.alloc(12);
  header.writeUInt32LE(sec, 0);
  header.writeUInt32LE(usecField, 4);
  header.writeUInt32LE(body.length, 8);
  return Buffer.concat([header, body]);
};

describe('ttyrec (Debian ttyrec 1.0.8)', () => {
  it('imports the output byte for byte as `ttyplay -n` writes it, one event per record', async () => {
    const imported = await importOne(fixture('ttyrec', 'session.ttyrec'));
    expect(imported.recording.format).toBe('ttyrec');
    expect(imported.invalid).toEqual([]);
    expect(imported.outOfOrder).toBe(0);
    expect(imported.problems).toEqual([]);
    const s = onlySession(imported);
    expect(s.out.equals(readFixture('ttyrec', 'ttyplay-n.out'))).toBe(true);
    const recs = records(readFixture('ttyrec', 'session.ttyrec'));
    const outs = s.events.filter((e) => e.type === 'out');
    expect(outs).toHaveLength(recs.length);
    outs.forEach((event, i) => {
      const r = recs[i] as { sec32: number; usecField: number };
      expect(micros(event.ts)).toBe(r.sec32 * 1_000_000 + r.usecField);
    });
    // The split ✓ and the invalid bytes are in the stream as they were written.
    expect(s.out.includes(Buffer.from([0x73, 0x70, 0x6c, 0x69, 0x74, 0x3a, 0xe2, 0x9c]))).toBe(true);
    expect(s.out.includes(Buffer.from(' raw:\xff\xfe end', 'latin1'))).toBe(true);
  });

  it('says it knows nothing but timed output', async () => {
    const s = onlySession(await importOne(fixture('ttyrec', 'session.ttyrec')));
    expect(s.start).toMatchObject({ user: null, host: null, tty: null, term: null, cols: null, rows: null, recorder: { name: 'ttyrec', format: 'ttyrec' } });
    expect(s.start.missing).toEqual(['user', 'host', 'tty', 'term', 'size', 'input', 'resize', 'exitStatus']);
    expect(s.in.length).toBe(0);
    expect(s.end?.exitStatus).toBeNull();
  });
});

describe('ovh-ttyrec seconds beyond 2106 (high bits in the usec field)', () => {
  it('decodes the extension and leaves classic headers unchanged', () => {
    const h = Buffer.alloc(12);
    h.writeUInt32LE(0x52b2e2d6, 0);
    h.writeUInt32LE(0x0016b69c, 4); // sss = 0x001, usec = 0x6b69c
    h.writeUInt32LE(127, 8);
    expect(decodeHeader(h)).toEqual({ sec: 0x1_52b2e2d6, usec: 0x6b69c, len: 127 });
    h.writeUInt32LE(999_999, 4);
    expect(decodeHeader(h)).toEqual({ sec: 0x52b2e2d6, usec: 999_999, len: 127 });
    h.writeUInt32LE(0x000f4240, 4); // 1,000,000 µs: no valid reading
    expect(decodeHeader(h)).toMatch(/above 999999/);
  });

  it('imports the 2150 file with the same bytes and the same µs differences, in 2150', async () => {
    const plain = onlySession(await importOne(fixture('ttyrec', 'session.ttyrec')));
    const imported = await importOne(fixture('ttyrec', 'ovh-2150.ttyrec'));
    expect(imported.problems).toEqual([]);
    expect(imported.invalid).toEqual([]);
    const s = onlySession(imported);
    expect(s.out.equals(readFixture('ttyrec', 'ovh-2150.ttyplay-n.out'))).toBe(true);
    expect(s.start.ts.startsWith('2150-01-01T12:00:00.')).toBe(true);
    const shift = micros(s.start.ts) - micros(plain.start.ts);
    expect(s.events.map((e) => micros(e.ts) - shift)).toEqual(plain.events.map((e) => micros(e.ts)));
    const first = records(readFixture('ttyrec', 'ovh-2150.ttyrec'))[0] as { sec32: number; usecField: number };
    const sec = (first.usecField >>> 20) * 2 ** 32 + first.sec32;
    expect(s.start.ts).toBe(formatTimestamp(sec * 1_000_000 + (first.usecField & 0xfffff)));
  });
});

describe('ttyrec bad input', () => {
  const file = (name: string, bytes: Buffer): string => {
    const p = path.join(tempDir(), name);
    writeFileSync(p, bytes);
    return p;
  };
  const t0 = 1_795_240_362;

  it('a record cut off by the end of the file: the bytes present are kept and the record named', async () => {
    const whole = readFixture('ttyrec', 'session.ttyrec');
    const recs = records(whole);
    const cut = file('cut.ttyrec', whole.subarray(0, whole.length - 5));
    const imported = await importOne(cut);
    expect(imported.problems).toEqual([
      expect.objectContaining({ file: cut, severity: 'skipped', offset: whole.length - 12 - (recs[recs.length - 1]?.payload.length ?? 0), message: expect.stringMatching(new RegExp(`record ${recs.length} claims \\d+ bytes, but the file ends after`)) }),
    ]);
    expect(onlySession(imported).out.equals(readFixture('ttyrec', 'ttyplay-n.out').subarray(0, -5))).toBe(true);
  });

  it('a cut header, a damaged header, a clock going back', async () => {
    const good = Buffer.concat([record(t0, 10, 'one'), record(t0 + 1, 20, 'two'), record(t0 + 1, 30, 'three')]);
    const cutHeader = file('h.ttyrec', Buffer.concat([good, Buffer.alloc(7)]));
    let imported = await importOne(cutHeader);
    expect(imported.problems).toEqual([expect.objectContaining({ offset: good.length, severity: 'skipped', message: expect.stringMatching(/ends inside the header of record 4/) })]);

    const rest = Buffer.concat([record(t0 + 2, 1_000_000, 'bad'), record(t0 + 3, 0, 'lost')]);
    const damaged = file('d.ttyrec', Buffer.concat([good, rest]));
    imported = await importOne(damaged);
    expect(imported.problems).toEqual([
      expect.objectContaining({ offset: good.length, severity: 'error', message: expect.stringMatching(new RegExp(`record 4 has a damaged header .* the last ${rest.length} bytes`)) }),
    ]);
    expect(onlySession(imported).out.toString()).toBe('onetwothree');

    const back = file('b.ttyrec', Buffer.concat([good, record(t0, 5, 'back')]));
    imported = await importOne(back);
    expect(imported.outOfOrder).toBe(0);
    expect(imported.problems).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/time goes back/) })]);
  });

  it('garbage and empty files are not taken for ttyrec', async () => {
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 251;
    expect(sniffTtyrec(garbage, garbage.length)).toBe(0);
    expect(sniffTtyrec(Buffer.from('Script started on 2026-11-21\n'), 29)).toBe(0);
    expect(sniffTtyrec(Buffer.alloc(0), 0)).toBe(0);
    const { imported, problems } = await importPaths(file('g.bin', garbage), file('e.ttyrec', Buffer.alloc(0)));
    expect(imported).toEqual([]);
    expect(problems.map((p) => p.severity)).toEqual(['skipped', 'skipped']);
  });
});
