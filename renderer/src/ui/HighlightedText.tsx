// A snippet with its matches highlighted. The `[start, end)` UTF-16 ranges from the services
// (SearchHitView.snippetHighlights) cut the text into runs first; each run is then shown as
// evidence text, so highlights stay right even where control characters are visualised.
import { EvidenceText } from './EvidenceText.js';

export interface HighlightRun {
  text: string;
  hit: boolean;
}

/** Cuts `text` at the given ranges (clamped, sorted, overlapping or touching ranges merged). */
export function highlightRuns(text: string, ranges: ReadonlyArray<readonly [number, number]>): HighlightRun[] {
  const sorted = ranges
    .map(([s, e]) => [Math.max(0, Math.min(s, text.length)), Math.max(0, Math.min(e, text.length))] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [s, e] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  const runs: HighlightRun[] = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s > at) runs.push({ text: text.slice(at, s), hit: false });
    runs.push({ text: text.slice(s, e), hit: true });
    at = e;
  }
  if (at < text.length) runs.push({ text: text.slice(at), hit: false });
  return runs;
}

export interface HighlightedTextProps {
  text: string;
  ranges: ReadonlyArray<readonly [number, number]>;
}

export function HighlightedText({ text, ranges }: Readonly<HighlightedTextProps>) {
  return (
    <span className="snippet">
      {highlightRuns(text, ranges).map((run, i) => (run.hit ? <mark key={i}><EvidenceText text={run.text} /></mark> : <EvidenceText key={i} text={run.text} />))}
    </span>
  );
}
