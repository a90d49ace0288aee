// Session ids for formats that carry none (asciicast, script, ttyrec): derived from the file's
// name and its first bytes, so importing the same file twice gives the same id, and two different
// files that share a name (`session.cast` in two folders) do not collide.
import { createHash } from 'node:crypto';
import path from 'node:path';

export function fileSessionId(prefix: string, filePath: string, head: Uint8Array): string {
  const stem = path.basename(filePath).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40) || 'file';
  const digest = createHash('sha256').update(head).digest('hex').slice(0, 8);
  return `${prefix}-${stem}-${digest}`;
}

/** Keeps only characters that are safe in ids and file names. */
export function idPart(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || '_';
}
