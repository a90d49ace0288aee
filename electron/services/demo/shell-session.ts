// One simulated terminal session: a clock, a shell with a prompt and a history, and the people
// typing into it. Scripts drive it with `yield* s.run({...})` and get back the records a recorder
// would have written: keystrokes as `in`, the terminal's bytes as `out`, one `cmd` per command.
// The session's clock only moves forward, so each session's events are in time order.
import type { EventOf, TrailEvent } from '../../core/records.js';
import { encodeStreamBytes } from '../../core/record-encoding.js';
import { formatTimestamp } from '../../core/timestamp.js';
import { ERASE_CHAR_ECHO, ERASE_LINE, crlf, windowTitle } from './ansi.js';
import type { Host, Person } from './cast.js';
import type { Prng } from './prng.js';

export interface SessionSetup {
  id: string;
  owner: Person;
  host: Host;
  tty: string;
  term: string;
  cols: number;
  rows: number;
  /** Start time, microseconds since the epoch. */
  start: number;
  cwd: string;
  remote?: string;
  command?: string;
  title?: string;
  /** A root shell (`sudo -i`): root's prompt and home. */
  root?: boolean;
  /** Stream labels for sudo I/O logs (`ttyin`/`ttyout`); plain sessions have none. */
  streams?: { in: string; out: string };
}

/** A client attached to a shared (tmux) session. */
export interface Participant {
  person: Person;
  clientTty: string;
  client: string;
  remote: string;
  readOnly: boolean;
  pid: number;
}

/** Output as one block (sent shortly after Enter) or as steps with their own delays. */
export type Output = string | readonly OutputStep[];
export interface OutputStep {
  /** Milliseconds after the previous step (or after Enter). */
  after: number;
  text: string;
}

export interface CommandSpec {
  /** The command line exactly as the shell receives it. */
  text: string;
  /** How the line is entered: typed key by key (default), pasted, or recalled with Up. */
  how?: 'type' | 'paste' | 'recall';
  /** For `recall`: how many times Up is pressed (the line must be that far back in history). */
  recallSteps?: number;
  /** Force (true) or forbid (false) one corrected typo; default: the typist's typo rate. */
  typo?: boolean;
  /** Tab completion: the user types `typed`, presses Tab and the shell adds `completes`. */
  tab?: { typed: string; completes: string };
  /** Seconds of thought before the first key; default 1.5–7 s. */
  think?: number;
  /** sudo asks for the typist's password; optionally a wrong one is tried first. */
  sudo?: true | { wrongFirst: string };
  /** What the command prints; a function is called after Enter, when the clock shows the run time. */
  output?: Output | ((s: ShellSession) => Output);
  /** Drives an interactive or full-screen program instead of `output`. */
  interact?: (s: ShellSession) => Generator<TrailEvent>;
  /** Milliseconds after the output until the user presses Ctrl-C (the command is interrupted). */
  interruptAfter?: number;
  exit?: number;
  /** The working directory after the command (cd). */
  cwd?: string;
  /** Who types (shared sessions); default the session's owner. */
  by?: Person;
  /** The shell ends with this command: no prompt follows. */
  last?: boolean;
}

const QWERTY_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** A key next to `ch` on a QWERTY keyboard (for typos), or undefined when `ch` is not a letter. */
function neighbourKey(ch: string, pick: (options: string) => string): string | undefined {
  const lower = ch.toLowerCase();
  for (const row of QWERTY_ROWS) {
    const i = row.indexOf(lower);
    if (i < 0) continue;
    const options = (row[i - 1] ?? '') + (row[i + 1] ?? '');
    const key = pick(options);
    return ch === lower ? key : key.toUpperCase();
  }
  return undefined;
}

export class ShellSession {
  readonly setup: SessionSetup;
  readonly id: string;
  /** Current randomness: the script's, or the bulk stream's while a bulk slot runs. */
  rng: Prng;
  /** Bulk-output randomness, separate so that scaling the demo never changes the script. */
  readonly bulkRng: Prng;
  /** Current time, microseconds since the epoch. */
  clock: number;
  cwd: string;
  cols: number;
  rows: number;
  /** Bytes of terminal output written so far. */
  outBytes = 0;
  readonly history: string[] = [];
  /** Weights of the bulk-output slots the script opened, in order (see bulk-output.ts). */
  readonly slotWeights: number[] = [];
  private readonly slotBudgets: readonly number[];

  constructor(setup: SessionSetup, rng: Prng, bulkRng: Prng, slotBudgets: readonly number[]) {
    this.setup = setup;
    this.id = setup.id;
    this.rng = rng;
    this.bulkRng = bulkRng;
    this.clock = setup.start;
    this.cwd = setup.cwd;
    this.cols = setup.cols;
    this.rows = setup.rows;
    this.slotBudgets = slotBudgets;
  }

  /** The shell's user: root in a `sudo -i` shell, otherwise the owner. */
  get shellUser(): string {
    return this.setup.root === true ? 'root' : this.setup.owner.user;
  }

  get home(): string {
    return this.setup.root === true ? '/root' : this.setup.owner.home;
  }

  get hostName(): string {
    return this.setup.host.name;
  }

  now(): string {
    return formatTimestamp(this.clock);
  }

  /** Advances the clock by `ms` milliseconds (never backwards). */
  wait(ms: number): void {
    if (ms > 0) this.clock += Math.round(ms * 1000);
  }

  /** Advances the clock to `micros` if it is not there yet. */
  waitUntil(micros: number): void {
    if (micros > this.clock) this.clock = micros;
  }

  /** An idle pause of `lo`–`hi` seconds. */
  idle(lo: number, hi: number): void {
    this.wait(this.rng.uniform(lo, hi) * 1000);
  }

  /** Registers a bulk-output slot of `weight` and returns the bytes it should produce. */
  openSlot(weight: number): number {
    const index = this.slotWeights.length;
    this.slotWeights.push(weight);
    return this.slotBudgets[index] ?? 0;
  }

  // ---- single records ----------------------------------------------------------------------

  start(): EventOf<'session.start'> {
    const s = this.setup;
    const event: EventOf<'session.start'> = {
      ts: this.now(), type: 'session.start', session: this.id,
      user: s.owner.user, host: s.host.name, tty: s.tty, term: s.term, cols: s.cols, rows: s.rows,
      recorder: { name: 'trailview-demo', version: '1', format: 'demo' },
      uid: s.owner.uid,
    };
    if (s.remote !== undefined) event.remote = s.remote;
    if (s.command !== undefined) event.command = s.command;
    event.cwd = s.cwd;
    if (s.title !== undefined) event.title = s.title;
    return event;
  }

  end(exitStatus: number | null, reason?: string): EventOf<'session.end'> {
    const event: EventOf<'session.end'> = { ts: this.now(), type: 'session.end', session: this.id, exitStatus };
    if (reason !== undefined) event.reason = reason;
    return event;
  }

  out(text: string): EventOf<'out'> {
    this.outBytes += Buffer.byteLength(text, 'utf8');
    const event: EventOf<'out'> = { ts: this.now(), type: 'out', session: this.id, text };
    if (this.setup.streams !== undefined) event.stream = this.setup.streams.out;
    return event;
  }

  /** Raw output bytes: `text` when they are UTF-8, `b64` otherwise. */
  outBinary(bytes: Uint8Array): EventOf<'out'> {
    this.outBytes += bytes.byteLength;
    const event: EventOf<'out'> = { ts: this.now(), type: 'out', session: this.id, ...encodeStreamBytes(bytes) };
    if (this.setup.streams !== undefined) event.stream = this.setup.streams.out;
    return event;
  }

  input(text: string): EventOf<'in'> {
    const event: EventOf<'in'> = { ts: this.now(), type: 'in', session: this.id, text };
    if (this.setup.streams !== undefined) event.stream = this.setup.streams.in;
    return event;
  }

  cmd(text: string, exitStatus: number, by: Person): EventOf<'cmd'> {
    return {
      ts: this.now(), type: 'cmd', session: this.id,
      text, source: 'recorder', confidence: 1, cwd: this.cwd, exitStatus, user: by.user,
    };
  }

  marker(label: string, note?: string): EventOf<'marker'> {
    const event: EventOf<'marker'> = { ts: this.now(), type: 'marker', session: this.id, label };
    if (note !== undefined) event.note = note;
    return event;
  }

  resize(cols: number, rows: number): EventOf<'resize'> {
    this.cols = cols;
    this.rows = rows;
    return { ts: this.now(), type: 'resize', session: this.id, cols, rows };
  }

  join(p: Participant): EventOf<'join'> {
    return {
      ts: this.now(), type: 'join', session: this.id,
      user: p.person.user, uid: p.person.uid, clientTty: p.clientTty, client: p.client, remote: p.remote,
      readOnly: p.readOnly, pid: p.pid,
    };
  }

  leave(p: Participant, reason: string): EventOf<'leave'> {
    return {
      ts: this.now(), type: 'leave', session: this.id,
      user: p.person.user, uid: p.person.uid, clientTty: p.clientTty, client: p.client, remote: p.remote,
      readOnly: p.readOnly, pid: p.pid, reason,
    };
  }

  // ---- the shell ---------------------------------------------------------------------------

  private displayCwd(): string {
    const home = this.home;
    if (this.cwd === home) return '~';
    if (this.cwd.startsWith(`${home}/`)) return `~${this.cwd.slice(home.length)}`;
    return this.cwd;
  }

  /** The prompt as the terminal shows it (without the invisible window-title prefix). */
  visiblePrompt(): string {
    const where = `${this.shellUser}@${this.hostName}`;
    // Debian's skeleton .bashrc colours users' prompts; root's .bashrc does not.
    if (this.setup.root === true) return `${where}:${this.displayCwd()}# `;
    return `\x1b[01;32m${where}\x1b[00m:\x1b[01;34m${this.displayCwd()}\x1b[00m$ `;
  }

  /** The full prompt: xterm-like terminals also get the window title (tmux's `screen` does not). */
  promptText(): string {
    const titled = this.setup.term.startsWith('xterm');
    const title = titled ? windowTitle(`${this.shellUser}@${this.hostName}: ${this.displayCwd()}`) : '';
    return title + this.visiblePrompt();
  }

  *prompt(): Generator<TrailEvent> {
    this.wait(this.rng.uniform(1, 6));
    yield this.out(this.promptText());
  }

  /** Milliseconds between two keys for this typist. */
  private keyDelay(typist: Person, ch: string): number {
    const t = typist.typing;
    let ms = this.rng.logNormal(t.medianKeyMs, t.sigma);
    if (ch === ' ') ms += this.rng.uniform(0, 90);
    if (this.rng.chance(0.03)) ms += this.rng.uniform(400, 1800); // hesitation
    return Math.min(2500, Math.max(22, ms));
  }

  /** One key (or a small burst) as `in`, echoed as `out` a moment later. */
  private *key(keys: string, echo: string | null, typist: Person): Generator<TrailEvent> {
    yield this.input(keys);
    if (echo !== null) {
      const echoDelay = this.rng.uniform(0.15, 1.8);
      this.wait(echoDelay);
      yield this.out(echo);
    }
    this.wait(this.keyDelay(typist, keys));
  }

  /** Types `text` key by key with echo, a typo corrected with Backspace and optional Tab completion. */
  *typeText(text: string, typist: Person, opts: { typo?: boolean; tab?: { typed: string; completes: string } } = {}): Generator<TrailEvent> {
    const tab = opts.tab;
    if (tab !== undefined && !text.startsWith(tab.typed + tab.completes)) {
      throw new Error(`demo script: tab completion ${JSON.stringify(tab)} does not fit ${JSON.stringify(text)}`);
    }
    const chars = Array.from(text);
    const tabAt = tab === undefined ? -1 : Array.from(tab.typed).length;
    const tabSkip = tab === undefined ? 0 : Array.from(tab.completes).length;
    const wantTypo = opts.typo ?? this.rng.chance(typist.typing.typoRate);
    let typoAt = -1;
    if (wantTypo && chars.length > 3) {
      const candidates: number[] = [];
      chars.forEach((c, i) => {
        if (i > 0 && (i < tabAt || i >= tabAt + tabSkip) && /[a-z]/i.test(c)) candidates.push(i);
      });
      if (candidates.length > 0) typoAt = this.rng.pick(candidates);
    }
    let i = 0;
    while (i < chars.length) {
      if (i === tabAt) {
        this.wait(this.rng.uniform(80, 400));
        yield this.input('\t');
        this.wait(this.rng.uniform(2, 12));
        yield this.out(tab?.completes ?? '');
        this.wait(this.keyDelay(typist, '\t') + this.rng.uniform(100, 500));
        i += tabSkip;
        continue;
      }
      const ch = chars[i] as string;
      if (i === typoAt) {
        const wrong = neighbourKey(ch, (options) => options.charAt(this.rng.int(options.length)));
        if (wrong !== undefined) {
          yield* this.key(wrong, wrong, typist);
          this.wait(this.rng.uniform(150, 650)); // noticing
          yield* this.key('\x7f', ERASE_CHAR_ECHO, typist);
        }
      }
      const next = chars[i + 1];
      const burst = next !== undefined && i + 1 !== tabAt && i + 1 !== typoAt && this.rng.chance(typist.typing.burstRate);
      const keys = burst ? ch + next : ch;
      yield* this.key(keys, keys, typist);
      i += burst ? 2 : 1;
    }
  }

  /** Recalls a history line with Up (pressed `steps` times); readline redraws the line each time. */
  *recall(text: string, typist: Person, steps: number): Generator<TrailEvent> {
    const target = this.history[this.history.length - steps];
    if (target !== text) {
      throw new Error(`demo script: Up x${steps} recalls ${JSON.stringify(target)}, not ${JSON.stringify(text)}`);
    }
    for (let k = 1; k <= steps; k++) {
      this.wait(this.rng.uniform(150, 650));
      yield this.input('\x1b[A');
      this.wait(this.rng.uniform(0.3, 2));
      const line = this.history[this.history.length - k] ?? '';
      yield this.out(k === 1 ? line : `\r${this.visiblePrompt()}${line}${ERASE_LINE}`);
    }
  }

  /** Bracketed paste: bash receives the text between ESC[200~ and ESC[201~ and highlights it. */
  *paste(text: string): Generator<TrailEvent> {
    yield this.input(`\x1b[200~${text}\x1b[201~`);
    this.wait(this.rng.uniform(1, 6));
    yield this.out(`\x1b[7m${text}\x1b[27m`);
  }

  *enter(): Generator<TrailEvent> {
    yield this.input('\r');
    this.wait(this.rng.uniform(0.2, 1.5));
    yield this.out('\r\n');
  }

  *ctrlC(): Generator<TrailEvent> {
    yield this.input('\x03');
    this.wait(this.rng.uniform(0.5, 4));
    yield this.out('^C\r\n');
  }

  /** Keys that are not echoed (passwords): `in` records only, then Enter. */
  *hiddenInput(secret: string, typist: Person): Generator<TrailEvent> {
    this.wait(this.rng.uniform(600, 2200));
    for (const ch of secret) {
      yield this.input(ch);
      this.wait(this.keyDelay(typist, ch) * 0.7);
    }
    yield this.input('\r');
    this.wait(this.rng.uniform(0.5, 3));
    yield this.out('\r\n');
  }

  *sudoPrompt(typist: Person, wrongFirst?: string): Generator<TrailEvent> {
    this.wait(this.rng.uniform(40, 140));
    const prompt = `[sudo] password for ${typist.user}: `;
    yield this.out(prompt);
    if (wrongFirst !== undefined) {
      yield* this.hiddenInput(wrongFirst, typist);
      this.wait(this.rng.uniform(2000, 2600)); // pam_unix failure delay
      yield this.out(`Sorry, try again.\r\n${prompt}`);
    }
    yield* this.hiddenInput(typist.password, typist);
  }

  /** Writes program output: "\n" becomes "\r\n"; long text is split into pty-sized reads. */
  *output(output: Output): Generator<TrailEvent> {
    const steps: readonly OutputStep[] = typeof output === 'string'
      ? [{ after: this.rng.uniform(3, 90), text: output }]
      : output;
    for (const step of steps) {
      this.wait(step.after);
      yield* this.write(crlf(step.text));
    }
  }

  /** Emits already-translated terminal text in reads of at most ~4 KiB, cut after a newline. */
  *write(text: string): Generator<TrailEvent> {
    let rest = text;
    while (rest.length > 4096) {
      let cut = rest.lastIndexOf('\n', 4095);
      if (cut < 0) cut = 4095;
      yield this.out(rest.slice(0, cut + 1));
      rest = rest.slice(cut + 1);
      this.wait(this.rng.uniform(0.1, 2.5));
    }
    if (rest.length > 0) yield this.out(rest);
  }

  /** Enters and runs one command line, then shows the next prompt. */
  *run(spec: CommandSpec): Generator<TrailEvent> {
    const typist = spec.by ?? this.setup.owner;
    this.wait((spec.think ?? this.rng.uniform(1.5, 7)) * 1000);
    const how = spec.how ?? 'type';
    if (how === 'recall') yield* this.recall(spec.text, typist, spec.recallSteps ?? 1);
    else if (how === 'paste') yield* this.paste(spec.text);
    else {
      const opts: { typo?: boolean; tab?: { typed: string; completes: string } } = {};
      if (spec.typo !== undefined) opts.typo = spec.typo;
      if (spec.tab !== undefined) opts.tab = spec.tab;
      yield* this.typeText(spec.text, typist, opts);
    }
    this.wait(this.rng.uniform(80, 700));
    yield* this.enter();
    // Stamped when the line is submitted; the recorder adds the exit status when it ends.
    const exit = spec.exit ?? (spec.interruptAfter !== undefined ? 130 : 0);
    yield this.cmd(spec.text, exit, typist);
    this.history.push(spec.text);
    if (spec.sudo !== undefined) yield* this.sudoPrompt(typist, spec.sudo === true ? undefined : spec.sudo.wrongFirst);
    if (spec.interact !== undefined) yield* spec.interact(this);
    else if (spec.output !== undefined) {
      yield* this.output(typeof spec.output === 'function' ? spec.output(this) : spec.output);
    }
    if (spec.interruptAfter !== undefined) {
      this.wait(spec.interruptAfter);
      yield* this.ctrlC();
    }
    if (spec.cwd !== undefined) this.cwd = spec.cwd;
    if (spec.last !== true) yield* this.prompt();
  }
}
