import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtWorkerScript } from '../../electron/services/threads/worker-script.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('builtWorkerScript', () => {
  it('finds the build copy of a worker for a module running from sources (the build exists: npm test builds first)', () => {
    const moduleUrl = pathToFileURL(path.join(root, 'electron/services/verify/scan-log.ts')).href;
    expect(builtWorkerScript(moduleUrl, 'scan-worker.js')?.href).toBe(pathToFileURL(path.join(root, 'build/electron/services/verify/scan-worker.js')).href);
  });

  it('takes the script beside a built module', () => {
    const moduleUrl = pathToFileURL(path.join(root, 'build/electron/services/case/import/copy-thread.js')).href;
    expect(builtWorkerScript(moduleUrl, 'copy-worker.js')?.href).toBe(new URL('./copy-worker.js', moduleUrl).href);
  });

  it('is null when no such worker was built', () => {
    const moduleUrl = pathToFileURL(path.join(root, 'electron/services/verify/scan-log.ts')).href;
    expect(builtWorkerScript(moduleUrl, 'no-such-worker.js')).toBeNull();
    expect(builtWorkerScript(pathToFileURL('/tmp/elsewhere/mod.ts').href, 'scan-worker.js')).toBeNull();
  });
});
