// A Sigma `detection` block compiled to one predicate over command records: named selections
// (a map: every field matches; a list of maps: any map matches; a list of values: keywords, any
// of them in the command line) combined by the condition (condition.ts).
import { matchSelections, parseCondition, type ConditionNode } from './condition.js';
import { compileFieldMatch, compileKeyword } from './field-match.js';
import { allOf, anyOf, not, type Predicate } from './predicate.js';
import { RuleSyntaxError, UnsupportedConstruct } from './unsupported.js';

type Path = ReadonlyArray<string | number>;

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compileMap(map: Record<string, unknown>, path: Path): Predicate {
  const keys = Object.keys(map);
  if (keys.length === 0) throw new RuleSyntaxError('a selection has no fields', path);
  return allOf(keys.map((key) => compileFieldMatch(key, map[key], [...path, key])));
}

/** One named selection. */
export function compileSelection(value: unknown, path: Path): Predicate {
  if (isMap(value)) return compileMap(value, path);
  if (Array.isArray(value)) {
    if (value.length === 0) throw new RuleSyntaxError('a selection is an empty list', path);
    return anyOf(value.map((item, i) => (isMap(item) ? compileMap(item, [...path, i]) : compileKeyword(item, [...path, i]))));
  }
  if (typeof value === 'string' || typeof value === 'number') return compileKeyword(value, path);
  throw new RuleSyntaxError(`a selection must be a map of fields, a list, or a keyword, not ${value === null ? 'null' : typeof value}`, path);
}

function compileNode(node: ConditionNode, selections: ReadonlyMap<string, Predicate>, condition: string): Predicate {
  switch (node.kind) {
    case 'ref': {
      const found = selections.get(node.name);
      if (found === undefined) throw new RuleSyntaxError(`condition "${condition}" names "${node.name}", which is not a selection (selections: ${[...selections.keys()].join(', ')})`);
      return found;
    }
    case 'and':
      return allOf(node.items.map((n) => compileNode(n, selections, condition)));
    case 'or':
      return anyOf(node.items.map((n) => compileNode(n, selections, condition)));
    case 'not':
      return not(compileNode(node.item, selections, condition));
    case 'oneOf':
    case 'allOf': {
      const names = matchSelections(node.pattern, [...selections.keys()]);
      if (names.length === 0) throw new RuleSyntaxError(`condition "${condition}": no selection matches "${node.pattern}"`);
      const items = names.map((n) => selections.get(n) as Predicate);
      return node.kind === 'oneOf' ? anyOf(items) : allOf(items);
    }
  }
}

/** Keys of a detection block that are not selections. */
const UNSUPPORTED_DETECTION_KEYS: Readonly<Record<string, string>> = {
  timeframe: '"timeframe" (aggregation over time) is not supported',
};

/** Compiles `detection` (selections + `condition`: a string, or a list of strings meaning "or"). */
export function compileDetection(detection: unknown, path: Path = ['detection']): Predicate {
  if (!isMap(detection)) throw new RuleSyntaxError('"detection" must be a map of selections and a condition', path);
  const selections = new Map<string, Predicate>();
  for (const [name, value] of Object.entries(detection)) {
    if (name === 'condition') continue;
    const unsupported = UNSUPPORTED_DETECTION_KEYS[name];
    if (unsupported !== undefined) throw new UnsupportedConstruct(name, unsupported);
    selections.set(name, compileSelection(value, [...path, name]));
  }
  const raw = detection.condition;
  const conditions = typeof raw === 'string' ? [raw] : Array.isArray(raw) && raw.length > 0 && raw.every((c) => typeof c === 'string') ? (raw as string[]) : null;
  if (conditions === null) throw new RuleSyntaxError('"condition" must be a string (or a list of strings)', [...path, 'condition']);
  return anyOf(conditions.map((c) => compileNode(parseCondition(c), selections, c)));
}
