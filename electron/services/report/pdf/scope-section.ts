// Scope of the review: hosts, users, sessions and time range the case holds, and what the report
// does not cover.
import type { ReportModel } from '../report-model.js';
import type { PageWriter } from './page-writer.js';

export function drawScope(w: PageWriter, m: ReportModel): void {
  w.title('Scope');
  const s = m.scope;
  w.fields(
    [
      ['Hosts', s.hosts.join(', ')],
      ['Users', s.users.join(', ')],
      ['Sessions', `${s.sessions} in the case; ${s.sessionsInvolved} involved in the findings of this report`],
      ['Time range', s.timeRange === null ? '' : `${w.time(s.timeRange.startUs)} – ${w.time(s.timeRange.endUs)}`],
      ['Findings included', m.attachment.options.findings === null ? `all (${m.findings.length})` : m.attachment.options.findings.join(', ')],
    ],
    { labelWidth: 110 },
  );
  w.heading('Not covered', 11);
  for (const line of s.notCovered) w.bullet(line);
  if (m.redaction.applied) {
    w.heading('Redaction', 11);
    const kinds = Object.entries(m.redaction.byKind).map(([k, n]) => `${k}: ${n}`);
    w.para(
      `This report was produced with --redact: ${m.redaction.items} item(s) were masked (shown as •••)${kinds.length > 0 ? ` — ${kinds.join('; ')}` : ''}. Masked record text is also withheld from the attached findings.json; its leaf hash still proves the record's place in the signed log.`,
    );
  }
}
