// The cast of sessions: the six scripted incident sessions (in order of importance, so that a demo
// with fewer sessions keeps the heart of the story) followed by ordinary-work sessions of the other
// users on the other hosts, as many as asked for.
import { bulkSlot } from './bulk-output.js';
import { ALL_HOSTS, HOSTS, ORDINARY_PEOPLE, PEOPLE } from './cast.js';
import { MINUTE, SECOND } from './clock-text.js';
import { ordinaryCommand, pauseBetweenCommands } from './command-catalog.js';
import { aliceContainment, aliceWeb, bobDev, malloryDb, malloryWeb, tmuxOps, type Script } from './incident.js';
import { Prng } from './prng.js';
import type { SessionSetup } from './shell-session.js';
import { motd } from './terminal-output.js';

export interface SessionPlan {
  setup: SessionSetup;
  script: Script;
}

const XTERM = 'xterm-256color';

function incidentPlans(t0: number): SessionPlan[] {
  const { alice, bob, carol, mallory } = PEOPLE;
  const at = (minutes: number, seconds = 0): number => t0 + minutes * MINUTE + seconds * SECOND;
  return [
    {
      setup: {
        id: 'web-1-tmux-ops', owner: carol, host: HOSTS.web1, tty: '/dev/pts/1', term: 'screen-256color',
        cols: 160, rows: 45, start: at(0), cwd: carol.home, remote: carol.remote,
        command: 'tmux new-session -s ops', title: 'ops',
      },
      script: tmuxOps,
    },
    {
      setup: {
        id: 'web-1-pts-3-mallory-1', owner: mallory, host: HOSTS.web1, tty: '/dev/pts/3', term: XTERM,
        cols: 190, rows: 52, start: at(52, 17), cwd: mallory.home, remote: mallory.remote,
      },
      script: malloryWeb,
    },
    {
      setup: {
        id: 'db-1-pts-1-mallory-1', owner: mallory, host: HOSTS.db1, tty: '/dev/pts/1', term: XTERM,
        cols: 190, rows: 52, start: at(74, 40), cwd: mallory.home, remote: HOSTS.bastion.ip,
      },
      script: malloryDb,
    },
    {
      setup: {
        id: 'db-1-sudo-alice-1', owner: alice, host: HOSTS.db1, tty: '/dev/pts/2', term: XTERM,
        cols: 200, rows: 50, start: at(115, 52), cwd: '/root', remote: alice.remote,
        command: '/bin/bash', title: 'sudo -i', root: true, streams: { in: 'ttyin', out: 'ttyout' },
      },
      script: aliceContainment,
    },
    {
      setup: {
        id: 'bastion-pts-4-bob-1', owner: bob, host: HOSTS.bastion, tty: '/dev/pts/4', term: XTERM,
        cols: 140, rows: 40, start: at(2, 5), cwd: bob.home, remote: '10.8.0.14',
      },
      script: bobDev,
    },
    {
      setup: {
        id: 'web-1-pts-2-alice-1', owner: alice, host: HOSTS.web1, tty: '/dev/pts/2', term: XTERM,
        cols: 200, rows: 50, start: at(4, 30), cwd: alice.home, remote: alice.remote,
      },
      script: aliceWeb,
    },
  ];
}

/** Ordinary work: a login, a handful of everyday commands, long-running output when scaled. */
const ordinaryWork: Script = function* (s) {
  yield s.start();
  yield* s.output(motd(s.setup.host, s.clock, s.setup.remote ?? '10.0.0.5', 9 * 60 * MINUTE));
  yield* s.prompt();
  const count = s.rng.between(4, 12);
  const middle = s.rng.int(count);
  for (let i = 0; i < count; i++) {
    if (i === middle) yield* bulkSlot(s, 2);
    pauseBetweenCommands(s);
    yield* s.run(ordinaryCommand(s));
  }
  yield* bulkSlot(s, 1);
  yield* s.run({ text: 'exit', output: 'logout\n', last: true });
  yield s.end(0, 'logout');
};

const SIZES: readonly (readonly [number, number])[] = [[160, 45], [200, 50], [120, 36], [236, 63], [80, 24]];

/** The first `count` sessions of the demo starting at `t0` (µs). */
export function planSessions(seed: number, t0: number, count: number): SessionPlan[] {
  const plans = incidentPlans(t0).slice(0, count);
  const perUser = new Map<string, number>();
  for (const p of plans) perUser.set(p.setup.owner.user, (perUser.get(p.setup.owner.user) ?? 0) + 1);
  const rng = Prng.derive(seed, 'plan');
  for (let index = plans.length; index < count; index++) {
    const person = rng.pick(ORDINARY_PEOPLE);
    const host = rng.pick(ALL_HOSTS);
    const [cols, rows] = rng.pick(SIZES);
    const n = (perUser.get(person.user) ?? 0) + 1;
    perUser.set(person.user, n);
    const pts = index + 1;
    plans.push({
      setup: {
        id: `${host.name}-pts-${pts}-${person.user}-${n}`, owner: person, host, tty: `/dev/pts/${pts}`, term: XTERM,
        cols, rows, start: t0 + Math.round(rng.uniform(1, 180) * MINUTE), cwd: person.home, remote: person.remote,
      },
      script: ordinaryWork,
    });
  }
  return plans;
}
