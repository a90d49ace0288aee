// Recognising tlog by content: JSON lines with tlog's message fields ("ver", "rec", "timing", ...),
// either directly (`tlog-rec --writer=file`) or inside MESSAGE of `journalctl -o json` entries.
import { parseTlogLine } from './message.js';

export function sniffTlog(head: Buffer): { journal: boolean; confidence: number } | null {
  const text = head.toString('utf8');
  const lines = text.split('\n');
  const complete = head.length < 65536 ? lines : lines.slice(0, -1);
  let journalEntries = 0;
  for (const line of complete.slice(0, 50)) {
    if (line.trim() === '') continue;
    if (!line.startsWith('{')) return null;
    const parsed = parseTlogLine(line);
    const journal = line.includes('"__REALTIME_TIMESTAMP"') || line.includes('"MESSAGE"');
    if (parsed.kind === 'message') return { journal, confidence: journal ? 0.9 : 0.95 };
    if (parsed.kind === 'other') {
      journalEntries++;
      continue;
    }
    if (journal && line.includes('"TLOG_')) return { journal: true, confidence: 0.7 };
    // A broken first message of an otherwise tlog-looking file.
    if (/"timing"\s*:\s*"/.test(line) && /"ver"\s*:/.test(line)) return { journal, confidence: 0.6 };
    return null;
  }
  // One message longer than the head: look at its start.
  const first = lines[0] ?? '';
  if (/^\{"ver":"[12][^"]*",/.test(first) && first.includes('"timing":"')) return { journal: false, confidence: 0.6 };
  if (journalEntries > 0 && text.includes('\\"timing\\":')) return { journal: true, confidence: 0.5 };
  return null;
}
