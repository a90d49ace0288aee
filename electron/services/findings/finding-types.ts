// A finding (docs/report.md, "Findings"): what a reviewer concluded, with anchors into the evidence
// that let anyone find, replay and prove the records it rests on. Stored in the catalog's
// `findings` table (migration 001); anchors and tags as JSON.

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STATUSES = ['open', 'confirmed', 'false-positive', 'closed'] as const;
export type FindingStatus = (typeof STATUSES)[number];

/** Records of one session in a time range; `records` is what the range covered when anchored. */
export interface SessionAnchor {
  kind: 'session';
  sessionId: number;
  sessionKey: string;
  evidenceId: number;
  evidenceSha256: string;
  /** Canonical UTC timestamps and their microseconds. */
  from: string;
  to: string;
  fromUs: number;
  toUs: number;
  /** The session's records with from ≤ ts ≤ to: first and last seq and how many (null: none). */
  records: { first: number; last: number; count: number } | null;
}

/** A search (docs/search.md): the finding is about what it matches. */
export interface QueryAnchor {
  kind: 'query';
  query: string;
}

/** A brush over the timeline: a time range across some sessions (all when empty). */
export interface TimelineAnchor {
  kind: 'timeline';
  from: string;
  to: string;
  fromUs: number;
  toUs: number;
  sessionIds: number[];
}

export type Anchor = SessionAnchor | QueryAnchor | TimelineAnchor;

export interface Finding {
  id: number;
  title: string;
  severity: Severity;
  status: FindingStatus;
  tags: string[];
  /** Markdown (paragraphs, lists, code, emphasis). */
  notes: string;
  anchors: Anchor[];
  /** 1-based order in the findings list (and in the report). */
  position: number;
  createdAt: string;
  updatedAt: string;
}

/** What a reviewer asks for; anchors are resolved against the case (anchor-resolve.ts). */
export type AnchorRequest =
  | { kind: 'session'; session: string; from: string; to: string }
  /** The app names sessions by catalog id (never mistaken for a key). */
  | { kind: 'session-id'; sessionId: number; from: string; to: string }
  | { kind: 'query'; query: string }
  | { kind: 'timeline'; from: string; to: string; sessions?: string[]; sessionIds?: number[] };

export interface NewFinding {
  title: string;
  severity: string;
  status?: string;
  tags?: string[];
  notes?: string;
  anchors: AnchorRequest[];
}

export interface FindingPatch {
  title?: string;
  severity?: string;
  status?: string;
  tags?: string[];
  notes?: string;
  /** Replaces every anchor when given. */
  anchors?: AnchorRequest[];
}

/** Bad input from the reviewer (which field, what was expected): CLI exit 2, API BAD_REQUEST. */
export class FindingError extends Error {
  constructor(
    message: string,
    readonly code: 'BAD_REQUEST' | 'NOT_FOUND' = 'BAD_REQUEST',
  ) {
    super(message);
  }
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

export function isStatus(value: string): value is FindingStatus {
  return (STATUSES as readonly string[]).includes(value);
}
