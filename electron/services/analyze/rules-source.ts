// Reading rules from YAML text: the Trailview rules file (docs/rules.md) and Sigma rule files.
// A mistake in the rules file stops the analysis with file, line and what was expected; a Sigma
// rule that uses something Trailview cannot evaluate is skipped with a message (never silently).
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseAllDocuments, parseDocument, type Document } from 'yaml';
import { readRulesFile, type RulesFile } from '../../core/rules/rules-file.js';
import type { CommandRule, SkippedRule } from '../../core/rules/rule.js';
import { compileSigmaRule } from '../../core/rules/sigma-rule.js';
import { RuleSyntaxError } from '../../core/rules/unsupported.js';
import { resourcePath } from '../resources.js';

/** The rules file shipped with Trailview (resources/rules/starter.yaml). */
export const STARTER_RULES = ['rules', 'starter.yaml'] as const;

export class RulesError extends Error {}

/** A rules or Sigma file's name and text: what the case remembers and re-reads after each import. */
export interface RulesText {
  name: string;
  text: string;
}

function lineOf(doc: Document, lines: LineCounter, p: ReadonlyArray<string | number>): number | null {
  for (let n = p.length; n >= 0; n--) {
    const node = doc.getIn(p.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range !== undefined) return lines.linePos(node.range[0]).line;
    if (n === 0) break;
  }
  return null;
}

/** Reads a Trailview rules file; throws RulesError "FILE:LINE: message". */
export function parseRulesText(source: RulesText): RulesFile {
  const lines = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter: lines, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    const line = lines.linePos(yamlError.pos[0]).line;
    throw new RulesError(`${source.name}:${line}: not valid YAML: ${yamlError.message.split('\n')[0] ?? ''}`);
  }
  try {
    return readRulesFile(doc.toJS(), source.name);
  } catch (error) {
    if (!(error instanceof RuleSyntaxError)) throw error;
    const line = lineOf(doc, lines, error.path);
    const where = error.path.length > 0 ? ` (${error.path.join('.')})` : '';
    throw new RulesError(`${source.name}${line !== null ? `:${line}` : ''}: ${error.message}${where}`);
  }
}

export interface SigmaLoad {
  rules: CommandRule[];
  skipped: SkippedRule[];
}

/** Every rule of one Sigma file (several YAML documents may follow each other, `---`). */
export function parseSigmaText(source: RulesText): SigmaLoad {
  const out: SigmaLoad = { rules: [], skipped: [] };
  const docs = parseAllDocuments(source.text);
  if (!Array.isArray(docs)) return out;
  docs.forEach((doc, i) => {
    const name = docs.length > 1 ? `${source.name} (document ${i + 1})` : source.name;
    const error = doc.errors[0];
    if (error !== undefined) {
      out.skipped.push({ file: name, id: null, title: null, construct: 'yaml', message: `${name}: not valid YAML (${error.message.split('\n')[0] ?? ''}); skipped` });
      return;
    }
    const result = compileSigmaRule(doc.toJS(), name);
    if (result.rule !== undefined) out.rules.push(result.rule);
    else out.skipped.push(result.skipped);
  });
  return out;
}

/** Reads Sigma files: each PATH a .yml/.yaml file or a folder searched recursively. */
export async function readSigmaSources(paths: readonly string[]): Promise<RulesText[]> {
  const out: RulesText[] = [];
  const visit = async (p: string): Promise<void> => {
    let info;
    try {
      info = await stat(p);
    } catch (error) {
      throw new RulesError(`${p}: cannot read Sigma rules (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    if (info.isDirectory()) {
      for (const name of (await readdir(p)).sort()) {
        const child = path.join(p, name);
        if (/\.ya?ml$/i.test(name) || (await stat(child)).isDirectory()) await visit(child);
      }
      return;
    }
    out.push({ name: p, text: await readFile(p, 'utf8') });
  };
  for (const p of paths) await visit(p);
  return out;
}

export async function readRulesSource(file: string): Promise<RulesText> {
  try {
    return { name: file, text: await readFile(file, 'utf8') };
  } catch (error) {
    throw new RulesError(`${file}: cannot read the rules file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

export async function starterRulesSource(): Promise<RulesText> {
  const file = resourcePath(...STARTER_RULES);
  return { name: 'starter.yaml', text: await readFile(file, 'utf8') };
}
