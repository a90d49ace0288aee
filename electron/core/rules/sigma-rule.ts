// A Sigma rule (https://sigmahq.io, Sigma specification 2.x) read as a command rule: the
// process_creation subset that applies to command lines (docs/rules.md, "Sigma"). Whatever cannot
// be evaluated on a command record skips the rule with a message naming file, rule and construct.
import { compileDetection } from './detection.js';
import type { CommandRule, SkippedRule } from './rule.js';
import { severityFromSigmaLevel } from './severity.js';
import { RuleSyntaxError, UnsupportedConstruct } from './unsupported.js';

const LINUX_PRODUCTS = new Set(['linux', 'unix']);

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export type SigmaResult = { rule: CommandRule; skipped?: undefined } | { skipped: SkippedRule; rule?: undefined };

/** One YAML document of a Sigma file, parsed (`file` names it in messages). */
export function compileSigmaRule(doc: unknown, file: string): SigmaResult {
  const map = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  const id = text(map.id);
  const title = text(map.title);
  const skip = (construct: string, message: string): SigmaResult => ({
    skipped: { file, id, title, construct, message: `${file}: rule ${id ?? '(no id)'} "${title ?? '(no title)'}": ${message}; the rule is skipped` },
  });
  if (Object.keys(map).length === 0) return skip('not a rule', 'not a Sigma rule (expected a map with title, logsource and detection)');
  if (map.action !== undefined) return skip(`action ${String(map.action)}`, `rule collections ("action: ${String(map.action)}") are not supported`);
  if (map.correlation !== undefined) return skip('correlation', 'correlation rules are not supported');
  if (title === null) return skip('title', 'has no "title"');
  const logsource = typeof map.logsource === 'object' && map.logsource !== null ? (map.logsource as Record<string, unknown>) : null;
  if (logsource === null) return skip('logsource', 'has no "logsource"');
  const category = text(logsource.category)?.toLowerCase() ?? null;
  const product = text(logsource.product)?.toLowerCase() ?? null;
  const service = text(logsource.service);
  if (category !== 'process_creation') {
    return skip(`logsource category ${category ?? '(none)'}`, `logsource category "${category ?? '(none)'}" is not supported (only process_creation: command lines)`);
  }
  if (product !== null && !LINUX_PRODUCTS.has(product)) {
    return skip(`logsource product ${product}`, `logsource product "${product}" is not supported (linux or unix: terminal sessions)`);
  }
  if (service !== null) return skip(`logsource service ${service}`, `logsource service "${service}" is not supported`);
  const severity = map.level === undefined ? 'medium' : severityFromSigmaLevel(map.level);
  if (severity === null) return skip('level', `level ${JSON.stringify(map.level)} is not one of informational, low, medium, high, critical`);
  try {
    const predicate = compileDetection(map.detection);
    const description = text(map.description);
    return {
      rule: {
        id: id ?? title,
        title,
        severity,
        why: description ?? `it matches the Sigma rule "${title}"`,
        tags: Array.isArray(map.tags) ? map.tags.filter((t): t is string => typeof t === 'string') : [],
        origin: 'sigma',
        file,
        predicate,
      },
    };
  } catch (error) {
    if (error instanceof UnsupportedConstruct) return skip(error.construct, error.message);
    if (error instanceof RuleSyntaxError) {
      const where = error.path.length > 0 ? ` (at ${error.path.join('.')})` : '';
      return skip('syntax', `cannot be read: ${error.message}${where}`);
    }
    throw error;
  }
}
