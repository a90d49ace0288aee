// `trailview serve` as a user runs it (the built CLI in a child process): the URL on the first
// line, the sample case built on first use (verified) and reused afterwards, a clean stop on
// SIGTERM/SIGINT releasing the case, and usage errors with exit status 2.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CaseView } from '../../electron/core/api/contract.js';
import { tempDir } from '../helpers/bundles.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../electron/cli/trailview.js');

interface Served {
  url: URL;
  token: string;
  exit: Promise<{ code: number | null; stderr: string }>;
  stop(signal: NodeJS.Signals): void;
}

function serve(args: string[], configDir: string): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { env: { ...process.env, TRAILVIEW_CONFIG_DIR: configDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      const url = new URL(stdout.slice(0, newline));
      resolve({ url, token: url.searchParams.get('token') ?? '', exit, stop: (signal) => child.kill(signal) });
    });
    void exit.then(({ code }) => reject(new Error(`serve exited (${code}) before printing a URL: ${stderr}`)));
  });
}

async function call(served: Served, name: string, request: unknown): Promise<unknown> {
  const response = await fetch(new URL('/api/call', served.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Trailview-Token': served.token },
    body: JSON.stringify({ call: name, request }),
  });
  return ((await response.json()) as { response: unknown }).response;
}

describe('trailview serve', () => {
  it('with no case builds the sample case once, serves it verified, and stops cleanly', async () => {
    const config = await tempDir('tv-serve-config-');
    const first = await serve(['--port', '0'], config);
    expect(first.url.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.url.pathname).toBe('/');
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const view = (await call(first, 'case.current', {})) as CaseView;
    expect(view.dir).toBe(path.join(config, 'sample-case'));
    expect(view.name).toBe('Sample incident');
    expect(view.evidence.map((e) => e.verdict)).toEqual(['verified']);
    expect(existsSync(path.join(view.dir, 'case.lock'))).toBe(true);
    first.stop('SIGTERM');
    const ended = await first.exit;
    expect(ended.code).toBe(0);
    expect(existsSync(path.join(view.dir, 'case.lock'))).toBe(false);

    // Reused, not rebuilt: same case id; and SIGINT stops it as well.
    const second = await serve([], config);
    expect(second.token).not.toBe(first.token);
    expect(((await call(second, 'case.current', {})) as CaseView).id).toBe(view.id);
    second.stop('SIGINT');
    expect((await second.exit).code).toBe(0);
  });

  it('refuses a folder that is not a case, and a port out of range, with exit status 2', async () => {
    const config = await tempDir('tv-serve-config-');
    const empty = await tempDir('tv-serve-empty-');
    const notCase = spawn(process.execPath, [CLI, 'serve', empty], { env: { ...process.env, TRAILVIEW_CONFIG_DIR: config } });
    let err = '';
    notCase.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    expect(await new Promise((resolve) => notCase.once('exit', resolve))).toBe(2);
    expect(err).toContain('not a Trailview case');
    const badPort = spawn(process.execPath, [CLI, 'serve', '--port', '70000'], { env: { ...process.env, TRAILVIEW_CONFIG_DIR: config } });
    expect(await new Promise((resolve) => badPort.once('exit', resolve))).toBe(2);
    expect(existsSync(path.join(config, 'sample-case'))).toBe(false);
  });
});
