// Literal text a regular expression cannot match without: for the prefilter (predicate.ts). Only
// the top level of each alternative is read; groups, classes and optional characters end a run.
// Conservative: when in doubt, no literal (the rule then runs on every command).

/** Lower-case strings, one of which every match contains; null when some alternative has none. */
export function regexLiterals(source: string): string[] | null {
  const out: string[] = [];
  for (const branch of topLevelBranches(source)) {
    const literal = longestRun(branch);
    if (literal === null || literal.length < 2) return null;
    out.push(literal.toLowerCase());
  }
  return out.length === 0 ? null : out;
}

function topLevelBranches(source: string): string[] {
  const branches: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      branches.push(source.slice(start, i));
      start = i + 1;
    }
  }
  branches.push(source.slice(start));
  return branches;
}

const ESCAPED_LITERAL = /[.*+?()[\]{}|/\\^$\-:'"#@%&=<>,;!~` ]/;
const QUANTIFIER_OPTIONAL = /^(?:[?*]|\{0)/;

/** Length of the escape at `i` (`\\x41`, `\\u{1F600}`, `\\p{L}`, `\\k<name>`, `\\cA`): none of it is literal text. */
function escapeWidth(branch: string, i: number): number {
  const next = branch[i + 1] ?? '';
  const close = (end: string): number => {
    const at = branch.indexOf(end, i + 2);
    return at < 0 ? 2 : at + 1 - i;
  };
  if (next === 'x') return 4;
  if (next === 'u') return branch[i + 2] === '{' ? close('}') : 6;
  if (next === 'p' || next === 'P') return branch[i + 2] === '{' ? close('}') : 2;
  if (next === 'k') return branch[i + 2] === '<' ? close('>') : 2;
  if (next === 'c') return 3;
  return 2;
}

function longestRun(branch: string): string | null {
  let best = '';
  let run = '';
  const end = (): void => {
    if (run.length > best.length) best = run;
    run = '';
  };
  let i = 0;
  while (i < branch.length) {
    const c = branch[i] as string;
    let literal: string | null = null;
    let width = 1;
    if (c === '\\') {
      const next = branch[i + 1] ?? '';
      if (ESCAPED_LITERAL.test(next)) literal = next;
      width = escapeWidth(branch, i);
    } else if (c === '[') {
      let j = i + 1;
      while (j < branch.length && branch[j] !== ']') j += branch[j] === '\\' ? 2 : 1;
      width = j + 1 - i;
    } else if (c === '(') {
      let depth = 0;
      let j = i;
      for (; j < branch.length; j++) {
        if (branch[j] === '\\') j++;
        else if (branch[j] === '(') depth++;
        else if (branch[j] === ')' && --depth === 0) break;
      }
      width = j + 1 - i;
    } else if (c === '{') {
      const close = branch.indexOf('}', i);
      width = close < 0 ? 1 : close + 1 - i;
    } else if (!'.^$+*?}|)'.includes(c)) {
      literal = c;
    }
    const rest = branch.slice(i + width);
    if (literal === null) {
      end();
      i += width;
      // A quantifier after a group or class applies to it: skip the quantifier too.
      continue;
    }
    if (QUANTIFIER_OPTIONAL.test(rest)) {
      end();
      i += width;
      continue;
    }
    run += literal;
    i += width;
    if (rest.startsWith('+') || rest.startsWith('{')) end();
  }
  end();
  return best === '' ? null : best;
}
