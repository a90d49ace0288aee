// Migration 5: what flags need beyond migration 001 (issue 8, docs/rules.md): the analyzer that
// wrote a flag (re-running an analyzer replaces its flags, and only its flags), the rule's title,
// the user and host it concerns (the flags view filters on them) and what matched (JSON).
import type { Migration } from '../migration.js';

export const migration005: Migration = {
  version: 5,
  name: 'flags',
  sql: `
ALTER TABLE flags ADD COLUMN analyzer TEXT NOT NULL DEFAULT '';
ALTER TABLE flags ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE flags ADD COLUMN user TEXT;
ALTER TABLE flags ADD COLUMN host TEXT;
ALTER TABLE flags ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
CREATE INDEX flags_rule ON flags(rule_id);
CREATE INDEX flags_analyzer ON flags(analyzer);
`,
};
