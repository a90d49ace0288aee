// `report --redact` (docs/report.md, "Redaction"): masks secrets in what the report shows —
// commands, screen excerpts, and the text of cited records in the attachment — and counts every
// masked item, so the report can say that it was redacted and how much.
//
// Two sources of secrets:
// - patterns (resources/report/redaction-patterns.json, plus --redact-patterns FILE): tokens and
//   passwords in command lines (`--password=…`, `mysql -p…`, `Authorization: Bearer …`, AWS keys…);
// - input typed at no-echo prompts (`Password:`, `[sudo] password for …:`, `Enter passphrase`):
//   the typed text is a secret wherever it shows up later (typed again as a command by mistake,
//   pasted into a command line, echoed by a script).
// Masking keeps the length (one • per character) so screen excerpts stay aligned.
import { readFile } from 'node:fs/promises';
import { resourcePath } from '../resources.js';

export interface RedactionPattern {
  name: string;
  pattern: string;
  flags?: string;
}

export const MASK = '•';

/** CSI and OSC escape sequences: removed before looking for a prompt. */
// eslint-disable-next-line no-control-regex -- matching terminal escape sequences is the point
const ESCAPES = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/** A no-echo prompt at the end of the output so far. */
const NO_ECHO_PROMPT = /(?:password|passphrase|passcode|pin|secret|token)[^\n]{0,60}:\s*$/i;

export async function loadRedactionPatterns(extraFile?: string): Promise<RedactionPattern[]> {
  const builtIn = await readPatternFile(resourcePath('report', 'redaction-patterns.json'));
  return extraFile === undefined ? builtIn : [...builtIn, ...(await readPatternFile(extraFile))];
}

async function readPatternFile(file: string): Promise<RedactionPattern[]> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read redaction patterns: ${(error as Error).message}`, { cause: error });
  }
  const list = (value as { patterns?: unknown }).patterns;
  if (!Array.isArray(list)) throw new Error(`${file}: expected {"patterns":[{"name","pattern","flags"?}]}`);
  return list.map((p: unknown, i) => {
    const item = p as Partial<RedactionPattern>;
    if (typeof item.name !== 'string' || typeof item.pattern !== 'string' || (item.flags !== undefined && typeof item.flags !== 'string')) {
      throw new Error(`${file}: pattern ${i + 1}: expected {"name": string, "pattern": string, "flags"?: string}`);
    }
    try {
      new RegExp(item.pattern, item.flags ?? '');
    } catch (error) {
      throw new Error(`${file}: pattern ${i + 1} (${item.name}): ${(error as Error).message}`, { cause: error });
    }
    return { name: item.name, pattern: item.pattern, ...(item.flags !== undefined ? { flags: item.flags } : {}) };
  });
}

/** Watches one session's output and input for answers to no-echo prompts. */
export class NoEchoWatcher {
  private tail = '';
  private typing: string | null = null;

  constructor(private readonly found: (secret: string) => void) {}

  output(text: string): void {
    // Plain tail of the output (escape sequences removed), enough to see a prompt.
    this.tail = (this.tail + text.replace(ESCAPES, '')).slice(-200);
    if (this.typing !== null && this.typing !== '') this.finish();
    else if (this.typing === null && NO_ECHO_PROMPT.test(this.tail)) this.typing = '';
  }

  input(text: string): void {
    if (this.typing === null) return;
    for (const ch of text) {
      if (ch === '\r' || ch === '\n') {
        this.finish();
        return;
      }
      if (ch === '\x7f' || ch === '\b') this.typing = this.typing.slice(0, -1);
      else if (ch >= ' ') this.typing += ch;
    }
  }

  private finish(): void {
    const secret = this.typing ?? '';
    this.typing = null;
    this.tail = '';
    if (secret.length >= 3) this.found(secret);
  }
}

export interface MaskResult {
  text: string;
  /** [start, end) ranges masked, in `text` indices. */
  ranges: Array<[number, number]>;
}

export class Redactor {
  private readonly regexes: RegExp[];
  private readonly secrets = new Set<string>();
  /** Items masked so far, by kind (pattern name, or "input at a no-echo prompt"). */
  readonly counts = new Map<string, number>();

  constructor(patterns: readonly RedactionPattern[]) {
    this.regexes = patterns.map((p) => new RegExp(p.pattern, `${(p.flags ?? '').replace(/[gd]/g, '')}gd`));
    this.names = patterns.map((p) => p.name);
  }

  private readonly names: string[];

  addSecret(secret: string): void {
    this.secrets.add(secret);
  }

  get total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }

  /** The ranges of `text` that are secret (without counting them). */
  find(text: string): Array<[number, number, string]> {
    const found: Array<[number, number, string]> = [];
    this.regexes.forEach((re, i) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const span = m.indices?.groups?.secret ?? m.indices?.[0];
        if (span !== undefined && span[1] > span[0]) found.push([span[0], span[1], this.names[i] ?? 'pattern']);
        if (m[0] === '') re.lastIndex++;
      }
    });
    for (const secret of this.secrets) {
      for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + secret.length)) found.push([at, at + secret.length, 'input at a no-echo prompt']);
    }
    return found.sort((a, b) => a[0] - b[0]);
  }

  /** Masks and counts: one item per masked range. */
  mask(text: string): MaskResult {
    const found = this.find(text);
    if (found.length === 0) return { text, ranges: [] };
    const chars = [...text.split('')];
    const ranges: Array<[number, number]> = [];
    for (const [start, end, kind] of found) {
      const prev = ranges[ranges.length - 1];
      if (prev !== undefined && start < prev[1]) {
        prev[1] = Math.max(prev[1], end);
      } else {
        ranges.push([start, end]);
        this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
      }
      for (let i = start; i < end; i++) chars[i] = MASK;
    }
    return { text: chars.join(''), ranges };
  }

  /** Whether `text` holds a secret (a cited record whose text must stay out of the attachment). */
  holdsSecret(text: string): boolean {
    return this.find(text).length > 0;
  }
}
