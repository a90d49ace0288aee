// Paths in requests name files on the machine that runs the services (in web mode, the server's,
// not the browser's): they must be absolute, so that what is opened never depends on the server's
// working directory.
import path from 'node:path';
import { badRequest } from './api-error.js';

export function absolutePath(call: string, name: string, value: string): string {
  if (!path.isAbsolute(value)) throw badRequest(`${call}: "${name}" must be an absolute path on the machine running Trailview, not ${JSON.stringify(value)}`);
  return path.resolve(value);
}
