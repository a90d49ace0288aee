// A compiled test on a command, with what the prefilter may use: `literals` is a set of lower-case
// strings of which at least one occurs in the normalised command line whenever the test passes
// (null: no such guarantee, the test runs on every command). rule-set.ts indexes them.
import type { CommandSubject } from './subject.js';

export interface Predicate {
  test(subject: CommandSubject): boolean;
  literals: readonly string[] | null;
}

/** How selective a literal set is for the prefilter: lower is better (2-character literals match often). */
function cost(set: readonly string[]): number {
  return (minLength(set) >= 3 ? 0 : 1000) + set.length;
}

/** The most selective literal set among alternatives that are all required (AND). */
function bestRequired(sets: ReadonlyArray<readonly string[] | null>): readonly string[] | null {
  let best: readonly string[] | null = null;
  for (const set of sets) {
    if (set === null) continue;
    if (best === null || cost(set) < cost(best) || (cost(set) === cost(best) && minLength(set) > minLength(best))) best = set;
  }
  return best;
}

function minLength(set: readonly string[]): number {
  return set.reduce((min, s) => Math.min(min, s.length), Infinity);
}

/** Any of the alternatives may pass: each must have literals, and the prefilter needs them all. */
function unionOf(sets: ReadonlyArray<readonly string[] | null>): readonly string[] | null {
  const out = new Set<string>();
  for (const set of sets) {
    if (set === null) return null;
    set.forEach((s) => out.add(s));
  }
  return [...out];
}

export function allOf(items: readonly Predicate[]): Predicate {
  if (items.length === 1) return items[0] as Predicate;
  return { test: (s) => items.every((p) => p.test(s)), literals: bestRequired(items.map((p) => p.literals)) };
}

export function anyOf(items: readonly Predicate[]): Predicate {
  if (items.length === 1) return items[0] as Predicate;
  return { test: (s) => items.some((p) => p.test(s)), literals: unionOf(items.map((p) => p.literals)) };
}

export function not(item: Predicate): Predicate {
  return { test: (s) => !item.test(s), literals: null };
}
