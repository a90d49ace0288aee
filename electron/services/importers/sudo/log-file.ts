// A sudo I/O log session's description: `log.json` (sudo ≥ 1.9.4) or the older three-line `log`
//   line 1  epoch-seconds:submit-user:run-user:run-group:tty[:LINES:COLUMNS]   (rows first!)
//   line 2  cwd
//   line 3  command and arguments joined by spaces (quoting lost)
// Neither records the exit status (it is written when the command starts).

export interface SudoSessionInfo {
  startMicros: number;
  /** Nanoseconds beyond startMicros (0–999), so the timing delays add up exactly. */
  startExtraNanos: number;
  submitUser: string | null;
  submitHost: string | null;
  submitUid: number | null;
  runUser: string | null;
  runUid: number | null;
  runGroup: string | null;
  tty: string | null;
  cwd: string | null;
  runCwd: string | null;
  /** The command line as sudoreplay shows it: path, then the arguments shell-quoted. */
  commandLine: string | null;
  term: string | null;
  cols: number | null;
  rows: number | null;
  source: 'log.json' | 'log';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const count = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);
const dimension = (v: unknown): number | null => {
  const n = typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : count(v);
  return n !== null && n > 0 ? n : null;
};

export function parseLogJson(text: string): SudoSessionInfo | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'is not valid JSON';
  }
  if (!isObject(value)) return 'is not a JSON object';
  const ts = isObject(value.timestamp) ? value.timestamp : {};
  const seconds = count(ts.seconds);
  if (seconds === null) return 'has no "timestamp.seconds"';
  const nanos = count(ts.nanoseconds) ?? 0;
  if (nanos > 999_999_999) return `has "timestamp.nanoseconds" ${nanos}, more than a second`;
  const env = Array.isArray(value.runenv) ? value.runenv.filter((e): e is string => typeof e === 'string') : [];
  const envValue = (name: string): string | null => {
    const entry = env.find((e) => e.startsWith(`${name}=`));
    return entry === undefined ? null : entry.slice(name.length + 1);
  };
  const argv = Array.isArray(value.runargv) ? value.runargv.filter((a): a is string => typeof a === 'string') : [];
  const command = str(value.command);
  const sudoUid = envValue('SUDO_UID');
  return {
    startMicros: seconds * 1_000_000 + Math.floor(nanos / 1000),
    startExtraNanos: nanos % 1000,
    submitUser: str(value.submituser),
    submitHost: str(value.submithost),
    submitUid: sudoUid !== null && /^\d{1,10}$/.test(sudoUid) ? Number(sudoUid) : null,
    runUser: str(value.runuser),
    runUid: count(value.runuid),
    runGroup: str(value.rungroup),
    tty: str(value.ttyname),
    cwd: str(value.submitcwd),
    runCwd: str(value.runcwd),
    commandLine: command === null ? null : [command, ...argv.slice(1).map(shellQuote)].join(' '),
    term: envValue('TERM'),
    cols: dimension(value.columns),
    rows: dimension(value.lines),
    source: 'log.json',
  };
}

const LOG_LINE1 = /^(\d{1,12}):([^:]*):([^:]*):([^:]*):([^:]*)(?::(\d+):(\d+))?$/;

export function parseLogText(text: string): SudoSessionInfo | string {
  const lines = text.split('\n');
  const m = LOG_LINE1.exec(lines[0] ?? '');
  if (m === null) return 'line 1 is not "time:user:runas-user:runas-group:tty[:lines:cols]"';
  return {
    startMicros: Number(m[1]) * 1_000_000,
    startExtraNanos: 0,
    submitUser: str(m[2]),
    submitHost: null,
    submitUid: null,
    runUser: str(m[3]),
    runUid: null,
    runGroup: str(m[4]),
    tty: str(m[5]),
    cwd: str(lines[1]),
    runCwd: null,
    commandLine: str(lines[2]),
    term: null,
    rows: dimension(m[6]),
    cols: dimension(m[7]),
    source: 'log',
  };
}

/** POSIX shell quoting, only where needed (as sudoreplay -l prints the command). */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
