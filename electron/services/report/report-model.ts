// Everything a report shows, gathered from the case and its evidence before any page is drawn
// (report-data.ts), so the PDF writer only lays out values and tests can look at them directly.
import type { TimeZone } from '../../core/search/time-zone.js';
import type { ActivityRecordInfo } from '../case/activity-log.js';
import type { Finding, SessionAnchor, TimelineAnchor } from '../findings/finding-types.js';
import type { ReportAttachment } from './findings-json.js';
import type { ScreenExcerpt } from './screen-excerpt.js';

export interface ReportOptions {
  /** Finding ids to include (default: all, in list order). */
  findings?: number[];
  /** Zone for every time shown (default UTC). */
  timezone?: string;
  redact?: boolean;
  /** Extra redaction patterns (JSON, same shape as resources/report/redaction-patterns.json). */
  redactPatterns?: string;
  /** Organisation named on the cover (default: the case's `organisation` meta value, if any). */
  organisation?: string;
  /** Generation time (µs); default now. Only the cover and the PDF metadata show it. */
  generatedAtUs?: number;
  onProgress?: (progress: ReportProgress) => void;
}

export interface ReportProgress {
  phase: 'evidence' | 'findings' | 'pages' | 'write';
  done: number;
  total: number;
  /** Plain words for a progress line. */
  label: string;
}

export interface EvidenceModel {
  id: number;
  fileName: string;
  kind: string;
  format: string;
  size: number;
  sha256: string;
  origin: string | null;
  importedAtUs: number;
  importedBy: string;
  importedFrom: string | null;
  verdict: string;
  signers: Array<{ name: string; keyId: string | null; trusted: boolean; valid: boolean }>;
  checkpoint: { origin: string; treeSize: number; rootHash: string } | null;
  /** Verification findings recorded at import. */
  findings: Array<{ code: string; message: string; seq: number | null }>;
  records: number;
  sessions: number;
  timeRange: { startUs: number; endUs: number } | null;
  /** What this report found when it read the evidence again. */
  recheck: { records: number; rootMatches: boolean | null; signatures: string[]; problem: string | null };
}

export interface SessionModel {
  id: number;
  key: string;
  evidenceId: number;
  user: string | null;
  host: string | null;
  tty: string | null;
  startUs: number | null;
  endUs: number | null;
  participants: Array<{ kind: 'join' | 'leave'; tsUs: number; user: string | null }>;
  commandTimes: number[];
}

export interface CitedRecordModel {
  evidenceSha256: string;
  seq: number;
  type: string;
  /** Index into the attachment's proofs, or null with the reason. */
  proof: number | null;
  problem: string | null;
}

export interface ExcerptModel {
  label: string;
  tsUs: number;
  screen: ScreenExcerpt;
  /** The output record the screen was rendered up to (cited). */
  seq: number | null;
}

export interface SessionAnchorModel {
  anchor: SessionAnchor;
  session: SessionModel | null;
  commands: Array<{ seq: number; tsUs: number; text: string; user: string | null }>;
  /** Commands in range beyond those listed. */
  moreCommands: number;
  excerpts: ExcerptModel[];
}

export interface QueryAnchorModel {
  query: string;
  total: number;
  hits: Array<{ tsUs: number; session: string; sessionId: number; seq: number | null; user: string | null; host: string | null; kind: string; text: string }>;
  problem: string | null;
}

export interface FindingModel {
  number: number;
  finding: Finding;
  sessions: SessionAnchorModel[];
  queries: QueryAnchorModel[];
  timelines: TimelineAnchor[];
  cited: CitedRecordModel[];
}

export interface ReportModel {
  tool: string;
  case: { id: string; name: string; examiner: string; createdAt: string };
  organisation: string | null;
  generatedAtUs: number;
  zone: TimeZone;
  evidence: EvidenceModel[];
  /** Sessions in the timeline figure (those the findings involve). */
  sessions: SessionModel[];
  findings: FindingModel[];
  scope: {
    hosts: string[];
    users: string[];
    sessions: number;
    sessionsInvolved: number;
    timeRange: { startUs: number; endUs: number } | null;
    notCovered: string[];
  };
  activity: { records: ActivityRecordInfo[]; head: string | null };
  redaction: { applied: boolean; items: number; byKind: Record<string, number> };
  /** Notes on the report itself (fonts, limits met). */
  notes: string[];
  attachment: ReportAttachment;
}
