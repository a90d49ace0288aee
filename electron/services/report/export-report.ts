// One export of a report, as both the CLI and the app do it: write the PDF, then record
// `report.exported` (file name, SHA-256, options, counts) in the case's activity log, so the case
// knows which reports were issued from it. The report itself shows the log as it was before.
import path from 'node:path';
import type { VerifierKey } from '../../core/note-keys.js';
import type { CaseHandle } from '../case/case.js';
import type { ReportOptions } from './report-model.js';
import { writeReport, type ReportResult } from './write-report.js';

export async function exportReport(handle: CaseHandle, out: string, trusted: readonly VerifierKey[], options: ReportOptions = {}): Promise<ReportResult> {
  const result = await writeReport(handle, out, trusted, options);
  if (!handle.readOnly) {
    await handle.appendActivity('report.exported', {
      fileName: path.basename(out),
      sha256: result.sha256,
      bytes: result.bytes,
      pages: result.pages,
      findings: options.findings ?? null,
      timezone: options.timezone ?? 'UTC',
      redact: options.redact === true,
      redactedItems: result.redactedItems,
      proofs: result.proofs,
      unproven: result.unproven,
    });
  }
  return result;
}
