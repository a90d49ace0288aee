// `import.*`: start an import into the open case (progress and outcome arrive as events), cancel it.
import { ApiError } from '../api-error.js';
import type { AreaHandlers } from '../handler-types.js';
import { absolutePath } from '../paths.js';
import { RequestReader } from '../request-reader.js';

export const importHandlers: AreaHandlers<'import.start' | 'import.cancel'> = {
  'import.start': {
    parse(raw) {
      const r = new RequestReader('import.start', raw);
      const paths = r.stringArray('paths', { maxItems: 10_000, nonEmpty: true, maxLength: 4096 }).map((p, i) => absolutePath('import.start', `paths[${i}]`, p));
      r.done();
      return { paths };
    },
    async run(session, { paths }) {
      const handle = session.requireWritableCase('import.start');
      let trusted;
      let savedCheckpoints;
      try {
        trusted = await session.trust.trustedKeys();
        savedCheckpoints = await session.trust.savedCheckpoints();
      } catch (error) {
        throw new ApiError('TRUST_STORE', `import.start: cannot read the trust store in ${session.trust.dir}: ${(error as Error).message}`);
      }
      const importId = session.imports.start({
        handle,
        paths,
        trusted,
        savedCheckpoints,
        ...(session.options.screenText !== undefined ? { screenText: session.options.screenText } : {}),
        onFinished: async (imported) => {
          if (!imported) return;
          session.invalidateIndexes();
          session.events.emit('case.changed', { dir: handle.dir });
        },
      });
      return { importId };
    },
  },
  'import.cancel': {
    parse(raw) {
      const r = new RequestReader('import.cancel', raw);
      const importId = r.string('importId', { nonEmpty: true, maxLength: 100 });
      r.done();
      return { importId };
    },
    run: async (session, { importId }) => {
      session.imports.cancel(importId);
      return null;
    },
  },
};
