// `app.*` and `dialog.*`: what the carrier can do, and the native pickers (Electron only).
import { appInfo } from '../api-session.js';
import { noFields, type AreaHandlers } from '../handler-types.js';
import { RequestReader } from '../request-reader.js';

export const appHandlers: AreaHandlers<'app.info' | 'dialog.pickCase' | 'dialog.pickEvidence'> = {
  'app.info': {
    parse: noFields('app.info'),
    run: async (session) => appInfo(session),
  },
  'dialog.pickCase': {
    parse(raw) {
      const r = new RequestReader('dialog.pickCase', raw);
      const create = r.boolean('create');
      r.done();
      return { create };
    },
    run: async (session, { create }) => (await session.options.dialogs?.pickCase(create)) ?? null,
  },
  'dialog.pickEvidence': {
    parse: noFields('dialog.pickEvidence'),
    run: async (session) => (await session.options.dialogs?.pickEvidence()) ?? null,
  },
};
