// Ordinary work: the commands people run on a normal night, used for the extra sessions beyond the
// scripted incident. Each entry builds a command (text, output, exit status) for a session.
import { LS } from './ansi.js';
import { MINUTE, ctime } from './clock-text.js';
import { topProgram } from './full-screen.js';
import type { CommandSpec, OutputStep, ShellSession } from './shell-session.js';
import {
  checkoutLogs, dfH, freeH, gitLogOneline, journalNginx, kubectlPods, lsHome, psAux, uptime,
} from './terminal-output.js';

export interface CatalogEntry {
  suits: (s: ShellSession) => boolean;
  make: (s: ShellSession) => CommandSpec;
}

const any = (): boolean => true;
const web = (s: ShellSession): boolean => s.hostName.startsWith('web');

function ping(s: ShellSession, host: string, ip: string): OutputStep[] {
  const steps: OutputStep[] = [{ after: 5, text: `PING ${host} (${ip}) 56(84) bytes of data.\n` }];
  const times: number[] = [];
  for (let i = 1; i <= 4; i++) {
    const ms = s.rng.uniform(0.2, 1.4);
    times.push(ms);
    steps.push({ after: i === 1 ? ms : 1000, text: `64 bytes from ${host} (${ip}): icmp_seq=${i} ttl=64 time=${ms.toFixed(3)} ms\n` });
  }
  const avg = times.reduce((a, b) => a + b, 0) / times.length;
  steps.push({
    after: 2,
    text: `\n--- ${host} ping statistics ---\n4 packets transmitted, 4 received, 0% packet loss, time 3004ms\nrtt min/avg/max/mdev = ${Math.min(...times).toFixed(3)}/${avg.toFixed(3)}/${Math.max(...times).toFixed(3)}/0.214 ms\n`,
  });
  return steps;
}

export const CATALOG: readonly CatalogEntry[] = [
  { suits: any, make: () => ({ text: 'uptime', output: (s) => uptime(s.clock, [0.42, 0.51, 0.47], 3) }) },
  { suits: any, make: (s) => ({ text: 'df -h', output: dfH(s.setup.host) }) },
  { suits: any, make: () => ({ text: 'free -h', output: freeH() }) },
  { suits: any, make: (s) => ({ text: 'ls --color=auto', output: lsHome(s.setup.owner.user) }) },
  { suits: web, make: () => ({ text: 'ps aux --sort=-%cpu | head -n 11', output: psAux() }) },
  { suits: any, make: () => ({ text: 'kubectl -n shop get pods', output: [{ after: 640, text: kubectlPods('healthy') }] }) },
  { suits: any, make: () => ({ text: 'git -C ~/src/shop log --oneline -n 6', output: gitLogOneline() }) },
  { suits: any, make: (s) => ({ text: 'ping -c 4 db-1', output: ping(s, 'db-1', '10.0.2.21') }) },
  {
    suits: web,
    make: (s) => ({ text: 'journalctl -u nginx -n 12 --no-pager', output: journalNginx(s.rng, s.setup.host, s.clock, 12) }),
  },
  { suits: any, make: (s) => ({ text: 'kubectl -n shop logs deploy/checkout --tail=15', output: [{ after: 900, text: checkoutLogs(s.rng, s.clock) }] }) },
  {
    suits: any,
    make: () => ({
      text: 'systemctl status nginx --no-pager -n 0',
      output: `\x1b[0;1;32m●\x1b[0m nginx.service - A high performance web server and a reverse proxy server
     Loaded: loaded (/lib/systemd/system/nginx.service; enabled; vendor preset: enabled)
     Active: \x1b[0;1;32mactive (running)\x1b[0m since Fri 2024-10-11 23:02:47 UTC; 1 month 10 days ago
       Docs: man:nginx(8)
   Main PID: 1187 (nginx)
      Tasks: 9 (limit: 19087)
     Memory: 212.4M
        CPU: 2d 4h 13min 9.113s
     CGroup: /system.slice/nginx.service
             ├─1187 "nginx: master process /usr/sbin/nginx -g daemon on; master_process on;"
             ├─1190 "nginx: worker process"
             └─1191 "nginx: worker process"
`,
    }),
  },
  {
    suits: any,
    make: () => ({
      text: 'docker ps --format "table {{.Names}}\\t{{.Status}}\\t{{.Ports}}"',
      output: `NAMES          STATUS                  PORTS
shop-api-1     Up 6 days (healthy)     0.0.0.0:8080->8080/tcp
shop-worker-1  Up 6 days               
shop-redis-1   Up 9 days (healthy)     6379/tcp
shop-search-1  Up 9 days (unhealthy)   9200/tcp, 9300/tcp
`,
    }),
  },
  {
    suits: any,
    make: (s) => ({
      text: 'ls -la --color=auto ~/notes',
      output: `total 28
drwxr-xr-x  2 ${s.setup.owner.user} ${s.setup.owner.user} 4096 Nov 20 21:14 ${LS.dir}.${LS.end}
drwxr-x--- 12 ${s.setup.owner.user} ${s.setup.owner.user} 4096 Nov 21 01:02 ${LS.dir}..${LS.end}
-rw-r--r--  1 ${s.setup.owner.user} ${s.setup.owner.user} 2210 Nov 20 21:14 on-call-checklist.md
-rw-r--r--  1 ${s.setup.owner.user} ${s.setup.owner.user}  918 Nov 18 10:03 réunion-2024-11-18.md
-rw-r--r--  1 ${s.setup.owner.user} ${s.setup.owner.user} 1432 Nov 12 09:41 会議メモ.txt
-rwxr-xr-x  1 ${s.setup.owner.user} ${s.setup.owner.user}  377 Nov  4 16:20 ${LS.exec}rotate-keys.sh${LS.end}
`,
    }),
  },
  {
    suits: any,
    make: () => ({
      text: 'date -u',
      output: (t) => {
        const c = ctime(t.clock);
        return `${c.slice(0, 19)} UTC ${c.slice(20)}\n`;
      },
    }),
  },
  {
    suits: any,
    make: () => ({
      text: 'top',
      interact: topProgram({
        frames: 3, uptimeDays: 41, users: 3, load: [0.48, 0.52, 0.5], memTotalMiB: 7941.2,
        processes: [
          { pid: 1187, user: 'root', command: 'nginx', cpu: 1.3, mem: 0.4, virt: 55712, res: 9140, shr: 6012 },
          { pid: 877, user: 'root', command: 'containerd', cpu: 0.7, mem: 1.2, virt: 1834544, res: 101944, shr: 40212 },
          { pid: 412, user: 'root', command: 'systemd-journal', cpu: 0.3, mem: 0.9, virt: 292812, res: 74220, shr: 70112 },
          { pid: 702, user: 'root', command: 'sshd', cpu: 0, mem: 0.1, virt: 15432, res: 9012, shr: 7540 },
          { pid: 1, user: 'root', command: 'systemd', cpu: 0, mem: 0.2, virt: 167748, res: 13140, shr: 8400 },
        ],
      }),
    }),
  },
  { suits: any, make: () => ({ text: 'clear', output: '\x1b[H\x1b[2J\x1b[3J' }) },
  { suits: any, make: (s) => ({ text: 'whoami', output: `${s.shellUser}\n` }) },
];

/** Picks an ordinary command for `s`. */
export function ordinaryCommand(s: ShellSession): CommandSpec {
  const options = CATALOG.filter((e) => e.suits(s));
  return s.rng.pick(options).make(s);
}

/** A quiet pause between commands: mostly seconds, sometimes minutes. */
export function pauseBetweenCommands(s: ShellSession): void {
  if (s.rng.chance(0.2)) s.wait(s.rng.uniform(1, 8) * MINUTE / 1000);
}
