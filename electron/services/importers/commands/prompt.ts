// Recognising shell prompts on a terminal line (as the screen shows it: no escape sequences).
// Shapes, strongest first: Debian/Ubuntu `user@host:cwd$ `, RHEL `[user@host dir]$ `, zsh
// `user@host dir % `, bash's default `bash-5.2$ `, oh-my-zsh `➜  dir `; weak: a line ending in
// `$ `, `# `, `% `, `❯ `; continuation prompts (`> `, zsh `for> `). A prompt asking for a secret
// (`[sudo] password for alice: `, `Password:`, `Enter passphrase`) is never a shell prompt.

export type PromptStrength = 'strong' | 'weak' | 'continuation';

export interface PromptMatch {
  /** The prompt as it appears at the start of the line (including its trailing space). */
  prompt: string;
  strength: PromptStrength;
  /** The working directory when the prompt shows a full one (`~`, `~/x` or `/x`). */
  cwd?: string;
}

const VENV = String.raw`(?:\([^()\n]{1,60}\) ?)?`;
const NAME = String.raw`[A-Za-z0-9_.][A-Za-z0-9_.-]{0,63}`;

interface Shape {
  re: RegExp;
  strength: PromptStrength;
  cwdGroup?: number;
}

// Each shape matches a prompt at the START of a line; group 1 is the whole prompt.
const SHAPES: Shape[] = [
  { re: new RegExp(`^(${VENV}${NAME}@${NAME}:(.{0,200}?)[$#%] )`), strength: 'strong', cwdGroup: 2 },
  { re: new RegExp(`^(${VENV}\\[${NAME}@${NAME} ([^\\]\\n]{0,200})\\][$#%] )`), strength: 'strong', cwdGroup: 2 },
  { re: new RegExp(`^(${VENV}${NAME}@${NAME} ([~/][^ \\n]{0,200}) ?[$#%>] )`), strength: 'strong', cwdGroup: 2 },
  { re: /^((?:sh|bash|zsh|dash|ksh)-\d+(?:\.\d+)*[$#] )/, strength: 'strong' },
  { re: /^(➜ +(\S{1,200})(?: git:\([^)\n]{0,100}\))?(?: ✗)? )/u, strength: 'strong', cwdGroup: 2 },
  { re: /^([^\n]{0,80}?[$#%❯»λ] )/u, strength: 'weak' },
];

const SECRET_PROMPT = /(pass(?:word|phrase|wort|code)?|mot de passe|contrase[ñn]a|\bPIN\b|token|secret|one-time|\bOTP\b|verification code|\bkey\b[^:]{0,20}:)/i;

/** Whether a prompt (the text before the cursor when typing starts) asks for a secret. */
export function isSecretPrompt(text: string): boolean {
  const tail = text.slice(-120);
  return SECRET_PROMPT.test(tail) && /[:?>]\s*$/.test(tail);
}

/**
 * The prompt when `text` (the text before the cursor at the first keystroke of a line) is as a
 * whole a shell prompt; null otherwise (a program's question, a password prompt, output).
 */
export function matchWholePrompt(text: string): PromptMatch | null {
  if (text.length === 0 || text.length > 300 || isSecretPrompt(text)) return null;
  for (const shape of SHAPES) {
    const m = shape.re.exec(text);
    if (m !== null && m[1] === text) return toMatch(m, shape);
  }
  if (/^\S{0,10}> $/.test(text)) return { prompt: text, strength: 'continuation' };
  return null;
}

/** A prompt at the start of a line followed by a command (output-only extraction: strong shapes only). */
export function matchLeadingPrompt(line: string, strengths: readonly PromptStrength[] = ['strong']): PromptMatch | null {
  if (isSecretPrompt(line.slice(0, 200))) return null;
  for (const shape of SHAPES) {
    if (!strengths.includes(shape.strength)) continue;
    const m = shape.re.exec(line);
    if (m !== null) return toMatch(m, shape);
  }
  return null;
}

/** The working directory a prompt shows, when it shows a complete one. */
export function promptCwd(prompt: PromptMatch | null): string | undefined {
  return prompt?.cwd;
}

function toMatch(m: RegExpExecArray, shape: Shape): PromptMatch {
  const match: PromptMatch = { prompt: m[1] as string, strength: shape.strength };
  const cwd = shape.cwdGroup === undefined ? undefined : m[shape.cwdGroup]?.trim();
  if (cwd !== undefined && /^(?:~|~\/.*|\/.*)$/.test(cwd)) match.cwd = cwd;
  return match;
}
