// Trail events → asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/), the format
// `asciinema play` (2.x and 3.x) and asciinema-player read. A pure function over an event iterable:
// it works the same on an imported recording and on a sealed bundle's records.
//
// LOSSY STEP: asciicast holds text, not bytes. Terminal bytes that are not valid UTF-8 are replaced
// by U+FFFD exactly the way asciinema itself does when it records: one incremental decoder per
// stream (so a character split across two writes is completed, in the later event, and an
// incomplete sequence becomes one U+FFFD), WHATWG/Python "maximal subpart" replacement. The header
// says so in its `trailview` field; the result reports how many bytes were replaced.
import { decodeStreamBytes } from '../../core/record-encoding.js';
import type { EventOf, TrailEvent } from '../../core/records.js';
import { parseTimestamp } from '../../core/timestamp.js';

export interface AsciicastExportOptions {
  /** The session to export; default: the first session.start seen. */
  session?: string;
  /** Where the events came from (a file name), noted in the header. */
  source?: string;
}

export interface AsciicastExportSummary {
  session: string | null;
  events: number;
  /** Bytes of out/in events that were not valid UTF-8 and became U+FFFD. */
  replacedBytes: number;
  /** Other sessions present in the input (not exported). */
  otherSessions: string[];
}

export const LOSSY_NOTE =
  'asciicast holds text: terminal bytes that are not valid UTF-8 were replaced by U+FFFD, as asciinema does when recording; the Trail records keep the exact bytes';

const DEFAULT_SIZE = { cols: 80, rows: 24 };

/**
 * Yields the asciicast v2 file line by line (each ending in "\n"). `summary` is filled in as the
 * lines are produced and is complete when the iteration ends.
 */
export async function* writeAsciicastV2(
  events: AsyncIterable<TrailEvent> | Iterable<TrailEvent>,
  options: AsciicastExportOptions = {},
  summary: AsciicastExportSummary = { session: null, events: 0, replacedBytes: 0, otherSessions: [] },
): AsyncGenerator<string> {
  let session = options.session ?? null;
  let baseMicros: number | null = null;
  let lastMicros = 0;
  const decoders = { out: new StreamDecoder(), in: new StreamDecoder() };
  const others = new Set<string>();
  let ended = false;
  for await (const event of events) {
    if (session === null && event.type === 'session.start') session = event.session;
    if (event.session !== session) {
      if (event.type === 'session.start') others.add(event.session);
      continue;
    }
    if (ended) continue;
    if (baseMicros === null) {
      if (event.type !== 'session.start') continue; // nothing is exported before the session starts
      baseMicros = Math.floor(parseTimestamp(event.ts) / 1_000_000) * 1_000_000;
      summary.session = session;
      yield `${JSON.stringify(header(event, baseMicros, options))}\n`;
      continue;
    }
    const micros = Math.max(parseTimestamp(event.ts), lastMicros);
    lastMicros = micros;
    const time = formatSeconds(micros - baseMicros);
    switch (event.type) {
      case 'out':
      case 'in': {
        const decoder = decoders[event.type];
        const text = decoder.decode(decodeStreamBytes(event));
        summary.replacedBytes = decoders.out.replaced + decoders.in.replaced;
        if (text !== '') {
          summary.events++;
          yield `[${time}, ${JSON.stringify(event.type === 'out' ? 'o' : 'i')}, ${JSON.stringify(text)}]\n`;
        }
        break;
      }
      case 'resize':
        summary.events++;
        yield `[${time}, "r", ${JSON.stringify(`${event.cols}x${event.rows}`)}]\n`;
        break;
      case 'marker':
        summary.events++;
        yield `[${time}, "m", ${JSON.stringify(event.label)}]\n`;
        break;
      case 'session.end':
        ended = true;
        yield* flush(time);
        break;
      default:
        break; // cmd, join, leave, attachment: asciicast v2 has no place for them
    }
  }
  if (baseMicros !== null && !ended) yield* flush(formatSeconds(lastMicros - baseMicros));
  summary.otherSessions = [...others];

  // An incomplete UTF-8 sequence left at the end becomes U+FFFD, as asciinema's decoder does.
  function* flush(time: string): Generator<string> {
    for (const [type, decoder] of [['o', decoders.out], ['i', decoders.in]] as const) {
      const text = decoder.end();
      summary.replacedBytes = decoders.out.replaced + decoders.in.replaced;
      if (text !== '') {
        summary.events++;
        yield `[${time}, "${type}", ${JSON.stringify(text)}]\n`;
      }
    }
  }
}

function header(start: EventOf<'session.start'>, baseMicros: number, options: AsciicastExportOptions): Record<string, unknown> {
  const sizeKnown = start.cols !== null && start.rows !== null && start.cols > 0 && start.rows > 0;
  const env: Record<string, string> = {};
  if (start.term !== null) env.TERM = start.term;
  const trailview: Record<string, unknown> = { session: start.session, lossy: LOSSY_NOTE };
  if (options.source !== undefined) trailview.source = options.source;
  if (!sizeKnown) trailview.note = `the recording has no terminal size; ${DEFAULT_SIZE.cols}x${DEFAULT_SIZE.rows} assumed`;
  const result: Record<string, unknown> = {
    version: 2,
    width: sizeKnown ? start.cols : DEFAULT_SIZE.cols,
    height: sizeKnown ? start.rows : DEFAULT_SIZE.rows,
    timestamp: baseMicros / 1_000_000,
    env,
  };
  const title = typeof start.title === 'string' ? start.title : [start.user, start.host].filter((v) => v !== null).join('@') || undefined;
  if (title !== undefined) result.title = title;
  if (typeof start.command === 'string') result.command = start.command;
  result.trailview = trailview;
  return result;
}

/** µs → seconds with up to 6 decimals, as asciinema writes them (`30.29956`, `1.0`). */
export function formatSeconds(micros: number): string {
  const whole = Math.floor(micros / 1_000_000);
  const frac = String(micros - whole * 1_000_000).padStart(6, '0').replace(/0+$/, '');
  return `${whole}.${frac === '' ? '0' : frac}`;
}

/**
 * An incremental UTF-8 decoder that counts the U+FFFD it produced for invalid bytes: all U+FFFD in
 * its output minus the genuine U+FFFD (bytes EF BF BD) in its input.
 */
class StreamDecoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  private carry: Buffer = Buffer.alloc(0);
  replaced = 0;

  decode(bytes: Buffer): string {
    const text = this.decoder.decode(bytes, { stream: true });
    this.tally(bytes, text);
    return text;
  }

  end(): string {
    const text = this.decoder.decode();
    this.tally(Buffer.alloc(0), text);
    return text;
  }

  private tally(bytes: Buffer, text: string): void {
    let produced = 0;
    for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) produced++;
    const window = this.carry.length === 0 ? bytes : Buffer.concat([this.carry, bytes]);
    let genuine = 0;
    for (let i = window.indexOf(REPLACEMENT_BYTES); i !== -1; i = window.indexOf(REPLACEMENT_BYTES, i + 3)) genuine++;
    // Keep the last two bytes unless they end a genuine U+FFFD already counted.
    const tail = window.subarray(Math.max(0, window.length - 2));
    this.carry = window.length >= 3 && window.subarray(window.length - 3).equals(REPLACEMENT_BYTES) ? Buffer.alloc(0) : Buffer.from(tail);
    this.replaced += produced - genuine;
  }
}

const REPLACEMENT_BYTES = Buffer.from([0xef, 0xbf, 0xbd]);
