// One measured figure of `npm run bench`, with the baseline measured in the same run.
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** value / baseline.value (for times: how many times slower than the baseline). */
  ratio?: number;
  /** The target from the issue, in words, e.g. "≤ 1.5× openssl". */
  target?: string;
  note?: string;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function spread(values: readonly number[], digits = 2): string {
  return `median ${median(values).toFixed(digits)} [${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}], n=${values.length}`;
}

export function formatResults(results: readonly BenchResult[]): string {
  const rows = results.map((r) => {
    const base = r.baseline ? `${r.baseline.name}: ${fmt(r.baseline.value)} ${r.unit}` : '';
    const ratio = r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : '';
    return [r.name, `${fmt(r.value)} ${r.unit}`, base, ratio, r.target ?? '', r.note ?? ''];
  });
  const header = ['benchmark', 'value', 'baseline (same run)', 'ratio', 'target', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

function fmt(v: number): string {
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(3);
}
