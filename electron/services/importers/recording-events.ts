// The events an import yields for a recording: what the recording states, plus the commands
// extracted from its keystrokes or output (commands/extract.ts). Inspect, seal and the case
// import all read recordings through this one function, so they agree on what a session holds.
import type { TrailEvent } from '../../core/records.js';
import { extractCommands } from './commands/extract.js';
import type { Recording } from './recording.js';

export function recordingEvents(recording: Recording): AsyncIterable<TrailEvent> {
  return extractCommands(recording.events());
}
