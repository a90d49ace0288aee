// `npm start` (electron/cli/start.js): without the Electron binary (this machine, CI) it says so in
// one line and serves web mode, printing the URL first; with a binary it runs it on the app. The
// second case uses a stand-in executable through the electron package's own override variable
// (ELECTRON_OVERRIDE_DIST_PATH), which records the arguments it was given.
import { spawn } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/bundles.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const START = path.join(REPO, 'electron/cli/start.js');

function baseEnv(config: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TRAILVIEW_CONFIG_DIR: config };
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  return env;
}

describe('npm start', () => {
  it('falls back to web mode in one line when the Electron binary is missing, and serves the sample case', async () => {
    const config = await tempDir('tv-start-');
    const child = spawn(process.execPath, [START, '--port', '0'], { env: baseEnv(config), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const firstLine = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const url = new URL(firstLine);
    const response = await fetch(new URL('/api/call', url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Trailview-Token': url.searchParams.get('token') ?? '' },
      body: JSON.stringify({ call: 'case.current', request: {} }),
    });
    expect(((await response.json()) as { response: { name: string } }).response.name).toBe('Sample incident');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const notices = stderr.split('\n').filter((l) => l.includes('Electron'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('web mode');
  });

  it('runs Electron on the app with the case when a binary is installed', async () => {
    const dist = await tempDir('tv-start-electron-');
    const record = path.join(dist, 'args.txt');
    await writeFile(path.join(dist, 'electron'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\nexit 3\n`);
    await chmod(path.join(dist, 'electron'), 0o755);
    const child = spawn(process.execPath, [START, '/cases/seven'], { env: { ...baseEnv(await tempDir('tv-start-')), ELECTRON_OVERRIDE_DIST_PATH: dist }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // The launcher hands on Electron's exit status.
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(3);
    expect((await readFile(record, 'utf8')).split('\n').filter(Boolean)).toEqual([REPO, '/cases/seven']);
    expect(stderr).not.toContain('web mode');
  });
});
