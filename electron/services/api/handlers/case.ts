// `case.*` and `evidence.*`: open, create, close and show the case; recent cases.
import { caseView, evidenceDetail } from '../case-views.js';
import { noFields, type AreaHandlers } from '../handler-types.js';
import { absolutePath } from '../paths.js';
import { RequestReader } from '../request-reader.js';

const MAX_PATH = 4096;

export const caseHandlers: AreaHandlers<'case.current' | 'case.open' | 'case.create' | 'case.close' | 'case.recent' | 'evidence.detail'> = {
  'case.current': {
    parse: noFields('case.current'),
    run: async (session) => (session.current === null ? null : caseView(session.current)),
  },
  'case.open': {
    parse(raw) {
      const r = new RequestReader('case.open', raw);
      const dir = absolutePath('case.open', 'dir', r.string('dir', { nonEmpty: true, maxLength: MAX_PATH }));
      r.done();
      return { dir };
    },
    run: async (session, { dir }) => caseView(await session.openCase(dir)),
  },
  'case.create': {
    parse(raw) {
      const r = new RequestReader('case.create', raw);
      const dir = absolutePath('case.create', 'dir', r.string('dir', { nonEmpty: true, maxLength: MAX_PATH }));
      const name = r.optionalString('name', { nonEmpty: true, maxLength: 200 });
      const examiner = r.optionalString('examiner', { nonEmpty: true, maxLength: 200 });
      r.done();
      return { dir, ...(name !== undefined ? { name } : {}), ...(examiner !== undefined ? { examiner } : {}) };
    },
    run: async (session, request) => caseView(await session.createCase(request.dir, request)),
  },
  'case.close': {
    parse: noFields('case.close'),
    run: async (session) => {
      await session.closeCase();
      return null;
    },
  },
  'case.recent': {
    parse: noFields('case.recent'),
    run: async (session) => session.recent.list(),
  },
  'evidence.detail': {
    parse(raw) {
      const r = new RequestReader('evidence.detail', raw);
      const evidenceId = r.integer('evidenceId', 1);
      r.done();
      return { evidenceId };
    },
    run: async (session, { evidenceId }) => evidenceDetail(session.requireCase('evidence.detail'), evidenceId),
  },
};
