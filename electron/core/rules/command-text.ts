// What rules see of a command line: a normalised COPY of the stored text (the stored text and the
// evidence are never changed). Normalising sees through cheap shell obfuscation that changes the
// spelling but not what the shell runs: quotes inside words (`/bin/ba''sh`, `w'g'et`), backslash
// escapes (`c\url`), `$IFS` / `${IFS}` as a separator and empty expansions (`c$@url`); runs of
// white space become one space and letters are lower-cased, so matching is case-insensitive.

/** Characters that make the slow path necessary: quotes, backslash, `$`, white space other than one space, capitals. */
const NEEDS_WORK = /['"\\$\t\n\r\v\f]|[A-Z]| {2}|^ | $|[\u0080-\uffff]/;
const IFS = /^\$(?:\{IFS[^}]*\}|IFS(?![A-Za-z0-9_]))/;
const EMPTY_EXPANSION = /^\$(?:[@*]|\{[@*]?\})/;

export function normaliseCommand(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  // One pass over the characters (this runs on every command of a case: millions).
  let out = '';
  let space = true; // at the start: leading white space is dropped
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c === 0x27 || c === 0x22) continue; // ' "
    if (c === 0x5c) {
      // backslash: the next character stands for itself (a trailing backslash is dropped)
      i++;
      if (i >= text.length) break;
      c = text.charCodeAt(i);
    } else if (c === 0x24) {
      const rest = text.slice(i, i + 40);
      const ifs = IFS.exec(rest);
      if (ifs !== null) {
        i += ifs[0].length - 1;
        c = 0x20;
      } else {
        const empty = EMPTY_EXPANSION.exec(rest);
        if (empty !== null) {
          i += empty[0].length - 1;
          continue;
        }
      }
    }
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c) {
      if (!space) out += ' ';
      space = true;
      continue;
    }
    space = false;
    out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : c < 0x80 ? text[i] : text[i]!.toLowerCase();
  }
  return space && out.endsWith(' ') ? out.slice(0, -1) : out;
}

/** Words that run the program after them (with their own options): `sudo -u x bash` runs bash. */
const WRAPPERS = new Set(['sudo', 'doas', 'su', 'env', 'nohup', 'time', 'timeout', 'nice', 'ionice', 'exec', 'command', 'builtin', 'xargs', 'stdbuf', 'setsid', 'chroot', 'busybox', 'watch', 'strace', 'ltrace']);
/** Options of wrappers that take a value (`sudo -u root`, `timeout -s KILL 5`, `nice -n 5`). */
const OPTION_WITH_VALUE: Readonly<Record<string, ReadonlySet<string>>> = {
  sudo: new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '--user', '--group']),
  doas: new Set(['-u', '-C']),
  timeout: new Set(['-s', '-k', '--signal', '--kill-after']),
  nice: new Set(['-n', '--adjustment']),
  ionice: new Set(['-c', '-n', '-p']),
  xargs: new Set(['-I', '-n', '-P', '-L', '-d', '-s', '-a', '-E']),
  strace: new Set(['-o', '-e', '-p', '-s']),
  watch: new Set(['-n', '-d']),
};

export interface CommandPrograms {
  /** The programs the line runs, one per pipeline or list element, as typed, plus `/NAME` for a bare NAME. */
  images: string[];
  /** The wrappers in front of them (sudo, env, nohup, ...), in the same forms. */
  parents: string[];
}

function forms(word: string): string[] {
  return word.includes('/') ? [word] : [word, `/${word}`];
}

function basename(word: string): string {
  const at = word.lastIndexOf('/');
  return at < 0 ? word : word.slice(at + 1);
}

/** Characters that end one command of a line: | & ; ( ) ` and `$(`. */
function isSeparator(c: number): boolean {
  return c === 0x7c || c === 0x26 || c === 0x3b || c === 0x28 || c === 0x29 || c === 0x60;
}

function isAssignment(word: string): boolean {
  const eq = word.indexOf('=');
  return eq > 0 && /^[a-z_][a-z0-9_]*$/.test(word.slice(0, eq));
}

/**
 * The programs of a normalised command line: split at `|`, `||`, `&&`, `;`, `&`, `$(`, backticks
 * and parentheses (a redirection `>&` or `&>` is not a split); in each part, environment
 * assignments and wrappers are skipped. Runs only for rules that ask for programs.
 */
export function commandPrograms(normalised: string): CommandPrograms {
  const images: string[] = [];
  const parents: string[] = [];
  let words: string[] = [];
  let word = '';
  const endWord = (): void => {
    if (word !== '') words.push(word);
    word = '';
  };
  const endPart = (): void => {
    endWord();
    if (words.length > 0) programsOf(words, images, parents);
    words = [];
  };
  for (let i = 0; i < normalised.length; i++) {
    const c = normalised.charCodeAt(i);
    if (c === 0x20) endWord();
    else if (c === 0x26 && (normalised.charCodeAt(i - 1) === 0x3e || normalised.charCodeAt(i + 1) === 0x3e)) word += '&'; // >& &>
    else if (isSeparator(c)) endPart();
    else if (c === 0x24 && normalised.charCodeAt(i + 1) === 0x28) {
      endPart();
      i++;
    } else word += normalised[i];
  }
  endPart();
  return { images, parents };
}

function programsOf(words: readonly string[], images: string[], parents: string[]): void {
  let i = 0;
  let wrapper: string | null = null;
  while (i < words.length) {
    const word = words[i] as string;
    if (isAssignment(word)) {
      i++;
      continue;
    }
    const name = basename(word);
    if (WRAPPERS.has(name)) {
      wrapper = word;
      parents.push(...forms(word));
      i++;
      // The wrapper's options (and their values), and a numeric argument (timeout 5, nice 10).
      while (i < words.length && ((words[i] as string).startsWith('-') || /^\d+[smhd]?$/.test(words[i] as string))) {
        const option = words[i] as string;
        i += OPTION_WITH_VALUE[name]?.has(option) === true ? 2 : 1;
      }
      continue;
    }
    images.push(...forms(word));
    return;
  }
  // `sudo -i`, `su -`: the wrapper runs a shell of its own.
  if (wrapper !== null) images.push(...forms(wrapper));
}
