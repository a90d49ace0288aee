// What a sample contains, independent of how the screen was emulated (line-screen.ts or the
// headless terminal in term-screen.ts): rows in, lines of text out.
//
// A sample looks at S = (rows that scrolled off the top since the last sample) ++ (the screen now).
// The screen of the previous sample is S's first rows: after d rows scrolled away, the row that was
// at screen row i is S[i]. A row is new when it lies beyond the previous screen, changed when its
// text differs from what that same row showed at the previous sample. Rows are grouped into
// logical lines (a row with `wrapped` continues the row above); a logical line is emitted, rows
// joined and right-trimmed, when any of its rows is new or changed and it is not blank.

export interface Row {
  /**
   * The row's cells as text. A row that the next row continues (`wrapped`) must hold all its cells,
   * blanks included (xterm `translateToString(false)`); other rows may omit trailing blanks.
   */
  text: string;
  /** This row continues the row above it (automatic wrap). */
  wrapped: boolean;
}

export const BLANK_ROW: Row = Object.freeze({ text: '', wrapped: false });

/** A flush may hold back at most this many rows to keep a wrapped line whole. */
const MAX_HOLD_BACK = 64;

export class RowDiff {
  /**
   * Each screen row (normal screen) at the last sample. Rows are compared by identity first (the
   * line emulator keeps the same object for a row that did not change), then by trimmed text.
   */
  prev: readonly Row[] = [];
  /** Normal-screen rows that scrolled off the top since the last sample or flush. */
  scrolled: Row[] = [];
  /** The alternate screen's rows at its last sample; null when it was not active then. */
  prevAlt: readonly Row[] | null = null;

  /**
   * Emits the new and changed lines of scrolled ++ screen; the screen becomes the baseline.
   * Returns where in `out` the lines that start on the screen begin (those before scrolled off).
   */
  sample(screen: readonly Row[], out: string[]): number {
    const screenFrom = emitChanged(this.scrolled, screen, this.prev, out, this.scrolled.length + screen.length);
    this.scrolled = [];
    this.prev = screen;
    return screenFrom;
  }

  /**
   * Emits the new and changed lines among the scrolled rows only (the screen waits for the next
   * sample), cutting after a complete logical line when one ends among the last rows.
   */
  flush(firstScreenRow: Row | undefined, out: string[]): void {
    const rows = this.scrolled;
    let cut = rows.length;
    const continues = (i: number): boolean => (i < rows.length ? rows[i]?.wrapped : firstScreenRow?.wrapped) === true;
    while (cut > 0 && rows.length - cut < MAX_HOLD_BACK && continues(cut)) cut--;
    if (cut === 0) return; // one short logical line still going on: it waits for the next sample
    emitChanged(rows, [], this.prev, out, cut);
    this.scrolled = rows.slice(cut);
    this.prev = this.prev.slice(cut);
  }

  /** Emits the new and changed lines of the alternate screen; null: it is not active. */
  sampleAlt(screen: readonly Row[] | null, out: string[]): void {
    if (screen === null) {
      this.prevAlt = null;
      return;
    }
    emitChanged([], screen, this.prevAlt ?? [], out, screen.length);
    this.prevAlt = screen;
  }

  /** Takes `screen` as already sampled (after a resize reflowed it), without emitting. */
  rebase(screen: readonly Row[]): void {
    this.scrolled = [];
    this.prev = screen;
  }
}

/**
 * Emits the lines among the first `count` rows of a ++ b that have a new or changed row; returns
 * the index in `out` of the first line that starts in b.
 */
function emitChanged(a: readonly Row[], b: readonly Row[], prev: readonly Row[], out: string[], count: number): number {
  const at = (i: number): Row => (i < a.length ? a[i] : b[i - a.length]) ?? BLANK_ROW;
  let i = 0;
  let bFrom = -1;
  while (i < count) {
    if (bFrom < 0 && i >= a.length) bFrom = out.length;
    let end = i + 1;
    while (end < count && at(end).wrapped) end++;
    let changed = false;
    for (let k = i; k < end && !changed; k++) {
      const row = at(k);
      const before = prev[k];
      changed = before === undefined || (row !== before && row.text.trimEnd() !== before.text.trimEnd());
    }
    if (changed) {
      let text = at(i).text;
      for (let k = i + 1; k < end; k++) text += at(k).text;
      text = text.trimEnd();
      if (text !== '') out.push(text);
    }
    i = end;
  }
  return bFrom < 0 ? out.length : bFrom;
}
