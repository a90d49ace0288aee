import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/services/case/db/migration.js';
import { MIGRATIONS } from '../../electron/services/case/db/migrations/index.js';
import { loadSqlJs } from '../../electron/services/case/db/sqljs.js';
import {
  indexState,
  migration002,
  optimizeSearchIndex,
  rebuildSearchIndex,
  searchIndexHealth,
  updateSearchIndex,
} from '../../electron/services/search/search-index.js';
import { searchCase } from '../../electron/services/search/search.js';
import { addRows, emptyCaseDb, INCIDENT, searchDb } from '../helpers/search-fixtures.js';
import { buildCorpus } from '../helpers/search-corpus.js';
import { loadRows, referenceSearch } from '../helpers/search-reference.js';
import { parseQuery } from '../../electron/core/search/parse-query.js';

const texts = (db: Parameters<typeof searchCase>[0], q: string): string[] => searchCase(db, q, { limit: 1000 }).hits.map((h) => h.text);

describe('migration 2: the search index', () => {
  it('is registered, applies on a fresh and on an existing case database, and only once', async () => {
    expect(MIGRATIONS.map((m) => m.version)).toContain(2);
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    migrate(db, MIGRATIONS.filter((m) => m.version !== 2));
    expect(db.exec("SELECT name FROM sqlite_master WHERE name = 'search_command_fts'")).toEqual([]);
    expect(migrate(db)).toEqual([2]);
    expect(migrate(db)).toEqual([]);
    const names = (db.exec("SELECT name FROM sqlite_master WHERE name LIKE 'search_%' ORDER BY name")[0]?.values ?? []).map((v) => v[0]);
    expect(names).toEqual(expect.arrayContaining(['search_command_docs', 'search_command_fts', 'search_screen_docs', 'search_screen_fts', 'search_session_attrs']));
    expect(migration002.sql).toContain('tokenize=unicode61');
  });
});

describe('updateSearchIndex', () => {
  it('indexes new rows incrementally and idempotently, keeping a high-water mark in meta', async () => {
    const db = await searchDb({ ...INCIDENT, noIndex: true });
    expect(searchCase(db, 'kubectl').warnings).toEqual(['14 commands are not in the search index yet; results may be incomplete', '3 screen samples are not in the search index yet; results may be incomplete']);
    expect(updateSearchIndex(db)).toEqual({ commands: 14, screens: 3, unknownSessions: 0 });
    expect(updateSearchIndex(db)).toEqual({ commands: 0, screens: 0, unknownSessions: 0 });
    expect(indexState(db, 'command').highWater).toBe(14);
    expect(searchCase(db, 'kubectl').warnings).toEqual([]);
    addRows(db, { sessions: [], commands: [{ session: 's-alice-1', ts: '2024-11-22T08:00:00Z', text: 'kubectl delete pod x' }] });
    expect(texts(db, 'kubectl in:commands')).toHaveLength(2);
    expect(searchCase(db, 'kubectl').warnings).toEqual(['1 commands are not in the search index yet; results may be incomplete']);
    expect(updateSearchIndex(db)).toMatchObject({ commands: 1 });
    expect(texts(db, 'kubectl in:commands')).toEqual(['kubectl -n shop get pods', 'kubectl -n shop rollout restart deploy/checkout', 'kubectl delete pod x']);
    expect(searchIndexHealth(db)).toEqual([
      { kind: 'command', rows: 15, indexed: 15 },
      { kind: 'screen', rows: 3, indexed: 3 },
    ]);
  });

  it('runs inside the caller transaction: a rollback undoes rows and index together', async () => {
    const db = await searchDb(INCIDENT);
    db.exec('BEGIN');
    addRows(db, { sessions: [], commands: [{ session: 's-bob-1', ts: '2024-11-22T08:00:00Z', text: 'zypper install evil' }] });
    updateSearchIndex(db);
    expect(texts(db, 'zypper')).toHaveLength(1);
    db.exec('ROLLBACK');
    expect(texts(db, 'zypper')).toEqual([]);
    expect(indexState(db, 'command').highWater).toBe(14);
  });

  it('gives rows sharing a microsecond distinct, nearby docids, and keeps time filters exact', async () => {
    const db = await emptyCaseDb();
    const pile = Array.from({ length: 50 }, (_, i) => ({ session: 's1', ts: '2024-11-21T03:00:00Z', text: `pile ${i}` }));
    addRows(db, {
      sessions: [{ key: 's1', user: 'u', host: 'h' }],
      commands: [
        { session: 's1', ts: '2024-11-21T03:00:00.000010Z', text: 'pile later' },
        ...pile,
        { session: 's1', ts: '2024-11-21T02:59:59.999999Z', text: 'pile before' },
      ],
    });
    updateSearchIndex(db);
    const shift = indexState(db, 'command').shift;
    expect(shift).toBeGreaterThan(0);
    expect(shift).toBeLessThan(60);
    const all = searchCase(db, 'pile', { limit: 1000 }).hits;
    expect(all).toHaveLength(52);
    expect(all[0]?.text).toBe('pile before');
    // Exact time bounds despite the moved docids.
    expect(searchCase(db, 'pile before:2024-11-21T03:00:00Z').total).toBe(1);
    expect(searchCase(db, 'pile after:2024-11-21T03:00:00Z before:2024-11-21T03:00:00.000001Z').total).toBe(50);
    expect(searchCase(db, 'pile after:2024-11-21T03:00:00.000001Z').hits.map((h) => h.text)).toEqual(['pile later']);
    expect(searchCase(db, 'after:2024-11-21T03:00:00.000001Z').hits.map((h) => h.text)).toEqual(['pile later']);
  });

  it('takes user and host of screen samples from the sessions, or from another database (a shard and its catalog)', async () => {
    const catalog = await emptyCaseDb();
    const shard = await emptyCaseDb();
    const ids = addRows(catalog, { sessions: [{ key: 's-x', user: 'erin', host: 'vpn' }], commands: [] });
    const sid = ids.get('s-x') as number;
    shard.run("INSERT INTO screen_text (session_id, ts_us, reason, text) VALUES (?, 1, 'command', 'erin@vpn:~$ uname -a')", [sid]);
    expect(updateSearchIndex(shard, { sessions: catalog })).toMatchObject({ screens: 1, unknownSessions: 0 });
    const r = searchCase({ catalog, indexes: [shard] }, 'uname user:erin host:vpn');
    expect(r.hits.map((h) => [h.kind, h.session, h.user])).toEqual([['screen', 's-x', 'erin']]);
    // Without the catalog, the shard does not know the session: counted, still searchable by text.
    const lonely = await emptyCaseDb();
    lonely.run("INSERT INTO screen_text (session_id, ts_us, reason, text) VALUES (77, 1, 'command', 'uname -a')");
    expect(updateSearchIndex(lonely)).toMatchObject({ screens: 1, unknownSessions: 1 });
    expect(searchCase(lonely, 'uname').total).toBe(1);
    expect(searchCase(lonely, 'uname user:erin').total).toBe(0);
  });

  it('optimizes and rebuilds to the same answers', async () => {
    const db = await searchDb(INCIDENT);
    const before = texts(db, 'cat OR shadow OR root');
    optimizeSearchIndex(db);
    expect(texts(db, 'cat OR shadow OR root')).toEqual(before);
    db.run("DELETE FROM commands WHERE text = 'history -c'");
    expect(rebuildSearchIndex(db)).toMatchObject({ commands: 13, screens: 3 });
    expect(texts(db, 'cat OR shadow OR root')).toEqual(before);
    expect(texts(db, 'history')).toEqual([]);
    db.exec("INSERT INTO search_command_fts (search_command_fts) VALUES ('integrity-check')");
  });
});

describe('search over a catalog and several index shards', () => {
  it('merges the shards in one time order and pages across them', async () => {
    const SQL = await loadSqlJs();
    const catalog = await emptyCaseDb();
    const ids = addRows(catalog, { sessions: INCIDENT.sessions, commands: [] });
    const shards = [new SQL.Database(), new SQL.Database()];
    const half = Math.ceil(INCIDENT.commands.length / 2);
    shards.forEach((shard, i) => {
      migrate(shard);
      const part = INCIDENT.commands.filter((_, n) => (n < half) === (i === 1)); // shard 0 holds the later half
      const insert = shard.prepare("INSERT INTO commands (id, session_id, ts_us, seq, text, source, confidence, user, host) VALUES (?, ?, ?, 1, ?, 'typed', 1, ?, ?)");
      part.forEach((c, n) => {
        const s = INCIDENT.sessions.find((x) => x.key === c.session);
        insert.run([i * 1000 + n + 1, ids.get(c.session) as number, Date.parse(c.ts) * 1000, c.text, s?.user ?? null, s?.host ?? null]);
      });
      insert.free();
      updateSearchIndex(shard, { sessions: catalog });
    });
    const single = await searchDb(INCIDENT);
    const sources = { catalog, indexes: shards };
    for (const q of ['cat OR sudo', 'user:mallory', '/etc/shadow', 'NOT kubectl', 'kube* after:2024-11-20T09:01Z']) {
      expect(texts(sources, `${q} in:commands`), q).toEqual(texts(single, `${q} in:commands`));
      expect(searchCase(sources, `${q} in:commands`).total).toBe(searchCase(single, `${q} in:commands`).total);
    }
    const paged = [0, 2, 4].flatMap((offset) => searchCase(sources, 'user:mallory', { limit: 2, offset }).hits.map((h) => h.text));
    expect(paged).toEqual(texts(single, 'user:mallory in:commands').slice(0, 6));
    expect(searchCase(sources, 'curl', { fuzzy: true, order: 'time' }).hits.map((h) => h.text)).toEqual(
      searchCase(single, 'curl', { fuzzy: true, order: 'time' }).hits.map((h) => h.text),
    );
  });
});

describe('query plans (EXPLAIN QUERY PLAN)', () => {
  it('drive from the full-text index, join by primary key, and never sort for time order', async () => {
    const db = await searchDb(INCIDENT);
    // Substring-only queries run in memory by default (next test); here, as SQL.
    const plan = (q: string, order: 'time' | 'newest' | 'relevance' = 'time'): string => searchCase(db, q, { explain: true, order, substringScan: false }).plan ?? '';
    const p = plan('kubectl user:alice after:2024-11-01 in:commands');
    expect(p).toMatch(/^command \(index\): SCAN f VIRTUAL TABLE INDEX \d+:ASC$/);
    const s = plan('/etc/shadow host:web-2 in:commands');
    expect(s).toMatch(/^command \(index\): SCAN f VIRTUAL TABLE INDEX \d+:ASC \| SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\) \| SEARCH x USING INTEGER PRIMARY KEY \(rowid=\?\)$/);
    expect(plan('kubectl in:commands', 'newest')).toMatch(/:DESC$/);
    expect(`${p}\n${s}`).not.toMatch(/TEMP B-TREE/);
    // Filters only: the (user, ts) index, in order, no sort.
    expect(plan('NOT user:alice after:2024-11-21 in:commands')).toMatch(/SEARCH x USING INDEX commands_ts \(ts_us>\?\)/);
    expect(plan('"| sh" user:mallory in:commands')).toMatch(/SEARCH x USING INDEX commands_user_ts \(user=\?\)/);
    expect(plan('session:s-bob-1 in:commands')).toMatch(/commands_session_ts|commands_ts/);
  });

  it('substrings only: indexOf over the texts in memory, unless the full-text index or the catalog must answer', async () => {
    const db = await searchDb(INCIDENT);
    const plan = (q: string, order: 'time' | 'newest' | 'relevance' = 'time'): string => searchCase(db, q, { explain: true, order }).plan ?? '';
    // A weak substring (short tokens) with a selective filter: no full-text match, indexOf.
    expect(plan('"| sh" host:web-2 in:commands')).toMatch(/^command \(memory\): indexOf "\| sh" over rows 0\.\.\d+ of \d+$/);
    // Short needles are searched from their rarest character (`x` of `/x.sh`), then checked whole.
    expect(plan('"/x.sh" host:web-2 in:commands')).toMatch(/^command \(memory\): indexOf "x\.sh" \(of "\/x\.sh"\)/);
    // A substring with a token the full-text index can look up: the index drives, the rest is
    // checked on the texts in memory.
    expect(plan('/etc/shadow host:web-2 in:commands')).toMatch(/^command \(index, substrings checked in memory\): SCAN f VIRTUAL TABLE INDEX \d+:ASC$/);
    // The longest required substring drives; the others are checked on its rows.
    expect(plan('"| " AND 10.0.0.9/ in:commands')).toMatch(/^command \(memory\): indexOf "[^"]*"( \(of "10\.0\.0\.9\/"\))? over/); // the longest drives
    expect(plan('"| " AND 10.0.0.9/ in:commands')).toMatch(/10\.0\.0\.9\//);
    expect(plan('"| " AND 10.0.0.9/ AND /etc/shadow in:commands')).toMatch(/^command \(index, substrings checked in memory\)/); // `shadow`: a lookup
    expect(plan('"| " AND ${IFS} in:commands')).toMatch(/^command \(memory\): indexOf "\$\{ifs\}" over/); // the longest drives, lowercased
    expect(plan('/etc/shadow kubectl in:commands')).toMatch(/^command \(index, substrings checked in memory\)/);
    expect(plan('/etc/shadow in:commands', 'relevance')).toMatch(/^command \(index, substrings checked in memory\)/);
    expect(plan('kubectl in:commands')).toMatch(/^command \(index\): SCAN f VIRTUAL TABLE INDEX \d+:ASC$/); // nothing to check
    expect(plan('/etc/shadow in:screen')).toMatch(/^screen \(index, substrings checked in memory\)/);
    expect(searchCase(db, '/etc/shadow', { explain: true, substringScan: false }).plan).not.toMatch(/memory/);
  });
});

describe('the engine agrees with a brute-force reference on random queries', () => {
  it('over a generated corpus (commands and screens, ids out of time order)', async () => {
    const SQL = await loadSqlJs();
    const { db } = buildCorpus(SQL, { commands: 4000, screenEvery: 10, seed: 3 });
    const rows = loadRows(db);
    const words = ['kubectl', 'sudo', 'cat', 'shop', 'restart', 'git', 'curl', 'wget', 'docker', 'passwd', 'shadow', 'tmp', 'nginx', 'http', 'sh', 'bash', 'rm', 'grep', 'ssh', 'i'];
    const subs = ['/etc/shadow', '"| sh"', '"rm -rf /tmp"', '/tmp/', '"-p 2222"', 'apt-get', '"| "', 'tc/pass', '"${IFS}"', '"%"', '":/"'];
    const prefixes = ['kube*', 'pay*', 'ngin*', 'sh*', 'res*'];
    const phrases = ['"rollout restart"', '"apt install"', '"get pods"', '"etc pass*"', '"base64 d"'];
    const filters = ['user:alice', 'user:mallory,bob', 'host:web-*', 'NOT host:db-1', 'source:typed', 'NOT source:output', 'after:2024-03-01 before:2024-06-01', 'after:2024-11-01', 'tty:pts/3', 'session:s-1*', 'in:commands', 'in:screen', 'NOT user:root'];
    let seed = 17;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = <T,>(a: readonly T[]): T => a[rand(a.length)] as T;
    const leaf = (): string => [pick(words), pick(subs), pick(prefixes), pick(phrases)][rand(4)] as string;
    const expr = (depth: number): string => {
      if (depth >= 2) return rand(3) === 0 ? `${leaf()} NOT ${leaf()}` : leaf();
      const r = rand(6);
      if (r === 0) return `(${expr(depth + 1)} OR ${expr(depth + 1)})`;
      if (r === 1) return `${expr(depth + 1)} ${expr(depth + 1)}`;
      if (r === 2) return `${leaf()} NOT ${leaf()}`;
      return leaf();
    };
    let compared = 0;
    let nonEmpty = 0;
    for (let n = 0; n < 150; n++) {
      const parts = [expr(0), ...Array.from({ length: rand(3) }, () => pick(filters))];
      const q = parts.join(' ');
      let parsed;
      try {
        parsed = parseQuery(q);
      } catch {
        continue; // e.g. in: twice
      }
      const want = referenceSearch(rows, parsed);
      const got = searchCase(db, parsed, { limit: 1000 });
      expect(got.total, q).toBe(want.length);
      expect(got.hits.map((h) => `${h.kind}:${h.rowId}`), q).toEqual(want.slice(0, 1000).map((r) => `${r.kind}:${r.id}`));
      compared++;
      if (want.length > 0) nonEmpty++;
    }
    expect(compared).toBeGreaterThan(120);
    expect(nonEmpty).toBeGreaterThan(60);
  }, 120_000);
});
