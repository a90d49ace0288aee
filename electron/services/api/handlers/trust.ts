// `trust.*`: the examiner's trust store (pinned verifier keys) and saved checkpoints, in the config
// dir. Changing keys does not change verdicts already recorded in a case (they are evidence of what
// was verified at import); it decides the verdict of what is imported next.
import { stat } from 'node:fs/promises';
import type { SavedCheckpointView, TrustedKeyView } from '../../../core/api/contract.js';
import { toBase64 } from '../../../core/hex.js';
import { formatKeyId, parseVerifierKey } from '../../../core/note-keys.js';
import { ApiError, badRequest } from '../api-error.js';
import type { ApiSession } from '../api-session.js';
import { noFields, type AreaHandlers } from '../handler-types.js';
import { RequestReader } from '../request-reader.js';

export const trustHandlers: AreaHandlers<'trust.list' | 'trust.addKey' | 'trust.removeKey'> = {
  'trust.list': {
    parse: noFields('trust.list'),
    async run(session) {
      const keys = await readStore(session, () => session.trust.listKeys());
      const saved = await readStore(session, () => session.trust.savedCheckpoints());
      const checkpoints: SavedCheckpointView[] = [];
      for (const c of saved) {
        const savedAt = await stat(c.from).then((s) => s.mtime.toISOString(), () => null);
        checkpoints.push({ origin: c.origin, size: c.treeSize, rootHash: toBase64(c.rootHash), savedAt, from: c.from });
      }
      return { keys: keys.map((e) => keyView(e.key, e.comment)), checkpoints };
    },
  },
  'trust.addKey': {
    parse(raw) {
      const r = new RequestReader('trust.addKey', raw);
      const vkey = r.string('vkey', { nonEmpty: true, maxLength: 4096 }).trim();
      const comment = r.optionalString('comment', { maxLength: 500 });
      r.done();
      if (comment !== undefined && /[\r\n#]/.test(comment)) throw badRequest('trust.addKey: "comment" must be one line without "#"');
      return { vkey, ...(comment !== undefined ? { comment } : {}) };
    },
    async run(session, { vkey, comment }) {
      let key;
      try {
        key = parseVerifierKey(vkey);
      } catch (error) {
        throw badRequest(`trust.addKey: not a verifier key (expected NAME+HEXKEYID+BASE64, as in a .vkey file): ${(error as Error).message}`);
      }
      await readStore(session, () => session.trust.addKey(key.text, comment ?? ''));
      session.events.emit('case.changed', { dir: session.current?.dir ?? null });
      return keyView(key, comment ?? '');
    },
  },
  'trust.removeKey': {
    parse(raw) {
      const r = new RequestReader('trust.removeKey', raw);
      const name = r.string('name', { nonEmpty: true, maxLength: 1000 });
      const keyId = r.optionalString('keyId', { nonEmpty: true, maxLength: 8 });
      r.done();
      if (keyId !== undefined && !/^[0-9a-f]{8}$/.test(keyId)) throw badRequest(`trust.removeKey: "keyId" must be 8 lowercase hex digits, not ${JSON.stringify(keyId)}`);
      return { name, ...(keyId !== undefined ? { keyId } : {}) };
    },
    async run(session, { name, keyId }) {
      const removed = await readStore(session, () => session.trust.removeKey(keyId !== undefined ? `${name}+${keyId}` : name));
      if (removed.length === 0) throw new ApiError('NOT_FOUND', `trust.removeKey: no trusted key named ${name}${keyId !== undefined ? ` with key id ${keyId}` : ''}`);
      session.events.emit('case.changed', { dir: session.current?.dir ?? null });
      return null;
    },
  },
};

function keyView(key: { name: string; keyId: number; text: string }, comment: string): TrustedKeyView {
  return { name: key.name, keyId: formatKeyId(key.keyId), vkey: key.text, comment: comment === '' ? null : comment };
}

async function readStore<T>(session: ApiSession, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError('TRUST_STORE', `the trust store in ${session.trust.dir} cannot be used: ${(error as Error).message}`);
  }
}
