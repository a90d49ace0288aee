// Every migration, in order. Append new ones; never edit one that has shipped.
// 002 is reserved for the full-text tables (search); the runner applies it whenever it lands.
import type { Migration } from '../migration.js';
import { migration001 } from './001-initial.js';
import { migration003 } from './003-case-store.js';
import { migration005 } from './005-flags.js';
import { migration002 } from '../../../search/search-index.js';

export const MIGRATIONS: readonly Migration[] = [migration001, migration003, migration002, migration005];
