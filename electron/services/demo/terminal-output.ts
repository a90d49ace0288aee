// What the scripted commands print: ls --color, git, df, ps, journalctl, apt, kubectl, builds,
// tests, sudo, systemctl... Text uses "\n" (the session turns it into "\r\n"), colours as the real
// programs emit them on a terminal, and UTF-8 where real data has it (names, commit messages).
import { LS, OFF, rpad } from './ansi.js';
import { MINUTE, SECOND, clfTime, ctime, hm, lastTime, nginxErrorTime, syslogTime, systemdTime } from './clock-text.js';
import type { Host } from './cast.js';
import type { OutputStep } from './shell-session.js';
import type { Prng } from './prng.js';

// ---- login -------------------------------------------------------------------------------------

export function motd(host: Host, now: number, lastFrom: string, lastAgo: number): string {
  return `Welcome to Ubuntu 22.04.5 LTS (GNU/Linux 5.15.0-126-generic x86_64)

 * Documentation:  https://help.ubuntu.com
 * Management:     https://landscape.canonical.com
 * Support:        https://ubuntu.com/pro

  System information as of ${ctime(now)}

  System load:  ${host.name.startsWith('web') ? '9.87' : '0.41'}               Processes:             ${host.name.startsWith('web') ? 231 : 148}
  Usage of /:   ${host.name.startsWith('web') ? '61.2' : '38.9'}% of 48.96GB   Users logged in:       2
  Memory usage: ${host.name.startsWith('web') ? 83 : 41}%                IPv4 address for ens5: ${host.ip}
  Swap usage:   20%

Expanded Security Maintenance for Applications is not enabled.

0 updates can be applied immediately.

Last login: ${ctime(now - lastAgo)} from ${lastFrom}
`;
}

// ---- system state ----------------------------------------------------------------------------------

export function uptime(now: number, load: [number, number, number], users: number): string {
  return ` ${ctime(now).slice(11, 19)} up 41 days,  3:${String(11 + Math.floor((now / MINUTE) % 40)).padStart(2, '0')},  ${users} users,  load average: ${load.map((l) => l.toFixed(2)).join(', ')}\n`;
}

export function dfH(host: Host): string {
  const varLine = host.name === 'web-1'
    ? '/dev/nvme1n1      48G   46G  1.6G  97% /var'
    : '/dev/nvme1n1      48G   21G   27G  44% /var';
  return `Filesystem       Size  Used Avail Use% Mounted on
tmpfs            1.6G  2.1M  1.6G   1% /run
/dev/nvme0n1p1    49G   30G   19G  62% /
tmpfs            7.8G     0  7.8G   0% /dev/shm
tmpfs            5.0M     0  5.0M   0% /run/lock
${varLine}
/dev/nvme0n1p15  105M  6.1M   99M   6% /boot/efi
tmpfs            1.6G  4.0K  1.6G   1% /run/user/1003
`;
}

export function freeH(): string {
  return `               total        used        free      shared  buff/cache   available
Mem:            15Gi        12Gi       412Mi       148Mi       2.3Gi       2.2Gi
Swap:          2.0Gi       417Mi       1.6Gi
`;
}

export interface LoggedIn {
  user: string;
  tty: string;
  from: string;
  since: number;
  what: string;
}

export function w(now: number, load: [number, number, number], who: readonly LoggedIn[]): string {
  let out = ` ${ctime(now).slice(11, 19)} up 41 days,  3:${String(11 + Math.floor((now / MINUTE) % 40)).padStart(2, '0')},  ${who.length} users,  load average: ${load.map((l) => l.toFixed(2)).join(', ')}\n`;
  out += 'USER     TTY      FROM             LOGIN@   IDLE   JCPU   PCPU WHAT\n';
  for (const u of who) {
    const idle = Math.max(0, Math.floor((now - u.since) / MINUTE) % 17);
    out += `${u.user.padEnd(9)}${u.tty.padEnd(9)}${u.from.padEnd(17)}${hm(u.since)}   ${rpad(idle > 0 ? `${idle}:${String((idle * 7) % 60).padStart(2, '0')}` : '0.00s', 5)}  0.31s  0.02s ${u.what}\n`;
  }
  return out;
}

export function psAux(): string {
  return `USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND
www-data   31337 97.3  9.8 1893220 1608412 ?    Rl   01:58  11:42 node /srv/shop/checkout/dist/server.js --port 8081
www-data   31338 88.1  9.1 1880104 1492284 ?    Rl   01:58  10:31 node /srv/shop/checkout/dist/server.js --port 8082
www-data    1190 41.7  0.6 214932 98412 ?        S    Oct11 1412:05 nginx: worker process
www-data    1191 39.2  0.6 214816 97120 ?        S    Oct11 1398:44 nginx: worker process
root         877  6.4  1.2 1834544 201944 ?      Ssl  Oct11 240:13 /usr/bin/containerd
root         412  2.1  0.9 292812 148220 ?       Ss   Oct11  61:02 /lib/systemd/systemd-journald
root        1187  0.3  0.1  55712  9140 ?        Ss   Oct11   9:12 nginx: master process /usr/sbin/nginx -g daemon on; master_process on;
root         702  0.1  0.0  15432  9012 ?        Ss   Oct11   0:31 sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups
syslog       688  0.1  0.0 222400  6100 ?        Ssl  Oct11   3:18 /usr/sbin/rsyslogd -n -iNONE
root           1  0.0  0.0 167748 13140 ?        Ss   Oct11   4:51 /sbin/init
`;
}

// ---- logs ----------------------------------------------------------------------------------------

const PRIORITY = { err: '\x1b[0;1;31m', warning: '\x1b[0;1;38;5;185m', notice: '\x1b[0;1;39m', end: '\x1b[0m' };

/** `journalctl -u nginx -n N`: upstream timeouts in bold red, as journalctl colours priority 3. */
export function journalNginx(rng: Prng, host: Host, now: number, count: number): string {
  let out = '';
  let t = now - count * 9 * SECOND;
  for (let i = 0; i < count; i++) {
    t += rng.between(3, 14) * SECOND;
    const stamp = `${syslogTime(t)} ${host.name} nginx[1187]: `;
    const conn = 88_200 + i * 37 + rng.int(30);
    if (rng.chance(0.75)) {
      const path = rng.pick(['/api/v1/checkout', '/api/v1/cart', '/api/v1/payment/confirm']);
      out += `${stamp}${PRIORITY.err}${nginxErrorTime(t)} [error] 1190#1190: *${conn} upstream timed out (110: Connection timed out) while reading response header from upstream, client: 198.51.100.${rng.between(2, 250)}, server: shop.example.com, request: "POST ${path} HTTP/1.1", upstream: "http://127.0.0.1:8081${path}", host: "shop.example.com"${PRIORITY.end}\n`;
    } else {
      out += `${stamp}${PRIORITY.warning}${nginxErrorTime(t)} [warn] 1191#1191: *${conn} an upstream response is buffered to a temporary file /var/lib/nginx/proxy/7/41/00000${rng.between(10000, 99999)} while reading upstream${PRIORITY.end}\n`;
    }
  }
  return out;
}

export function duVarLog(): string {
  return `8.0K\t/var/log/dist-upgrade
2.1M\t/var/log/apt
46M\t/var/log/postgresql
1.4G\t/var/log/nginx
3.9G\t/var/log/journal
5.4G\t/var/log
`;
}

export function lsNginxLogs(now: number): string {
  const day = syslogTime(now).slice(0, 6);
  const rows: [string, string, string][] = [
    ['drwxr-xr-x  2 root     adm         4096', 'Nov 17 00:00', `${LS.dir}.${LS.end}`],
    ['drwxrwxr-x 19 root     syslog      4096', 'Nov 20 23:59', `${LS.dir}..${LS.end}`],
    ['-rw-r-----  1 www-data adm   1048236412', `${day} ${hm(now)}`, 'access.log'],
    ['-rw-r-----  1 www-data adm    212400118', 'Nov 20 23:59', 'access.log.1'],
    ['-rw-r-----  1 www-data adm     31774226', 'Nov 19 23:59', `${LS.archive}access.log.2.gz${LS.end}`],
    ['-rw-r-----  1 www-data adm     29961404', 'Nov 18 23:59', `${LS.archive}access.log.3.gz${LS.end}`],
    ['-rw-r-----  1 www-data adm     96220310', `${day} ${hm(now)}`, 'error.log'],
    ['-rw-r-----  1 www-data adm       188214', 'Nov 20 23:59', 'error.log.1'],
    ['-rw-r-----  1 www-data adm         9130', 'Nov 19 23:58', `${LS.archive}error.log.2.gz${LS.end}`],
  ];
  return `total 1378456\n${rows.map(([meta, date, name]) => `${meta} ${date} ${name}`).join('\n')}\n`;
}

export function journalVacuum(): string {
  let out = '';
  for (let i = 0; i < 9; i++) {
    const id = (0x3f2a9c1 + i * 0x1d4b7).toString(16);
    out += `Deleted archived journal /var/log/journal/8c1f0b0e6ad54f6c9f1e1c1d8a1c3b77/system@0006${id}-00000000000${i}.journal~ (128.0M).\n`;
  }
  return `${out}Vacuuming done, freed 3.1G of archived journals from /var/log/journal/8c1f0b0e6ad54f6c9f1e1c1d8a1c3b77.\n`;
}

// ---- kubernetes -------------------------------------------------------------------------------------

export type PodsState = 'crashing' | 'rolling' | 'healthy';

export function kubectlPods(state: PodsState): string {
  const head = 'NAME                           READY   STATUS             RESTARTS        AGE\n';
  const common = `cart-7d9c8f6b5d-2xkqp          1/1     Running            0               6d2h
cart-7d9c8f6b5d-9wq4n          1/1     Running            0               6d2h
payments-5b7f4c9d8-lq2mz       1/1     Running            1 (3d ago)      9d
`;
  if (state === 'crashing') {
    return `${head}${common}checkout-6f8b9c7d4-h7x2p       0/1     CrashLoopBackOff   7 (2m13s ago)   31m
checkout-6f8b9c7d4-rk5tv       0/1     CrashLoopBackOff   7 (1m48s ago)   31m
checkout-6f8b9c7d4-zz8qw       1/1     Running            6 (4m2s ago)    31m
`;
  }
  if (state === 'rolling') {
    return `${head}${common}checkout-54c6d8b9f7-4mnbd      0/1     ContainerCreating  0               3s
checkout-54c6d8b9f7-qp7ls      1/1     Running            0               12s
checkout-6f8b9c7d4-h7x2p       0/1     Terminating        7 (2m40s ago)   33m
checkout-6f8b9c7d4-zz8qw       1/1     Running            6 (4m29s ago)   33m
`;
  }
  return `${head}${common}checkout-54c6d8b9f7-4mnbd      1/1     Running            0               2m
checkout-54c6d8b9f7-qp7ls      1/1     Running            0               2m9s
checkout-54c6d8b9f7-x9c2r      1/1     Running            0               1m51s
`;
}

/** `kubectl get pods -w`: the table, then one line per change as the rollout proceeds. */
export function kubectlPodsWatch(): OutputStep[] {
  const steps: OutputStep[] = [{ after: 420, text: kubectlPods('rolling') }];
  const changes = [
    'checkout-54c6d8b9f7-4mnbd      1/1     Running            0               9s',
    'checkout-6f8b9c7d4-zz8qw       1/1     Terminating        6 (4m51s ago)   33m',
    'checkout-54c6d8b9f7-x9c2r      0/1     Pending            0               0s',
    'checkout-54c6d8b9f7-x9c2r      0/1     ContainerCreating  0               0s',
    'checkout-6f8b9c7d4-h7x2p       0/1     Terminating        7               33m',
    'checkout-54c6d8b9f7-x9c2r      1/1     Running            0               8s',
    'checkout-6f8b9c7d4-zz8qw       0/1     Terminating        6               34m',
  ];
  changes.forEach((line, i) => steps.push({ after: 1800 + i * 700, text: `${line}\n` }));
  return steps;
}

export function checkoutLogs(rng: Prng, now: number): string {
  let out = '';
  let t = now - 20 * SECOND;
  for (let i = 0; i < 15; i++) {
    t += rng.between(200, 1900) * 1000;
    const iso = new Date(Math.floor(t / 1000)).toISOString();
    if (i % 4 === 3) {
      out += `{"level":"error","time":"${iso}","msg":"pg pool exhausted","waiting":${rng.between(40, 90)},"max":20,"route":"POST /api/v1/checkout","latency_ms":${rng.between(29000, 30100)}}\n`;
    } else {
      out += `{"level":"warn","time":"${iso}","msg":"slow query","query":"SELECT … FROM orders WHERE customer_id = $1 FOR UPDATE","ms":${rng.between(1200, 9800)},"trace_id":"${rng.hex(16)}"}\n`;
    }
  }
  return out;
}

// ---- git -----------------------------------------------------------------------------------------

const Y = '\x1b[33m';

/** `git log --oneline --graph --decorate` in colour, with the names and messages real teams write. */
export function gitLogGraph(): string {
  const c = (hash: string): string => `\x1b[31m*\x1b[m ${Y}${hash}${OFF}`;
  return `${c('e4b1c09')} ${Y}(\x1b[m\x1b[1;36mHEAD -> \x1b[m\x1b[1;32mmain\x1b[m${Y}, \x1b[m\x1b[1;31morigin/main\x1b[m${Y})\x1b[m checkout: raise pg pool to 20, add statement timeout
${c('7aa31f2')} Merge pull request #412 from josé-müller/naïve-dates
\x1b[31m|\x1b[m\x1b[32m\\\x1b[m
\x1b[31m|\x1b[m \x1b[32m*\x1b[m ${Y}91c0d5e${OFF} Fix naïve date handling for Zoë's locale (fr-CA, ja-JP 日本語)
\x1b[31m|\x1b[m \x1b[32m*\x1b[m ${Y}3d7e8b2${OFF} i18n: 注文確認メールの件名を修正 🎉
\x1b[31m|\x1b[m\x1b[31m/\x1b[m
${c('5f02aa4')} checkout: lock order rows during payment (FOR UPDATE)
${c('c19d7e3')} deps: bump pg from 8.11.3 to 8.12.0
${c('0b8e4f1')} ${Y}(\x1b[m\x1b[1;33mtag: v2.14.0\x1b[m${Y})\x1b[m release 2.14.0 — «Größenänderung» fixes
`;
}

export function gitLogOneline(): string {
  return `${Y}e4b1c09${OFF}${Y} (\x1b[m\x1b[1;36mHEAD -> \x1b[m\x1b[1;32mmain\x1b[m${Y}, \x1b[m\x1b[1;31morigin/main\x1b[m${Y})\x1b[m checkout: raise pg pool to 20, add statement timeout
${Y}7aa31f2${OFF} Merge pull request #412 from josé-müller/naïve-dates
${Y}91c0d5e${OFF} Fix naïve date handling for Zoë's locale (fr-CA, ja-JP 日本語)
${Y}3d7e8b2${OFF} i18n: 注文確認メールの件名を修正 🎉
${Y}5f02aa4${OFF} checkout: lock order rows during payment (FOR UPDATE)
${Y}c19d7e3${OFF} deps: bump pg from 8.11.3 to 8.12.0
`;
}

/** `git pull --rebase`: progress rewritten with "\r", then a coloured diffstat. */
export function gitPull(): OutputStep[] {
  const progress = (label: string, total: number, tail: string): string => {
    let text = '';
    for (const pct of [0, 12, 37, 61, 88, 100]) {
      const n = Math.round((total * pct) / 100);
      text += `\r${label}: ${rpad(pct, 3)}% (${n}/${total})${pct === 100 ? tail : ''}`;
    }
    return text;
  };
  const plus = (n: number): string => `\x1b[32m${'+'.repeat(n)}\x1b[m`;
  const minus = (n: number): string => `\x1b[31m${'-'.repeat(n)}\x1b[m`;
  return [
    { after: 900, text: `remote: Enumerating objects: 47, done.\n${progress('remote: Counting objects', 47, ', done.\n')}` },
    { after: 350, text: `${progress('remote: Compressing objects', 19, ', done.\n')}` },
    { after: 600, text: `remote: Total 31 (delta 22), reused 18 (delta 12), pack-reused 0\n${progress('Unpacking objects', 31, ', 9.84 KiB | 1.23 MiB/s, done.\n')}` },
    {
      after: 240,
      text: `From git.example.com:shop/shop
   5f02aa4..e4b1c09  main       -> origin/main
Updating 5f02aa4..e4b1c09
Fast-forward
 checkout/src/db/pool.ts            |  6 ${plus(4)}${minus(2)}
 checkout/src/routes/checkout.ts    | 14 ${plus(10)}${minus(4)}
 i18n/ja-JP/mail.json               |  2 ${plus(1)}${minus(1)}
 docs/naïve-dates.md                | 27 ${plus(27)}
 4 files changed, 42 insertions(+), 7 deletions(-)
`,
    },
  ];
}

// ---- files ---------------------------------------------------------------------------------------

/** `ls -l --color` of a docs folder whose names need UTF-8: accents, CJK (double width), an emoji. */
export function lsDocs(): string {
  const rows: [string, string, string][] = [
    ['-rw-r--r-- 1 bob bob   8214', 'Nov 20 18:02', 'README.md'],
    ['-rw-r--r-- 1 bob bob  12840', 'Nov 21 02:13', 'naïve-dates.md'],
    ['-rw-r--r-- 1 bob bob  40961', 'Nov 19 11:47', 'données_clients_schéma.csv'],
    ['-rw-r--r-- 1 bob bob 183002', 'Nov 18 09:30', `${LS.image}アーキテクチャ図.png${LS.end}`],
    ['-rw-r--r-- 1 bob bob  95514', 'Nov 15 16:21', '報告書_2024年11月.pdf'],
    ['-rw-r--r-- 1 bob bob   3309', 'Nov 12 10:05', 'résumé-équipe.md'],
    ['-rwxr-xr-x 1 bob bob   1177', 'Nov 20 17:55', `${LS.exec}🚀-deploy.sh${LS.end}`],
    ['drwxr-xr-x 2 bob bob   4096', 'Nov 14 14:40', `${LS.dir}übersetzungen${LS.end}`],
  ];
  return `total 356\n${rows.map(([meta, date, name]) => `${meta} ${date} ${name}`).join('\n')}\n`;
}

export function lsHome(user: string): string {
  return `${LS.dir}bin${LS.end}  ${LS.dir}notes${LS.end}  ${LS.dir}src${LS.end}  ${LS.archive}backup-${user}-2024-11-01.tar.gz${LS.end}  todo.txt  ${LS.link}shop${LS.end}\n`;
}

// ---- builds and tests --------------------------------------------------------------------------------

const GCC_WARN = '\x1b[01;35m\x1b[Kwarning: \x1b[m\x1b[K';
const GCC_BOLD = '\x1b[01m\x1b[K';

/** A short `make -j2` of the C helper in the repo, with one coloured gcc warning. */
export function makeSmall(): OutputStep[] {
  const files = ['agent/main', 'agent/config', 'agent/spool', 'agent/tls', 'agent/http', 'agent/json', 'agent/ring', 'agent/log'];
  const steps: OutputStep[] = [{ after: 120, text: 'mkdir -p build/agent\n' }];
  files.forEach((f, i) => {
    steps.push({ after: 380 + i * 45, text: `cc -O2 -g -Wall -Wextra -std=c11 -Iinclude -c ${f}.c -o build/${f}.o\n` });
    if (f === 'agent/spool') {
      steps.push({
        after: 260,
        text: `${GCC_BOLD}agent/spool.c:\x1b[m\x1b[K In function '${GCC_BOLD}spool_flush\x1b[m\x1b[K':
${GCC_BOLD}agent/spool.c:142:23:\x1b[m\x1b[K ${GCC_WARN}comparison of integer expressions of different signedness: '${GCC_BOLD}ssize_t\x1b[m\x1b[K' {aka '${GCC_BOLD}long int\x1b[m\x1b[K'} and '${GCC_BOLD}size_t\x1b[m\x1b[K' {aka '${GCC_BOLD}long unsigned int\x1b[m\x1b[K'} [\x1b[01;35m\x1b[K-Wsign-compare\x1b[m\x1b[K]
  142 |         if (written \x1b[01;35m\x1b[K<\x1b[m\x1b[K len) {
      |                     \x1b[01;35m\x1b[K^\x1b[m\x1b[K
`,
      });
    }
  });
  steps.push({ after: 900, text: 'cc -o build/shop-agent build/agent/main.o build/agent/config.o build/agent/spool.o build/agent/tls.o build/agent/http.o build/agent/json.o build/agent/ring.o build/agent/log.o -lssl -lcrypto\n' });
  return steps;
}

const PASS = '\x1b[32m✓\x1b[39m';
const FAIL = '\x1b[31m×\x1b[39m';
const DIM = '\x1b[2m';
const UNDIM = '\x1b[22m';

/** `npm test` (vitest): ✓ and × per test, CJK test names (double-width), an emoji in the summary. */
export function npmTest(failing: boolean, now: number): OutputStep[] {
  const tests: [string, string, number][] = [
    ['src/format/width.test.ts', 'pads 日本語 columns to display width', 4],
    ['src/format/width.test.ts', 'keeps emoji 🚀 as two columns', 2],
    ['src/format/dates.test.ts', "formats naïve dates in Zoë's locale", 3],
    ['src/i18n/mail.test.ts', '注文確認メール subject is translated', 7],
    ['src/db/pool.test.ts', 'releases clients after statement timeout', 58],
    ['src/routes/checkout.test.ts', 'rejects an empty cart with 422', 12],
  ];
  const steps: OutputStep[] = [
    { after: 300, text: `\n> shop@2.14.1 test\n> vitest run\n\n` },
    { after: 1300, text: `\x1b[7m\x1b[1m\x1b[36m RUN \x1b[39m\x1b[22m\x1b[27m \x1b[36mv1.6.0 \x1b[39m\x1b[90m/home/bob/src/shop\x1b[39m\n\n` },
  ];
  let failed = 0;
  for (const [file, name, ms] of tests) {
    const bad = failing && name.includes('日本語');
    if (bad) failed++;
    steps.push({ after: 140 + ms * 3, text: ` ${bad ? FAIL : PASS} ${file} ${DIM}>${UNDIM} ${name}${bad ? '' : ` ${DIM}${ms}ms${UNDIM}`}\n` });
  }
  const total = tests.length + 18;
  if (failing) {
    steps.push({
      after: 200,
      text: `\n\x1b[31m⎯⎯⎯⎯⎯⎯⎯ Failed Tests 1 ⎯⎯⎯⎯⎯⎯⎯\x1b[39m

\x1b[41m\x1b[1m FAIL \x1b[22m\x1b[49m src/format/width.test.ts \x1b[2m>\x1b[22m pads 日本語 columns to display width
\x1b[31mAssertionError: expected '日本語  |' to be '日本語|' // Object.is equality\x1b[39m

\x1b[32m- Expected\x1b[39m
\x1b[31m+ Received\x1b[39m

\x1b[32m- 日本語|\x1b[39m
\x1b[31m+ 日本語  |\x1b[39m

\x1b[36m \x1b[2m❯\x1b[22m src/format/width.test.ts:\x1b[2m18:41\x1b[22m\x1b[39m
`,
    });
  }
  steps.push({
    after: 120,
    text: `\n\x1b[2m Test Files \x1b[22m ${failing ? `\x1b[1m\x1b[31m1 failed\x1b[39m\x1b[22m\x1b[2m | \x1b[22m` : ''}\x1b[1m\x1b[32m${failing ? 4 : 5} passed\x1b[39m\x1b[22m\x1b[90m (5)\x1b[39m
\x1b[2m      Tests \x1b[22m ${failing ? `\x1b[1m\x1b[31m${failed} failed\x1b[39m\x1b[22m\x1b[2m | \x1b[22m` : ''}\x1b[1m\x1b[32m${total - failed} passed\x1b[39m\x1b[22m\x1b[90m (${total})\x1b[39m
\x1b[2m   Start at \x1b[22m ${hm(now)}:${String(Math.floor(now / SECOND) % 60).padStart(2, '0')}
\x1b[2m   Duration \x1b[22m ${failing ? '2.91s' : '2.64s'}\x1b[2m (transform 412ms, setup 0ms, collect 1.20s, tests 96ms)\x1b[22m
${failing ? '' : '\n🎉 All tests passed\n'}`,
  });
  return steps;
}

/** What `cat` prints for an ELF binary: bytes that are not UTF-8 (recorded as `b64`). */
export function binaryGarbage(rng: Prng, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  const header = [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00];
  for (let i = 0; i < length; i++) {
    const h = header[i];
    if (h !== undefined) bytes[i] = h;
    else if (rng.chance(0.45)) bytes[i] = 0;
    else if (rng.chance(0.3)) bytes[i] = 0x20 + rng.int(95);
    else bytes[i] = 0x80 + rng.int(128); // lone high bytes: not valid UTF-8
  }
  return bytes;
}

// ---- packages ------------------------------------------------------------------------------------

/** `apt-get install -y sysstat`: "\r" progress lines and dpkg's progress bar in the bottom row. */
export function aptInstall(rows: number): OutputStep[] {
  const bar = (pct: number): string => {
    const width = 60;
    const filled = Math.round((width * pct) / 100);
    return `\x1b7\x1b[${rows};0f\x1b[42m\x1b[30mProgress: [${rpad(pct, 3)}%]\x1b[49m\x1b[39m [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] \x1b8`;
  };
  const steps: OutputStep[] = [
    { after: 400, text: 'Reading package lists... 0%\rReading package lists... 100%\rReading package lists... Done\n' },
    { after: 300, text: 'Building dependency tree... 0%\rBuilding dependency tree... 50%\rBuilding dependency tree... Done\n' },
    { after: 150, text: 'Reading state information... 0% \rReading state information... Done\n' },
    {
      after: 200,
      text: `Suggested packages:
  isag
The following NEW packages will be installed:
  sysstat
0 upgraded, 1 newly installed, 0 to remove and 3 not upgraded.
Need to get 487 kB of archives.
After this operation, 1,629 kB of additional disk space will be used.
`,
    },
    { after: 250, text: '\r0% [Working]' },
    { after: 420, text: '\r            \r0% [Connecting to archive.ubuntu.com (185.125.190.36)]' },
    { after: 380, text: '\r                                                     \r35% [1 sysstat 172 kB/487 kB 35%]' },
    { after: 300, text: '\r                                 \r100% [Working]\r              \rGet:1 http://archive.ubuntu.com/ubuntu jammy-updates/main amd64 sysstat amd64 12.5.2-2ubuntu0.2 [487 kB]\n' },
    { after: 60, text: 'Fetched 487 kB in 1s (612 kB/s)\n' },
    { after: 500, text: 'Preconfiguring packages ...\n' },
    { after: 300, text: `\n\x1b7\x1b[0;${rows - 1}r\x1b8\x1b[1A` },
    { after: 90, text: 'Selecting previously unselected package sysstat.\n' },
    { after: 120, text: `(Reading database ... \r(Reading database ... 35%\r(Reading database ... 70%\r(Reading database ... 100%\r(Reading database ... 74210 files and directories currently installed.)\n` },
    { after: 60, text: `Preparing to unpack .../sysstat_12.5.2-2ubuntu0.2_amd64.deb ...\n${bar(0)}` },
    { after: 300, text: `Unpacking sysstat (12.5.2-2ubuntu0.2) ...\n${bar(20)}` },
    { after: 700, text: `Setting up sysstat (12.5.2-2ubuntu0.2) ...\n${bar(40)}` },
    { after: 350, text: `Creating config file /etc/default/sysstat with new version\n${bar(60)}` },
    { after: 600, text: `update-alternatives: using /usr/bin/sar.sysstat to provide /usr/bin/sar (sar) in auto mode\n${bar(80)}` },
    { after: 900, text: `Created symlink /etc/systemd/system/sysstat.service.wants/sysstat-collect.timer → /lib/systemd/system/sysstat-collect.timer.\nCreated symlink /etc/systemd/system/sysstat.service.wants/sysstat-summary.timer → /lib/systemd/system/sysstat-summary.timer.\nCreated symlink /etc/systemd/system/multi-user.target.wants/sysstat.service → /lib/systemd/system/sysstat.service.\n${bar(100)}` },
    { after: 400, text: 'Processing triggers for man-db (2.10.2-1) ...\n' },
    { after: 900, text: `\n\x1b7\x1b[0;${rows}r\x1b8\x1b[1A\x1b[J` },
  ];
  return steps;
}

export function iostat(rng: Prng, now: number): OutputStep[] {
  const report = (): string => {
    const dev = (name: string, busy: number): string =>
      `${name.padEnd(16)}${rpad((busy * 3.1).toFixed(2), 7)} ${rpad((busy * 122).toFixed(2), 9)}     0.00   0.00 ${rpad((busy / 9).toFixed(2), 6)} ${rpad((busy * 0.8).toFixed(2), 7)}  ${rpad((busy * 14).toFixed(2), 7)} ${rpad((busy * 512).toFixed(2), 9)} ${rpad((busy * 2).toFixed(2), 7)}  ${rpad(busy.toFixed(2), 6)}`;
    return `avg-cpu:  %user   %nice %system %iowait  %steal   %idle
          ${rpad(rng.uniform(85, 93).toFixed(2), 6)}    0.00 ${rpad(rng.uniform(4, 7).toFixed(2), 7)} ${rpad(rng.uniform(0.5, 2).toFixed(2), 7)}    0.00 ${rpad(rng.uniform(0.5, 3).toFixed(2), 7)}

Device             r/s     rkB/s   rrqm/s  %rrqm r_await rareq-sz     w/s     wkB/s   w_await  %util
${dev('nvme0n1', rng.uniform(1, 4))}
${dev('nvme1n1', rng.uniform(60, 96))}

`;
  };
  return [
    { after: 40, text: `Linux 5.15.0-126-generic (web-1) \t${new Date(Math.floor(now / 1000)).toISOString().slice(0, 10)} \t_x86_64_\t(8 CPU)\n\n${report()}` },
    { after: 1000, text: report() },
    { after: 1000, text: report() },
  ];
}

// ---- privilege and accounts ---------------------------------------------------------------------------

export function sudoList(user: string, host: Host): string {
  return `Matching Defaults entries for ${user} on ${host.name}:
    env_reset, mail_badpass, secure_path=/usr/local/sbin\\:/usr/local/bin\\:/usr/sbin\\:/usr/bin\\:/sbin\\:/bin\\:/snap/bin, use_pty, log_output

User ${user} may run the following commands on ${host.name}:
    (ALL : ALL) ALL
`;
}

/** /etc/shadow with yescrypt hashes (random, so they never match anything real). */
export function shadow(rng: Prng, users: readonly string[]): string {
  const alphabet = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let out = '';
  const system = ['daemon', 'bin', 'sys', 'sync', 'games', 'man', 'lp', 'mail', 'news', 'www-data', 'backup', 'nobody', 'systemd-network', 'sshd', 'syslog'];
  out += `root:*:19640:0:99999:7:::\n`;
  for (const name of system) out += `${name}:*:19640:0:99999:7:::\n`;
  for (const name of users) {
    out += `${name}:$y$j9T$${rng.chars(alphabet, 22)}$${rng.chars(alphabet, 43)}:${rng.between(19900, 20040)}:0:99999:7:::\n`;
  }
  return out;
}

export function systemctlStatusAuditd(active: boolean, since: number, now: number): string {
  const seconds = Math.max(1, Math.round((now - since) / SECOND));
  const ago = seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}min ${seconds % 60}s`;
  if (active) {
    return `\x1b[0;1;32m●\x1b[0m auditd.service - Security Auditing Service
     Loaded: loaded (/lib/systemd/system/auditd.service; enabled; vendor preset: enabled)
     Active: \x1b[0;1;32mactive (running)\x1b[0m since ${systemdTime(since)}; ${ago} ago
       Docs: man:auditd(8)
             https://github.com/linux-audit/audit-documentation
    Process: 48811 ExecStart=/sbin/auditd (code=exited, status=0/SUCCESS)
   Main PID: 48812 (auditd)
      Tasks: 2 (limit: 19087)
     Memory: 1.1M
        CPU: 14ms
     CGroup: /system.slice/auditd.service
             └─48812 /sbin/auditd
`;
  }
  return `○ auditd.service - Security Auditing Service
     Loaded: loaded (/lib/systemd/system/auditd.service; enabled; vendor preset: enabled)
     Active: inactive (dead) since ${systemdTime(since)}; ${ago} ago
       Docs: man:auditd(8)
             https://github.com/linux-audit/audit-documentation
    Process: 803 ExecStart=/sbin/auditd (code=exited, status=0/SUCCESS)
   Main PID: 804 (code=exited, status=0/SUCCESS)
        CPU: 2min 11.320s

${syslogTime(since - 2 * SECOND)} db-1 systemd[1]: Stopping Security Auditing Service...
${syslogTime(since - SECOND)} db-1 auditd[804]: The audit daemon is exiting.
${syslogTime(since)} db-1 systemd[1]: \x1b[0;1;39mauditd.service: Deactivated successfully.\x1b[0m
${syslogTime(since)} db-1 systemd[1]: Stopped Security Auditing Service.
`;
}

export interface LastEntry {
  user: string;
  tty: string;
  from: string;
  start: number;
  end: number | null;
}

export function last(entries: readonly LastEntry[], now: number): string {
  let out = '';
  for (const e of entries) {
    const span = e.end === null
      ? '  still logged in'
      : ` - ${hm(e.end)}  (${String(Math.floor((e.end - e.start) / 3_600_000_000)).padStart(2, '0')}:${String(Math.floor(((e.end - e.start) / MINUTE) % 60)).padStart(2, '0')})`;
    out += `${e.user.padEnd(9)}${e.tty.padEnd(13)}${e.from.padEnd(17)}${lastTime(e.start)}${span}\n`;
  }
  return `${out}\nwtmp begins ${ctime(now - 41 * 24 * 60 * MINUTE).slice(0, 16)}\n`;
}

/** grep --color=auto: file name magenta, line number green, match bold red. */
export function grepHits(hits: readonly { file?: string; line: number; text: string; match: string }[]): string {
  let out = '';
  for (const h of hits) {
    const name = h.file === undefined ? '' : `\x1b[35m\x1b[K${h.file}\x1b[m\x1b[K\x1b[36m\x1b[K:\x1b[m\x1b[K`;
    const text = h.text.split(h.match).join(`\x1b[01;31m\x1b[K${h.match}\x1b[m\x1b[K`);
    out += `${name}\x1b[32m\x1b[K${h.line}\x1b[m\x1b[K\x1b[36m\x1b[K:\x1b[m\x1b[K${text}\n`;
  }
  return out;
}

export function nginxAccessTail(rng: Prng, now: number, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) {
    const status = rng.chance(0.3) ? 504 : 200;
    out += `198.51.100.${rng.between(2, 250)} - - [${clfTime(now - (count - i) * 400_000)}] "POST /api/v1/checkout HTTP/1.1" ${status} ${status === 504 ? 167 : rng.between(300, 900)} "https://shop.example.com/cart" "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"\n`;
  }
  return out;
}

export const SUDOERS_LINES: readonly string[] = [
  '#',
  "# This file MUST be edited with the 'visudo' command as root.",
  '#',
  '# Please consider adding local content in /etc/sudoers.d/ instead of',
  '# directly modifying this file.',
  '#',
  '# See the man page for details on how to write a sudoers file.',
  '#',
  'Defaults        env_reset',
  'Defaults        mail_badpass',
  'Defaults        secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/snap/bin"',
  'Defaults        use_pty',
  'Defaults        log_output',
  '',
  '# This preserves proxy settings from user environments of root',
  '# equivalent users (group sudo)',
  '#Defaults:%sudo env_keep += "http_proxy https_proxy ftp_proxy all_proxy no_proxy"',
  '',
  '# This allows running arbitrary commands, but so does ALL, and it means',
  '# different sudoers have their choice of editor respected.',
  '#Defaults:%sudo env_keep += "EDITOR"',
  '',
  '# Host alias specification',
  '',
  '# User alias specification',
  '',
  '# Cmnd alias specification',
  '',
  '# User privilege specification',
  'root    ALL=(ALL:ALL) ALL',
  '',
  '# Members of the admin group may gain root privileges',
  '%admin ALL=(ALL) ALL',
  '',
  '# Allow members of group sudo to execute any command',
  '%sudo   ALL=(ALL:ALL) ALL',
  '',
  '# See sudoers(5) for more information on "@include" directives:',
  '',
  '@includedir /etc/sudoers.d',
];

export const WIDTH_TS_LINES: readonly string[] = [
  '// Display width of terminal text: East Asian wide characters and emoji take two columns.',
  "import { eastAsianWidth } from './east-asian-width.js';",
  '',
  'export function displayWidth(text: string): number {',
  '  let width = 0;',
  '  for (const ch of text) {',
  '    const cp = ch.codePointAt(0) ?? 0;',
  "    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;",
  "    width += eastAsianWidth(cp) === 'W' ? 2 : 1;",
  '  }',
  '  return width;',
  '}',
  '',
  '/** Pads `text` to `columns` display columns (not UTF-16 units): 日本語 is 6 columns wide. */',
  'export function padDisplay(text: string, columns: number): string {',
  '  const width = text.length;',
  "  return text + ' '.repeat(Math.max(0, columns - width));",
  '}',
];
