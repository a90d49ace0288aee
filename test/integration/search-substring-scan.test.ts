// Substrings searched in memory (services/search/substring-scan.ts) must give exactly what the SQL
// plan gives (LIKE on the rows), and what the brute-force reference gives: same rows, same order,
// same totals, with every filter the scan takes and in both time orders.
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseQuery } from '../../electron/core/search/parse-query.js';
import { loadSqlJs } from '../../electron/services/case/db/sqljs.js';
import { updateSearchIndex } from '../../electron/services/search/search-index.js';
import { searchCase, type SearchOptions } from '../../electron/services/search/search.js';
import { buildCorpus } from '../helpers/search-corpus.js';
import { loadRows, referenceSearch, type RefRow } from '../helpers/search-reference.js';

let db: Database;
let rows: RefRow[];
beforeAll(async () => {
  const SQL = await loadSqlJs();
  db = buildCorpus(SQL, { commands: 6000, screenEvery: 8, seed: 11 }).db;
  rows = loadRows(db);
});

const ids = (q: string, options: SearchOptions): { total: number; hits: string[]; plan: string } => {
  const r = searchCase(db, q, { limit: 1000, explain: true, ...options });
  return { total: r.total, hits: r.hits.map((h) => `${h.kind}:${h.rowId}`), plan: r.plan ?? '' };
};

const SUBSTRINGS = ['/etc/shadow', '"| sh"', '"rm -rf /tmp"', '/tmp/', '"-p 2222"', '"| "', 'tc/pass', '"${IFS}"', '":/"', 'ETC/SHA', '"ba\'\'sh"', '"| base64 -d"'];
const FILTERS = ['', 'user:alice', 'user:mallory,bob', 'host:web-*', 'NOT host:db-1', 'after:2024-03-01 before:2024-06-01', 'after:2024-11-01', 'before:2024-01-09T12:00+02:00', 'tty:pts/3', 'session:s-1*', 'NOT session:s-2*', 'NOT user:root host:k8s-*'];

describe('substring searches in memory', () => {
  it('agree with the SQL plan and the reference: commands and screens, every filter, both orders', () => {
    let nonEmpty = 0;
    for (const [i, sub] of SUBSTRINGS.entries()) {
      for (const [j, filter] of FILTERS.entries()) {
        const scope = ['in:commands', 'in:screen', ''][(i + j) % 3] as string;
        const q = `${sub} ${filter} ${scope}`;
        const order = (i + 2 * j) % 4 < 2 ? 'time' : 'newest';
        const memory = ids(q, { order });
        const sql = ids(q, { order, substringScan: false });
        if (scope !== 'in:screen') expect(memory.plan, q).toMatch(/^command \((memory|index, substrings checked in memory)\)/m);
        expect(sql.plan, q).not.toMatch(/memory/);
        expect(memory.total, q).toBe(sql.total);
        expect(memory.hits, q).toEqual(sql.hits);
        const want = referenceSearch(rows, parseQuery(q));
        const wanted = order === 'newest' ? [...want].reverse() : want;
        expect(memory.hits, q).toEqual(wanted.slice(0, 1000).map((r) => `${r.kind}:${r.id}`));
        if (memory.total > 0) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(SUBSTRINGS.length * FILTERS.length * 0.5);
  });

  it('combines substrings with AND, OR and NOT as the SQL plan does', () => {
    for (const q of ['"| sh" curl in:commands', '/tmp/ NOT "rm -rf" in:commands', '/tmp/ ("| sh" OR "-O /tmp") in:commands', '"| " NOT ("| sh" OR "| bash") user:mallory in:commands', '/etc/ /etc/shadow /etc/sha in:commands']) {
      const memory = ids(q, {});
      const sql = ids(q, { substringScan: false });
      expect({ total: memory.total, hits: memory.hits }, q).toEqual({ total: sql.total, hits: sql.hits });
      expect(memory.total, q).toBe(referenceSearch(rows, parseQuery(q)).length);
    }
    expect(ids('/tmp/ NOT "rm -rf" in:commands', {}).plan).toMatch(/memory/);
    expect(ids('"| sh" curl in:commands', {}).plan).toMatch(/^command \(index, substrings checked in memory\)/); // a word: the full-text index drives
    // source: is not kept in memory: the index drives (`sh*`), SQL checks the source, memory the substring.
    expect(ids('"| sh" source:typed in:commands', {}).plan).toMatch(/^command \(index, substrings checked in memory\)/);
  });

  it('searches from the rarest character of the needle and still checks all of it', () => {
    // `/` is everywhere in commands, `x` and `.` much less: the scan starts after the `/` and checks it.
    const q = '"/x.sh" in:commands';
    expect(ids(q, {}).plan).toMatch(/^command \(memory\): indexOf "(x\.sh|\.sh)" \(of "\/x\.sh"\)/);
    expect(ids(q, {}).total).toBeGreaterThan(0);
    expect(ids(q, {}).total).toBe(referenceSearch(rows, parseQuery(q)).length);
    for (const sub of ['"2222"', '"-p 2222"', '"/x.sh"', '"h -p 2"']) {
      expect(ids(`${sub} in:commands`, {}).total, sub).toBe(referenceSearch(rows, parseQuery(`${sub} in:commands`)).length);
    }
  });

  it('pages the same way and merges with screen hits in one time order', () => {
    const q = '/etc/';
    const all = searchCase(db, q, { limit: 1000 });
    const sqlAll = searchCase(db, q, { limit: 1000, substringScan: false });
    expect(all.total).toBe(sqlAll.total);
    expect(all.hits.map((h) => `${h.kind}:${h.rowId}`)).toEqual(sqlAll.hits.map((h) => `${h.kind}:${h.rowId}`));
    const paged = [0, 7, 14, 21].flatMap((offset) => searchCase(db, q, { limit: 7, offset }).hits.map((h) => `${h.kind}:${h.rowId}`));
    expect(paged).toEqual(all.hits.slice(0, 28).map((h) => `${h.kind}:${h.rowId}`));
  });

  it('folds case as LIKE does: ASCII letters only', async () => {
    const SQL = await loadSqlJs();
    const small = buildCorpus(SQL, { commands: 200, screenEvery: 0, seed: 4 }).db;
    const [session] = small.exec('SELECT id FROM sessions LIMIT 1')[0]?.values[0] ?? [];
    for (const [i, text] of ['echo İSTANBUL:ok', 'echo ΣΊΣΥΦΟΣ/Straße', 'echo istanbul:OK', 'CAT /ETC/SHADOW.Z9'].entries()) {
      small.run("INSERT INTO commands (session_id, ts_us, seq, text, source, confidence) VALUES (?, ?, 1, ?, 'typed', 1)", [session as number, 1717171717000000 + i, text]);
    }
    updateSearchIndex(small);
    const count = (q: string, substringScan: boolean): number => searchCase(small, `${q} in:commands`, { substringScan }).total;
    const expected: Array<[string, number]> = [['"İSTANBUL:"', 1], ['"istanbul:"', 1], ['"STANBUL:OK"', 2], ['"σίσυφος/"', 0], ['"ΣΊΣΥΦΟΣ/"', 1], ['"/STRASSE"', 0], ['"/straße"', 1], ['"/STRAßE"', 1], ['/etc/shadow.z9', 1]];
    for (const [q, n] of expected) {
      expect(searchCase(small, `${q} in:commands`, { explain: true }).plan, q).toMatch(/memory/);
      expect([count(q, true), count(q, false)], q).toEqual([n, n]);
    }
  });

  it('sees rows indexed after the first scan', async () => {
    const SQL = await loadSqlJs();
    const small = buildCorpus(SQL, { commands: 300, screenEvery: 0, seed: 2 }).db;
    const before = searchCase(small, '"zz-marker-zz" in:commands').total;
    expect(before).toBe(0);
    const [session] = small.exec('SELECT id FROM sessions LIMIT 1')[0]?.values[0] ?? [];
    small.run("INSERT INTO commands (session_id, ts_us, seq, text, source, confidence) VALUES (?, 1717171717000000, 1, 'echo zz-marker-zz', 'typed', 1)", [session as number]);
    updateSearchIndex(small);
    expect(searchCase(small, '"zz-marker-zz" in:commands').total).toBe(1);
  });
});
