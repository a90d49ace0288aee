// Every migration, in order. Append new ones; never edit one that has shipped.
import type { Migration } from '../migration.js';
import { migration001 } from './001-initial.js';

export const MIGRATIONS: readonly Migration[] = [migration001];
