// Full-screen programs on the alternate screen (ESC[?1049h … ESC[?1049l) with cursor positioning:
// `top` redrawing every three seconds, and a small `vim` that opens a file, moves, edits and saves.
import type { TrailEvent } from '../../core/records.js';
import {
  ALT_SCREEN_OFF, ALT_SCREEN_ON, CLEAR_SCREEN, ERASE_BELOW, ERASE_LINE, HIDE_CURSOR, KEYPAD_OFF, KEYPAD_ON, OFF,
  SHOW_CURSOR, moveTo, rpad,
} from './ansi.js';
import type { ShellSession } from './shell-session.js';

// ---- top -----------------------------------------------------------------------------------

export interface TopProcess {
  pid: number;
  user: string;
  command: string;
  /** Typical %CPU; each frame varies around it. */
  cpu: number;
  mem: number;
  virt: number;
  res: number;
  shr: number;
}

export interface TopOptions {
  frames: number;
  uptimeDays: number;
  users: number;
  load: [number, number, number];
  memTotalMiB: number;
  processes: readonly TopProcess[];
}

function clockOf(s: ShellSession): string {
  return s.now().slice(11, 19);
}

function topFrame(s: ShellSession, opts: TopOptions, frame: number, times: Map<number, number>): string {
  const rng = s.rng;
  const b = (value: string): string => `\x1b[1m${value}${OFF}`;
  const load = opts.load.map((l) => (l + rng.uniform(-0.4, 0.4)).toFixed(2));
  const procs = opts.processes.map((p) => {
    const cpu = Math.max(0, p.cpu * rng.uniform(0.6, 1.35));
    const used = (times.get(p.pid) ?? p.cpu * 60) + cpu * 0.03;
    times.set(p.pid, used);
    return { ...p, cpu: cpu, state: cpu > 25 ? 'R' : 'S', time: used };
  });
  procs.sort((x, y) => y.cpu - x.cpu);
  const running = procs.filter((p) => p.state === 'R').length;
  const us = Math.min(96.5, procs.reduce((sum, p) => sum + p.cpu, 0) / 3.3);
  const upMinutes = (frame * 3) / 60;
  const free = opts.memTotalMiB * rng.uniform(0.024, 0.03);
  const cache = opts.memTotalMiB * 0.148;
  const lines: string[] = [
    `top - ${clockOf(s)} up ${opts.uptimeDays} days,  3:${rpad(Math.floor(11 + upMinutes), 2).replace(' ', '0')},  ${b(String(opts.users))} users,  load average: ${b(load.join(', '))}`,
    `Tasks:${b(' 231 ')}total,${b(rpad(running, 4) + ' ')}running,${b(rpad(231 - running, 4) + ' ')}sleeping,${b('   0 ')}stopped,${b('   0 ')}zombie`,
    `%Cpu(s):${b(rpad(us.toFixed(1), 5))} us,${b(rpad((us / 18).toFixed(1), 5))} sy,${b('  0.0')} ni,${b(rpad((97.8 - us).toFixed(1), 5))} id,${b('  0.8')} wa,${b('  0.0')} hi,${b('  0.5')} si,${b('  0.0')} st`,
    `MiB Mem :${b(rpad(opts.memTotalMiB.toFixed(1), 9))} total,${b(rpad(free.toFixed(1), 9))} free,${b(rpad((opts.memTotalMiB - free - cache).toFixed(1), 9))} used,${b(rpad(cache.toFixed(1), 9))} buff/cache`,
    `MiB Swap:${b('   2048.0')} total,${b('   1630.2')} free,${b('    417.8')} used.${b(rpad((cache - 60).toFixed(1), 9))} avail Mem`,
    '',
  ];
  const header = '    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND';
  const rows: string[] = [];
  for (const p of procs) {
    const minutes = Math.floor(p.time / 60);
    const seconds = (p.time % 60).toFixed(2).padStart(5, '0');
    const row = `${rpad(p.pid, 7)} ${p.user.padEnd(9).slice(0, 9)} ${rpad(20, 2)} ${rpad(0, 3)} ${rpad(p.virt, 7)} ${rpad(p.res, 6)} ${rpad(p.shr, 6)} ${p.state} ${rpad(p.cpu.toFixed(1), 5)} ${rpad(p.mem.toFixed(1), 5)} ${rpad(`${minutes}:${seconds}`, 9)} ${p.command}`;
    rows.push(p.state === 'R' ? `\x1b[1m${row.slice(0, s.cols)}${OFF}` : row.slice(0, s.cols));
  }
  let screen = '';
  lines.forEach((line, i) => {
    screen += `${moveTo(i + 1, 1)}${line}${ERASE_LINE}`;
  });
  screen += `${moveTo(7, 1)}\x1b[7m${header.padEnd(s.cols).slice(0, s.cols)}${OFF}`;
  const room = Math.max(0, s.rows - 7);
  rows.slice(0, room).forEach((row, i) => {
    screen += `${moveTo(8 + i, 1)}${row}${ERASE_LINE}`;
  });
  return `${screen}${ERASE_BELOW}`;
}

/** `top`: alternate screen, a redraw every 3 s, `q` to quit. */
export function topProgram(opts: TopOptions): (s: ShellSession) => Generator<TrailEvent> {
  return function* top(s) {
    const times = new Map<number, number>();
    s.wait(s.rng.uniform(30, 90));
    yield s.out(`${ALT_SCREEN_ON}${KEYPAD_ON}${HIDE_CURSOR}${CLEAR_SCREEN}${topFrame(s, opts, 0, times)}`);
    for (let frame = 1; frame < opts.frames; frame++) {
      s.wait(3000 + s.rng.uniform(-4, 4));
      yield s.out(`\x1b[H${topFrame(s, opts, frame, times)}`);
    }
    s.wait(s.rng.uniform(400, 2600));
    yield s.input('q');
    s.wait(s.rng.uniform(1, 4));
    yield s.out(`${moveTo(s.rows, 1)}${ERASE_LINE}${SHOW_CURSOR}${KEYPAD_OFF}${ALT_SCREEN_OFF}`);
  };
}

// ---- vim -----------------------------------------------------------------------------------

/** One thing the user does in vim. */
export type VimAction =
  | { kind: 'goto'; line: number | 'end' }
  | { kind: 'open-below'; text: string }
  | { kind: 'change-line'; text: string }
  | { kind: 'delete-line' }
  | { kind: 'resize'; cols: number; rows: number }
  | { kind: 'pause'; seconds: number }
  | { kind: 'write-quit' };

export interface VimOptions {
  /** The name vim shows (visudo edits a temporary copy: /etc/sudoers.tmp). */
  path: string;
  lines: readonly string[];
  highlight: (line: string) => string;
  actions: readonly VimAction[];
}

const vimEnter = (rows: number): string => `${ALT_SCREEN_ON}\x1b[22;0;0t\x1b[>4;2m${KEYPAD_ON}\x1b[?2004h\x1b[1;${rows}r\x1b[?12h\x1b[?12l\x1b[22;2t\x1b[22;1t\x1b[27m\x1b[23m\x1b[29m${OFF}${CLEAR_SCREEN}`;
const VIM_LEAVE = `\x1b[?2004l\x1b[>4;m${KEYPAD_OFF}\x1b[?1l\x1b[23;2t\x1b[23;1t${ALT_SCREEN_OFF}\x1b[23;0;0t`;

function byteSize(lines: readonly string[]): number {
  return lines.reduce((sum, l) => sum + Buffer.byteLength(l, 'utf8') + 1, 0);
}

/** Vim's view of a buffer: the first visible line and the cursor line (both 0-based). */
class VimView {
  top = 0;
  cursor = 0;
  constructor(readonly s: ShellSession, readonly lines: string[], readonly highlight: (line: string) => string) {}

  get textRows(): number {
    return this.s.rows - 1;
  }

  private row(i: number): string {
    const line = this.lines[i];
    if (line === undefined) return `\x1b[94m~${' '.repeat(Math.max(0, this.s.cols - 1))}${OFF}`;
    return `${this.highlight(line.slice(0, this.s.cols))}${ERASE_LINE}`;
  }

  /** Redraws text rows from screen row `fromRow` (1-based) down. */
  redrawFrom(fromRow: number): string {
    let out = '';
    for (let r = fromRow; r <= this.textRows; r++) out += `${moveTo(r, 1)}${this.row(this.top + r - 1)}`;
    return out;
  }

  cursorTo(col = 1): string {
    return moveTo(this.cursor - this.top + 1, col);
  }

  /** Scrolls when needed so the cursor is visible; returns what to send. */
  reveal(): string {
    if (this.cursor >= this.top && this.cursor < this.top + this.textRows) return this.cursorTo();
    this.top = Math.max(0, Math.min(this.cursor - Math.floor(this.textRows / 2), this.lines.length - this.textRows));
    return `${this.redrawFrom(1)}${this.cursorTo()}`;
  }

  status(text: string): string {
    return `${moveTo(this.s.rows, 1)}${text}${ERASE_LINE}`;
  }
}

/** `vim FILE` (also what `visudo` and `sudoedit` start): edits, then `:wq`. */
export function vimProgram(opts: VimOptions): (s: ShellSession) => Generator<TrailEvent> {
  return function* vim(s) {
    const rng = s.rng;
    const view = new VimView(s, [...opts.lines], opts.highlight);
    const keyPause = (): number => rng.logNormal(s.setup.owner.typing.medianKeyMs * 1.2, 0.5);
    s.wait(rng.uniform(40, 160));
    const info = `"${opts.path}" ${view.lines.length}L, ${byteSize(view.lines)}B`;
    yield s.out(`${vimEnter(s.rows)}${view.redrawFrom(1)}${view.status(info)}${moveTo(1, 1)}${SHOW_CURSOR}`);
    const typeInsert = function* (text: string): Generator<TrailEvent> {
      for (const ch of text) {
        s.wait(keyPause());
        yield s.input(ch);
        s.wait(rng.uniform(0.5, 3));
        yield s.out(ch);
      }
      s.wait(rng.uniform(300, 1200));
      yield s.input('\x1b');
      s.wait(rng.uniform(1, 4));
      yield s.out(`${view.cursorTo()}${view.highlight(view.lines[view.cursor] ?? '')}${ERASE_LINE}${view.status('')}${view.cursorTo()}`);
    };
    for (const action of opts.actions) {
      s.wait(rng.uniform(800, 4000));
      switch (action.kind) {
        case 'pause':
          s.wait(action.seconds * 1000);
          break;
        case 'goto': {
          const keys = action.line === 'end' ? 'G' : `${action.line}G`;
          let count = '';
          for (const key of keys.slice(0, -1)) {
            yield s.input(key);
            count += key;
            s.wait(rng.uniform(1, 3));
            // 'showcmd' echoes the pending count in the bottom-right corner.
            yield s.out(`${moveTo(s.rows, s.cols - 10)}${count}${view.cursorTo()}`);
            s.wait(keyPause());
          }
          yield s.input('G');
          view.cursor = action.line === 'end' ? view.lines.length - 1 : Math.min(view.lines.length, action.line) - 1;
          s.wait(rng.uniform(1, 5));
          yield s.out(`${moveTo(s.rows, s.cols - 10)}${ERASE_LINE}${view.reveal()}`);
          break;
        }
        case 'open-below': {
          yield s.input('o');
          view.lines.splice(view.cursor + 1, 0, '');
          view.cursor += 1;
          const scroll = view.reveal();
          const screenRow = view.cursor - view.top + 1;
          s.wait(rng.uniform(1, 5));
          yield s.out(`${view.redrawFrom(screenRow)}${view.status('\x1b[1m-- INSERT --\x1b[m')}${scroll}${view.cursorTo()}`);
          view.lines[view.cursor] = action.text;
          yield* typeInsert(action.text);
          break;
        }
        case 'change-line': {
          yield s.input('c');
          s.wait(keyPause());
          yield s.input('c');
          s.wait(rng.uniform(1, 5));
          yield s.out(`${view.cursorTo()}${ERASE_LINE}${view.status('\x1b[1m-- INSERT --\x1b[m')}${view.cursorTo()}`);
          view.lines[view.cursor] = action.text;
          yield* typeInsert(action.text);
          break;
        }
        case 'delete-line': {
          yield s.input('d');
          s.wait(keyPause());
          yield s.input('d');
          view.lines.splice(view.cursor, 1);
          view.cursor = Math.min(view.cursor, view.lines.length - 1);
          s.wait(rng.uniform(1, 5));
          yield s.out(`${view.redrawFrom(view.cursor - view.top + 1)}${view.cursorTo()}`);
          break;
        }
        case 'resize': {
          yield s.resize(action.cols, action.rows);
          yield s.out(`\x1b[1;${action.rows}r`);
          view.top = Math.max(0, Math.min(view.top, view.lines.length - view.textRows));
          s.wait(rng.uniform(5, 30));
          yield s.out(`${CLEAR_SCREEN}${view.redrawFrom(1)}${view.cursorTo()}`);
          break;
        }
        case 'write-quit': {
          for (const key of ':wq') {
            yield s.input(key);
            s.wait(rng.uniform(1, 3));
            yield s.out(key === ':' ? view.status(':') : key);
            s.wait(keyPause());
          }
          yield s.input('\r');
          s.wait(rng.uniform(2, 12));
          const written = `"${opts.path}" ${view.lines.length}L, ${byteSize(view.lines)}B written`;
          yield s.out(`\r${written}${ERASE_LINE}${VIM_LEAVE}`);
          break;
        }
      }
    }
  };
}

// ---- syntax colours (vim's default scheme on a dark background) -------------------------------

const COMMENT = '\x1b[96m';
const STATEMENT = '\x1b[93m';
const CONSTANT = '\x1b[95m';
const TYPE = '\x1b[92m';

export function highlightSudoers(line: string): string {
  if (line.startsWith('#') && !line.startsWith('#include')) return `${COMMENT}${line}${OFF}`;
  const m = /^(Defaults|@includedir|@include)(\S*)(.*)$/.exec(line);
  if (m !== null) return `${STATEMENT}${m[1]}${OFF}${m[2]}${m[3]}`;
  return line.replace(/\bALL\b/g, `${CONSTANT}ALL${OFF}`).replace(/NOPASSWD:/g, `${TYPE}NOPASSWD:${OFF}`);
}

const TS_KEYWORDS = /\b(import|export|from|function|const|let|return|if|else|for|of|new|interface|type)\b/g;

export function highlightTypeScript(line: string): string {
  const trimmed = line.trimStart();
  if (trimmed.startsWith('//') || trimmed.startsWith('*') || trimmed.startsWith('/*')) return `${COMMENT}${line}${OFF}`;
  // Strings first (they may contain keywords), keywords in the rest.
  return line
    .split(/('[^']*')/)
    .map((part, i) => (i % 2 === 1 ? `${CONSTANT}${part}${OFF}` : part.replace(TS_KEYWORDS, `${STATEMENT}$1${OFF}`)))
    .join('');
}
