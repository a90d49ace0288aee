// Redaction of a screen excerpt: each row is masked as the text a reader sees (runs joined at
// their columns), and the masked characters are replaced in their runs, so positions, colours
// and wide-character alignment stay exactly as rendered.
import { MASK, type Redactor } from './redaction.js';
import type { ScreenExcerpt, ScreenRun } from './screen-excerpt.js';

export function maskScreen(screen: ScreenExcerpt, redactor: Redactor): ScreenExcerpt {
  return { cols: screen.cols, rows: screen.rows.map((row) => maskRow(row, redactor)) };
}

function maskRow(runs: readonly ScreenRun[], redactor: Redactor): ScreenRun[] {
  // The row's text with, for each UTF-16 unit, the run and the unit inside the run it came from.
  let text = '';
  const owner: Array<[number, number] | null> = [];
  let col = 0;
  runs.forEach((run, r) => {
    if (run.col > col) {
      text += ' '.repeat(run.col - col);
      for (let i = col; i < run.col; i++) owner.push(null);
    }
    for (let i = 0; i < run.text.length; i++) owner.push([r, i]);
    text += run.text;
    col = run.col + run.cells;
  });
  const { ranges } = redactor.mask(text);
  if (ranges.length === 0) return runs.slice();
  const chars = runs.map((r) => r.text.split(''));
  for (const [start, end] of ranges) {
    for (let i = start; i < end; i++) {
      const at = owner[i];
      if (at === null || at === undefined) continue;
      const list = chars[at[0]];
      if (list !== undefined) list[at[1]] = MASK;
    }
  }
  return runs.map((r, i) => ({ ...r, text: (chars[i] ?? []).join('') }));
}
