// Seal input that is not event JSON lines but recordings (asciicast, tlog, sudo, script, ttyrec,
// tmux, history): the originals become byte-exact attachments, referenced by SHA-256 from signed
// `attachment` records, followed by the events derived from them (docs/bundle-format.md §3.3).
// What an importer skipped is sealed too, as `marker` records, so nothing is dropped silently.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { isRecordType, type TrailEvent } from '../../core/records.js';
import { openRecordings } from '../importers/open-recordings.js';
import type { ImportProblem } from '../importers/recording.js';
import { recordingEvents } from '../importers/recording-events.js';
import type { AttachmentInput, SourcedEvent } from './seal-bundle.js';

/** Whether a file is seal's own event input: JSON lines whose first object is a Trail event. */
export async function isEventFile(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const first = head.subarray(0, bytesRead).toString('utf8').split('\n').find((l) => l.trim() !== '');
    if (first === undefined) return false;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(first) as Record<string, unknown>;
    } catch {
      // A JSON-looking first line that does not parse: read it as event input, whose reader names
      // the file and line, rather than as an unknown recording.
      return first.trimStart().startsWith('{"ts"') || first.includes('"type":');
    }
    return typeof value === 'object' && value !== null && isRecordType(value.type) && typeof value.ts === 'string' && typeof value.session === 'string';
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) hash.update(chunk);
  return { sha256: hash.digest('hex'), size: (await stat(file)).size };
}

export interface RecordingSealInput {
  events: AsyncIterable<SourcedEvent>;
  /** Filled while `events` is read; complete when it ends. */
  attachments: AttachmentInput[];
  /** Problems the importers reported, complete when `events` ends. */
  problems: ImportProblem[];
}

export function recordingsForSeal(paths: string[]): RecordingSealInput {
  const attachments: AttachmentInput[] = [];
  const problems: ImportProblem[] = [];
  async function* events(): AsyncGenerator<SourcedEvent> {
    const opened = await openRecordings(paths);
    problems.push(...opened.problems);
    if (opened.recordings.length === 0) {
      const why = opened.problems.map((p) => `${p.file}: ${p.message}`).join('; ');
      throw new Error(`${paths.join(', ')}: no recording Trailview can read${why ? ` (${why})` : ''}`);
    }
    for (const recording of opened.recordings) {
      const files = await Promise.all(recording.files.map(async (file) => ({ file, ...(await hashFile(file)) })));
      const label = `${recording.files.map((f) => path.basename(f)).join(' + ')} (${recording.format})`;
      let first = true;
      let lastTs = '';
      for await (const event of recordingEvents(recording)) {
        if (first) {
          first = false;
          // The originals are attached at the recording's first moment, before what they yield.
          for (const f of files) {
            attachments.push({ file: f.file, sha256: f.sha256, size: f.size });
            const attachment: TrailEvent = {
              ts: event.ts,
              type: 'attachment',
              session: '',
              sha256: f.sha256,
              size: f.size,
              name: path.basename(f.file),
              role: 'source-recording',
              format: recording.format,
            };
            yield { event: attachment, from: `${label}: attachment` };
          }
        }
        lastTs = event.ts;
        yield { event, from: `${label}: event at ${event.ts}` };
      }
      for (const problem of recording.problems) {
        problems.push(problem);
        if (problem.severity === 'warning' || lastTs === '') continue;
        const where = [problem.line !== undefined ? `line ${problem.line}` : '', problem.offset !== undefined ? `byte ${problem.offset}` : ''].filter(Boolean).join(', ');
        const marker: TrailEvent = {
          ts: lastTs,
          type: 'marker',
          session: '',
          label: `import.${problem.severity}`,
          note: `${path.basename(problem.file)}${where ? ` (${where})` : ''}: ${problem.message}`,
        };
        yield { event: marker, from: `${label}: import problem` };
      }
    }
  }
  return { events: events(), attachments, problems };
}
