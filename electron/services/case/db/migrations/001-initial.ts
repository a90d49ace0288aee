// Migration 1: the case database's base tables (docs/architecture.md, "The case").
// Times are integer microseconds since the Unix epoch (UTC), like record timestamps.
// Output bytes are never copied here: output_index points into the evidence (records.jsonl).
import type { Migration } from '../migration.js';

export const migration001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- One row per imported evidence item (a Trail bundle, or a raw recording marked unsealed).
CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('bundle', 'recording')),
  file_name TEXT NOT NULL,
  stored_as TEXT NOT NULL,
  size INTEGER NOT NULL,
  format TEXT NOT NULL,
  imported_at INTEGER NOT NULL,
  imported_by TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('verified', 'untrusted', 'unsigned', 'invalid', 'raw')),
  origin TEXT,
  signers TEXT NOT NULL DEFAULT '[]',
  checkpoint TEXT,
  findings TEXT NOT NULL DEFAULT '[]',
  records INTEGER NOT NULL DEFAULT 0,
  time_start INTEGER,
  time_end INTEGER,
  -- For raw recordings: the unsigned bundle Trailview derived from it (the index points into it).
  index_source TEXT
);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  evidence_id INTEGER NOT NULL REFERENCES evidence(id),
  session_key TEXT NOT NULL,
  user TEXT,
  host TEXT,
  tty TEXT,
  term TEXT,
  cols INTEGER,
  rows INTEGER,
  remote TEXT,
  recorder TEXT,
  format TEXT,
  start_us INTEGER,
  end_us INTEGER,
  exit_status INTEGER,
  missing TEXT NOT NULL DEFAULT '[]',
  commands INTEGER NOT NULL DEFAULT 0,
  participants INTEGER NOT NULL DEFAULT 0,
  output_bytes INTEGER NOT NULL DEFAULT 0,
  UNIQUE (evidence_id, session_key)
);
CREATE INDEX sessions_start ON sessions(start_us);

-- Joins and leaves of shared sessions.
CREATE TABLE participants (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  kind TEXT NOT NULL CHECK (kind IN ('join', 'leave')),
  ts_us INTEGER NOT NULL,
  seq INTEGER,
  user TEXT,
  uid INTEGER,
  client_tty TEXT,
  client TEXT,
  remote TEXT,
  read_only INTEGER NOT NULL DEFAULT 0,
  pid INTEGER
);
CREATE INDEX participants_session_ts ON participants(session_id, ts_us);

-- Commands, denormalised with user/host so filtered searches need no join.
CREATE TABLE commands (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  ts_us INTEGER NOT NULL,
  seq INTEGER,
  text TEXT NOT NULL,
  cwd TEXT,
  exit_status INTEGER,
  source TEXT NOT NULL,
  confidence REAL NOT NULL,
  user TEXT,
  host TEXT
);
CREATE INDEX commands_ts ON commands(ts_us);
CREATE INDEX commands_user_ts ON commands(user, ts_us);
CREATE INDEX commands_host_ts ON commands(host, ts_us);
CREATE INDEX commands_session_ts ON commands(session_id, ts_us);

-- Where a session's output lives in the evidence: one row per run of out records (about 64 KiB
-- of output), so bytes are read from the evidence on demand, never duplicated here.
CREATE TABLE output_index (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  ts_us INTEGER NOT NULL,
  end_us INTEGER NOT NULL,
  first_seq INTEGER NOT NULL,
  records INTEGER NOT NULL,
  entry TEXT NOT NULL,
  offset INTEGER NOT NULL,
  length INTEGER NOT NULL,
  bytes INTEGER NOT NULL
);
CREATE INDEX output_index_session_ts ON output_index(session_id, ts_us);

-- What the terminal showed, sampled at command boundaries and at intervals, for search.
CREATE TABLE screen_text (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  ts_us INTEGER NOT NULL,
  reason TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX screen_text_session_ts ON screen_text(session_id, ts_us);

CREATE TABLE flags (
  id INTEGER PRIMARY KEY,
  rule_id TEXT NOT NULL,
  severity TEXT NOT NULL,
  session_id INTEGER REFERENCES sessions(id),
  ts_us INTEGER NOT NULL,
  end_us INTEGER,
  seqs TEXT NOT NULL DEFAULT '[]',
  explanation TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX flags_ts ON flags(ts_us);

CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
  status TEXT NOT NULL DEFAULT 'open',
  tags TEXT NOT NULL DEFAULT '[]',
  notes TEXT NOT NULL DEFAULT '',
  anchors TEXT NOT NULL DEFAULT '[]',
  position INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE saved_searches (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  query TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
`,
};
