import { describe, expect, it } from 'vitest';
import { encodeRecord, encodeStreamBytes, decodeStreamBytes } from '../../electron/core/record-encoding.js';
import { eventProblems, recordProblems } from '../../electron/core/record-schema.js';
import { GENESIS_PREV, type TrailEvent } from '../../electron/core/records.js';

const ts = '2024-11-21T04:00:00.000000Z';

describe('event and record validation', () => {
  it('accepts each record type with its required fields', () => {
    const events: TrailEvent[] = [
      { ts, type: 'session.start', session: 's', user: 'alice', host: 'web-1', tty: '/dev/pts/1', term: 'xterm', cols: 80, rows: 24, recorder: { name: 'x', format: 'y' } },
      { ts, type: 'join', session: 's', user: 'bob', readOnly: true, clientTty: '/dev/pts/2' },
      { ts, type: 'out', session: 's', text: 'hi\r\n' },
      { ts, type: 'in', session: 's', b64: '/w==' },
      { ts, type: 'resize', session: 's', cols: 100, rows: 30 },
      { ts, type: 'cmd', session: 's', text: 'ls', source: 'keystrokes', confidence: 0.9 },
      { ts, type: 'session.end', session: 's', exitStatus: null },
    ];
    for (const e of events) expect(eventProblems(e)).toEqual([]);
  });

  it('names every problem in plain words', () => {
    expect(eventProblems({ ts: 'now', type: 'cmd', session: 's', text: 1, source: 'guess', confidence: 2 })).toEqual([
      'field "ts" must be UTC with microseconds (YYYY-MM-DDTHH:MM:SS.ffffffZ), found "now"',
      'field "text" of a cmd record must be a string, found 1',
      'field "source" of a cmd record must be one of keystrokes, history, sudo, recorder, output, found "guess"',
      'field "confidence" of a cmd record must be a number from 0 to 1, found 2',
    ]);
    expect(eventProblems({ ts, type: 'out', session: 's', text: 'a', b64: 'YQ==' })).toEqual(['out record must carry exactly one of "text" or "b64"']);
    expect(eventProblems({ ts, type: 'nonsense', session: 's' })[0]).toMatch(/known record type/);
    expect(eventProblems([1])).toEqual(['is not a JSON object']);
  });

  it('requires prev and seq as the first two keys of a record', () => {
    const event: TrailEvent = { ts, type: 'marker', session: 's', label: 'x' };
    const line = encodeRecord(GENESIS_PREV, 1, event);
    expect(line.startsWith(`{"prev":"${GENESIS_PREV}","seq":1,"ts":"${ts}","type":"marker","session":"s"`)).toBe(true);
    expect(recordProblems(JSON.parse(line))).toEqual([]);
    const reordered = { seq: 1, prev: GENESIS_PREV, ...event };
    expect(recordProblems(reordered)).toContain('the first two keys must be "prev" and "seq"');
  });

  it('keeps terminal bytes lossless: text for UTF-8, base64 otherwise', () => {
    const utf8 = Buffer.from('h\u00e9llo \u4e16\u754c \ud83d\ude00', 'utf8');
    expect(encodeStreamBytes(utf8)).toEqual({ text: 'h\u00e9llo \u4e16\u754c \ud83d\ude00' });
    const split = utf8.subarray(0, 2); // 'h' + first byte of 'é'
    const encoded = encodeStreamBytes(split);
    expect(encoded).toHaveProperty('b64');
    expect(decodeStreamBytes(encoded).equals(split)).toBe(true);
    const invalid = Buffer.from([0xff, 0xfe, 0x41]);
    expect(decodeStreamBytes(encodeStreamBytes(invalid)).equals(invalid)).toBe(true);
  });
});
