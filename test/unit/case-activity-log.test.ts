// The activity log's chain and its binding to the database (electron/services/case/activity-log.ts,
// case-integrity.ts): a record edited, cut, reordered, duplicated or added is named with its line.
import { describe, expect, it } from 'vitest';
import { checkActivityLog, encodeBatch, type ActivityInput } from '../../electron/services/case/activity-log.js';
import { checkBinding } from '../../electron/services/case/case-integrity.js';
import { GENESIS_PREV } from '../../electron/core/records.js';

const input = (i: number): ActivityInput => ({ ts: `2024-11-21T04:00:${String(i).padStart(2, '0')}.000000Z`, action: `test.action-${i}`, actor: 'alice', details: { n: i } });

/** A log of `n` records appended in batches of one, as a case writes it; with the database binding. */
function log(n: number): { text: string; lines: string[]; binding: { records: number; head: string; last: string }; db: string } {
  let head = { count: 0, leaf: GENESIS_PREV };
  let text = '';
  let binding = { records: 0, head: '', last: '' };
  for (let i = 1; i <= n; i++) {
    const batch = encodeBatch(head, [input(i)], (b) => {
      binding = { records: b.lastSeq - 1, head: b.lastPrev, last: b.lastUnstated };
      return { database: `db-${i}`.padEnd(64, '0'), bytes: i };
    });
    text += batch.text;
    head = { count: batch.lastSeq, leaf: batch.lastLeaf };
  }
  return { text, lines: text.split('\n').slice(0, -1), binding, db: `db-${n}`.padEnd(64, '0') };
}

const codes = (text: string): string[] => checkActivityLog(Buffer.from(text)).problems.map((p) => p.code);
const join = (lines: string[]): string => lines.map((l) => `${l}\n`).join('');

describe('activity log chain', () => {
  it('reads back what was written: records, states, no problems', () => {
    const { text, binding, db } = log(5);
    const check = checkActivityLog(Buffer.from(text));
    expect(check.problems).toEqual([]);
    expect(check.records.map((r) => r.action)).toEqual([1, 2, 3, 4, 5].map((i) => `test.action-${i}`));
    expect(check.records.every((r) => r.state !== null)).toBe(true);
    expect(checkBinding(check, binding, db)).toEqual([]);
  });

  it('a batch carries the state on its last record only', () => {
    const batch = encodeBatch({ count: 0, leaf: GENESIS_PREV }, [input(1), input(2), input(3)], () => ({ database: 'f'.repeat(64), bytes: 7 }));
    const records = checkActivityLog(Buffer.from(batch.text)).records;
    expect(records.map((r) => r.state)).toEqual([null, null, { database: 'f'.repeat(64), bytes: 7 }]);
    expect(records[2]?.unstatedDigest).toBe(batch.lastUnstated);
  });

  it('names an edited line', () => {
    const { lines } = log(5);
    lines[1] = (lines[1] as string).replace('test.action-2', 'test.action-X');
    const check = checkActivityLog(Buffer.from(join(lines)));
    expect(check.problems.map((p) => [p.code, p.line])).toContainEqual(['RECORD_MODIFIED', 2]);
  });

  it('names a line cut from the middle, lines swapped, a line repeated', () => {
    const { lines } = log(6);
    expect(codes(join([...lines.slice(0, 2), ...lines.slice(3)]))).toContain('RECORD_MISSING');
    expect(codes(join([lines[0], lines[2], lines[1], ...lines.slice(3)] as string[]))).toContain('RECORD_REORDERED');
    expect(codes(join([...lines.slice(0, 3), lines[2] as string, ...lines.slice(3)]))).toContain('RECORD_DUPLICATED');
  });

  it('reports a record that is not an activity, and a line cut in half', () => {
    const { lines, text } = log(3);
    const foreign = (lines[2] as string).replace('"type":"activity"', '"type":"marker"');
    expect(codes(join([...lines.slice(0, 2), foreign]))).toContain('FOREIGN_RECORD');
    expect(checkActivityLog(Buffer.from(text.slice(0, -10))).partialBytes).toBeGreaterThan(0);
  });
});

describe('binding between the log and the database', () => {
  it('detects records cut from the end', () => {
    const { text, binding, db } = log(5);
    const cut = checkActivityLog(Buffer.from(text.split('\n').slice(0, 3).map((l) => `${l}\n`).join('')));
    expect(cut.problems).toEqual([]); // a prefix of a chain is still a chain...
    const problems = checkBinding(cut, binding, db); // ...but the database knows how long the log was
    expect(problems.map((p) => p.code)).toEqual(['TRUNCATED']);
    expect(problems[0]?.message).toMatch(/cut from the end/);
  });

  it('detects an edit of the last record, which no later record commits to', () => {
    const { lines, binding, db } = log(4);
    lines[3] = (lines[3] as string).replace('"n":4', '"n":5');
    const check = checkActivityLog(Buffer.from(join(lines)));
    expect(check.problems).toEqual([]);
    expect(checkBinding(check, binding, db).map((p) => [p.code, p.line])).toEqual([['RECORD_MODIFIED', 4]]);
  });

  it('detects a different database, and names an older one', () => {
    const { text, binding } = log(4);
    const check = checkActivityLog(Buffer.from(text));
    expect(checkBinding(check, binding, 'e'.repeat(64)).map((p) => p.code)).toEqual(['DATABASE_MODIFIED']);
    const older = checkBinding(check, binding, 'db-2'.padEnd(64, '0'));
    expect(older[0]?.message).toMatch(/older copy/);
  });

  it('detects records appended after the last save', () => {
    const { text, binding, db } = log(4);
    const extra = encodeBatch({ count: 4, leaf: checkActivityLog(Buffer.from(text)).records[3]?.leaf ?? '' }, [input(9)], () => ({ database: 'x'.repeat(64), bytes: 1 }));
    const check = checkActivityLog(Buffer.from(text + extra.text));
    expect(check.problems).toEqual([]);
    expect(checkBinding(check, binding, db).map((p) => p.code)).toEqual(['RECORD_INSERTED']);
  });
});
