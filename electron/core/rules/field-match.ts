// One `field|modifier...: value(s)` entry of a selection (Sigma specification, "Detection",
// value modifiers). Supported: contains, startswith, endswith, re (with i/m/s), all; plain values
// are exact matches with Sigma wildcards `*` and `?` (`\*` a literal star). Matching is
// case-insensitive on the normalised command line (command-text.ts), `re` included.
import type { Predicate } from './predicate.js';
import { regexLiterals } from './regex-literals.js';
import { FIELD_NAMES, type SubjectField } from './subject.js';
import { RuleSyntaxError, UnsupportedConstruct } from './unsupported.js';

/** Sigma modifiers Trailview knows but cannot apply to a command line: the rule is skipped. */
const UNSUPPORTED_MODIFIERS: Readonly<Record<string, string>> = {
  base64: 'matches base64-encoded event data',
  base64offset: 'matches base64-encoded event data',
  utf16le: 'encodes the value for Windows event data',
  utf16be: 'encodes the value for Windows event data',
  utf16: 'encodes the value for Windows event data',
  wide: 'encodes the value for Windows event data',
  windash: 'expands Windows option dashes',
  cidr: 'compares IP addresses (command records have none)',
  gt: 'compares numbers',
  gte: 'compares numbers',
  lt: 'compares numbers',
  lte: 'compares numbers',
  fieldref: 'compares two fields',
  expand: 'expands placeholders from a configuration',
  exists: 'tests for field presence',
  cased: 'matches case-sensitively (command lines are matched case-insensitively)',
};

type Mode = 'exact' | 'contains' | 'startswith' | 'endswith' | 're';

interface ValueTest {
  test(value: string): boolean;
  /** One of these occurs in every value the test accepts (null: no guarantee). */
  literals: string[] | null;
}

export interface FieldSpec {
  field: SubjectField;
  mode: Mode;
  all: boolean;
  regexFlags: string;
}

/** Reads `CommandLine|contains|all` into field and modifiers. */
export function parseFieldKey(key: string, path: ReadonlyArray<string | number>): FieldSpec {
  const [name = '', ...modifiers] = key.split('|');
  const field = FIELD_NAMES[name.toLowerCase()];
  if (field === undefined) {
    throw new UnsupportedConstruct(
      `field ${name}`,
      `field "${name}" is not part of a command record (supported: CommandLine, Image, ParentImage, User, Computer, CurrentDirectory)`,
    );
  }
  let mode: Mode = 'exact';
  let all = false;
  let regexFlags = '';
  for (const m of modifiers) {
    const lower = m.toLowerCase();
    if (lower === 'contains' || lower === 'startswith' || lower === 'endswith' || lower === 're') {
      if (mode !== 'exact') throw new RuleSyntaxError(`"${key}": modifiers ${mode} and ${lower} cannot be combined`, path);
      mode = lower;
    } else if (lower === 'all') all = true;
    else if ((lower === 'i' || lower === 'm' || lower === 's') && mode === 're') regexFlags += lower === 'i' ? '' : lower;
    else {
      const why = UNSUPPORTED_MODIFIERS[lower];
      throw new UnsupportedConstruct(
        `modifier ${m}`,
        why !== undefined ? `value modifier "${m}" (in "${key}") is not supported: it ${why}` : `value modifier "${m}" (in "${key}") is unknown`,
      );
    }
  }
  return { field, mode, all, regexFlags };
}

function valueText(value: unknown, path: ReadonlyArray<string | number>): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new RuleSyntaxError(`a value must be a string, number or null, not ${Array.isArray(value) ? 'a list inside a list' : typeof value}`, path);
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Splits a Sigma value at unescaped wildcards: literal pieces and the wildcards between them. */
function globParts(value: string): { regex: string; pieces: string[]; wild: boolean } {
  let regex = '';
  let piece = '';
  const pieces: string[] = [];
  let wild = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '\\' && (value[i + 1] === '*' || value[i + 1] === '?' || value[i + 1] === '\\')) {
      piece += value[i + 1];
      regex += escapeRegex(value[i + 1] as string);
      i++;
    } else if (c === '*' || c === '?') {
      wild = true;
      pieces.push(piece);
      piece = '';
      regex += c === '*' ? '.*' : '.';
    } else {
      piece += c;
      regex += escapeRegex(c);
    }
  }
  pieces.push(piece);
  return { regex, pieces, wild };
}

function longest(pieces: readonly string[]): string {
  return pieces.reduce((a, b) => (b.length > a.length ? b : a), '');
}

function valueTest(spec: FieldSpec, raw: string, path: ReadonlyArray<string | number>): ValueTest {
  if (spec.mode === 're') {
    // Sigma rules often start with PCRE's `(?i)`; matching is case-insensitive here anyway.
    const source = raw.replace(/^\(\?i\)/, '');
    let re: RegExp;
    try {
      re = new RegExp(source, `i${spec.regexFlags}`);
    } catch (error) {
      throw new RuleSyntaxError(`not a valid regular expression ${JSON.stringify(raw)}: ${(error as Error).message}`, path);
    }
    return { test: (v) => re.test(v), literals: regexLiterals(source) };
  }
  const value = raw.toLowerCase();
  const { regex, pieces, wild } = globParts(value);
  const literal = longest(pieces);
  if (wild) {
    const anchored = spec.mode === 'contains' ? regex : spec.mode === 'startswith' ? `^${regex}` : spec.mode === 'endswith' ? `${regex}$` : `^${regex}$`;
    const re = new RegExp(anchored, 's');
    return { test: (v) => re.test(v), literals: literal === '' ? null : [literal] };
  }
  const plain = pieces[0] ?? '';
  const test =
    spec.mode === 'contains' ? (v: string) => v.includes(plain)
    : spec.mode === 'startswith' ? (v: string) => v.startsWith(plain)
    : spec.mode === 'endswith' ? (v: string) => v.endsWith(plain)
    : (v: string) => v === plain;
  return { test, literals: literal === '' ? null : [literal] };
}

/** Literals of a value test that also occur in the command line (images: the part after the last `/`). */
function commandLiterals(field: SubjectField, literals: string[] | null): string[] | null {
  if (literals === null) return null;
  if (field === 'command') return literals;
  if (field !== 'image' && field !== 'parent') return null;
  const out: string[] = [];
  for (const l of literals) {
    const base = l.slice(l.lastIndexOf('/') + 1);
    if (base === '') return null;
    out.push(base);
  }
  return out;
}

/** Literals short enough to be everywhere are no use to the prefilter (rule-set.ts: ≥ 2 characters). */
const usable = (set: readonly string[] | null): set is string[] => set !== null && set.length > 0 && set.every((l) => l.length >= 2);

/** Compiles `key: value` of a selection (value: one value or a list; null = the field is empty). */
export function compileFieldMatch(key: string, value: unknown, path: ReadonlyArray<string | number>): Predicate {
  const spec = parseFieldKey(key, path);
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  if (list.length === 0) throw new RuleSyntaxError(`"${key}" has an empty list of values`, path);
  const tests: ValueTest[] = list.map((v, i) => {
    const text = valueText(v, Array.isArray(value) ? [...path, i] : path);
    if (text === null) return { test: (s: string) => s === '', literals: null };
    return valueTest(spec, text, path);
  });
  const field = spec.field;
  const literals = tests.map((t) => commandLiterals(field, t.literals));
  if (spec.all) {
    // Every value must match: any one value's literals are required; take the fewest, longest.
    const best = literals.filter(usable).sort((a, b) => a.length - b.length || Math.min(...b.map((l) => l.length)) - Math.min(...a.map((l) => l.length)))[0];
    return {
      test: (s) => {
        const values = s.values(field);
        return tests.every((t) => values.some((v) => t.test(v)));
      },
      literals: best ?? null,
    };
  }
  return {
    test: (s) => {
      const values = s.values(field);
      for (const t of tests) for (const v of values) if (t.test(v)) return true;
      return false;
    },
    literals: literals.every(usable) ? [...new Set(literals.flat())] : null,
  };
}

/** A keyword (a bare value in a selection list): the command line contains it. */
export function compileKeyword(value: unknown, path: ReadonlyArray<string | number>): Predicate {
  return compileFieldMatch('CommandLine|contains', value, path);
}
