// Verification findings (docs/bundle-format.md §6.2). Codes are a public contract: scripts match
// on them, so they are never renamed; new ones may be added.

export const FINDING_CODES = [
  'RECORD_MODIFIED',
  'RECORD_MISSING',
  'RECORD_INSERTED',
  'RECORD_REORDERED',
  'RECORD_DUPLICATED',
  'TRUNCATED',
  'MALFORMED_RECORD',
  'CHECKPOINT_MISMATCH',
  'SIGNATURE_INVALID',
  'KEY_UNTRUSTED',
  'MANIFEST_MISMATCH',
  'FILE_MISSING',
  'FILE_UNLISTED',
  'NOT_CONSISTENT',
  'ATTACHMENT_MODIFIED',
  'BUNDLE_REFUSED',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export interface Finding {
  code: FindingCode;
  /** The bundle entry the finding is about, e.g. `records.jsonl`, `checkpoint`, `manifest.json`. */
  entry: string;
  /** 1-based line in the entry, when it applies. */
  line: number | null;
  /** Byte offset in the entry, when it applies. */
  offset: number | null;
  /** The record's `seq` (as written in it), when known. */
  seq: number | null;
  expected: string | null;
  found: string | null;
  /** Plain words for the reader of the report. */
  message: string;
}

export function finding(code: FindingCode, entry: string, message: string, at: Partial<Omit<Finding, 'code' | 'entry' | 'message'>> = {}): Finding {
  return {
    code,
    entry,
    line: at.line ?? null,
    offset: at.offset ?? null,
    seq: at.seq ?? null,
    expected: at.expected ?? null,
    found: at.found ?? null,
    message,
  };
}
