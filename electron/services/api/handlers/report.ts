// `report.export`: writes the PDF report of the open case in the background, as `trailview report`
// does (services/report/export-report.ts), with `report.progress` events and one `report.done`.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolveTimeZone } from '../../../core/search/time-zone.js';
import { FindingError } from '../../findings/finding-types.js';
import { exportReport } from '../../report/export-report.js';
import { ApiError, badRequest, toErrorBody } from '../api-error.js';
import type { AreaHandlers } from '../handler-types.js';
import { absolutePath } from '../paths.js';
import { RequestReader } from '../request-reader.js';

export const reportHandlers: AreaHandlers<'report.export'> = {
  'report.export': {
    parse(raw) {
      const { findings, ...rest } = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
      const r = new RequestReader('report.export', raw === null || typeof raw !== 'object' || Array.isArray(raw) ? raw : rest);
      const out = absolutePath('report.export', 'out', r.string('out', { nonEmpty: true, maxLength: 4096 }));
      const timezone = r.optionalString('timezone', { nonEmpty: true, maxLength: 100 });
      const redact = r.optionalBoolean('redact');
      const overwrite = r.optionalBoolean('overwrite');
      r.done();
      if (!out.toLowerCase().endsWith('.pdf')) throw badRequest(`report.export: "out" must name a .pdf file, not ${JSON.stringify(out)}`);
      if (timezone !== undefined) {
        try {
          resolveTimeZone(timezone);
        } catch (error) {
          throw badRequest(`report.export: "timezone": ${(error as Error).message}`);
        }
      }
      if (findings !== undefined && (!Array.isArray(findings) || !findings.every((id) => Number.isSafeInteger(id) && (id as number) > 0))) {
        throw badRequest('report.export: "findings" must be a list of finding ids');
      }
      return {
        out,
        ...(findings !== undefined ? { findings: findings as number[] } : {}),
        ...(timezone !== undefined ? { timezone } : {}),
        ...(redact !== undefined ? { redact } : {}),
        ...(overwrite !== undefined ? { overwrite } : {}),
      };
    },
    async run(session, request) {
      const handle = session.requireCase('report.export');
      if (existsSync(request.out) && request.overwrite !== true) throw new ApiError('EXISTS', `report.export: ${request.out} exists; choose another file or allow overwriting`);
      let trusted;
      try {
        trusted = await session.trust.trustedKeys();
      } catch (error) {
        throw new ApiError('TRUST_STORE', `report.export: cannot read the trust store in ${session.trust.dir}: ${(error as Error).message}`);
      }
      const exportId = randomUUID();
      // Runs after the answer: the UI follows it through the events. The PDF is written to a temp
      // file and renamed over `out` (which replaces an existing file only with `overwrite`).
      void (async () => {
        try {
          const result = await exportReport(handle, request.out, trusted, {
            ...(request.findings !== undefined ? { findings: request.findings } : {}),
            timezone: request.timezone ?? 'UTC',
            redact: request.redact === true,
            onProgress: (p) => session.events.emit('report.progress', { exportId, ...p }),
          });
          session.events.emit('report.done', {
            exportId,
            result: { file: result.file, pages: result.pages, bytes: result.bytes, sha256: result.sha256, proofs: result.proofs, unproven: result.unproven, redactedItems: result.redactedItems, notes: result.notes },
            error: null,
          });
          session.events.emit('case.changed', { dir: handle.dir });
        } catch (error) {
          const body = error instanceof FindingError ? { code: error.code, message: error.message } : toErrorBody(error, session.log);
          session.events.emit('report.done', { exportId, result: null, error: body });
        }
      })();
      return { exportId };
    },
  },
};
