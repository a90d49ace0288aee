// Text files of verifier keys, one per line, `#` comments allowed: the `--trust FILE` format and
// the trust store's own file (docs/cli.md).
import { parseVerifierKey, type VerifierKey } from '../../core/note-keys.js';

export interface KeyListEntry {
  key: VerifierKey;
  line: number;
  /** The comment written after the key on its line, if any. */
  comment: string;
}

export function parseKeyList(text: string, file: string): KeyListEntry[] {
  const entries: KeyListEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const hash = raw.indexOf('#');
    const content = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (content === '') return;
    try {
      entries.push({ key: parseVerifierKey(content), line: i + 1, comment: hash >= 0 ? raw.slice(hash + 1).trim() : '' });
    } catch (error) {
      throw new Error(`${file}:${i + 1}: not a verifier key (expected NAME+HEXKEYID+BASE64): ${(error as Error).message}`, { cause: error });
    }
  });
  return entries;
}

export function formatKeyList(entries: readonly Pick<KeyListEntry, 'key' | 'comment'>[]): string {
  const header = '# Trailview trust store: one signed-note verifier key per line (NAME+HEXKEYID+BASE64).\n';
  return header + entries.map((e) => (e.comment ? `${e.key.text} # ${e.comment}` : e.key.text)).join('\n') + (entries.length ? '\n' : '');
}
