// `trailview search DIR QUERY [--json] [--limit N] [--offset N] [--order O] [--fuzzy]
// [--timezone ZONE]` (docs/search.md, docs/cli.md "Search"): a thin layer over services/search.
// The case is opened for writing because every search is recorded in its activity log
// (`search.run`, with the query and the number of matches); a case open elsewhere is refused
// (CASE_LOCKED) rather than searched unrecorded.
import type { Command } from 'commander';
import { formatInZone, resolveTimeZone, type TimeZone } from '../../core/search/time-zone.js';
import { QueryError } from '../../core/search/query-error.js';
import { CaseError, openCase } from '../../services/case/case.js';
import { updateSearchIndex } from '../../services/search/search-index.js';
import { searchCase, type SearchHit, type SearchOrder, type SearchResult } from '../../services/search/search.js';
import { CliError, EXIT, type CliIo } from '../cli-io.js';
import type { CommandContext } from '../main.js';
import { parseWholeNumber } from '../options.js';

interface SearchFlags {
  json?: boolean;
  limit?: number;
  offset?: number;
  order?: string;
  fuzzy?: boolean;
  timezone?: string;
  explain?: boolean;
}

const ORDERS: readonly SearchOrder[] = ['time', 'newest', 'relevance'];

export function registerSearch(program: Command, ctx: CommandContext): void {
  program
    .command('search')
    .description('search the commands and screen text of a case (query language: docs/search.md)')
    .argument('<dir>', 'case folder')
    .argument('<query>', 'e.g. \'kubectl user:alice after:2024-11-21T03:00+01:00\', \'"rm -rf /" host:web-*\', \'(curl OR wget) NOT health\'')
    .option('--json', 'print one JSON document: {"total","hits":[{"ts","session","user","host","kind","text","snippet",...}]}')
    .option('--limit <n>', 'hits per page (1–1000)', parseWholeNumber, 50)
    .option('--offset <n>', 'hits to skip (next page: --offset 50)', parseWholeNumber, 0)
    .option('--order <order>', 'time (oldest first), newest, or relevance (default: time; relevance with --fuzzy)')
    .option('--fuzzy', 'approximate match of the text against distinct commands (typos, obfuscation like c\\url)')
    .option('--timezone <zone>', 'zone for bare dates in the query and for times shown: UTC, +01:00, Europe/Berlin', 'UTC')
    .option('--explain', 'also print how each database was searched: SQLite query plans or in-memory substring scans (stderr, or "plan" in --json)')
    .addHelpText(
      'after',
      `
Times are shown in --timezone (default UTC), always with their offset; JSON times are UTC with
microseconds, as in records. Each hit names the session and time to replay.
Exit status: 0 the search ran (whatever it found), 2 the query or the case could not be used.`,
    )
    .action(async (dir: string, query: string, flags: SearchFlags) => {
      const order = flags.order;
      if (order !== undefined && !(ORDERS as readonly string[]).includes(order)) {
        throw new CliError(`--order must be time, newest or relevance, not ${JSON.stringify(order)}`);
      }
      let zone: TimeZone;
      try {
        zone = resolveTimeZone(flags.timezone ?? 'UTC');
      } catch (error) {
        throw new CliError(`--timezone: ${(error as Error).message}`);
      }
      const handle = await caseCall(() => openCase(dir), (error) =>
        error.code === 'CASE_LOCKED' ? `${error.message}; every search is recorded in the case's activity log, so it needs the case for a moment: retry when the other Trailview has closed it` : error.message,
      );
      try {
        const indexes = await caseCall(() => handle.openIndexes());
        // Shards are written once; one from before the search index (migration 2, applied in
        // memory on open) is indexed here, in memory only. A no-op for every other shard.
        let late = 0;
        for (const db of indexes) {
          const u = updateSearchIndex(db);
          late += u.commands + u.screens;
        }
        if (late > 0) ctx.io.stderr(`trailview: note: indexed ${late} rows an older Trailview left out of the search index (in memory only)\n`);
        let result: SearchResult;
        try {
          result = searchCase({ catalog: handle.db, indexes }, query, {
            limit: flags.limit ?? 50,
            offset: flags.offset ?? 0,
            ...(order !== undefined ? { order: order as SearchOrder } : {}),
            fuzzy: flags.fuzzy === true,
            timezone: zone.name,
            explain: flags.explain === true,
          });
        } catch (error) {
          if (error instanceof QueryError) throw new CliError(queryErrorText(query, error));
          if (error instanceof RangeError) throw new CliError(error.message);
          throw error;
        }
        await caseCall(() =>
          handle.appendActivity('search.run', {
            query,
            fuzzy: flags.fuzzy === true,
            order: order ?? (flags.fuzzy === true ? 'relevance' : 'time'),
            timezone: zone.name,
            limit: flags.limit ?? 50,
            offset: flags.offset ?? 0,
            total: result.total,
            totalExact: result.totalExact,
            shown: result.hits.length,
          }),
        );
        for (const w of result.warnings) ctx.io.stderr(`trailview: warning: ${w}\n`);
        if (flags.json === true) ctx.io.stdout(`${JSON.stringify(toJson(result), null, 2)}\n`);
        else {
          ctx.io.stdout(renderText(query, result, flags.offset ?? 0, zone, ctx.io));
          if (result.plan !== undefined) ctx.io.stderr(`${result.plan}\n`);
        }
        ctx.setExitCode(EXIT.ok);
      } finally {
        await handle.close();
      }
    });
}

async function caseCall<T>(work: () => Promise<T>, describe: (error: CaseError) => string = (error) => error.message): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CaseError) throw new CliError(describe(error));
    throw error;
  }
}

/** The error, the query, and a caret under the column. */
export function queryErrorText(query: string, error: QueryError): string {
  if (error.column === null || query.includes('\n')) return error.message;
  return `${error.message}\n  ${query}\n  ${' '.repeat(error.column - 1)}^`;
}

/** The contract: total and hits first, each hit's fixed keys first; more fields may follow. */
function toJson(result: SearchResult): Record<string, unknown> {
  return {
    total: result.total,
    hits: result.hits.map((h) => ({
      ts: h.ts,
      session: h.session,
      user: h.user,
      host: h.host,
      kind: h.kind,
      text: h.text,
      snippet: h.snippet,
      tsUs: h.tsUs,
      sessionId: h.sessionId,
      tty: h.tty,
      evidenceId: h.evidenceId,
      rowId: h.rowId,
      seq: h.seq,
      highlights: h.highlights,
      snippetHighlights: h.snippetHighlights,
      ...(h.score !== undefined ? { score: h.score } : {}),
    })),
    totalExact: result.totalExact,
    warnings: result.warnings,
    ...(result.plan !== undefined ? { plan: result.plan } : {}),
  };
}

function renderText(query: string, result: SearchResult, offset: number, zone: TimeZone, io: CliIo): string {
  const lines: string[] = [];
  const count = `${result.total}${result.totalExact ? '' : '+'} match${result.total === 1 ? '' : 'es'}`;
  const range = result.hits.length === 0 ? '' : `, showing ${offset + 1}–${offset + result.hits.length}`;
  lines.push(`${count} for ${query}${range} (times in ${zone.name})`);
  const color = io.isTTY && io.env.NO_COLOR === undefined;
  for (const h of result.hits) {
    const who = `${h.user ?? '?'}@${h.host ?? '?'}`;
    lines.push(`${formatInZone(h.tsUs, zone)}  ${h.kind === 'command' ? 'cmd   ' : 'screen'}  ${h.session}  ${who}  ${mark(h, color)}`);
  }
  if (result.total > offset + result.hits.length && result.hits.length > 0) lines.push(`(more: --offset ${offset + result.hits.length})`);
  return `${lines.join('\n')}\n`;
}

/** The snippet with its matches in reverse video on a terminal. */
function mark(hit: SearchHit, color: boolean): string {
  if (!color) return hit.snippet;
  let out = '';
  let at = 0;
  for (const [start, end] of hit.snippetHighlights) {
    out += `${hit.snippet.slice(at, start)}\x1b[7m${hit.snippet.slice(start, end)}\x1b[27m`;
    at = end;
  }
  return out + hit.snippet.slice(at);
}
