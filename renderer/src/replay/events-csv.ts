// CSV export of the merged events table (RFC 4180 quoting). Cells that a spreadsheet would run as a
// formula (=, +, -, @, tab, CR first) get a leading apostrophe: evidence text is attacker-controlled.
import type { EventsTableRow } from '../../../electron/core/api/contract.js';

function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function eventsCsv(rows: readonly EventsTableRow[], formatTime: (us: number) => string): string {
  const lines = [['time', 'time_utc', 'host', 'session', 'user', 'kind', 'text'].join(',')];
  for (const r of rows) lines.push([cell(formatTime(r.tsUs)), cell(r.ts), cell(r.host), cell(r.session), cell(r.user), cell(r.kind), cell(r.text)].join(','));
  return `${lines.join('\r\n')}\r\n`;
}
