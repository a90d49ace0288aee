// Web-mode start-up (issue 5): time from starting `trailview serve` (the built CLI, a child
// process, as a user runs it) until Chromium shows the sample case (the UI sets
// document.body.dataset.ready = 'case' once the case view lists its evidence). Baselines measured
// in the same run: the same server's first byte of index.html (process start, module loading and
// opening the case: the part the UI cannot change), and Chromium loading about:blank in a new page.
// The first run, which builds the sample case in a fresh config directory, is reported apart.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { median, spread, type BenchResult } from './bench-result.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../electron/cli/trailview.js');
const CHROMIUM = process.env.TRAILVIEW_CHROMIUM ?? '/usr/bin/chromium';

interface Served {
  child: ChildProcess;
  url: string;
  /** ms from spawn to the URL on stdout. */
  urlMs: number;
}

function startServe(configDir: string, started: number): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { env: { ...process.env, TRAILVIEW_CONFIG_DIR: configDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ child, url: out.slice(0, nl), urlMs: performance.now() - started });
    });
    child.once('exit', (code) => reject(new Error(`trailview serve exited ${code}: ${err}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** serve start → case rendered in Chromium (ms), and serve start → URL printed. */
async function renderedCase(browser: Browser, configDir: string): Promise<{ totalMs: number; urlMs: number }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const started = performance.now();
  const served = await startServe(configDir, started);
  try {
    await page.goto(served.url);
    await page.waitForFunction(() => document.body.dataset.ready === 'case', undefined, { timeout: 60_000 });
    return { totalMs: performance.now() - started, urlMs: served.urlMs };
  } finally {
    await context.close();
    await stop(served.child);
  }
}

/** serve start → first byte of index.html (ms). */
async function firstByte(configDir: string): Promise<number> {
  const started = performance.now();
  const served = await startServe(configDir, started);
  try {
    const response = await fetch(served.url);
    const reader = response.body?.getReader();
    await reader?.read();
    const ms = performance.now() - started;
    await reader?.cancel();
    return ms;
  } finally {
    await stop(served.child);
  }
}

async function blankPage(browser: Browser): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const started = performance.now();
  await page.goto('about:blank');
  const ms = performance.now() - started;
  await context.close();
  return ms;
}

export async function benchServe(log: (line: string) => void): Promise<BenchResult[]> {
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
  const configDir = await mkdtemp(path.join(tmpdir(), 'tv-bench-serve-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    // First run: the sample case is built from resources/sample in the fresh config directory.
    const first = await renderedCase(browser, configDir);
    log(`serve: first run (builds the sample case) ${first.totalMs.toFixed(0)} ms`);
    const rendered: number[] = [];
    const printed: number[] = [];
    const bytes: number[] = [];
    const blank: number[] = [];
    for (let i = 0; i < rounds; i++) {
      bytes.push(await firstByte(configDir));
      const r = await renderedCase(browser, configDir);
      rendered.push(r.totalMs);
      printed.push(r.urlMs);
      blank.push(await blankPage(browser));
      log(`serve: round ${i + 1}: case rendered ${r.totalMs.toFixed(0)} ms (URL printed at ${r.urlMs.toFixed(0)} ms), index.html first byte ${bytes[i]?.toFixed(0)} ms`);
    }
    const renderedMs = median(rendered);
    const firstByteMs = median(bytes);
    const uiMs = renderedMs - median(printed);
    const blankMs = median(blank);
    return [
      {
        name: 'serve: start → sample case rendered in Chromium',
        value: renderedMs,
        unit: 'ms',
        baseline: { name: 'start → index.html first byte', value: firstByteMs },
        ratio: renderedMs / firstByteMs,
        note: spread(rendered, 0),
      },
      {
        name: 'serve: URL printed → case rendered (page load, API calls, render)',
        value: uiMs,
        unit: 'ms',
        baseline: { name: 'Chromium: about:blank in a new page', value: blankMs },
        ratio: uiMs / blankMs,
      },
      { name: 'serve: first run (builds the sample case) → rendered', value: first.totalMs, unit: 'ms', note: 'once, fresh config directory' },
    ];
  } finally {
    await browser.close();
    await rm(configDir, { recursive: true, force: true });
  }
}
