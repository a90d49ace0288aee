// Endless line sources for long-running commands: what `tail -f access.log`, `journalctl -f`,
// `make -j2`, `docker compose logs -f`, `kubectl logs -f` and a PostgreSQL log print, line after
// line, with the colours those programs use. Hot path of large demos: each line is a handful of
// table look-ups and one template string; time stamps are formatted once per second.
import { clfTime, isoMillis, pgTime, syslogTime } from './clock-text.js';
import type { Prng } from './prng.js';

export interface LineSource {
  /** The next line, "\r\n"-terminated; `now` is its time, `progress` 0..1 through the command. */
  line(now: number, progress: number): string;
  /** What the program prints when it finishes by itself (finite programs only). */
  finish?(): string;
}

/** A formatted time, recomputed only when the second changes. */
class SecondCache {
  private second = -1;
  private text = '';
  constructor(private readonly format: (micros: number) => string) {}
  at(micros: number): string {
    const second = Math.floor(micros / 1_000_000);
    if (second !== this.second) {
      this.second = second;
      this.text = this.format(micros);
    }
    return this.text;
  }
}

const MS3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** ISO-8601 with milliseconds (`2024-11-21T02:09:58.123Z`); the part up to the second is cached. */
class MillisCache {
  private second = -1;
  private prefix = '';
  at(micros: number): string {
    const ms = Math.floor(micros / 1000);
    const second = Math.floor(ms / 1000);
    if (second !== this.second) {
      this.second = second;
      this.prefix = isoMillis(micros).slice(0, 20);
    }
    return `${this.prefix}${MS3[ms - second * 1000]}Z`;
  }
}

function table(rng: Prng, n: number, make: (rng: Prng, i: number) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(make(rng, i));
  return out;
}

/** Response times as nginx logs them ($request_time), pre-formatted. */
const SECONDS_3 = Array.from({ length: 1024 }, (_, i) => (i < 900 ? i * 0.0009 : 0.8 + (i - 900) * 0.25).toFixed(3));

// ---- nginx access log ------------------------------------------------------------------------------

const PATHS = [
  '/', '/api/v1/products?page=2', '/api/v1/products/4711', '/api/v1/cart', '/api/v1/cart/items', '/api/v1/checkout',
  '/api/v1/payment/confirm', '/static/js/app.8f2c1e.js', '/static/css/main.41b9a2.css', '/img/products/4711-640.webp',
  '/healthz', '/api/v1/search?q=caf%C3%A9', '/api/v1/search?q=%E6%97%A5%E6%9C%AC%E8%8C%B6', '/robots.txt',
  '/api/v1/session', '/favicon.ico', '/api/v1/recommendations?for=4711', '/wp-login.php', '/.env', '/api/v1/orders/90211',
];
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'kube-probe/1.30', 'curl/8.5.0', 'Go-http-client/1.1', 'Googlebot/2.1 (+http://www.google.com/bot.html)',
];
const REFERERS = ['-', 'https://shop.example.com/', 'https://shop.example.com/cart', 'https://www.google.com/', 'https://shop.example.com/products/4711'];
const STATUS = ['200', '200', '200', '200', '200', '200', '200', '200', '304', '200', '301', '404', '200', '499', '502', '504'];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'GET', 'GET', 'HEAD'];

export class AccessLogSource implements LineSource {
  private readonly time = new SecondCache(clfTime);
  private readonly clients: string[];
  constructor(private readonly rng: Prng) {
    this.clients = table(rng, 256, (r) => `${r.pick(['198.51.100', '203.0.113', '192.0.2', '10.0.3'])}.${r.between(2, 254)}`);
  }
  line(now: number): string {
    const r = this.rng;
    const u = r.u32();
    const status = STATUS[u & 15] as string;
    const method = METHODS[(u >>> 4) & 7] as string;
    const bytes = status === '304' ? 0 : (u >>> 7) & 0x1ffff;
    return `${this.clients[(u >>> 24) & 255]} - - [${this.time.at(now)}] "${method} ${PATHS[r.int(PATHS.length)]} HTTP/1.1" ${status} ${bytes} "${REFERERS[r.int(REFERERS.length)]}" "${AGENTS[r.int(AGENTS.length)]}" ${SECONDS_3[r.u32() & 1023]}\r\n`;
  }
}

// ---- journalctl -f -----------------------------------------------------------------------------------

const J_ERR = '\x1b[0;1;31m';
const J_WARN = '\x1b[0;1;38;5;185m';
const J_NOTICE = '\x1b[0;1;39m';
const J_END = '\x1b[0m';

export class JournalSource implements LineSource {
  private readonly time = new SecondCache(syslogTime);
  private readonly messages: string[][];
  private readonly prefix: string;
  constructor(private readonly rng: Prng, host: string) {
    const m: string[] = [
      `sshd[#]: Accepted publickey for deploy from 10.0.0.5 port # ssh2: ED25519 SHA256:Qm0Z1kq9v7G4C1xYbD0rW8s6Tf3aLp2NnHc5uE7iKjA`,
      `sshd[#]: pam_unix(sshd:session): session opened for user deploy(uid=1100) by (uid=0)`,
      `systemd[1]: Started Session # of User deploy.`,
      `CRON[#]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)`,
      `kernel: [UFW BLOCK] IN=ens5 OUT= MAC=0a:1b:2c:3d:4e:5f SRC=192.0.2.# DST=${host === 'db-1' ? '10.0.2.21' : '10.0.1.11'} LEN=60 TOS=0x00 PREC=0x00 TTL=51 ID=# DF PROTO=TCP SPT=# DPT=23 WINDOW=64240 RES=0x00 SYN URGP=0`,
      `systemd-resolved[611]: Using degraded feature set UDP instead of UDP+EDNS0 for DNS server 10.0.0.2.`,
      `node[#]: ${J_WARN}(node:31337) Warning: pg pool: 18/20 clients in use${J_END}`,
      `nginx[1187]: ${J_ERR}upstream timed out (110: Connection timed out) while reading response header from upstream${J_END}`,
      `sudo[#]: ${J_NOTICE}   carol : TTY=pts/1 ; PWD=/home/carol ; USER=root ; COMMAND=/usr/bin/journalctl -u nginx${J_END}`,
      `systemd[1]: Starting Daily apt download activities...`,
      `systemd[1]: apt-daily.service: Deactivated successfully.`,
      `systemd[1]: Finished Daily apt download activities.`,
      `containerd[877]: level=info msg="ImageCreate event name:\\"registry.example.com/shop/checkout:2.14.1\\""`,
      `kubelet[902]: prober.go:107] "Probe failed" probeType="Readiness" pod="shop/checkout-6f8b9c7d4-h7x2p" podUID="5e1c0b7a-#"`,
      `kernel: ${J_WARN}TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters.${J_END}`,
      `systemd-logind[655]: New session # of user carol.`,
      `systemd-logind[655]: Session # logged out. Waiting for processes to exit.`,
      `rsyslogd[688]: imjournal: journal files changed, reloading...  [v8.2112.0 try https://www.rsyslog.com/e/0 ]`,
    ];
    this.messages = m.map((text) => text.split('#'));
    this.prefix = ` ${host} `;
  }
  line(now: number): string {
    const r = this.rng;
    const parts = this.messages[r.int(this.messages.length)] as string[];
    let text = `${this.time.at(now)}${this.prefix}${parts[0]}`;
    for (let i = 1; i < parts.length; i++) text += `${1000 + (r.u32() & 0xffff)}${parts[i]}`;
    return `${text}\r\n`;
  }
}

// ---- make -j2 (CMake) ----------------------------------------------------------------------------

const MODULES = ['core', 'codec', 'net', 'store', 'index', 'replay', 'report', 'crypto', 'cli', 'ui'];
const UNITS = [
  'record_codec', 'merkle_tree', 'hash_chain', 'checkpoint', 'signed_note', 'zip_reader', 'zip_writer', 'jsonl_scanner',
  'utf8_decoder', 'ansi_parser', 'screen_model', 'scrollback', 'search_index', 'trigram', 'bloom', 'timeline',
  'session_table', 'report_html', 'pdf_writer', 'width_table', 'east_asian_width', 'base64', 'ed25519', 'sha256_x86',
];
const MAKE_GREEN = '\x1b[32m';
const MAKE_LINK = '\x1b[32m\x1b[1m';
const MAKE_END = '\x1b[0m';
const GCC_B = '\x1b[01m\x1b[K';
const GCC_E = '\x1b[m\x1b[K';
const GCC_WARNING = '\x1b[01;35m\x1b[Kwarning: \x1b[m\x1b[K';

const PERCENT = Array.from({ length: 101 }, (_, i) => String(i).padStart(3, ' '));

export class MakeSource implements LineSource {
  private count = 0;
  constructor(private readonly rng: Prng, private readonly target: string) {}
  line(_now: number, progress: number): string {
    const r = this.rng;
    const pct = PERCENT[Math.min(99, Math.floor(progress * 100))] as string;
    const mod = MODULES[r.int(MODULES.length)] as string;
    const unit = UNITS[r.int(UNITS.length)] as string;
    this.count++;
    const roll = r.u32() & 63;
    if (roll === 0) {
      return `[${pct}%] ${MAKE_LINK}Linking CXX static library lib${mod}.a${MAKE_END}\r\n[${pct}%] Built target ${mod}\r\n`;
    }
    if (roll === 1) {
      const line = 40 + (this.count % 400);
      return `${GCC_B}/home/bob/src/trailview-native/src/${mod}/${unit}.cpp:${line}:17:${GCC_E} ${GCC_WARNING}unused variable '${GCC_B}${unit}_len${GCC_E}' [\x1b[01;35m\x1b[K-Wunused-variable${GCC_E}]\r\n  ${line} |     std::size_t \x1b[01;35m\x1b[K${unit}_len${GCC_E} = 0;\r\n      |                 \x1b[01;35m\x1b[K^~~~~~~~~~~~~~~${GCC_E}\r\n`;
    }
    return `[${pct}%] ${MAKE_GREEN}Building CXX object src/${mod}/CMakeFiles/${mod}.dir/${unit}.cpp.o${MAKE_END}\r\n`;
  }
  finish(): string {
    return `[100%] ${MAKE_LINK}Linking CXX executable ${this.target}${MAKE_END}\r\n[100%] Built target ${this.target}\r\n`;
  }
}

// ---- docker compose logs -f ---------------------------------------------------------------------------

const SERVICES: [string, string][] = [
  ['api-1       ', '\x1b[36m'], ['worker-1    ', '\x1b[33m'], ['checkout-1  ', '\x1b[32m'], ['redis-1     ', '\x1b[35m'],
  ['search-1    ', '\x1b[34m'], ['api-2       ', '\x1b[96m'],
];
const PRODUCTS = ['Crème brûlée 焼き菓子', 'Café au lait', 'Smørrebrød', '日本茶 (煎茶)', 'Jalapeño salsa', 'Zoë’s granola 🥣', 'Pão de queijo', 'Kimchi 김치'];
const LEVELS = ['\x1b[32mINFO\x1b[0m ', '\x1b[32mINFO\x1b[0m ', '\x1b[32mINFO\x1b[0m ', '\x1b[32mINFO\x1b[0m ', '\x1b[33mWARN\x1b[0m ', '\x1b[31mERROR\x1b[0m', '\x1b[34mDEBUG\x1b[0m', '\x1b[32mINFO\x1b[0m '];

export class ComposeSource implements LineSource {
  private readonly time = new MillisCache();
  constructor(private readonly rng: Prng) {}
  line(now: number): string {
    const r = this.rng;
    const u = r.u32();
    const [name, colour] = SERVICES[u % SERVICES.length] as [string, string];
    const level = LEVELS[(u >>> 8) & 7] as string;
    const ms = (u >>> 11) & 511;
    const what = (u >>> 20) & 7;
    let msg: string;
    if (what === 0) msg = `cart item added product="${PRODUCTS[r.int(PRODUCTS.length)]}" qty=${1 + (u & 3)}`;
    else if (what === 1) msg = `job done queue=emails id=${r.u32().toString(36)} duration_ms=${ms}`;
    else if (what === 2) msg = `cache miss key=product:${4000 + (u & 1023)}`;
    else msg = `request completed method=GET path=/api/v1/products/${4000 + (u & 1023)} status=200 duration_ms=${ms}`;
    return `${colour}${name}|\x1b[0m ${this.time.at(now)} ${level} ${msg}\r\n`;
  }
}

// ---- kubectl logs -f (JSON lines) -------------------------------------------------------------------

export class KubectlLogsSource implements LineSource {
  private readonly time = new MillisCache();
  private readonly hex: string[];
  constructor(private readonly rng: Prng) {
    this.hex = table(rng, 1024, (r) => r.hex(8));
  }
  line(now: number): string {
    const r = this.rng;
    const u = r.u32();
    const v = r.u32();
    const warn = (u & 15) === 0;
    return `{"level":"${warn ? 'warn' : 'info'}","time":"${this.time.at(now)}","msg":"request","method":"${(u >>> 14) & 1 ? 'POST' : 'GET'}","route":"/api/v1/${(u >>> 15) & 1 ? 'checkout' : 'cart'}","status":${warn ? 503 : 200},"latency_ms":${(u >>> 4) & 1023},"trace_id":"${this.hex[v & 1023]}${this.hex[(v >>> 10) & 1023]}"}\r\n`;
  }
}

// ---- PostgreSQL log ----------------------------------------------------------------------------------

const PG_STATEMENTS = [
  'SELECT o.id, o.total FROM orders o WHERE o.customer_id = $1 ORDER BY o.created_at DESC LIMIT 20',
  'UPDATE orders SET status = $1 WHERE id = $2',
  'SELECT * FROM order_items WHERE order_id = ANY($1)',
  'INSERT INTO payments (order_id, amount, provider) VALUES ($1, $2, $3) RETURNING id',
  'SELECT id FROM orders WHERE id = $1 FOR UPDATE',
];

export class PostgresLogSource implements LineSource {
  private readonly time = new SecondCache(pgTime);
  constructor(private readonly rng: Prng) {}
  line(now: number): string {
    const r = this.rng;
    const u = r.u32();
    const pid = 40000 + (u & 8191);
    const stamp = this.time.at(now);
    if (((u >>> 13) & 15) === 0) {
      return `${stamp} [${pid}] shop@shop ERROR:  canceling statement due to statement timeout\r\n${stamp} [${pid}] shop@shop STATEMENT:  ${PG_STATEMENTS[4]}\r\n`;
    }
    if (((u >>> 13) & 15) === 1) return `${stamp} [${pid}] LOG:  checkpoint complete: wrote ${(u >>> 17) & 4095} buffers (0.${(u >>> 20) & 9}%); 0 WAL file(s) added, 0 removed, 1 recycled\r\n`;
    return `${stamp} [${pid}] shop@shop LOG:  duration: ${((u >>> 17) & 8191) / 4} ms  statement: ${PG_STATEMENTS[(u >>> 5) % PG_STATEMENTS.length]}\r\n`;
  }
}
