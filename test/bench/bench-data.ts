// Benchmark inputs, generated once and kept in .cache/bench/ (git-ignored): a GiB-sized demo
// bundle and a bundle of one million small records.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSignerKey } from '../../electron/core/note-keys.js';
import type { TrailEvent } from '../../electron/core/records.js';
import { formatTimestamp } from '../../electron/core/timestamp.js';
import { generateDemoEvents } from '../../electron/services/demo/generate-demo.js';
import { resourcePath, SAMPLE_KEY } from '../../electron/services/resources.js';
import { sealBundle, type SourcedEvent } from '../../electron/services/seal/seal-bundle.js';
import { readFile } from 'node:fs/promises';

export const CACHE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../.cache/bench');

async function signer() {
  return parseSignerKey((await readFile(resourcePath(...SAMPLE_KEY), 'utf8')).trim());
}

function* label(events: Iterable<TrailEvent>): Generator<SourcedEvent> {
  let n = 0;
  for (const event of events) yield { event, from: `bench event ${++n}` };
}

/** An output-heavy demo incident of about `bytes` of terminal output. */
export async function demoBundle(bytes: number, seed = 5): Promise<string> {
  await mkdir(CACHE, { recursive: true });
  const out = path.join(CACHE, `demo-${seed}-${bytes}.trail`);
  if (!existsSync(out)) {
    await sealBundle({ out, origin: 'bench.example/demo', signers: [await signer()], events: label(generateDemoEvents({ seed, size: bytes })), createdAt: '2024-12-01T00:00:00.000000Z', bundleId: `bench-${seed}` });
  }
  return out;
}

/** `count` small records (about 200 bytes each): commands with short output, as a busy shell writes. */
export async function smallRecordsBundle(count: number): Promise<string> {
  await mkdir(CACHE, { recursive: true });
  const out = path.join(CACHE, `small-${count}.trail`);
  if (!existsSync(out)) {
    await sealBundle({ out, origin: 'bench.example/small', signers: [await signer()], events: label(smallEvents(count)), createdAt: '2024-12-01T00:00:00.000000Z', bundleId: `small-${count}` });
  }
  return out;
}

const COMMANDS = ['ls -la /var/log', 'kubectl get pods -n prod', 'sudo systemctl restart nginx', 'git status', 'cat /etc/os-release', 'df -h', 'tail -n 50 /var/log/syslog'];

function* smallEvents(count: number): Generator<TrailEvent> {
  const t0 = 1_732_161_600_000_000;
  const session = 'bench-1';
  yield { ts: formatTimestamp(t0), type: 'session.start', session, user: 'alice', host: 'web-1', tty: '/dev/pts/1', term: 'xterm-256color', cols: 120, rows: 40, recorder: { name: 'bench', format: 'bench' } };
  for (let i = 1; i < count - 1; i++) {
    const ts = formatTimestamp(t0 + i * 1000);
    const c = COMMANDS[i % COMMANDS.length] as string;
    if (i % 3 === 0) yield { ts, type: 'cmd', session, text: c, source: 'keystrokes', confidence: 0.9, cwd: '/home/alice' };
    else if (i % 3 === 1) yield { ts, type: 'in', session, text: c.slice(0, 1 + (i % 8)) };
    else yield { ts, type: 'out', session, text: `\u001b[01;34m${c}\u001b[0m: ok ${i}\r\n` };
  }
  yield { ts: formatTimestamp(t0 + count * 1000), type: 'session.end', session, exitStatus: 0 };
}
