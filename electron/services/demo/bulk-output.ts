// Scaling the demo: "bulk slots" are places in a session's script where, when the requested size
// exceeds what the scripted incident prints, the user runs long-running output commands (tail -f,
// journalctl -f, make -j2, ...). Each slot gets a byte budget (generate-demo.ts shares the surplus
// out by slot weight); its commands stream output in 1–64 KiB reads, as a pty delivers it, at a
// per-command rate, so a bigger demo also lasts longer. Output is produced chunk by chunk and
// never held beyond one chunk: memory does not grow with the size.
//
// A slot uses the session's separate bulk random stream, so the scripted part of a session is the
// same whatever the size (the generator measures it once with empty slots).
import type { TrailEvent } from '../../core/records.js';
import {
  AccessLogSource, ComposeSource, JournalSource, KubectlLogsSource, MakeSource, PostgresLogSource, type LineSource,
} from './bulk-sources.js';
import type { Prng } from './prng.js';
import type { ShellSession } from './shell-session.js';

interface BulkProgram {
  /** The command line for this session. */
  command: (s: ShellSession) => string;
  suits: (s: ShellSession) => boolean;
  /** Output rate in bytes per second (a range; each run picks one). */
  rate: readonly [number, number];
  /** Runs until Ctrl-C (`-f` followers) rather than ending by itself. */
  endless: boolean;
  source: (rng: Prng, s: ShellSession) => LineSource;
}

const isWeb = (s: ShellSession): boolean => s.hostName.startsWith('web');
const isDb = (s: ShellSession): boolean => s.hostName.startsWith('db');
const isDev = (s: ShellSession): boolean => s.hostName === 'bastion' || s.setup.owner.user === 'bob';

const PROGRAMS: readonly BulkProgram[] = [
  {
    command: () => 'tail -f /var/log/nginx/access.log',
    suits: isWeb, rate: [12_000, 60_000], endless: true,
    source: (rng) => new AccessLogSource(rng),
  },
  {
    command: (s) => (s.setup.root === true ? 'journalctl -f' : 'sudo journalctl -f'),
    suits: () => true, rate: [4_000, 24_000], endless: true,
    source: (rng, s) => new JournalSource(rng, s.hostName),
  },
  {
    command: () => 'make -j2',
    suits: isDev, rate: [30_000, 140_000], endless: false,
    source: (rng) => new MakeSource(rng, 'trailview-native'),
  },
  {
    command: () => 'docker compose logs -f --tail=100',
    suits: (s) => isWeb(s) || isDev(s), rate: [10_000, 50_000], endless: true,
    source: (rng) => new ComposeSource(rng),
  },
  {
    command: () => 'kubectl -n shop logs -f deploy/checkout',
    suits: (s) => !isDb(s), rate: [8_000, 36_000], endless: true,
    source: (rng) => new KubectlLogsSource(rng),
  },
  {
    command: () => 'tail -f /var/log/postgresql/postgresql-14-main.log',
    suits: isDb, rate: [6_000, 30_000], endless: true,
    source: (rng) => new PostgresLogSource(rng),
  },
];

/** Below this many bytes a slot stays empty (not worth a command). */
const MIN_SLOT_BYTES = 2048;
/** Bytes kept back for what follows a command's output: ^C, the final lines, the next prompt. */
const RESERVE = 400;
const MIN_READ = 1024;
const MAX_READ = 65536;

/**
 * A bulk slot of `weight` in the script. With no budget (the measuring pass, or a small demo)
 * it produces nothing.
 */
export function* bulkSlot(s: ShellSession, weight: number): Generator<TrailEvent> {
  const budget = s.openSlot(weight);
  if (budget < MIN_SLOT_BYTES) return;
  const scriptRng = s.rng;
  s.rng = s.bulkRng;
  try {
    const startBytes = s.outBytes;
    const programs = PROGRAMS.filter((p) => p.suits(s));
    let first = true;
    for (;;) {
      const remaining = budget - (s.outBytes - startBytes);
      if (remaining < MIN_SLOT_BYTES) break;
      if (!first) s.idle(15, 300); // a coffee, a call, another window
      first = false;
      yield* runBulkCommand(s, s.rng.pick(programs), remaining);
    }
  } finally {
    s.rng = scriptRng;
  }
}

function* runBulkCommand(s: ShellSession, program: BulkProgram, budget: number): Generator<TrailEvent> {
  const rng = s.rng;
  const startBytes = s.outBytes;
  const rate = rng.uniform(program.rate[0], program.rate[1]);
  // A run lasts 1–30 minutes at its rate, or until the budget is spent.
  const wanted = rate * rng.logUniform(60, 1800);
  const text = program.command(s);
  const stream = function* (session: ShellSession): Generator<TrailEvent> {
    const cap = Math.min(wanted, budget - (session.outBytes - startBytes) - RESERVE);
    const source = program.source(rng, session);
    yield* streamLines(session, source, cap, rate);
    const finish = program.endless ? '' : (source.finish?.() ?? '');
    if (finish !== '') {
      session.wait(rng.uniform(200, 1500));
      yield session.out(finish);
    }
  };
  const sudo = text.startsWith('sudo ');
  yield* s.run({
    text,
    think: rng.uniform(2, 20),
    interact: stream,
    ...(program.endless ? { interruptAfter: rng.uniform(500, 20_000) } : {}),
    ...(sudo ? { sudo: true as const } : {}),
  });
}

/** Streams `cap` bytes of `source` lines in pty-sized reads at `rate` bytes per second. */
function* streamLines(s: ShellSession, source: LineSource, cap: number, rate: number): Generator<TrailEvent> {
  const rng = s.rng;
  let sent = 0;
  let pending = '';
  while (cap - sent >= 64) {
    const want = Math.min(cap - sent, Math.round(rng.logUniform(MIN_READ, MAX_READ)));
    const start = s.clock;
    const span = (want / rate) * rng.uniform(0.5, 1.5) * 1_000_000;
    while (pending.length < want) {
      pending += source.line(start + Math.round((span * pending.length) / want), (sent + pending.length) / cap);
    }
    // A read ends anywhere (even inside an escape sequence), but never inside a UTF-16 pair.
    let cut = want;
    if (want > MAX_READ - 8192) {
      // `want` counts UTF-16 units; a read of non-ASCII text must still fit in MAX_READ bytes.
      const excess = Buffer.byteLength(pending.slice(0, cut), 'utf8') - MAX_READ;
      if (excess > 0) cut -= excess;
    }
    const unit = pending.charCodeAt(cut - 1);
    if (unit >= 0xd800 && unit <= 0xdbff) cut -= 1;
    const chunk = pending.slice(0, cut);
    pending = pending.slice(cut);
    s.waitUntil(start + Math.round(span));
    const before = s.outBytes;
    yield s.out(chunk);
    sent += s.outBytes - before;
  }
}
