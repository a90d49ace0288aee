// `trailview finding add|list|edit|move|remove` (docs/cli.md, "Findings and reports"): scripted
// reviews over services/findings. Every change is recorded in the case's activity log
// (finding.added, finding.edited, finding.reordered, finding.removed), so the case must be free to write (CASE_LOCKED otherwise).
import type { Command } from 'commander';
import { CaseError, openCase, type CaseHandle } from '../../services/case/case.js';
import { FindingError, SEVERITIES, STATUSES, type Anchor, type AnchorRequest, type Finding, type FindingPatch } from '../../services/findings/finding-types.js';
import { addFinding, listFindings, removeFinding, reorderFindings, updateFinding } from '../../services/findings/findings-store.js';
import { CliError, EXIT } from '../cli-io.js';
import type { CommandContext } from '../main.js';
import { parseWholeNumber } from '../options.js';

interface AnchorFlags {
  session?: string;
  from?: string;
  to?: string;
  query?: string;
}

interface AddFlags extends AnchorFlags {
  title: string;
  severity: string;
  notes?: string;
  tags?: string;
  status?: string;
}

interface EditFlags extends AnchorFlags {
  title?: string;
  severity?: string;
  notes?: string;
  tags?: string;
  status?: string;
}

const ANCHOR_HELP = `
An anchor is either a session and a time range (--session ID --from TIME --to TIME; ID is the
session key shown by \`trailview search\` or \`case info --json\`, or its number; TIME is ISO-8601
with a zone, e.g. 2024-11-27T03:10:00Z or 2024-11-27T04:10+01:00) or a search (--query Q, the
language of docs/search.md). Severities: ${SEVERITIES.join(', ')}. Statuses: ${STATUSES.join(', ')}.`;

export function registerFinding(program: Command, ctx: CommandContext): void {
  const group = program
    .command('finding')
    .description('findings of a case: add, list, edit, move, remove (each change is recorded in the activity log)')
    .addHelpText('after', '\nSee docs/cli.md ("Findings") and docs/report.md.');

  group
    .command('add')
    .description('add a finding anchored to a session time range or to a search')
    .argument('<case>', 'case folder')
    .requiredOption('--title <text>', 'title')
    .requiredOption('--severity <s>', `one of ${SEVERITIES.join(', ')}`)
    .option('--notes <markdown>', 'reviewer\u2019s notes (Markdown: paragraphs, lists, `code`, *emphasis*)')
    .option('--tags <list>', 'comma-separated tags')
    .option('--status <s>', `one of ${STATUSES.join(', ')} (default: open)`)
    .option('--session <id>', 'session key or number')
    .option('--from <time>', 'start of the range (ISO-8601 with zone)')
    .option('--to <time>', 'end of the range (ISO-8601 with zone)')
    .option('--query <q>', 'a search query instead of a session range')
    .option('--json', 'print the finding as JSON')
    .addHelpText('after', `${ANCHOR_HELP}\nPrints the new finding's number. Exit 2 on bad input (the message names the flag).`)
    .action(async (dir: string, flags: AddFlags & { json?: boolean }) => {
      const anchor = anchorFrom(flags, true);
      await withCase(dir, async (handle) => {
        const finding = await findingCall(() =>
          addFinding(handle, {
            title: flags.title,
            severity: flags.severity,
            anchors: anchor === null ? [] : [anchor],
            ...(flags.notes !== undefined ? { notes: flags.notes } : {}),
            ...(flags.tags !== undefined ? { tags: splitTags(flags.tags) } : {}),
            ...(flags.status !== undefined ? { status: flags.status } : {}),
          }),
        );
        ctx.io.stdout(flags.json === true ? `${JSON.stringify(finding, null, 2)}\n` : `finding ${finding.id} added: [${finding.severity}] ${finding.title} (${describeAnchor(finding.anchors[0])})\n`);
      });
    });

  group
    .command('list')
    .description('list the findings of a case in report order')
    .argument('<case>', 'case folder')
    .option('--json', 'print {"findings":[{"id","title","severity","status","tags","notes","anchors","position","createdAt","updatedAt"}]}')
    .action(async (dir: string, flags: { json?: boolean }) => {
      const handle = await caseCall(() => openCase(dir, { readOnly: true }));
      try {
        const findings = listFindings(handle.db);
        if (flags.json === true) ctx.io.stdout(`${JSON.stringify({ findings }, null, 2)}\n`);
        else ctx.io.stdout(renderList(findings));
      } finally {
        await handle.close();
      }
    });

  group
    .command('edit')
    .description('change a finding: title, severity, status, tags, notes, or its anchor')
    .argument('<case>', 'case folder')
    .argument('<id>', 'finding number', parseWholeNumber)
    .option('--title <text>', 'new title')
    .option('--severity <s>', `one of ${SEVERITIES.join(', ')}`)
    .option('--status <s>', `one of ${STATUSES.join(', ')}`)
    .option('--notes <markdown>', 'new notes (replaces them)')
    .option('--tags <list>', 'comma-separated tags (replaces them)')
    .option('--session <id>', 'new anchor: session key or number (with --from and --to)')
    .option('--from <time>', 'start of the range')
    .option('--to <time>', 'end of the range')
    .option('--query <q>', 'new anchor: a search query')
    .addHelpText('after', ANCHOR_HELP)
    .action(async (dir: string, id: number, flags: EditFlags) => {
      const anchor = anchorFrom(flags, false);
      const patch: FindingPatch = {
        ...(flags.title !== undefined ? { title: flags.title } : {}),
        ...(flags.severity !== undefined ? { severity: flags.severity } : {}),
        ...(flags.status !== undefined ? { status: flags.status } : {}),
        ...(flags.notes !== undefined ? { notes: flags.notes } : {}),
        ...(flags.tags !== undefined ? { tags: splitTags(flags.tags) } : {}),
        ...(anchor !== null ? { anchors: [anchor] } : {}),
      };
      if (Object.keys(patch).length === 0) throw new CliError('nothing to change: give --title, --severity, --status, --notes, --tags or a new anchor');
      await withCase(dir, async (handle) => {
        const finding = await findingCall(() => updateFinding(handle, id, patch));
        ctx.io.stdout(`finding ${finding.id}: [${finding.severity}] ${finding.title} (${finding.status})\n`);
      });
    });

  group
    .command('move')
    .description('move a finding to another place in the report order')
    .argument('<case>', 'case folder')
    .argument('<id>', 'finding number', parseWholeNumber)
    .requiredOption('--to <position>', 'new 1-based position in the list', parseWholeNumber)
    .action(async (dir: string, id: number, flags: { to: number }) => {
      await withCase(dir, async (handle) => {
        const ids = listFindings(handle.db).map((f) => f.id);
        if (!ids.includes(id)) throw new CliError(`finding ${id} is not in the case`);
        if (flags.to < 1 || flags.to > ids.length) throw new CliError(`--to must be between 1 and ${ids.length}, not ${flags.to}`);
        const order = ids.filter((x) => x !== id);
        order.splice(flags.to - 1, 0, id);
        const moved = await findingCall(() => reorderFindings(handle, order));
        ctx.io.stdout(`finding ${id} is now number ${moved.find((f) => f.id === id)?.position ?? flags.to} of ${moved.length}\n`);
      });
    });

  group
    .command('remove')
    .description('delete a finding (the activity log keeps what it was)')
    .argument('<case>', 'case folder')
    .argument('<id>', 'finding number', parseWholeNumber)
    .action(async (dir: string, id: number) => {
      await withCase(dir, async (handle) => {
        const removed = await findingCall(() => removeFinding(handle, id));
        ctx.io.stdout(`finding ${removed.id} removed: ${removed.title} (recorded in the activity log)\n`);
      });
    });

  async function withCase(dir: string, work: (handle: CaseHandle) => Promise<void>): Promise<void> {
    const handle = await caseCall(() => openCase(dir));
    try {
      await work(handle);
      ctx.setExitCode(EXIT.ok);
    } finally {
      await handle.close();
    }
  }
}

function anchorFrom(flags: AnchorFlags, required: boolean): AnchorRequest | null {
  const ranged = flags.session !== undefined || flags.from !== undefined || flags.to !== undefined;
  if (ranged && flags.query !== undefined) throw new CliError('give either --session/--from/--to or --query, not both');
  if (flags.query !== undefined) return { kind: 'query', query: flags.query };
  if (ranged) {
    const missing = (['session', 'from', 'to'] as const).filter((k) => flags[k] === undefined).map((k) => `--${k}`);
    if (missing.length > 0) throw new CliError(`a session anchor needs --session, --from and --to (missing ${missing.join(', ')})`);
    return { kind: 'session', session: flags.session as string, from: flags.from as string, to: flags.to as string };
  }
  if (required) throw new CliError('a finding needs an anchor: --session ID --from TIME --to TIME, or --query Q');
  return null;
}

function splitTags(text: string): string[] {
  return text.split(',').map((t) => t.trim()).filter((t) => t !== '');
}

export function describeAnchor(anchor: Anchor | undefined): string {
  if (anchor === undefined) return 'no anchor';
  switch (anchor.kind) {
    case 'session':
      return `session ${anchor.sessionKey} ${anchor.from} – ${anchor.to}${anchor.records === null ? ', no records' : `, records ${anchor.records.first}–${anchor.records.last}`}`;
    case 'query':
      return `search ${JSON.stringify(anchor.query)}`;
    case 'timeline':
      return `timeline ${anchor.from} – ${anchor.to}`;
  }
}

function renderList(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings\n';
  return `${findings
    .map((f) => `${String(f.id).padStart(4)}  ${f.severity.padEnd(8)}  ${f.status.padEnd(14)}  ${f.title}${f.tags.length > 0 ? `  [${f.tags.join(', ')}]` : ''}\n      ${f.anchors.map(describeAnchor).join('; ')}`)
    .join('\n')}\n`;
}

async function findingCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FindingError) throw new CliError(error.message, EXIT.usage);
    if (error instanceof CaseError) throw new CliError(error.message, error.code === 'CASE_TAMPERED' ? EXIT.findings : EXIT.usage);
    throw error;
  }
}

async function caseCall<T>(work: () => Promise<T>): Promise<T> {
  return findingCall(work);
}
