// The util-linux script importer: advanced (timing + --log-io/--log-out/--log-in files), classic
// (timing + typescript, paired by content and name), and a lone typescript (no timing at all).
import path from 'node:path';
import type { ImportProblem, Recording } from '../recording.js';
import { makeRecording } from '../common/make-recording.js';
import { fileSessionId } from '../common/session-id.js';
import type { FormatReader, InputFile, ReaderResult } from '../detect.js';
import { sniffScript } from './detect.js';
import { locateScriptLog, type ScriptLog } from './log-file.js';
import { advancedLogNames, classicByteSum, findNamedLog, pairClassic } from './pair.js';
import { scriptSessionEvents, type ScriptInputs } from './session-events.js';

export const scriptReader: FormatReader = {
  name: 'script',
  sniff: (file) => sniffScript(file.head, file.size)?.confidence ?? 0,
  companions: (file) => {
    const kind = sniffScript(file.head, file.size)?.kind;
    const dir = path.dirname(file.path);
    if (kind === 'advanced-timing') {
      const names = [...file.head.toString('utf8').matchAll(/^H \d+\.\d+ (?:OUTPUT_LOG|INPUT_LOG) (.+)$/gm)].map((m) => m[1] as string);
      return names.map((name) => path.join(dir, path.basename(name)));
    }
    if (kind === 'classic-timing') {
      // A typescript from an old `script -q` has no header to be recognised by: claim it by name.
      const stem = path.basename(file.path).replace(/\.[^.]*$/, '');
      const names = ['', '.typescript', '.ts', '.log', '.out'].map((ext) => stem + ext);
      if (/^tim(?:ing|e)$/i.test(path.basename(file.path))) names.push('typescript');
      return names.filter((n) => n !== path.basename(file.path)).map((n) => path.join(dir, n));
    }
    return [];
  },
  open: async (files): Promise<ReaderResult> => {
    const problems: ImportProblem[] = [];
    const recordings: Recording[] = [];
    const heads = new Map(files.map((f) => [f.path, f] as const));
    const advanced: InputFile[] = [];
    const classic: InputFile[] = [];
    const logPaths: string[] = [];
    for (const file of files) {
      const kind = sniffScript(file.head, file.size)?.kind;
      if (kind === 'advanced-timing') advanced.push(file);
      else if (kind === 'classic-timing') classic.push(file);
      else logPaths.push(file.path);
    }
    const used = new Set<string>();
    const locate = async (file: string): Promise<ScriptLog | null> => {
      try {
        return await locateScriptLog(file);
      } catch (error) {
        problems.push({ file, severity: 'error', message: `cannot be read: ${error instanceof Error ? error.message : String(error)}` });
        return null;
      }
    };
    const add = (inputs: ScriptInputs, idFile: string): void => {
      const session = fileSessionId('script', idFile, heads.get(idFile)?.head ?? Buffer.from(idFile));
      const recFiles = [inputs.timing, inputs.out?.path, inputs.in?.path].filter((f, i, all): f is string => typeof f === 'string' && all.indexOf(f) === i);
      const format = inputs.mode === 'advanced' ? 'script-advanced' : inputs.timing === null ? 'script-typescript' : 'script-classic';
      recordings.push(makeRecording(format, recFiles, (log) => scriptSessionEvents(inputs, session, log)));
    };

    for (const timing of advanced) {
      const names = await advancedLogNames(timing.path);
      const outPath = names.output === null ? null : findNamedLog(timing.path, names.output, logPaths);
      const inPath = names.input === null ? null : findNamedLog(timing.path, names.input, logPaths);
      const wanted = names.input === names.output ? [[names.output, outPath] as const] : ([[names.output, outPath], [names.input, inPath]] as const);
      for (const [name, found] of wanted) {
        if (name !== null && found === null) {
          problems.push({ file: timing.path, severity: 'error', message: `names the log ${JSON.stringify(name)}, but no file ${path.basename(name)} was given or lies beside it; its bytes are missing` });
        }
      }
      const out = outPath === null ? null : await locate(outPath);
      const input = inPath === null ? null : inPath === outPath ? out : await locate(inPath);
      for (const p of [outPath, inPath]) if (p !== null) used.add(p);
      add({ mode: 'advanced', timing: timing.path, out, in: input }, timing.path);
    }

    const logs: ScriptLog[] = [];
    for (const p of logPaths) {
      if (used.has(p)) continue;
      const log = await locate(p);
      if (log !== null) logs.push(log);
    }
    const sums = await Promise.all(classic.map(async (t) => ({ path: t.path, sum: await classicByteSum(t.path) })));
    const { pairs, lonelyTimings, lonelyLogs } = pairClassic(sums, logs);
    for (const pair of pairs) add({ mode: 'classic', timing: pair.timing, out: pair.log, in: null }, pair.timing);
    for (const timing of lonelyTimings) {
      problems.push({
        file: timing,
        severity: 'error',
        message: 'is a script timing file (classic), but no typescript with the same byte count or a matching name was given; nothing to import',
      });
    }
    for (const log of lonelyLogs) {
      if (log.header === null) {
        problems.push({ file: log.path, severity: 'error', message: 'was given as part of a script recording but is neither a timing file nor a log starting with "Script started on"' });
        continue;
      }
      problems.push({ file: log.path, severity: 'warning', message: 'is a script typescript without a timing file: all its output is imported at the recording start time' });
      add({ mode: 'classic', timing: null, out: log, in: null }, log.path);
    }
    return { recordings, problems };
  },
};
