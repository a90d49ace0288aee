// Command extraction: a streaming transform over one recording's events that passes every event
// through unchanged and inserts `cmd` events (docs/importers.md "Command extraction").
//
// - With input (`in` events): each session's output is fed to a headless terminal. When Enter is
//   typed, the command is what the SCREEN shows on the prompt line the moment the shell answers
//   with a newline — so tab completion, history recall, line editing and Backspace are seen as the
//   shell saw them. The prompt is the text before the cursor at the line's first keystroke; it
//   must look like a shell prompt. Nothing typed while the alternate screen is active (less, vim)
//   or at a prompt asking for a secret, or that the terminal did not echo, becomes a command.
//   Source `keystrokes`, ts = the Enter keystroke.
// - Without input: a line that starts with a (strong-shaped or learned) shell prompt followed by
//   text, ended by a newline, is a command. Source `output`, lower confidence, ts = that output.
// - A command the recording already states (any `cmd` event of the same session within
//   `dedupeWindowMicros` with the same text) is not added again.
import type { EventOf, TrailEvent } from '../../../core/records.js';
import { decodeStreamBytes } from '../../../core/record-encoding.js';
import { parseTimestamp, TimestampClock } from '../../../core/timestamp.js';
import { KeyDecoder } from './keys.js';
import { isSecretPrompt, matchLeadingPrompt, matchWholePrompt, type PromptMatch } from './prompt.js';
import { Screen, type ScreenLine } from './screen.js';

export interface ExtractCommandsOptions {
  /** Confidence of a command read at a strong-shaped prompt after typed Enter (default 0.9). */
  keystrokeConfidence?: number;
  /** Confidence of a command found in output alone (default 0.5). */
  outputConfidence?: number;
  /** Existing `cmd` events this close in time with the same text suppress an extracted one (default 2 s). */
  dedupeWindowMicros?: number;
  /** How long a typed Enter waits for the shell's newline before the screen is read anyway (default 5 s). */
  maxEnterWaitMicros?: number;
  /** Terminal size when a session does not state one (default 80x24). */
  defaultSize?: { cols: number; rows: number };
}

interface Slot {
  /** Captures still to come before the slot's events are known. */
  pending: number;
  events: EventOf<'cmd'>[];
  /** Emitted no earlier than when the stream reaches this time (an explicit cmd may still come). */
  holdUntil: number;
  session: string;
}

type QueueItem = { event: TrailEvent; slot?: undefined } | { slot: Slot; event?: undefined };

interface TypedLine {
  start: ScreenLine | null;
  typed: string;
  printable: number;
}

interface PendingEnter {
  micros: number;
  ts: string;
  slot: Slot;
  line: TypedLine;
  done: boolean;
}

interface SessionState {
  id: string;
  screen: Screen;
  keys: KeyDecoder;
  hasInput: boolean;
  line: TypedLine | null;
  /**
   * Write-time view: Enters typed after which no newline has been written yet. While one is
   * waiting, every newline written gets a look at the screen. (Parsing happens later; whether an
   * Enter counts is only known then.)
   */
  unanswered: PendingEnter[];
  /** Parse-time view: Enters reached outside the alternate screen; the next newline answers the first. */
  armed: PendingEnter[];
  /** Every Enter whose slot is still open (closed without a command at the session's end). */
  open: Set<PendingEnter>;
  /** Exact prompts accepted at typed lines, used when a line's own first-key look missed it. */
  learned: Map<string, PromptMatch>;
  /** Text typed at secret or no-echo prompts: never emitted, and no command containing it either. */
  secrets: string[];
  /** Output since the last newline contained a character prompts end with. */
  promptCharSinceNewline: boolean;
  explicit: { micros: number; text: string }[];
}

/** Raw output that may hold a strong-shaped prompt (user@host…, `bash-5.2$ `, `➜ `): cheap pre-filter. */
const PROMPT_HINT = /[@➜]|sh-\d/u;
const MAX_QUEUE = 20_000;

/** The transform. Events must be in non-decreasing ts order (as Recording.events() yields them). */
export async function* extractCommands(events: AsyncIterable<TrailEvent>, options: ExtractCommandsOptions = {}): AsyncGenerator<TrailEvent> {
  const keystrokeConfidence = options.keystrokeConfidence ?? 0.9;
  const outputConfidence = options.outputConfidence ?? 0.5;
  const window = options.dedupeWindowMicros ?? 2_000_000;
  const maxWait = options.maxEnterWaitMicros ?? 5_000_000;
  const defaultSize = options.defaultSize ?? { cols: 80, rows: 24 };

  const sessions = new Map<string, SessionState>();
  const clock = new TimestampClock();
  let queue: QueueItem[] = [];
  let head = 0;
  let now = -Infinity;

  const stateOf = (id: string, cols?: number | null, rows?: number | null): SessionState => {
    let state = sessions.get(id);
    if (state === undefined) {
      state = {
        id,
        screen: new Screen(positive(cols) ?? defaultSize.cols, positive(rows) ?? defaultSize.rows),
        keys: new KeyDecoder(),
        hasInput: false,
        line: null,
        unanswered: [],
        armed: [],
        open: new Set(),
        learned: new Map(),
        secrets: [],
        promptCharSinceNewline: false,
        explicit: [],
      };
      sessions.set(id, state);
    }
    return state;
  };

  const newSlot = (session: string, holdUntil: number): Slot => {
    const slot: Slot = { pending: 0, events: [], holdUntil, session };
    queue.push({ slot });
    return slot;
  };

  const isDuplicate = (state: SessionState, micros: number, text: string): boolean => {
    const norm = normalize(text);
    return state.explicit.some((e) => Math.abs(e.micros - micros) <= window && e.text === norm);
  };

  const finishEnter = (state: SessionState, enter: PendingEnter): boolean => {
    if (enter.done) return false;
    enter.done = true;
    enter.slot.pending--;
    state.open.delete(enter);
    state.armed = state.armed.filter((e) => e !== enter);
    return true;
  };

  const resolveEnter = (state: SessionState, enter: PendingEnter, screen: ScreenLine, how: 'newline' | 'timeout'): void => {
    if (!finishEnter(state, enter)) return;
    const cmd = commandAtEnter(state, enter.line, screen, how === 'timeout');
    if (cmd === null || isDuplicate(state, enter.micros, cmd.text)) return;
    const event: EventOf<'cmd'> = { ts: enter.ts, type: 'cmd', session: state.id, text: cmd.text, source: 'keystrokes', confidence: cmd.confidence };
    if (cmd.cwd !== undefined) event.cwd = cmd.cwd;
    enter.slot.events.push(event);
  };

  /** The command typed on `line` as `screen` shows it when the shell answered Enter, or null. */
  const commandAtEnter = (
    state: SessionState,
    line: TypedLine,
    screen: ScreenLine,
    late: boolean,
  ): { text: string; confidence: number; cwd?: string } | null => {
    const start = line.start;
    if (start === null || start.alt || screen.alt) return null;
    const rememberSecret = (): null => {
      if (line.typed.length > 0) state.secrets = [...state.secrets.slice(-15), line.typed];
      return null;
    };
    if (isSecretPrompt(start.beforeCursor) || isSecretPrompt(screen.beforeCursor)) return rememberSecret();
    // Typed characters that left the line exactly as it was were not echoed: a hidden prompt.
    if (line.printable > 0 && screen.text === start.text) return rememberSecret();
    let prompt = matchWholePrompt(start.beforeCursor);
    let confidence = keystrokeConfidence;
    let body: string | null = prompt === null ? null : afterPrompt(screen.text, prompt.prompt);
    if (body === null) {
      // The first-key look missed the prompt (typed ahead, redrawn): a learned or strong prompt.
      prompt = null;
      for (const learned of [...state.learned.values()].sort((a, b) => b.prompt.length - a.prompt.length)) {
        if (screen.text.startsWith(learned.prompt)) {
          prompt = learned;
          break;
        }
      }
      prompt ??= matchLeadingPrompt(screen.text, ['strong']);
      if (prompt === null) return null;
      body = screen.text.slice(prompt.prompt.length);
      confidence -= 0.15;
    }
    const text = body.trim();
    if (text === '' || prompt === null || text.endsWith('^C')) return null;
    if (state.secrets.some((secret) => secret.length >= 3 && text.includes(secret))) return null;
    if (prompt.strength === 'weak') confidence -= 0.15;
    if (prompt.strength === 'continuation') confidence = Math.min(confidence, 0.6);
    if (late) confidence = Math.min(confidence, 0.6);
    if (prompt.strength !== 'continuation') state.learned.set(prompt.prompt, prompt);
    const result: { text: string; confidence: number; cwd?: string } = { text, confidence: round(confidence) };
    if (prompt.cwd !== undefined) result.cwd = prompt.cwd;
    return result;
  };

  const resolveOutputLine = (state: SessionState, slot: Slot, ts: string, micros: number, screen: ScreenLine): void => {
    slot.pending--;
    if (screen.alt) return;
    let prompt: PromptMatch | null = null;
    for (const learned of state.learned.values()) {
      if (screen.text.startsWith(learned.prompt) && (prompt === null || learned.prompt.length > prompt.prompt.length)) prompt = learned;
    }
    prompt ??= matchLeadingPrompt(screen.text, ['strong']);
    if (prompt === null) return;
    const text = screen.text.slice(prompt.prompt.length).trim();
    // A line abandoned with Ctrl-C shows `^C` and a newline, but ran nothing.
    if (text === '' || text.endsWith('^C') || isDuplicate(state, micros, text)) return;
    if (state.secrets.some((secret) => secret.length >= 3 && text.includes(secret))) return;
    const event: EventOf<'cmd'> = { ts, type: 'cmd', session: state.id, text, source: 'output', confidence: outputConfidence };
    if (prompt.cwd !== undefined) event.cwd = prompt.cwd;
    slot.events.push(event);
  };

  /** Reads the oldest unanswered Enter's line as the screen is now (no newline came in time). */
  const readEnterNow = (state: SessionState): void => {
    const enter = state.unanswered.shift();
    if (enter === undefined) return;
    state.screen.capture((screen) => resolveEnter(state, enter, screen, 'timeout'));
  };

  /** After the parser has caught up: Enters that nothing answered close without a command. */
  const closeOpenEnters = (state: SessionState): void => {
    for (const enter of [...state.open]) finishEnter(state, enter);
  };

  const feedOutput = (state: SessionState, event: EventOf<'out'>, micros: number): void => {
    const data: string | Buffer = typeof event.text === 'string' ? event.text : decodeStreamBytes(event);
    const outputMode = !state.hasInput;
    if (state.unanswered.length === 0 && !outputMode) {
      state.screen.write(data);
      return;
    }
    let written = 0;
    let from = 0;
    let outputSlot: Slot | null = null;
    for (;;) {
      const nl = typeof data === 'string' ? data.indexOf('\n', from) : data.indexOf(0x0a, from);
      if (nl === -1) break;
      if (state.unanswered.length > 0) {
        state.screen.write(data.slice(written, nl));
        written = nl;
        state.unanswered.shift();
        state.screen.capture((screen) => {
          const enter = state.armed[0];
          if (enter !== undefined) resolveEnter(state, enter, screen, 'newline');
        });
      } else if (outputMode && (state.promptCharSinceNewline || hasPromptChar(data, from, nl))) {
        state.screen.write(data.slice(written, nl));
        written = nl;
        outputSlot ??= newSlot(state.id, micros + window);
        const slot = outputSlot;
        slot.pending++;
        state.screen.capture((screen) => resolveOutputLine(state, slot, event.ts, micros, screen));
      }
      state.promptCharSinceNewline = false;
      from = nl + 1;
    }
    if (outputMode && !state.promptCharSinceNewline) state.promptCharSinceNewline = hasPromptChar(data, from, data.length);
    state.screen.write(written === 0 ? data : data.slice(written));
  };

  const feedInput = (state: SessionState, event: EventOf<'in'>, micros: number): void => {
    state.hasInput = true;
    const text = typeof event.text === 'string' ? event.text : decodeStreamBytes(event).toString('latin1');
    // The line's first look at the screen is taken where typing starts. Keys typed inside a
    // full-screen program start a "line" too; when typing goes on after the program has left the
    // alternate screen, the first look outside it replaces the stale one.
    let looked = false;
    const startLine = (): TypedLine => {
      if (state.line === null) state.line = { start: null, typed: '', printable: 0 };
      const line = state.line;
      if (!looked) {
        looked = true;
        state.screen.capture(
          (screen) => {
            if (line.start === null || (line.start.alt && !screen.alt)) line.start = screen;
          },
          () => line.start === null || line.start.alt,
        );
      }
      return line;
    };
    for (const key of state.keys.decode(text)) {
      if (key.kind === 'enter') {
        const line = startLine();
        const slot = newSlot(state.id, micros + window);
        slot.pending++;
        const enter: PendingEnter = { micros, ts: event.ts, slot, line, done: false };
        state.unanswered.push(enter);
        state.open.add(enter);
        state.line = null;
        looked = false;
        // Enter inside a full-screen program is not a command; elsewhere it waits for the newline.
        state.screen.capture((screen) => {
          if (enter.done) return;
          if (screen.alt || line.start?.alt === true) finishEnter(state, enter);
          else state.armed.push(enter);
        });
      } else if (key.kind === 'abandon') {
        state.line = null;
        looked = false;
      } else {
        const line = startLine();
        if (key.kind === 'printable') {
          line.printable++;
          if (line.typed.length < 4096) line.typed += key.char;
        }
      }
    }
  };

  const noteExplicit = (state: SessionState, event: EventOf<'cmd'>, micros: number): void => {
    const text = normalize(event.text);
    state.explicit = state.explicit.filter((e) => micros - e.micros <= window);
    state.explicit.push({ micros, text });
    // Extracted commands still waiting in the queue that the recording states itself are dropped.
    for (let i = head; i < queue.length; i++) {
      const slot = queue[i]?.slot;
      if (slot === undefined || slot.session !== state.id) continue;
      slot.events = slot.events.filter((e) => !(normalize(e.text) === text && Math.abs(parseTimestamp(e.ts) - micros) <= window));
    }
  };

  function* drain(force: boolean): Generator<TrailEvent> {
    while (head < queue.length) {
      const item = queue[head] as QueueItem;
      if (item.event !== undefined) {
        yield item.event;
      } else {
        if (item.slot.pending > 0 || (!force && now < item.slot.holdUntil)) break;
        yield* item.slot.events;
      }
      head++;
    }
    if (head > 4096 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
  }

  const syncAll = async (): Promise<void> => {
    for (const state of sessions.values()) await state.screen.sync();
  };

  try {
    for await (const event of events) {
      const micros = clock.micros(event.ts) ?? now;
      if (micros > now) now = micros;
      queue.push({ event });
      switch (event.type) {
        case 'session.start': {
          const old = sessions.get(event.session);
          if (old !== undefined) {
            await old.screen.sync();
            old.screen.dispose();
            sessions.delete(event.session);
          }
          stateOf(event.session, event.cols, event.rows);
          break;
        }
        case 'resize':
          await stateOf(event.session).screen.resize(event.cols, event.rows);
          break;
        case 'out':
          feedOutput(stateOf(event.session), event, micros);
          break;
        case 'in':
          feedInput(stateOf(event.session), event, micros);
          break;
        case 'cmd':
          noteExplicit(stateOf(event.session), event, micros);
          break;
        case 'session.end': {
          const state = sessions.get(event.session);
          if (state !== undefined) {
            while (state.unanswered.length > 0) readEnterNow(state);
            await state.screen.sync();
            closeOpenEnters(state);
            state.screen.dispose();
            sessions.delete(event.session);
          }
          break;
        }
        default:
          break;
      }
      // An Enter the shell never answered with a newline is read as the screen is after maxWait.
      for (const state of sessions.values()) {
        while (state.unanswered.length > 0 && micros - (state.unanswered[0] as PendingEnter).micros > maxWait) readEnterNow(state);
        if (state.screen.congested) await state.screen.sync();
      }
      yield* drain(false);
      if (queue.length - head > MAX_QUEUE) {
        await syncAll();
        yield* drain(true);
        if (queue.length - head > MAX_QUEUE) {
          for (const state of sessions.values()) while (state.unanswered.length > 0) readEnterNow(state);
          await syncAll();
          for (const state of sessions.values()) closeOpenEnters(state);
          yield* drain(true);
        }
      }
    }
    for (const state of sessions.values()) while (state.unanswered.length > 0) readEnterNow(state);
    await syncAll();
    for (const state of sessions.values()) closeOpenEnters(state);
    yield* drain(true);
  } finally {
    for (const state of sessions.values()) state.screen.dispose();
    sessions.clear();
  }
}

function afterPrompt(line: string, prompt: string): string | null {
  if (line.startsWith(prompt)) return line.slice(prompt.length);
  const trimmed = prompt.trimEnd();
  if (trimmed !== '' && line.startsWith(trimmed)) return line.slice(trimmed.length);
  return null;
}

function hasPromptChar(data: string | Buffer, from: number, to: number): boolean {
  if (typeof data === 'string') return PROMPT_HINT.test(data.slice(from, to));
  for (let i = from; i < to; i++) {
    const b = data[i] as number;
    // @, the lead byte of ➜ (E2), or "sh-" + digit
    if (b === 0x40 || b === 0xe2) return true;
    if (b === 0x2d && data[i - 1] === 0x68 && data[i - 2] === 0x73 && (data[i + 1] ?? 0) >= 0x30 && (data[i + 1] ?? 0) <= 0x39) return true;
  }
  return false;
}

function normalize(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

function positive(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= 2000 ? value : undefined;
}

function round(value: number): number {
  return Math.round(Math.max(0, Math.min(1, value)) * 100) / 100;
}

