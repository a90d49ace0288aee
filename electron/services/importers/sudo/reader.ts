// The sudo I/O log importer: one session directory, or a whole iolog_dir (every session in it,
// e.g. 00/00/01 …) as one recording whose sessions are merged in time order.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImportProblem, Recording } from '../recording.js';
import { readHead } from '../common/file-source.js';
import { makeRecording } from '../common/make-recording.js';
import { mergeByTime, type TimedSource } from '../common/merge.js';
import { idPart } from '../common/session-id.js';
import type { FormatReader, ReaderResult } from '../detect.js';
import { sniffSudo } from './detect.js';
import { parseLogJson, parseLogText, type SudoSessionInfo } from './log-file.js';
import { sudoSessionEvents } from './session-events.js';
import { STREAMS } from './timing.js';

const SESSION_FILES = ['log', 'log.json', 'timing', ...STREAMS];
const SEQ_PATH = /(?:^|\/)([0-9A-Z]{2})\/([0-9A-Z]{2})\/([0-9A-Z]{2})$/;

export const sudoReader: FormatReader = {
  name: 'sudo-iolog',
  sniff: (file) => sniffSudo(file.head, file.size)?.confidence ?? 0,
  companions: (file) => {
    const kind = sniffSudo(file.head, file.size)?.kind;
    if (kind === undefined || kind === 'seq') return [];
    const dir = path.dirname(file.path);
    return SESSION_FILES.map((name) => path.join(dir, name));
  },
  open: async (files): Promise<ReaderResult> => {
    const problems: ImportProblem[] = [];
    // Session directories, grouped by the input the user named.
    const groups = new Map<string, Set<string>>();
    for (const file of files) {
      const kind = sniffSudo(file.head, file.size)?.kind;
      if (kind === 'seq') continue;
      if (!SESSION_FILES.includes(path.basename(file.path))) {
        if (kind !== undefined) {
          problems.push({
            file: file.path,
            severity: 'warning',
            message: `looks like a sudo I/O log "${kind}" file, but sudo reads a session from a directory holding files named log.json/log, timing, ttyout, ...; not imported`,
          });
        }
        continue;
      }
      const root = await directoryOf(file.root);
      const dirs = groups.get(root) ?? new Set<string>();
      dirs.add(path.dirname(file.path));
      groups.set(root, dirs);
    }
    const recordings: Recording[] = [];
    for (const [root, dirs] of groups) {
      const sessions: Array<{ dir: string; info: SudoSessionInfo; files: string[] }> = [];
      for (const dir of [...dirs].sort()) {
        const opened = await openSession(dir, problems);
        if (opened !== null) sessions.push({ dir, ...opened });
      }
      if (sessions.length === 0) continue;
      const allFiles = sessions.flatMap((s) => s.files);
      recordings.push(
        makeRecording('sudo-iolog', allFiles, (log) => {
          const sources: TimedSource[] = sessions.map((s) => ({
            startMicros: s.info.startMicros,
            open: () => sudoSessionEvents(s.dir, sessionId(root, s.dir, s.info), s.info, log),
          }));
          return mergeByTime(sources);
        }),
      );
    }
    return { recordings, problems };
  },
};

async function openSession(dir: string, problems: ImportProblem[]): Promise<{ info: SudoSessionInfo; files: string[] } | null> {
  const present: string[] = [];
  for (const name of SESSION_FILES) {
    try {
      if ((await stat(path.join(dir, name))).isFile()) present.push(name);
    } catch {
      // absent
    }
  }
  const problem = (file: string, message: string): null => {
    problems.push({ file: path.join(dir, file), severity: 'error', message });
    return null;
  };
  if (!present.includes('timing')) return problem('timing', 'this sudo I/O log session has no timing file; the session is not imported');
  let info: SudoSessionInfo | string;
  if (present.includes('log.json')) {
    info = parseLogJson(await readSmall(path.join(dir, 'log.json')));
    if (typeof info === 'string') {
      const fallback = present.includes('log') ? parseLogText(await readSmall(path.join(dir, 'log'))) : null;
      if (fallback === null || typeof fallback === 'string') return problem('log.json', `${info}; the session is not imported`);
      problems.push({ file: path.join(dir, 'log.json'), severity: 'warning', message: `${info}; the session is described from the older "log" file instead` });
      info = fallback;
    }
  } else if (present.includes('log')) {
    info = parseLogText(await readSmall(path.join(dir, 'log')));
    if (typeof info === 'string') return problem('log', `${info}; the session is not imported`);
  } else {
    return problem('log', 'this sudo I/O log session has neither log.json nor log; the session is not imported');
  }
  return { info, files: present.map((name) => path.join(dir, name)) };
}

/** The session's id: host and TSID (`000001` for `00/00/01`, as sudoreplay shows it). */
function sessionId(root: string, dir: string, info: SudoSessionInfo): string {
  const seq = SEQ_PATH.exec(dir.split(path.sep).join('/'));
  let tsid: string;
  if (seq !== null) tsid = `${seq[1]}${seq[2]}${seq[3]}`;
  else {
    const rel = path.relative(root, dir);
    tsid = rel === '' || rel.startsWith('..') ? path.basename(dir) : rel;
  }
  return info.submitHost === null ? `sudo-${idPart(tsid)}` : `sudo-${idPart(info.submitHost)}-${idPart(tsid)}`;
}

async function directoryOf(root: string): Promise<string> {
  try {
    return (await stat(root)).isDirectory() ? root : path.dirname(root);
  } catch {
    return path.dirname(root);
  }
}

/** The session description files are small; more than 1 MiB of them is not read. */
async function readSmall(file: string): Promise<string> {
  try {
    return (await readHead(file, 1 << 20)).toString('utf8');
  } catch (error) {
    return `(unreadable: ${error instanceof Error ? error.message : String(error)})`;
  }
}
