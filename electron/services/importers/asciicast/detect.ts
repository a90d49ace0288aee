// Recognising asciicast by content: v2/v3 start with a one-line JSON header object carrying
// "version": 2|3; v1 is a single JSON object with "version": 1 and a "stdout" array.
import type { AsciicastVersion } from './header.js';

const V1_VERSION = /^\s*\{[^]*?"version"\s*:\s*1\s*[,}]/;
const V1_BODY = /"(?:stdout|width|height)"\s*:/;

export function sniffAsciicast(head: Buffer): { version: AsciicastVersion; confidence: number } | null {
  let start = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) start = 3; // a BOM some editors add
  while (start < head.length && (head[start] === 0x20 || head[start] === 0x0a || head[start] === 0x0d || head[start] === 0x09)) start++;
  if (head[start] !== 0x7b /* { */) return null;
  const nl = head.indexOf(0x0a, start);
  const firstLine = head.subarray(start, nl === -1 ? head.length : nl).toString('utf8');
  try {
    const header: unknown = JSON.parse(firstLine);
    if (typeof header === 'object' && header !== null && !Array.isArray(header)) {
      const h = header as Record<string, unknown>;
      if (h.version === 2 && ('width' in h || 'height' in h)) return { version: 2, confidence: 0.95 };
      if (h.version === 3 && 'term' in h) return { version: 3, confidence: 0.95 };
      if (h.version === 2 || h.version === 3) return { version: h.version, confidence: 0.6 };
      if (h.version === 1 && 'stdout' in h) return { version: 1, confidence: 0.95 };
    }
  } catch {
    // A v1 document (one JSON value, often one long line) rarely fits in the head.
  }
  const text = head.subarray(start, Math.min(head.length, start + 8192)).toString('utf8');
  if (V1_VERSION.test(text) && V1_BODY.test(text)) return { version: 1, confidence: 0.8 };
  // A v2/v3 header line too damaged (or too long) to parse.
  const cut = /^\{\s*"version"\s*:\s*([23])\s*,/.exec(text);
  if (cut !== null) return { version: cut[1] === '3' ? 3 : 2, confidence: 0.5 };
  return null;
}
