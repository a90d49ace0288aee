// Session rows for UI tests, in the contract's shape.
import type { SessionRow, Verdict } from '../../electron/core/api/contract.js';

export function sessionRow(id: number, fields: Partial<SessionRow> = {}): SessionRow {
  return {
    id,
    evidenceId: 1,
    sessionKey: `web-1-pts-${id}`,
    user: 'alice',
    host: 'web-1',
    tty: `pts/${id}`,
    remote: null,
    format: 'trail',
    startUs: 1_700_000_000_000_000 + id * 1_000_000,
    endUs: 1_700_000_000_000_000 + id * 1_000_000 + 60_000_000,
    commands: id,
    participants: 1,
    outputBytes: 0,
    verdict: 'verified' as Verdict,
    cols: 80,
    rows: 24,
    ...fields,
  };
}
