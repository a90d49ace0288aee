// A query the user must fix, with the place to fix it: "unbalanced parenthesis at column 12".
// Columns count characters (code points) from 1, as an editor shows them.

export type QueryErrorCode =
  | 'unbalanced-parenthesis'
  | 'unterminated-quote'
  | 'empty-group'
  | 'missing-operand'
  | 'empty-value'
  | 'bad-value'
  | 'bad-time'
  | 'bad-zone'
  | 'filter-placement'
  | 'duplicate-filter'
  | 'empty-range'
  | 'too-complex'
  | 'fuzzy-syntax'
  | 'empty-query';

export class QueryError extends Error {
  override readonly name = 'QueryError';

  constructor(
    readonly code: QueryErrorCode,
    /** What is wrong, without the place (the message adds it). */
    readonly reason: string,
    /** 1-based character column, or null when the error is about the whole query. */
    readonly column: number | null,
  ) {
    super(column === null ? reason : `${reason} at column ${column}`);
  }
}

/** 1-based column (in code points) of UTF-16 offset `index` in `source`. */
export function columnOf(source: string, index: number): number {
  let column = 1;
  for (let i = 0; i < index && i < source.length; i++) {
    const c = source.charCodeAt(i);
    // The second half of a surrogate pair does not start a new character.
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const p = source.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) continue;
    }
    column++;
  }
  return column;
}
