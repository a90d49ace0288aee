// Input of the `replay` benchmark: ONE session of 4 hours and 256 MiB of output (issue 6), built
// from the demo generator's output sources — `tail -f` access logs, coloured `journalctl -f`,
// `make -j2`, kubectl logs — with a `top`-like full-screen program on the alternate screen between
// them, prompts, and a resize every 40 minutes. Output arrives in 1–16 KiB reads, as from a pty.
// Sealed once into .cache/bench/ (BENCH_REPLAY_BYTES overrides the size for a quick run).
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseSignerKey } from '../../electron/core/note-keys.js';
import type { TrailEvent } from '../../electron/core/records.js';
import { formatTimestamp } from '../../electron/core/timestamp.js';
import { AccessLogSource, JournalSource, KubectlLogsSource, MakeSource, type LineSource } from '../../electron/services/demo/bulk-sources.js';
import { Prng } from '../../electron/services/demo/prng.js';
import { resourcePath, SAMPLE_KEY } from '../../electron/services/resources.js';
import { sealBundle, type SourcedEvent } from '../../electron/services/seal/seal-bundle.js';
import { CACHE } from './bench-data.js';

export const LONG_SESSION = 'replay-bench-1';
const HOURS = 4;
const T0 = 1_732_161_600_000_000;

function topScreen(rng: Prng, cols: number, rows: number, now: number): string {
  let s = '\x1b[H';
  s += `\x1b[1mtop - ${formatTimestamp(now).slice(11, 19)} up 41 days,  load average: ${(rng.int(400) / 100).toFixed(2)}\x1b[m\x1b[K\r\n`;
  s += `\x1b[7m${'  PID USER      PR  NI    VIRT    RES  %CPU  %MEM     TIME+ COMMAND'.padEnd(cols)}\x1b[m\r\n`;
  for (let r = 2; r < rows - 1; r++) {
    const cpu = rng.int(1000) / 10;
    const colour = cpu > 50 ? '\x1b[1;31m' : cpu > 20 ? '\x1b[33m' : '';
    s += `${colour}${String(1000 + rng.int(60000)).padStart(5)} ${rng.pick(['root', 'www-data', 'postgres', 'alice'] as const).padEnd(9)} 20   0 ${String(rng.int(900000)).padStart(7)} ${String(rng.int(90000)).padStart(6)} ${cpu.toFixed(1).padStart(5)} ${(rng.int(300) / 10).toFixed(1).padStart(5)} ${rng.int(99)}:${String(rng.int(60)).padStart(2, '0')}.${rng.int(99)} ${rng.pick(['nginx', 'postgres', 'node', 'java', 'python3', 'sshd'] as const)}\x1b[m\x1b[K\r\n`;
  }
  return s;
}

/** The session's events, generated lazily (memory stays flat whatever the size). */
export function* longSessionEvents(totalBytes: number): Generator<TrailEvent> {
  const rng = new Prng(0x7e57);
  const session = LONG_SESSION;
  const durationUs = HOURS * 3600 * 1_000_000;
  let cols = 160;
  let rows = 48;
  yield { ts: formatTimestamp(T0), type: 'session.start', session, user: 'alice', host: 'web-1', tty: '/dev/pts/3', term: 'xterm-256color', cols, rows, recorder: { name: 'trailview-bench', format: 'bench' } };
  const sources: Array<{ cmd: string; src: LineSource }> = [
    { cmd: 'tail -f /var/log/nginx/access.log', src: new AccessLogSource(rng) },
    { cmd: 'sudo journalctl -f', src: new JournalSource(rng, 'web-1') },
    { cmd: 'make -j2', src: new MakeSource(rng, 'trailview-native') },
    { cmd: 'kubectl logs -f deploy/checkout', src: new KubectlLogsSource(rng) },
  ];
  let written = 0;
  let segment = 0;
  let nextResize = T0 + 40 * 60 * 1_000_000;
  const out = (now: number, text: string): TrailEvent => {
    written += Buffer.byteLength(text, 'utf8');
    return { ts: formatTimestamp(now), type: 'out', session, text };
  };
  while (written < totalBytes) {
    const now = T0 + Math.floor((written / totalBytes) * durationUs);
    if (now >= nextResize) {
      nextResize += 40 * 60 * 1_000_000;
      cols = cols === 160 ? 132 : 160;
      rows = rows === 48 ? 50 : 48;
      yield { ts: formatTimestamp(now), type: 'resize', session, cols, rows };
    }
    const prompt = `\x1b[01;32malice@web-1\x1b[00m:\x1b[01;34m~\x1b[00m$ `;
    if (segment % 5 === 4) {
      // top on the alternate screen for a while.
      yield out(now, `${prompt}top\r\n\x1b[?1049h\x1b[?25l`);
      for (let i = 0; i < 40 && written < totalBytes; i++) yield out(T0 + Math.floor((written / totalBytes) * durationUs), topScreen(rng, cols, rows, now));
      yield out(T0 + Math.floor((written / totalBytes) * durationUs), '\x1b[?25h\x1b[?1049l');
    } else {
      const { cmd, src } = sources[segment % sources.length] as { cmd: string; src: LineSource };
      yield out(now, `${prompt}${cmd}\r\n`);
      const budget = 2_000_000 + rng.int(6_000_000);
      let sent = 0;
      while (sent < budget && written < totalBytes) {
        const t = T0 + Math.floor((written / totalBytes) * durationUs);
        const read = 1024 + rng.int(15 * 1024);
        let chunk = '';
        while (chunk.length < read) chunk += src.line(t, sent / budget);
        sent += chunk.length;
        yield out(t, chunk);
      }
      yield out(T0 + Math.floor((written / totalBytes) * durationUs), '^C\r\n');
    }
    segment++;
  }
  yield { ts: formatTimestamp(T0 + durationUs), type: 'session.end', session, exitStatus: 0 };
}

function* label(events: Iterable<TrailEvent>): Generator<SourcedEvent> {
  let n = 0;
  for (const event of events) yield { event, from: `replay bench event ${++n}` };
}

/** The sealed bundle of the long session, made once and cached. */
export async function longSessionBundle(totalBytes: number): Promise<string> {
  await mkdir(CACHE, { recursive: true });
  const out = path.join(CACHE, `replay-long-${totalBytes}.trail`);
  if (!existsSync(out)) {
    const signer = parseSignerKey((await readFile(resourcePath(...SAMPLE_KEY), 'utf8')).trim());
    await sealBundle({ out, origin: 'bench.example/replay', signers: [signer], events: label(longSessionEvents(totalBytes)), createdAt: '2024-12-01T00:00:00.000000Z', bundleId: `replay-${totalBytes}` });
  }
  return out;
}
