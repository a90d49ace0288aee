// Migration 3: what the case store needs beyond the base tables (docs/architecture.md, "The case").
// - evidence: where it came from, a quick fingerprint for the check on open, counts, import problems
//   and the SHA-256 of the bundle derived from a raw recording.
// - index_shards: the index databases (index/<sha256>.<part>.sqlite) holding each evidence item's
//   commands, output index and screen text, with the id ranges they hold: row ids are unique in the
//   whole case, so a finding's anchor names one command wherever it is stored.
// Independent of migration 2 (full-text tables): either may be applied first.
import type { Migration } from '../migration.js';

export const migration003: Migration = {
  version: 3,
  name: 'case-store',
  sql: `
ALTER TABLE evidence ADD COLUMN imported_from TEXT;
ALTER TABLE evidence ADD COLUMN fingerprint TEXT;
ALTER TABLE evidence ADD COLUMN index_source_sha256 TEXT;
ALTER TABLE evidence ADD COLUMN sessions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE evidence ADD COLUMN commands INTEGER NOT NULL DEFAULT 0;
ALTER TABLE evidence ADD COLUMN output_bytes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE evidence ADD COLUMN problems TEXT NOT NULL DEFAULT '[]';

CREATE TABLE index_shards (
  id INTEGER PRIMARY KEY,
  evidence_id INTEGER NOT NULL REFERENCES evidence(id),
  part INTEGER NOT NULL,
  file TEXT NOT NULL UNIQUE,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  commands INTEGER NOT NULL DEFAULT 0,
  output_runs INTEGER NOT NULL DEFAULT 0,
  screen_samples INTEGER NOT NULL DEFAULT 0,
  first_command_id INTEGER,
  last_command_id INTEGER,
  first_output_id INTEGER,
  last_output_id INTEGER,
  first_screen_id INTEGER,
  last_screen_id INTEGER,
  time_start INTEGER,
  time_end INTEGER,
  UNIQUE (evidence_id, part)
);
CREATE INDEX index_shards_commands ON index_shards(first_command_id);

CREATE INDEX sessions_evidence ON sessions(evidence_id);
CREATE INDEX sessions_user ON sessions(user);
CREATE INDEX sessions_host ON sessions(host);
`,
};
