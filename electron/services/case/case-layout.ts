// Where things live inside a case folder (docs/architecture.md, "The case"):
//
//   CASE/
//     case.sqlite          the catalog: evidence, sessions, participants, index shards, findings,
//                          flags, saved searches (sql.js; saved atomically)
//     activity.jsonl       the reviewer's activity log: hash-chained `activity` records
//     evidence/<sha256>    each imported bundle or raw recording, byte-exact and read-only, named by
//                          the SHA-256 of its bytes (a folder: of its canonical listing)
//     evidence/<sha256>.trail   for a raw recording: the unsigned bundle derived from it
//     index/<sha256>.<n>.sqlite the index shards of that evidence: commands, output index, screen text
//     case.lock            while a Trailview has the case open for writing (pid, host, time)
//     case.sqlite.next     only during a save (write-ahead copy, see case-db.ts)
//     .import-*            only during an import (staging; removed on success, failure or cancel)
import path from 'node:path';

export const CASE_DB = 'case.sqlite';
export const CASE_DB_NEXT = 'case.sqlite.next';
export const ACTIVITY_LOG = 'activity.jsonl';
export const LOCK_FILE = 'case.lock';
export const EVIDENCE_DIR = 'evidence';
export const INDEX_DIR = 'index';
export const STAGING_PREFIX = '.import-';

/** The `meta.format` value of a case catalog, and of an index shard. */
export const CASE_FORMAT = 'trailview-case';
export const INDEX_FORMAT = 'trailview-case-index';
/** Layout version of the case folder (not the schema version, which migrations track). */
export const CASE_LAYOUT_VERSION = 1;

export function evidencePath(sha256: string): string {
  return `${EVIDENCE_DIR}/${sha256}`;
}

export function derivedBundlePath(sha256: string): string {
  return `${EVIDENCE_DIR}/${sha256}.trail`;
}

export function shardPath(evidenceSha256: string, part: number): string {
  return `${INDEX_DIR}/${evidenceSha256}.${part}.sqlite`;
}

/** A case-relative path (always `/`-separated) as an absolute path. */
export function resolveIn(dir: string, relative: string): string {
  return path.join(dir, ...relative.split('/'));
}

const HEX64 = /^[0-9a-f]{64}$/;
export function isSha256Name(name: string): boolean {
  return HEX64.test(name);
}
