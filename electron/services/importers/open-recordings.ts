// Opening whatever the user points at: files and directories (a sudo iolog_dir, a folder with a
// script timing + typescript pair, a mix), each file detected by content (detect.ts) and handed to
// its reader; readers pair and group files themselves. Nothing is read beyond each file's head here:
// the recordings stream their events when iterated.
import { lstat, open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { detectFormat, FORMAT_READERS, HEAD_BYTES, type FormatReader, type InputFile } from './detect.js';
import type { ImportProblem, Recording } from './recording.js';

export interface OpenRecordingsResult {
  recordings: Recording[];
  /** Inputs that could not be opened or recognised (problems while reading are in Recording.problems). */
  problems: ImportProblem[];
}

/** Directory depth walked below an input directory (an iolog_dir is 3 levels deep). */
const MAX_DEPTH = 12;

export async function openRecordings(paths: string[], readers: readonly FormatReader[] = FORMAT_READERS): Promise<OpenRecordingsResult> {
  const problems: ImportProblem[] = [];
  const found = new Map<string, string>(); // file -> root
  for (const input of paths) {
    const root = path.resolve(input);
    let info;
    try {
      info = await stat(root);
    } catch (error) {
      problems.push({ file: input, severity: 'error', message: `cannot be opened: ${describe(error)}` });
      continue;
    }
    if (info.isDirectory()) await walk(root, root, 0, found, problems);
    else if (info.isFile()) {
      if (!found.has(root)) found.set(root, root);
    } else problems.push({ file: input, severity: 'error', message: 'is neither a file nor a directory' });
  }

  const files: InputFile[] = [];
  for (const [file, root] of [...found].sort((a, b) => a[0].localeCompare(b[0]))) {
    const input = await readInput(file, root, problems);
    if (input !== null) files.push(input);
  }

  // Each file to the reader that claims it most confidently; then companions by the format's names.
  const byPath = new Map(files.map((f) => [f.path, f] as const));
  const winner = new Map<string, { reader: FormatReader; confidence: number }>();
  for (const file of files) {
    const detection = detectFormat(file, readers);
    if (detection !== null) winner.set(file.path, detection);
  }
  for (const file of files) {
    const claim = winner.get(file.path);
    if (claim === undefined || claim.reader.companions === undefined) continue;
    let companions: string[];
    try {
      companions = claim.reader.companions(file);
    } catch {
      companions = [];
    }
    for (const companion of companions) {
      const other = winner.get(companion);
      if (!byPath.has(companion) || other?.reader === claim.reader) continue;
      if (other === undefined || other.confidence < claim.confidence) winner.set(companion, claim);
    }
  }

  const recordings: Recording[] = [];
  const claimed = new Set<string>();
  for (const reader of readers) {
    const mine = files.filter((f) => winner.get(f.path)?.reader === reader);
    if (mine.length === 0) continue;
    for (const f of mine) claimed.add(f.path);
    try {
      const result = await reader.open(mine);
      recordings.push(...result.recordings);
      problems.push(...result.problems);
    } catch (error) {
      for (const f of mine) problems.push({ file: f.path, severity: 'error', message: `the ${reader.name} importer failed: ${describe(error)}` });
    }
  }
  for (const file of files) {
    if (claimed.has(file.path)) continue;
    problems.push({
      file: file.path,
      severity: 'skipped',
      message:
        file.size === 0
          ? 'is empty: not a recording'
          : `is not a recording in a known format (${readers.map((r) => r.name).join(', ')}); not imported`,
    });
  }
  return { recordings, problems };
}

async function walk(dir: string, root: string, depth: number, found: Map<string, string>, problems: ImportProblem[]): Promise<void> {
  if (depth > MAX_DEPTH) {
    problems.push({ file: dir, severity: 'skipped', message: `is more than ${MAX_DEPTH} directories deep; not searched` });
    return;
  }
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    problems.push({ file: dir, severity: 'error', message: `cannot be listed: ${describe(error)}` });
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, root, depth + 1, found, problems);
    else if (entry.isFile()) {
      if (!found.has(full)) found.set(full, root);
    } else if (entry.isSymbolicLink()) {
      // Linked files are read; linked directories are not followed (no loops, no escaping the input).
      try {
        const target = await stat(full);
        if (target.isFile() && !found.has(full)) found.set(full, root);
      } catch {
        problems.push({ file: full, severity: 'skipped', message: 'is a broken symbolic link' });
      }
    }
  }
}

async function readInput(file: string, root: string, problems: ImportProblem[]): Promise<InputFile | null> {
  try {
    const handle = await open(file, 'r');
    try {
      const info = await handle.stat();
      const head = Buffer.alloc(Math.min(HEAD_BYTES, info.size));
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      return { path: file, root, head: head.subarray(0, bytesRead), size: info.size, mtimeMs: info.mtimeMs };
    } finally {
      await handle.close();
    }
  } catch (error) {
    const link = await lstat(file).then((s) => s.isSymbolicLink(), () => false);
    problems.push({ file, severity: 'error', message: `cannot be read${link ? ' (symbolic link)' : ''}: ${describe(error)}` });
    return null;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
