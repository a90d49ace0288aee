// Analyzer benchmark (issue 8): 1,000,000 commands against 200 rules (the starter set plus 185
// generated rules of every shape: contains lists, program + argument, regular expressions, Sigma
// detections with `1 of` and filters), target ≤ 10 s. Baseline, same run, same commands read the
// same way: one regular expression (an alternation of the starter rules' keywords) tested on each
// command — the cost of a single-pass scan. Also: every analyzer over the same data.
import { normaliseCommand } from '../../electron/core/rules/command-text.js';
import { parseRulesText, starterRulesSource } from '../../electron/services/analyze/rules-source.js';
import { forEachCommand } from '../../electron/services/analyze/case-data.js';
import { runAnalyzers } from '../../electron/services/analyze/analyze-case.js';
import { ANALYZERS } from '../../electron/services/analyze/flag.js';
import { loadSqlJs } from '../../electron/services/case/db/sqljs.js';
import { buildCorpus } from '../helpers/search-corpus.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { median, spread, type BenchResult } from './bench-result.js';

const COMMANDS = Number(process.env.BENCH_ANALYZE_COMMANDS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const TOOLS = ['nmap', 'masscan', 'tcpdump', 'hydra', 'john', 'hashcat', 'sqlmap', 'nikto', 'gobuster', 'mimikatz', 'chisel', 'ngrok', 'frpc', 'proxychains',
  'socat', 'ncat', 'telnet', 'ftp', 'tftp', 'rsync', 'scp', 'sftp', 'docker', 'kubectl', 'helm', 'terraform', 'ansible', 'psql', 'mysql', 'redis-cli',
  'mongo', 'openssl', 'gpg', 'ssh-keygen', 'iptables', 'ufw', 'setenforce', 'insmod', 'modprobe', 'mount', 'losetup', 'debugfs', 'xxd', 'strings', 'gdb'];
const ARGS = ['--privileged', '-p 2222', '/etc/hosts', '-o /tmp/', '--rm', 'DROP', '0.0.0.0', '/root/', 'id_rsa', '.pem', 'exec', '--net=host', '-v /:/host', 'LD_PRELOAD', '/dev/shm'];

/** 185 generated rules in the rules file format, of the shapes examiners and Sigma rules use. */
export function generatedRules(): string {
  const r = seededRandom(11);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)] as T;
  const out: string[] = [];
  for (let i = 0; i < 185; i++) {
    const tool = pick(TOOLS);
    const arg = pick(ARGS).replace(/'/g, "''");
    const head = `  - id: gen.r${i}\n    title: generated ${i}\n    severity: ${pick(['low', 'medium', 'high'])}\n    why: a benchmark rule\n`;
    switch (i % 4) {
      case 0:
        out.push(`${head}    match:\n      command|contains|all: ['${tool} ', '${arg}']\n`);
        break;
      case 1:
        out.push(`${head}    match:\n      program|endswith: /${tool}\n      command|contains: '${arg}'\n`);
        break;
      case 2:
        out.push(`${head}    match:\n      command|re: '\\b${tool}\\s+(-\\S+\\s+)*${arg.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}'\n`);
        break;
      default:
        out.push(`${head}    detection:\n      sel_a:\n        command|contains|all: ['${tool}', '${arg}']\n      sel_b:\n        command|startswith: '${pick(TOOLS)} '\n        command|endswith: '${arg}'\n      filter:\n        user: [root, ci-runner]\n      condition: 1 of sel_* and not filter\n`);
    }
  }
  return out.join('');
}

export async function benchAnalyze(log: (line: string) => void): Promise<BenchResult[]> {
  const SQL = await loadSqlJs();
  log(`generating ${COMMANDS.toLocaleString('en-US')} commands (search corpus)…`);
  const { db } = buildCorpus(SQL, { commands: COMMANDS, screenEvery: 0, noIndex: true, seed: 5 });
  try {
    const starter = await starterRulesSource();
    const file = parseRulesText({ name: 'bench.yaml', text: `${starter.text}\n${generatedRules()}` });
    if (file.rules.length !== 200) throw new Error(`bench: expected 200 rules, got ${file.rules.length}`);
    // Baseline: the same rows read the same way, one regex per command (an alternation of keywords).
    const keywords = ['sudo', 'curl', 'wget', 'base64', '/dev/tcp', 'history', 'auditd', 'shadow', 'passwd', 'sudoers', 'authorized_keys', 'chmod', 'useradd', 'usermod', 'apt', 'crontab', 'journalctl', 'nc '];
    const single = new RegExp(keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'i');
    const baseline: number[] = [];
    const rulesMs: number[] = [];
    const allMs: number[] = [];
    let flags = 0;
    let hitsBaseline = 0;
    for (let round = 0; round < ROUNDS; round++) {
      let t = performance.now();
      let hits = 0;
      forEachCommand([db], (row) => {
        if (single.test(normaliseCommand(row.text))) hits++;
      });
      baseline.push((performance.now() - t) / 1000);
      hitsBaseline = hits;
      t = performance.now();
      flags = runAnalyzers({ catalog: db, indexes: [db] }, file, ['commands']).flags.length;
      rulesMs.push((performance.now() - t) / 1000);
      t = performance.now();
      runAnalyzers({ catalog: db, indexes: [db] }, file, [...ANALYZERS]);
      allMs.push((performance.now() - t) / 1000);
      log(`  round ${round + 1}: single regex ${baseline.at(-1)?.toFixed(2)} s (${hits} hits), 200 rules ${rulesMs.at(-1)?.toFixed(2)} s (${flags} flags), all analyzers ${allMs.at(-1)?.toFixed(2)} s`);
    }
    const base = median(baseline);
    const value = median(rulesMs);
    return [
      {
        name: `analyze: ${COMMANDS.toLocaleString('en-US')} commands × 200 rules`,
        value,
        unit: 's',
        baseline: { name: 'one regex per command, same rows', value: base },
        ratio: value / base,
        target: '≤ 10 s',
        note: `${flags.toLocaleString('en-US')} flags; ${hitsBaseline.toLocaleString('en-US')} baseline hits; ${spread(rulesMs)}`,
      },
      {
        name: `analyze: all analyzers, ${COMMANDS.toLocaleString('en-US')} commands`,
        value: median(allMs),
        unit: 's',
        baseline: { name: 'one regex per command, same rows', value: base },
        ratio: median(allMs) / base,
        note: `commands, odd-hours, networks, spikes, shared-sessions; ${spread(allMs)}`,
      },
    ];
  } finally {
    db.close();
  }
}

