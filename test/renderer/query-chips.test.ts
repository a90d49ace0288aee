import { describe, expect, it } from 'vitest';
import { QUERY_EXAMPLES, queryChips } from '../../renderer/src/state/query-chips.js';

describe('query chips', () => {
  it('shows each filter as a chip, values joined, prefixes with *', () => {
    const r = queryChips('kubectl user:alice,bob host:web-* NOT tty:pts/3', 'UTC');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.hasText).toBe(true);
    expect(r.chips.map((c) => c.label)).toEqual(['user: alice, bob', 'host: web-*', 'not tty: pts/3']);
    expect(r.chips.map((c) => c.negated)).toEqual([false, false, true]);
  });

  it('reads bare times in the chosen zone and labels them with the offset', () => {
    const berlin = queryChips('sudo after:2024-11-21T03:00', 'Europe/Berlin');
    const utc = queryChips('sudo after:2024-11-21T03:00', 'UTC');
    if (!berlin.ok || !utc.ok) throw new Error('should parse');
    expect(berlin.chips).toEqual([{ field: 'after', label: 'after 2024-11-21 03:00:00 +01:00', negated: false }]);
    expect(utc.chips[0]?.label).toBe('after 2024-11-21 03:00:00 +00:00');
  });

  it('shows the scope and a filters-only query', () => {
    const r = queryChips('user:mallory in:commands before:2024-11-22T00:00Z', 'UTC');
    if (!r.ok) throw new Error('should parse');
    expect(r.hasText).toBe(false);
    expect(r.chips.map((c) => c.field)).toEqual(['user', 'before', 'in']);
  });

  it('reports a mistake with its column', () => {
    const r = queryChips('user:alice (kubectl OR sudo', 'UTC');
    expect(r).toEqual({ ok: false, message: 'unbalanced parenthesis at column 12', column: 12 });
    const q = queryChips('"rm -rf', 'UTC');
    expect(q.ok).toBe(false);
  });

  it('passes on the parser warnings', () => {
    const r = queryChips('usr:alice', 'UTC');
    if (!r.ok) throw new Error('should parse');
    expect(r.warnings.join(' ')).toMatch(/usr/);
  });

  it('an empty query has no chips', () => {
    expect(queryChips('   ', 'UTC')).toEqual({ ok: true, chips: [], hasText: false, warnings: [] });
  });

  it('every help example parses', () => {
    for (const ex of QUERY_EXAMPLES) expect(queryChips(ex.query, 'UTC').ok, ex.query).toBe(true);
  });
});
