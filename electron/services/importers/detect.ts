// Format detection: which importer reads which input file. Detection is by CONTENT, never by file
// name (a `.cast` may be anything; sudo's `ttyout` has no magic at all and is found as a sibling).
//
// ── The reader registry (shared with the tmux/history importers) ──────────────────────────────
// An importer plugs in by adding one `FormatReader` to FORMAT_READERS below:
//
//   sniff(file)      Looks only at `file.head` (the first HEAD_BYTES bytes) and `file.size`; returns a
//                    confidence from 0 ("not mine") to 1 ("certain"). Must be fast, must not throw,
//                    must not read the file. Each file goes to the reader with the highest confidence
//                    (ties: the earlier reader in the array).
//   companions?(f)   Optional. For a file this reader won, the paths of other files that belong to the
//                    same recording by the format's own naming (sudo: `ttyout` beside `timing`).
//                    Those files are then given to this reader even if another one sniffed them.
//   open(files)      Gets every file this reader won (from all inputs at once, so it can pair a timing
//                    file with its typescript or gather an iolog_dir), returns the recordings, and the
//                    problems that stop a file from being read at all. It may read sibling files it
//                    knows by name; every file a recording reads is listed in `Recording.files`.
// `InputFile.root` is the path the user named (a file or a directory): readers that gather many
// files into one recording (a sudo iolog_dir) group by it.
import type { ImportProblem, Recording } from './recording.js';
import { asciicastReader } from './asciicast/reader.js';
import { scriptReader } from './script/reader.js';
import { sudoReader } from './sudo/reader.js';
import { tlogReader } from './tlog/reader.js';
import { ttyrecReader } from './ttyrec/reader.js';
import { tmuxReader } from './tmux/reader.js';
import { historyReader } from './history/reader.js';
import { wtmpReader } from './wtmp/reader.js';

/** How much of each file sniffers see. */
export const HEAD_BYTES = 64 * 1024;

export interface InputFile {
  /** Absolute path of the file. */
  path: string;
  /** The input the user named that led to this file (the file itself, or a directory above it). */
  root: string;
  /** The file's first bytes (at most HEAD_BYTES). */
  head: Buffer;
  size: number;
  mtimeMs: number;
}

export interface ReaderResult {
  recordings: Recording[];
  /** Problems that kept files from being opened at all (problems while reading go to Recording.problems). */
  problems: ImportProblem[];
}

export interface FormatReader {
  /** Short name used in messages, e.g. `asciicast`, `sudo-iolog`, `tmux-hooks`. */
  readonly name: string;
  sniff(file: InputFile): number;
  companions?(file: InputFile): string[];
  open(files: InputFile[]): Promise<ReaderResult>;
}

/** Every reader, in tie-break order. Add new importers here. */
export const FORMAT_READERS: FormatReader[] = [sudoReader, tlogReader, asciicastReader, scriptReader, ttyrecReader, tmuxReader, historyReader, wtmpReader];

export interface Detection {
  reader: FormatReader;
  confidence: number;
}

/** The reader that claims the file most confidently, or null when none does. */
export function detectFormat(file: InputFile, readers: readonly FormatReader[] = FORMAT_READERS): Detection | null {
  let best: Detection | null = null;
  for (const reader of readers) {
    let confidence: number;
    try {
      confidence = reader.sniff(file);
    } catch {
      confidence = 0; // a sniffer must not throw; if one does, it simply does not claim the file
    }
    if (Number.isFinite(confidence) && confidence > 0 && (best === null || confidence > best.confidence)) {
      best = { reader, confidence: Math.min(confidence, 1) };
    }
  }
  return best;
}
