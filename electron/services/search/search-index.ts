// The full-text index of a case database (docs/search.md, "The index"): migration 2 and the
// incremental indexer the import pipeline calls inside its transaction.
//
// Design (measured in ../shared/PERF-NOTES.md §3 and test/bench/search-bench.ts):
// - FTS4 (sql.js has no FTS5), external content: the text stays in commands / screen_text only.
// - Document ids are chronological: docid = the row's ts_us, moved up to the next free
//   microsecond when two rows share one (the largest move is kept in meta as `shift`). The index
//   then yields matches in time order (`ORDER BY docid` is free and stops at LIMIT), and a time
//   range is a docid range. Row ids are not chronological across imports, so docids are mapped to
//   rows by search_*_docs, and the external content is a view over that mapping.
// - A second column, `attrs`, holds one token per filterable field (`u<hex(user)>`,
//   `h<hex(host)>`): `kubectl user:alice` is then an intersection inside the index, and counting
//   it needs no join. Commands carry user and host; screen samples get them from their session
//   (search_session_attrs, filled by the indexer from the case catalog).
// - Tokenizer: unicode61 with its default separators (tokens.ts explains why).
import type { Database } from 'sql.js';
import type { Migration } from '../case/db/migration.js';
import { forgetTextColumns } from './text-columns.js';

/** The attribute tokens of a command row aliased `c` (hex(NULL) is ''): must match core/search/fts-plan.ts attrMatch. */
const ATTRS = (c: string): string => `'u' || hex(${c}.user) || ' h' || hex(${c}.host)`;

export const migration002: Migration = {
  version: 2,
  name: 'search-index',
  sql: `
CREATE TABLE search_command_docs (
  docid INTEGER PRIMARY KEY,
  row_id INTEGER NOT NULL
);
CREATE TABLE search_screen_docs (
  docid INTEGER PRIMARY KEY,
  row_id INTEGER NOT NULL
);
CREATE VIEW search_command_content AS
  SELECT m.docid AS rowid, c.text AS text, ${ATTRS('c')} AS attrs
  FROM search_command_docs m JOIN commands c ON c.id = m.row_id;
-- Who and where for screen samples: screen_text has only session_id, and an index shard has no
-- sessions (the catalog does), so the indexer copies user and host of the sessions it meets here.
CREATE TABLE search_session_attrs (
  session_id INTEGER PRIMARY KEY,
  user TEXT,
  host TEXT
);
CREATE VIEW search_screen_content AS
  SELECT m.docid AS rowid, t.text AS text, ${ATTRS('a')} AS attrs
  FROM search_screen_docs m JOIN screen_text t ON t.id = m.row_id LEFT JOIN search_session_attrs a ON a.session_id = t.session_id;
CREATE VIRTUAL TABLE search_command_fts USING fts4(content='search_command_content', text, attrs, tokenize=unicode61);
CREATE VIRTUAL TABLE search_screen_fts USING fts4(content='search_screen_content', text, attrs, tokenize=unicode61);
-- Screen text in time order for searches without words (filters and a time range only).
CREATE INDEX search_screen_text_ts ON screen_text(ts_us);
`,
};

export type IndexedKind = 'command' | 'screen';

/** Names of everything one kind of row uses in the index. Fixed strings: never user input. */
export interface KindTables {
  kind: IndexedKind;
  table: 'commands' | 'screen_text';
  docs: 'search_command_docs' | 'search_screen_docs';
  content: 'search_command_content' | 'search_screen_content';
  fts: 'search_command_fts' | 'search_screen_fts';
  /** Where the attribute tokens come from: the row itself (commands) or its session (screens). */
  attrsFrom: 'row' | 'session';
}

export const KINDS: Record<IndexedKind, KindTables> = {
  command: { kind: 'command', table: 'commands', docs: 'search_command_docs', content: 'search_command_content', fts: 'search_command_fts', attrsFrom: 'row' },
  screen: { kind: 'screen', table: 'screen_text', docs: 'search_screen_docs', content: 'search_screen_content', fts: 'search_screen_fts', attrsFrom: 'session' },
};

export interface IndexState {
  /** Highest row id indexed. */
  highWater: number;
  /** Largest docid - ts_us over indexed rows (0 unless rows share a microsecond). */
  shift: number;
}

export interface IndexUpdate {
  commands: number;
  screens: number;
  /** Sessions of newly indexed screen samples that the sessions table did not know (user:/host: cannot find those samples). */
  unknownSessions: number;
}

export interface IndexOptions {
  /** Where the sessions are (the case catalog when `db` is an index shard); default `db`. */
  sessions?: Database;
}

function metaKey(kind: IndexedKind, name: 'hwm' | 'shift'): string {
  return `search.${kind}.${name}`;
}

function scalar(db: Database, sql: string, params: Array<number | string> = []): number {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    if (!stmt.step()) return 0;
    const v = stmt.get()[0];
    return typeof v === 'number' ? v : Number(v ?? 0);
  } finally {
    stmt.free();
  }
}

export function hasSearchIndex(db: Database): boolean {
  return scalar(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('search_command_fts', 'search_screen_fts')") === 2;
}

export function indexState(db: Database, kind: IndexedKind): IndexState {
  const read = (name: 'hwm' | 'shift'): number => {
    const stmt = db.prepare('SELECT value FROM meta WHERE key = ?');
    try {
      stmt.bind([metaKey(kind, name)]);
      return stmt.step() ? Number(stmt.get()[0]) : 0;
    } finally {
      stmt.free();
    }
  };
  return { highWater: read('hwm'), shift: read('shift') };
}

function writeState(db: Database, kind: IndexedKind, state: IndexState): void {
  const stmt = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  try {
    stmt.run([metaKey(kind, 'hwm'), String(state.highWater)]);
    stmt.run([metaKey(kind, 'shift'), String(state.shift)]);
  } finally {
    stmt.free();
  }
}

/**
 * Indexes the commands and screen_text rows added since the last call (rows are appended with
 * increasing ids; the highest id indexed is kept in meta). Idempotent. Runs inside the caller's
 * transaction when there is one (a savepoint), else in its own.
 */
export function updateSearchIndex(db: Database, options: IndexOptions = {}): IndexUpdate {
  forgetTextColumns(db); // substring searches must see the rows indexed now (rebuilds come here too)
  db.exec('SAVEPOINT search_index');
  try {
    const unknownSessions = copySessionAttrs(db, options.sessions ?? db);
    const result = { commands: indexKind(db, KINDS.command), screens: indexKind(db, KINDS.screen), unknownSessions };
    db.exec('RELEASE search_index');
    return result;
  } catch (error) {
    db.exec('ROLLBACK TO search_index');
    db.exec('RELEASE search_index');
    throw error;
  }
}

function indexKind(db: Database, k: KindTables): number {
  const state = indexState(db, k.kind);
  const maxId = scalar(db, `SELECT coalesce(max(id), 0) FROM ${k.table}`);
  if (maxId <= state.highWater) return 0;
  const hwm = state.highWater;
  const added = scalar(db, `SELECT count(*) FROM ${k.table} WHERE id > ?`, [hwm]);

  // 1. Each row at its own microsecond when it is free (the common case: one statement).
  db.run(`INSERT OR IGNORE INTO ${k.docs} (docid, row_id) SELECT ts_us, id FROM ${k.table} WHERE id > ? ORDER BY id`, [hwm]);
  const natural = db.getRowsModified();
  const attrs = k.attrsFrom === 'row' ? ATTRS('t') : ATTRS('a');
  const sessionJoin = k.attrsFrom === 'row' ? '' : 'LEFT JOIN search_session_attrs a ON a.session_id = t.session_id';
  // In docid order: FTS4 flushes its pending terms whenever a docid is lower than the previous
  // one, and rows arrive in id order, not time order (measured: 1.9x slower unsorted). The mapping
  // is read in its own order (docid is its key) and each row looked up by id: no sort of the rows
  // and their text (1M-command import: 0.9 s less for the commands of its first part). The
  // mapping holds only rows placed at their own microsecond so far (step 2 comes after).
  db.run(
    `INSERT INTO ${k.fts} (docid, text, attrs)
     SELECT m.docid, t.text, ${attrs} FROM ${k.docs} m CROSS JOIN ${k.table} t ON t.id = m.row_id ${sessionJoin}
     WHERE m.row_id > ? ORDER BY m.docid`,
    [hwm],
  );

  // 2. Rows whose microsecond was taken: the next free one, in time order (so a pile of rows at
  //    one instant stays in id order and costs one probe each).
  let shift = state.shift;
  if (natural < added) {
    const moved = db.prepare(
      `SELECT t.id, t.ts_us FROM ${k.table} t WHERE t.id > ?
       AND NOT EXISTS (SELECT 1 FROM ${k.docs} m WHERE m.docid = t.ts_us AND m.row_id = t.id) ORDER BY t.ts_us, t.id`,
    );
    const place = db.prepare(`INSERT OR IGNORE INTO ${k.docs} (docid, row_id) VALUES (?, ?)`);
    const index = db.prepare(`INSERT INTO ${k.fts} (docid, text, attrs) SELECT rowid, text, attrs FROM ${k.content} WHERE rowid = ?`);
    try {
      moved.bind([hwm]);
      let cursor = -Infinity;
      while (moved.step()) {
        const [id, ts] = moved.get() as [number, number];
        let docid = cursor >= ts ? cursor + 1 : ts;
        for (;;) {
          place.run([docid, id]);
          if (db.getRowsModified() === 1) break;
          docid++;
        }
        index.run([docid]);
        cursor = docid;
        shift = Math.max(shift, docid - ts);
      }
    } finally {
      moved.free();
      place.free();
      index.free();
    }
  }
  writeState(db, k.kind, { highWater: maxId, shift });
  return added;
}

/** Copies user and host of the sessions of not-yet-indexed screen samples; returns how many were unknown. */
function copySessionAttrs(db: Database, sessions: Database): number {
  const { highWater } = indexState(db, 'screen');
  const ids: number[] = [];
  const pending = db.prepare(
    'SELECT DISTINCT t.session_id FROM screen_text t WHERE t.id > ? AND NOT EXISTS (SELECT 1 FROM search_session_attrs a WHERE a.session_id = t.session_id)',
  );
  try {
    pending.bind([highWater]);
    while (pending.step()) ids.push(Number(pending.get()[0]));
  } finally {
    pending.free();
  }
  if (ids.length === 0) return 0;
  const found = new Map<number, [unknown, unknown]>();
  const lookup = sessions.prepare('SELECT id, user, host FROM sessions WHERE id IN (SELECT value FROM json_each(?))');
  try {
    lookup.bind([JSON.stringify(ids)]);
    while (lookup.step()) {
      const [id, user, host] = lookup.get();
      found.set(Number(id), [user, host]);
    }
  } finally {
    lookup.free();
  }
  const insert = db.prepare('INSERT INTO search_session_attrs (session_id, user, host) VALUES (?, ?, ?)');
  try {
    for (const id of ids) {
      const [user, host] = found.get(id) ?? [null, null];
      insert.run([id, typeof user === 'string' ? user : null, typeof host === 'string' ? host : null]);
    }
  } finally {
    insert.free();
  }
  return ids.filter((id) => !found.has(id)).length;
}

/** Merges the index segments into one (after a large import: smaller and faster to query). */
export function optimizeSearchIndex(db: Database): void {
  for (const k of Object.values(KINDS)) db.exec(`INSERT INTO ${k.fts} (${k.fts}) VALUES ('optimize')`);
}

/** Drops the index and builds it again from the rows (after rows were deleted or rewritten). */
export function rebuildSearchIndex(db: Database, options: IndexOptions = {}): IndexUpdate {
  db.exec('SAVEPOINT search_rebuild');
  try {
    db.exec('DELETE FROM search_session_attrs');
    for (const k of Object.values(KINDS)) {
      db.exec(`DELETE FROM ${k.docs}`);
      // With the mapping empty, the content view is empty: 'rebuild' empties the index.
      db.exec(`INSERT INTO ${k.fts} (${k.fts}) VALUES ('rebuild')`);
      writeState(db, k.kind, { highWater: 0, shift: 0 });
    }
    const result = updateSearchIndex(db, options);
    db.exec('RELEASE search_rebuild');
    return result;
  } catch (error) {
    db.exec('ROLLBACK TO search_rebuild');
    db.exec('RELEASE search_rebuild');
    throw error;
  }
}

export interface IndexHealth {
  kind: IndexedKind;
  rows: number;
  indexed: number;
}

/** Rows present and rows indexed, per kind: they differ when an import did not index (a bug) or rows were deleted. */
export function searchIndexHealth(db: Database): IndexHealth[] {
  return Object.values(KINDS).map((k) => ({
    kind: k.kind,
    rows: scalar(db, `SELECT count(*) FROM ${k.table}`),
    indexed: scalar(db, `SELECT count(*) FROM ${k.docs}`),
  }));
}
