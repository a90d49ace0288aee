// The manifest is a convenience, never an authority (docs/bundle-format.md §2): each field is
// recomputed from the records and entries, or compared with the signed `bundle.start` record.
import { createHash } from 'node:crypto';
import { finding, type Finding } from '../../core/findings.js';
import type { AttachmentReference, ScanResult } from '../../core/record-scanner.js';
import type { BundleSource } from '../bundle/bundle-source.js';
import type { ReadCheckpoint } from './read-checkpoint.js';

export interface ManifestEntry {
  name: string;
  size: number;
  sha256: string;
}

export interface ManifestSession {
  id: string;
  user: string | null;
  host: string | null;
  tty: string | null;
  start: string;
  end: string;
  records: number;
}

export interface Manifest {
  format: 'trail';
  version: 1;
  bundleId: string;
  origin: string;
  producer: { name: string; version: string };
  createdAt: string;
  records: number;
  timeRange: { start: string; end: string } | null;
  sessions: ManifestSession[];
  entries: ManifestEntry[];
}

const M = 'manifest.json';

export function readManifest(bytes: Buffer): { manifest: Manifest | null; findings: Finding[] } {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return { manifest: null, findings: [finding('MANIFEST_MISMATCH', M, `manifest.json is not valid JSON: ${(error as Error).message}`)] };
  }
  const problems: string[] = [];
  const obj = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  if (obj === null) return { manifest: null, findings: [finding('MANIFEST_MISMATCH', M, 'manifest.json is not a JSON object')] };
  if (obj.format !== 'trail') problems.push(`"format" must be "trail", found ${JSON.stringify(obj.format)}`);
  if (obj.version !== 1) problems.push(`"version" must be 1, found ${JSON.stringify(obj.version)}`);
  if (!Array.isArray(obj.entries)) problems.push('"entries" must be a list of {name, size, sha256}');
  if (!Array.isArray(obj.sessions)) problems.push('"sessions" must be a list');
  const findings = problems.map((p) => finding('MANIFEST_MISMATCH', M, `manifest.json: ${p}`));
  if (!Array.isArray(obj.entries)) return { manifest: null, findings };
  const manifest = { ...obj, sessions: Array.isArray(obj.sessions) ? obj.sessions : [] } as Manifest;
  return { manifest, findings };
}

/** Compares the manifest's description of the log with what the records say. */
export function checkManifestAgainstRecords(manifest: Manifest, scan: ScanResult, checkpoint: ReadCheckpoint | null): Finding[] {
  const out: Finding[] = [];
  const mismatch = (field: string, expected: unknown, found: unknown, why: string): void => {
    out.push(
      finding('MANIFEST_MISMATCH', M, `manifest field "${field}" ${why}`, {
        expected: JSON.stringify(expected) ?? 'nothing',
        found: JSON.stringify(found) ?? 'nothing',
      }),
    );
  };
  if (manifest.records !== scan.lines) mismatch('records', scan.lines, manifest.records, 'does not match the number of records in records.jsonl');
  const range = scan.minTs !== null && scan.maxTs !== null ? { start: scan.minTs, end: scan.maxTs } : null;
  if (JSON.stringify(manifest.timeRange ?? null) !== JSON.stringify(range)) {
    mismatch('timeRange', range, manifest.timeRange, 'does not match the earliest and latest record times');
  }
  if (checkpoint !== null && manifest.origin !== checkpoint.origin) {
    mismatch('origin', checkpoint.origin, manifest.origin, 'does not match the origin line of the signed checkpoint');
  }

  const start = scan.lastBundleStart?.fields;
  if (start === undefined) {
    out.push(finding('MANIFEST_MISMATCH', 'records.jsonl', 'no bundle.start record repeats the manifest\u2019s identity (bundleId, origin, producer, createdAt) under the signature'));
  } else {
    for (const field of ['bundleId', 'origin', 'createdAt'] as const) {
      if (manifest[field] !== start[field]) mismatch(field, start[field], manifest[field], `does not match the signed bundle.start record (seq ${scan.lastBundleStart?.seq})`);
    }
    if (JSON.stringify(manifest.producer) !== JSON.stringify(start.producer)) {
      mismatch('producer', start.producer, manifest.producer, `does not match the signed bundle.start record (seq ${scan.lastBundleStart?.seq})`);
    }
  }

  const listed = new Map(manifest.sessions.map((s) => [s?.id, s]));
  for (const tally of scan.sessions.values()) {
    const s = listed.get(tally.id);
    listed.delete(tally.id);
    const expected = { id: tally.id, user: tally.user, host: tally.host, tty: tally.tty, start: tally.start, end: tally.end, records: tally.records };
    if (s === undefined) {
      mismatch(`sessions[${tally.id}]`, expected, undefined, 'is absent although the records hold this session');
      continue;
    }
    const got = { id: s.id, user: s.user ?? null, host: s.host ?? null, tty: s.tty ?? null, start: s.start, end: s.end, records: s.records };
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      mismatch(`sessions[${tally.id}]`, expected, got, 'does not match the session\u2019s records');
    }
  }
  for (const id of listed.keys()) mismatch(`sessions[${String(id)}]`, undefined, id, 'names a session that has no records');
  return out;
}

/**
 * Every entry but the manifest must be listed with its exact size and SHA-256, every listed entry
 * must exist, and each attachment must be the bytes its signed `attachment` record names.
 */
export async function checkEntries(
  source: BundleSource,
  manifest: Manifest | null,
  knownHashes: ReadonlyMap<string, string>,
  attachmentRefs: readonly AttachmentReference[],
): Promise<Finding[]> {
  const out: Finding[] = [];
  const listed = new Map((manifest?.entries ?? []).map((e) => [e?.name, e]));
  const referenced = new Map(attachmentRefs.map((a) => [`attachments/${a.sha256}`, a]));
  for (const entry of source.entries()) {
    if (entry.name === 'manifest.json') continue;
    let sha = knownHashes.get(entry.name);
    if (sha === undefined) sha = await hashEntry(source, entry.name);
    if (manifest !== null) {
      const l = listed.get(entry.name);
      listed.delete(entry.name);
      if (l === undefined) {
        out.push(finding('FILE_UNLISTED', entry.name, `${entry.name} is in the bundle but not listed in manifest.json`));
      } else {
        if (l.size !== entry.size) {
          out.push(finding('MANIFEST_MISMATCH', M, `manifest lists ${entry.name} with size ${l.size}, the entry has ${entry.size} bytes`, { expected: String(entry.size), found: String(l.size) }));
        }
        if (l.sha256 !== sha) {
          out.push(finding('MANIFEST_MISMATCH', M, `manifest lists ${entry.name} with a different SHA-256 than its bytes have`, { expected: sha, found: String(l.sha256) }));
        }
      }
    }
    if (entry.name.startsWith('attachments/')) {
      const named = entry.name.slice('attachments/'.length);
      const ref = referenced.get(entry.name);
      referenced.delete(entry.name);
      if (named !== sha) {
        out.push(
          finding('ATTACHMENT_MODIFIED', entry.name, `${entry.name} does not hold the bytes its name (their SHA-256) promises`, {
            expected: named,
            found: sha,
            ...(ref ? { seq: ref.seq } : {}),
          }),
        );
      } else if (ref === undefined) {
        out.push(finding('FILE_UNLISTED', entry.name, `${entry.name} is not referenced by any signed attachment record, so no signature covers it`));
      } else if (ref.size !== entry.size) {
        out.push(finding('ATTACHMENT_MODIFIED', entry.name, `${entry.name} has ${entry.size} bytes, its attachment record (seq ${ref.seq}) says ${ref.size}`, { seq: ref.seq }));
      }
    }
  }
  for (const name of listed.keys()) {
    out.push(finding('FILE_MISSING', String(name), `manifest.json lists ${String(name)} but the bundle does not contain it`));
  }
  for (const [name, ref] of referenced) {
    out.push(finding('FILE_MISSING', name, `attachment record seq ${ref.seq} (${ref.name}) references ${name}, which the bundle does not contain`, { seq: ref.seq }));
  }
  return out;
}

async function hashEntry(source: BundleSource, name: string): Promise<string> {
  const hash = createHash('sha256');
  const stream = await source.openEntryStream(name, { highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}
