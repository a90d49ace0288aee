// Browser uploads (web mode): the browser cannot hand us a path, so a dropped or chosen file is
// streamed into a staging folder of this server (one fresh subfolder per upload, keeping the
// file's own name so the import shows it), and its path there is given to `import.start`. The
// staging folder is removed when the server stops; the case keeps its own byte-exact copy.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BodyTooLarge } from './request-body.js';

export class UploadStaging {
  private constructor(readonly dir: string) {}

  static async create(): Promise<UploadStaging> {
    return new UploadStaging(await mkdtemp(path.join(tmpdir(), 'trailview-uploads-')));
  }

  /** Streams the request body to `<dir>/<uuid>/<name>`; returns the file's path. */
  async receive(request: IncomingMessage, name: string, limit: number): Promise<string> {
    const folder = path.join(this.dir, randomUUID());
    await mkdir(folder);
    const file = path.join(folder, name);
    let size = 0;
    const guard = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        done(size > limit ? new BodyTooLarge(limit) : null, chunk);
      },
    });
    try {
      await pipeline(request, guard, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await rm(folder, { recursive: true, force: true });
      throw error;
    }
    return file;
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * A file name from the browser, made safe as one path segment: no separators, no control
 * characters, no leading dots, at most 200 characters. Null when nothing usable is left.
 */
export function safeUploadName(raw: string | null): string | null {
  if (raw === null) return null;
  const cleaned = Array.from(raw, (c) => (c.charCodeAt(0) < 0x20 || c === '\u007f' || '/\\:*?"<>|'.includes(c) ? '_' : c))
    .join('')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 200);
  return cleaned === '' ? null : cleaned;
}
