// The deterministic demo incident: `generateDemoEvents({ seed })` yields the events of several
// recorded terminal sessions (see incident.ts for the story) in global time order, ready to seal.
//
// - Deterministic: everything derives from `seed` through labelled PRNG streams; no clock, no Math.random.
// - Lazy: each session is a generator; a heap merges them. Memory does not grow with `size`.
// - Scalable: the scripted sessions print a few hundred KB; any surplus up to `size` is spread over
//   the scripts' bulk slots (long-running output commands), weighted, measured in output bytes.
import type { TrailEvent } from '../../core/records.js';
import { formatTimestamp, parseIsoToMicros } from '../../core/timestamp.js';
import type { IncidentFacts } from './incident.js';
import { mergeByTime } from './merge-by-time.js';
import { Prng } from './prng.js';
import { planSessions, type SessionPlan } from './scenario.js';
import { ShellSession } from './shell-session.js';

export interface DemoOptions {
  seed: number;
  /** Number of sessions, at least 1 (default 6: the scripted incident). */
  sessions?: number;
  /** Approximate total bytes of terminal output (`out` records); default 2 MiB. */
  size?: number;
  /** ISO-8601 UTC start time; default 02:10 UTC on a day derived from the seed (seed 1: 2024-11-21). */
  start?: string;
}

export const DEMO_DEFAULT_SESSIONS = 6;
export const DEMO_DEFAULT_SIZE = 2 * 1024 * 1024;

const BASE_START = Date.UTC(2024, 10, 21, 2, 10, 0) * 1000;
const DAY = 86_400_000_000;

export interface ResolvedDemoOptions {
  seed: number;
  sessions: number;
  size: number;
  /** Start, microseconds since the epoch. */
  t0: number;
}

/** The default start for `seed`: 02:10 UTC on one of 28 days from 2024-11-21. */
export function defaultDemoStart(seed: number): string {
  const day = (((seed - 1) % 28) + 28) % 28;
  return formatTimestamp(BASE_START + day * DAY);
}

/** Validates and completes options; throws RangeError with a plain message. */
export function resolveDemoOptions(options: DemoOptions): ResolvedDemoOptions {
  const { seed } = options;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`demo seed must be an integer, got ${String(seed)}`);
  const sessions = options.sessions ?? DEMO_DEFAULT_SESSIONS;
  if (!Number.isSafeInteger(sessions) || sessions < 1) {
    throw new RangeError(`demo sessions must be an integer of at least 1, got ${String(sessions)}`);
  }
  const size = options.size ?? DEMO_DEFAULT_SIZE;
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(`demo size must be a non-negative number of bytes, got ${String(size)}`);
  }
  const t0 = parseIsoToMicros(options.start ?? defaultDemoStart(seed));
  return { seed, sessions, size, t0 };
}

function sessionFor(plan: SessionPlan, seed: number, budgets: readonly number[]): ShellSession {
  const id = plan.setup.id;
  return new ShellSession(plan.setup, Prng.derive(seed, `script:${id}`), Prng.derive(seed, `bulk:${id}`), budgets);
}

interface Measurement {
  /** Output bytes of the scripted part of all sessions. */
  scriptedBytes: number;
  /** Per session, the weights of its bulk slots in order. */
  slotWeights: number[][];
}

/** Runs every script once with empty bulk slots: the scripted output size and the slots. */
function measure(plans: readonly SessionPlan[], o: ResolvedDemoOptions): Measurement {
  const facts: IncidentFacts = {};
  let scriptedBytes = 0;
  const slotWeights: number[][] = [];
  for (const plan of plans) {
    const s = sessionFor(plan, o.seed, []);
    for (const _event of plan.script(s, o.t0, facts)) {
      // only the session's counters matter here
    }
    scriptedBytes += s.outBytes;
    slotWeights.push([...s.slotWeights]);
  }
  return { scriptedBytes, slotWeights };
}

/** Shares `surplus` bytes out over all slots by weight (integers; the rest goes to the first slot). */
function allocate(surplus: number, slotWeights: readonly number[][]): number[][] {
  const total = slotWeights.flat().reduce((a, b) => a + b, 0);
  if (surplus <= 0 || total <= 0) return slotWeights.map((weights) => weights.map(() => 0));
  let given = 0;
  const budgets = slotWeights.map((weights) => weights.map((w) => {
    const share = Math.floor((surplus * w) / total);
    given += share;
    return share;
  }));
  const first = budgets.find((b) => b.length > 0);
  if (first !== undefined) first[0] = (first[0] ?? 0) + (surplus - given);
  return budgets;
}

/** The demo's events in global non-decreasing `ts` order. Same options, same events. */
export function* generateDemoEvents(options: DemoOptions): Generator<TrailEvent> {
  const o = resolveDemoOptions(options);
  const plans = planSessions(o.seed, o.t0, o.sessions);
  const measured = measure(plans, o);
  const budgets = allocate(o.size - measured.scriptedBytes, measured.slotWeights);
  const facts: IncidentFacts = {};
  const streams = plans.map((plan, i) => plan.script(sessionFor(plan, o.seed, budgets[i] ?? []), o.t0, facts));
  yield* mergeByTime(streams);
}
