// Runs `trailview serve CASE --port 0` (the built CLI, as a user would) for the browser tests and
// hands back the URL it prints. Each server gets its own config directory (trust store, recent
// cases), so tests never touch the user's.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(REPO, 'electron/cli/trailview.js');

export interface ServeProcess {
  url: string;
  origin: string;
  stderr(): string;
  stop(): Promise<void>;
}

export async function startServe(caseDir: string, configDir: string): Promise<ServeProcess> {
  await mkdir(configDir, { recursive: true });
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', caseDir, '--port', '0'], {
    cwd: REPO,
    env: { ...process.env, TRAILVIEW_CONFIG_DIR: configDir, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`trailview serve printed no URL within 60 s; stderr:\n${err}`)), 60_000);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('http://'));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`trailview serve exited with ${code}; stderr:\n${err}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    stderr: () => err,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** Runs the CLI to completion (case new/import for fixtures); throws with its output on failure. */
export async function runCli(args: readonly string[], configDir: string): Promise<string> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, env: { ...process.env, TRAILVIEW_CONFIG_DIR: configDir, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0 && code !== 1) throw new Error(`trailview ${args.join(' ')} exited with ${code}:\n${out}`);
  return out;
}
