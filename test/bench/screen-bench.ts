// Screen text benchmark (issue 4, "Cases and search"): MB/s of terminal output through
// ScreenSampler, against writing the same bytes to @xterm/headless alone (one terminal per
// session, resizes applied, nothing read back) in the same run. Input: about 100 MB of demo
// output (BENCH_SCREEN_BYTES), generated in memory first so that generation is not measured.
// Also: the sampler with the terminal only (no fast line emulator), and a stream of small records
// (keystrokes, short output, a command every third record) for the cost per record.
import xtermHeadless from '@xterm/headless';
import type { Terminal as HeadlessTerminal } from '@xterm/headless';
import type { EventOf, TrailEvent } from '../../electron/core/records.js';
import { decodeStreamBytes } from '../../electron/core/record-encoding.js';
import { formatTimestamp } from '../../electron/core/timestamp.js';
import { ScreenSampler, type SamplerStats } from '../../electron/services/case/screen/screen-sampler.js';
import { generateDemoEvents } from '../../electron/services/demo/generate-demo.js';
import { median, spread, type BenchResult } from './bench-result.js';

const { Terminal } = xtermHeadless;

interface SamplerRun {
  ms: number;
  samples: number;
  textChars: number;
  stats: SamplerStats;
}

async function runSampler(events: readonly TrailEvent[], fastPath: boolean): Promise<SamplerRun> {
  const sampler = new ScreenSampler({ fastPath });
  let samples = 0;
  let textChars = 0;
  const count = (list: readonly { text: string }[]): void => {
    samples += list.length;
    for (const s of list) textChars += s.text.length;
  };
  const started = performance.now();
  for (const event of events) count(await sampler.push(event));
  count(await sampler.end());
  return { ms: performance.now() - started, samples, textChars, stats: { ...sampler.stats } };
}

/** The baseline: the same output bytes written to one headless terminal per session. */
async function runXterm(events: readonly TrailEvent[]): Promise<number> {
  const terms = new Map<string, HeadlessTerminal>();
  const parsed = (term: HeadlessTerminal): Promise<void> => new Promise((resolve) => term.write('', resolve));
  const started = performance.now();
  for (const event of events) {
    if (event.type === 'session.start') {
      terms.set(event.session, new Terminal({ cols: event.cols ?? 80, rows: event.rows ?? 24, scrollback: 1000, allowProposedApi: true, logLevel: 'off' }));
    } else if (event.type === 'out') {
      terms.get(event.session)?.write(decodeStreamBytes(event));
    } else if (event.type === 'resize') {
      const term = terms.get(event.session);
      if (term !== undefined) {
        await parsed(term);
        term.resize(event.cols, event.rows);
      }
    } else if (event.type === 'session.end') {
      const term = terms.get(event.session);
      if (term !== undefined) {
        await parsed(term);
        term.dispose();
        terms.delete(event.session);
      }
    }
  }
  await Promise.all([...terms.values()].map(parsed));
  const ms = performance.now() - started;
  for (const term of terms.values()) term.dispose();
  return ms;
}

function outputBytes(events: readonly TrailEvent[]): number {
  let bytes = 0;
  for (const event of events) if (event.type === 'out') bytes += decodeStreamBytes(event).length;
  return bytes;
}

const COMMANDS = ['ls -la /var/log', 'kubectl get pods -n prod', 'sudo systemctl restart nginx', 'git status', 'cat /etc/os-release', 'df -h'];

/** Small records as a busy shell writes them: keystrokes, short coloured output, commands. */
function smallEvents(count: number): TrailEvent[] {
  const t0 = 1_732_161_600_000_000;
  const session = 'bench-small';
  const events: TrailEvent[] = [{
    ts: formatTimestamp(t0), type: 'session.start', session, user: 'alice', host: 'web-1', tty: '/dev/pts/1', term: 'xterm-256color',
    cols: 120, rows: 40, recorder: { name: 'bench', format: 'bench' },
  }];
  for (let i = 1; i < count - 1; i++) {
    const ts = formatTimestamp(t0 + i * 1000);
    const c = COMMANDS[i % COMMANDS.length] as string;
    if (i % 3 === 0) events.push({ ts, type: 'cmd', session, text: c, source: 'keystrokes', confidence: 0.9 });
    else if (i % 3 === 1) events.push({ ts, type: 'in', session, text: c.slice(0, 1 + (i % 8)) });
    else events.push({ ts, type: 'out', session, text: `\x1b[01;34m${c}\x1b[0m: ok ${i}\r\n\x1b[01;32malice@web-1\x1b[00m:~$ ` } satisfies EventOf<'out'>);
  }
  events.push({ ts: formatTimestamp(t0 + count * 1000), type: 'session.end', session, exitStatus: 0 });
  return events;
}

function describeStats(s: SamplerStats): string {
  const total = s.lineBytes + s.termBytes;
  const pct = total === 0 ? 0 : (100 * s.lineBytes) / total;
  return `${pct.toFixed(1)} % of output by the line emulator, ${(s.termBytes / 1e6).toFixed(2)} MB by terminals; ${s.toTerm} hand-overs to a terminal, ${s.toLine} back; ${s.terminalsCreated} terminals; ${s.samples} samples; ${s.waits} waits`;
}

export async function benchScreenText(log: (line: string) => void): Promise<BenchResult[]> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const size = Number(process.env.BENCH_SCREEN_BYTES ?? 100 * 1024 * 1024);
  log(`generating about ${(size / 2 ** 20).toFixed(0)} MiB of demo output in memory...`);
  const events = [...generateDemoEvents({ seed: 5, size })];
  const bytes = outputBytes(events);
  const mb = bytes / 1e6;
  log(`  ${events.length} records, ${mb.toFixed(1)} MB of output`);

  const ours: number[] = [];
  const termOnly: number[] = [];
  const baseline: number[] = [];
  let last: SamplerRun | undefined;
  let lastTerm: SamplerRun | undefined;
  for (let r = 0; r < rounds; r++) {
    const xtermMs = await runXterm(events);
    baseline.push(mb / (xtermMs / 1000));
    last = await runSampler(events, true);
    ours.push(mb / (last.ms / 1000));
    lastTerm = await runSampler(events, false);
    termOnly.push(mb / (lastTerm.ms / 1000));
    log(`  round ${r + 1}: sampler ${last.ms.toFixed(0)} ms, terminal-only sampler ${lastTerm.ms.toFixed(0)} ms, xterm alone ${xtermMs.toFixed(0)} ms`);
  }
  if (last === undefined || lastTerm === undefined) return [];
  log(`  where it goes: ${describeStats(last.stats)}; ${(last.textChars / 1e6).toFixed(1)} M characters of screen text`);

  const results: BenchResult[] = [];
  const xterm = median(baseline);
  results.push({
    name: `screen text: ScreenSampler, ${mb.toFixed(0)} MB demo output`,
    value: median(ours),
    unit: 'MB/s',
    baseline: { name: '@xterm/headless write alone, same bytes', value: xterm },
    ratio: median(ours) / xterm,
    target: '≥ 1 GiB within a 30 s import (≫ 36 MB/s); xterm alone ~55–60 MB/s',
    note: `${spread(ours, 1)}; ${describeStats(last.stats)}; ${(1024 / median(ours)).toFixed(1)} s per GiB`,
  });
  results.push({
    name: 'screen text: ScreenSampler, terminal only (fastPath: false)',
    value: median(termOnly),
    unit: 'MB/s',
    baseline: { name: '@xterm/headless write alone, same bytes', value: xterm },
    ratio: median(termOnly) / xterm,
    note: `${spread(termOnly, 1)}; same samples as the fast path (tests); reading scrolled rows back and diffing costs the rest`,
  });

  const small = smallEvents(Number(process.env.BENCH_SCREEN_SMALL ?? 600_000));
  const smallBytes = outputBytes(small) / 1e6;
  const perRecord: number[] = [];
  const smallBaseline: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const run = await runSampler(small, true);
    perRecord.push(small.length / (run.ms / 1000));
    const xtermMs = await runXterm(small);
    smallBaseline.push(small.length / (xtermMs / 1000));
    log(`  small records round ${r + 1}: sampler ${run.ms.toFixed(0)} ms (${run.samples} samples), xterm alone ${xtermMs.toFixed(0)} ms`);
  }
  results.push({
    name: `screen text: ${small.length.toLocaleString('en-US')} small records (a command every 3rd)`,
    value: median(perRecord),
    unit: 'records/s',
    baseline: { name: '@xterm/headless write alone, same output', value: median(smallBaseline) },
    ratio: median(perRecord) / median(smallBaseline),
    note: `${spread(perRecord.map((v) => v / 1000), 0)} k records/s; ${smallBytes.toFixed(1)} MB output; one sample per command`,
  });
  return results;
}
