// Many rules over many commands, fast (issue 8: 1,000,000 commands × 200 rules ≤ 10 s). Most rules
// need some literal text in the command line (predicate.ts). Each such literal is filed under a
// hash of one of its trigrams (a 2-character literal under its bigram); a command line is scanned
// once, and only rules whose literal actually occurs (checked with `includes`, so hash collisions
// cost time, never a wrong answer) are evaluated in full. Rules without a literal run on every
// command.
import type { CommandRule } from './rule.js';
import type { CommandSubject } from './subject.js';

const BITS = 16;
const MASK = (1 << BITS) - 1;
const hash3 = (s: string, i: number): number => ((s.charCodeAt(i) * 31 + s.charCodeAt(i + 1)) * 31 + s.charCodeAt(i + 2)) & MASK;
const hash2 = (s: string, i: number): number => (s.charCodeAt(i) * 31 + s.charCodeAt(i + 1)) & MASK;

/** hash → list of literal ids, as a typed table of list indexes (-1: empty) for a cheap scan. */
class LiteralTable {
  readonly slots = new Int32Array(1 << BITS).fill(-1);
  readonly lists: number[][] = [];
  size = 0;

  add(hash: number, id: number): void {
    let at = this.slots[hash] as number;
    if (at < 0) {
      at = this.lists.length;
      this.lists.push([]);
      this.slots[hash] = at;
    }
    (this.lists[at] as number[]).push(id);
    this.size++;
  }
}

export class RuleSet {
  /** Rules with no literal: evaluated on every command. */
  private readonly always: number[] = [];
  private readonly literals: string[] = [];
  /** Per literal: the rules it admits. */
  private readonly literalRules: number[][] = [];
  private readonly trigrams = new LiteralTable();
  private readonly bigrams = new LiteralTable();
  /** Per literal / rule: the command number it was last looked at (no clearing between commands). */
  private readonly literalSeen: Int32Array;
  private readonly ruleSeen: Int32Array;
  private stamp = 0;

  constructor(readonly rules: readonly CommandRule[]) {
    const literalIds = new Map<string, number>();
    rules.forEach((rule, r) => {
      const lits = rule.predicate.literals;
      if (lits === null || lits.length === 0 || lits.some((l) => l.length < 2)) {
        this.always.push(r);
        return;
      }
      for (const lit of lits) {
        let id = literalIds.get(lit);
        if (id === undefined) {
          id = this.literals.length;
          literalIds.set(lit, id);
          this.literals.push(lit);
          this.literalRules.push([]);
        }
        (this.literalRules[id] as number[]).push(r);
      }
    });
    // File each literal under its least shared trigram, so a common trigram wakes few literals.
    const counts = new Map<number, number>();
    for (const lit of this.literals) for (let i = 0; i + 3 <= lit.length; i++) counts.set(hash3(lit, i), (counts.get(hash3(lit, i)) ?? 0) + 1);
    this.literals.forEach((lit, id) => {
      if (lit.length === 2) {
        this.bigrams.add(hash2(lit, 0), id);
        return;
      }
      let best = hash3(lit, 0);
      for (let i = 1; i + 3 <= lit.length; i++) {
        const h = hash3(lit, i);
        if ((counts.get(h) ?? 0) < (counts.get(best) ?? 0)) best = h;
      }
      this.trigrams.add(best, id);
    });
    this.literalSeen = new Int32Array(this.literals.length);
    this.ruleSeen = new Int32Array(rules.length);
  }

  get alwaysEvaluated(): number {
    return this.always.length;
  }

  /** The rules that match, in rule order. */
  match(subject: CommandSubject): CommandRule[] {
    const stamp = ++this.stamp;
    const text = subject.command;
    const candidates: number[] = this.always.length > 0 ? [...this.always] : [];
    const admit = (list: readonly number[]): void => {
      for (const id of list) {
        if (this.literalSeen[id] === stamp) continue;
        this.literalSeen[id] = stamp;
        if (!text.includes(this.literals[id] as string)) continue;
        for (const r of this.literalRules[id] as number[]) {
          if (this.ruleSeen[r] === stamp) continue;
          this.ruleSeen[r] = stamp;
          candidates.push(r);
        }
      }
    };
    const scan = (table: LiteralTable, width: number, hash: (s: string, i: number) => number): void => {
      if (table.size === 0) return;
      const slots = table.slots;
      for (let i = 0; i + width <= text.length; i++) {
        const at = slots[hash(text, i)] as number;
        if (at >= 0) admit(table.lists[at] as number[]);
      }
    };
    scan(this.trigrams, 3, hash3);
    scan(this.bigrams, 2, hash2);
    if (candidates.length === 0) return [];
    if (candidates.length > 1) candidates.sort((a, b) => a - b);
    const out: CommandRule[] = [];
    for (const r of candidates) {
      const rule = this.rules[r] as CommandRule;
      if (rule.predicate.test(subject)) out.push(rule);
    }
    return out;
  }
}
