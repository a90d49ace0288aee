// Sigma detection conditions (Sigma specification, "Condition"): selection names, `and`, `or`,
// `not`, parentheses, `1 of NAME*` / `any of NAME*`, `all of NAME*`, `1 of them`, `all of them`.
// Precedence: not > and > or. Aggregations (`| count() by x > 5`) and `near` are not supported:
// the rule is skipped with a message that names them.
import { RuleSyntaxError, UnsupportedConstruct } from './unsupported.js';

export type ConditionNode =
  | { kind: 'ref'; name: string }
  | { kind: 'and' | 'or'; items: ConditionNode[] }
  | { kind: 'not'; item: ConditionNode }
  | { kind: 'oneOf' | 'allOf'; pattern: string };

type Token = { type: 'word'; text: string; at: number } | { type: '('; at: number } | { type: ')'; at: number };

function tokenize(condition: string): Token[] {
  const tokens: Token[] = [];
  for (const m of condition.matchAll(/([()])|(\|)|([^\s()|]+)/g)) {
    if (m[2] !== undefined) {
      if (/^\|\s*near\b/i.test(condition.slice(m.index))) throw new UnsupportedConstruct('near', `"near" in condition "${condition}" is not supported (a deprecated temporal condition)`);
      throw new UnsupportedConstruct('aggregation', `aggregation "${condition.slice(m.index).trim()}" in condition "${condition}" is not supported (deprecated in Sigma; use correlation rules)`);
    }
    if (m[1] !== undefined) tokens.push(m[1] === '(' ? { type: '(', at: m.index } : { type: ')', at: m.index });
    else tokens.push({ type: 'word', text: m[3] as string, at: m.index });
  }
  return tokens;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'of', 'them', 'near']);

/** Parses one condition string; throws RuleSyntaxError (malformed) or UnsupportedConstruct. */
export function parseCondition(condition: string): ConditionNode {
  const tokens = tokenize(condition);
  let pos = 0;
  const peekWord = (): string | null => {
    const t = tokens[pos];
    return t?.type === 'word' ? t.text.toLowerCase() : null;
  };
  const fail = (what: string): never => {
    const t = tokens[pos];
    throw new RuleSyntaxError(`condition "${condition}": ${what}${t === undefined ? ' at the end' : ` at column ${t.at + 1}`}`);
  };

  const parseOr = (): ConditionNode => {
    const items = [parseAnd()];
    while (peekWord() === 'or') {
      pos++;
      items.push(parseAnd());
    }
    return items.length === 1 ? (items[0] as ConditionNode) : { kind: 'or', items };
  };
  const parseAnd = (): ConditionNode => {
    const items = [parseNot()];
    while (peekWord() === 'and') {
      pos++;
      items.push(parseNot());
    }
    return items.length === 1 ? (items[0] as ConditionNode) : { kind: 'and', items };
  };
  const parseNot = (): ConditionNode => {
    if (peekWord() === 'not') {
      pos++;
      return { kind: 'not', item: parseNot() };
    }
    return parseAtom();
  };
  const parseAtom = (): ConditionNode => {
    const t = tokens[pos];
    if (t === undefined) return fail('a selection name is missing');
    if (t.type === '(') {
      pos++;
      const inner = parseOr();
      if (tokens[pos]?.type !== ')') fail('")" expected');
      pos++;
      return inner;
    }
    if (t.type !== 'word') return fail('unexpected ")"');
    const word = t.text.toLowerCase();
    if (word === 'near') throw new UnsupportedConstruct('near', `"near" in condition "${condition}" is not supported`);
    const next = tokens[pos + 1];
    if (next?.type === 'word' && next.text.toLowerCase() === 'of') {
      const quantity = word;
      if (quantity !== '1' && quantity !== 'any' && quantity !== 'all') {
        if (/^\d+$/.test(quantity)) throw new UnsupportedConstruct(`${quantity} of`, `"${quantity} of" in condition "${condition}" is not supported (only "1 of" and "all of")`);
        fail(`"${t.text} of" is not a quantifier`);
      }
      const target = tokens[pos + 2];
      if (target?.type !== 'word') {
        pos += 2;
        return fail('a selection pattern or "them" is expected after "of"');
      }
      pos += 3;
      return { kind: quantity === 'all' ? 'allOf' : 'oneOf', pattern: target.text.toLowerCase() === 'them' ? '*' : target.text };
    }
    if (KEYWORDS.has(word)) return fail(`"${t.text}" is not expected here`);
    pos++;
    return { kind: 'ref', name: t.text };
  };

  const node = parseOr();
  if (pos < tokens.length) fail('unexpected text');
  return node;
}

/** Names matched by a `1 of` / `all of` pattern (`*` wildcard; `them` = every selection). */
export function matchSelections(pattern: string, names: readonly string[]): string[] {
  if (pattern === '*') return names.filter((n) => !n.startsWith('_'));
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return names.filter((n) => re.test(n));
}
