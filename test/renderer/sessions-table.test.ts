import { describe, expect, it } from 'vitest';
import { filterSessions, nextSort, sortSessions } from '../../renderer/src/state/sessions-table.js';
import { sessionRow } from './session-fixtures.js';

const rows = [
  sessionRow(1, { sessionKey: 'db-2-pts-1', user: 'mallory', host: 'db-2', commands: 40, verdict: 'invalid', endUs: null }),
  sessionRow(2, { sessionKey: 'web-1-pts-2', user: 'alice', host: 'web-1', commands: 3, verdict: 'verified' }),
  sessionRow(3, { sessionKey: 'web-10-pts-3', user: null, host: 'web-10', commands: 12, verdict: 'raw', format: 'asciicast' }),
  sessionRow(4, { sessionKey: 'web-2-pts-4', user: 'bob', host: 'web-2', commands: 12, verdict: 'untrusted', startUs: 1_600_000_000_000_000 }),
];

const ids = (r: ReadonlyArray<{ id: number }>) => r.map((x) => x.id);

describe('sessions table', () => {
  it('sorts by a text column, unknown values last in both directions', () => {
    expect(ids(sortSessions(rows, { key: 'user', dir: 'asc' }))).toEqual([2, 4, 1, 3]);
    expect(ids(sortSessions(rows, { key: 'user', dir: 'desc' }))).toEqual([1, 4, 2, 3]);
  });

  it('sorts hosts naturally (web-2 before web-10)', () => {
    expect(ids(sortSessions(rows, { key: 'host', dir: 'asc' }))).toEqual([1, 2, 4, 3]);
  });

  it('sorts numbers, ties by start time', () => {
    expect(ids(sortSessions(rows, { key: 'commands', dir: 'desc' }))).toEqual([1, 4, 3, 2]);
    expect(ids(sortSessions(rows, { key: 'start', dir: 'asc' }))).toEqual([4, 1, 2, 3]);
  });

  it('puts the worst verdict first and sessions without an end last by duration', () => {
    expect(ids(sortSessions(rows, { key: 'verdict', dir: 'asc' }))).toEqual([1, 4, 3, 2]);
    expect(ids(sortSessions(rows, { key: 'duration', dir: 'desc' })).at(-1)).toBe(1);
  });

  it('does not change its input', () => {
    const copy = [...rows];
    sortSessions(rows, { key: 'user', dir: 'desc' });
    expect(rows).toEqual(copy);
  });

  it('filters by every word, across columns or in one column', () => {
    expect(ids(filterSessions(rows, 'web'))).toEqual([2, 3, 4]);
    expect(ids(filterSessions(rows, 'WEB-1'))).toEqual([2, 3]);
    expect(ids(filterSessions(rows, 'web alice'))).toEqual([2]);
    expect(ids(filterSessions(rows, 'verdict:invalid'))).toEqual([1]);
    expect(ids(filterSessions(rows, 'format:ascii'))).toEqual([3]);
    expect(ids(filterSessions(rows, 'user:bo'))).toEqual([4]);
    expect(ids(filterSessions(rows, '  '))).toEqual([1, 2, 3, 4]);
    expect(filterSessions(rows, 'nobody')).toEqual([]);
  });

  it('flips the direction on the same column, starts ascending on another', () => {
    expect(nextSort({ key: 'user', dir: 'asc' }, 'user')).toEqual({ key: 'user', dir: 'desc' });
    expect(nextSort({ key: 'user', dir: 'desc' }, 'host')).toEqual({ key: 'host', dir: 'asc' });
  });

  it('sorts 10,000 rows', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => sessionRow(i, { user: `u${(i * 7919) % 10_000}` }));
    const sorted = sortSessions(many, { key: 'user', dir: 'asc' });
    expect(sorted[0]?.user).toBe('u0');
    expect(sorted[1]?.user).toBe('u1');
    expect(sorted.at(-1)?.user).toBe('u9999');
  });
});
