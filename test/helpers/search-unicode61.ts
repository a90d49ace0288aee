// Asks SQLite which code points its unicode61 tokenizer keeps inside tokens, for every code point:
// the source of electron/core/search/unicode61.ts and the test that the copy is exact.
// Regenerate: SEARCH_REGEN_UNICODE61=1 npx vitest run test/unit/search-tokens.test.ts
import { writeFile } from 'node:fs/promises';
import type { SqlJsStatic } from 'sql.js';

const CHUNK = 4096;

export function sqliteTokenRanges(SQL: SqlJsStatic): Array<[number, number]> {
  const db = new SQL.Database();
  try {
    db.exec("CREATE VIRTUAL TABLE tok USING fts3tokenize('unicode61')");
    const stmt = db.prepare('SELECT token FROM tok WHERE input = ?');
    const ranges: Array<[number, number]> = [];
    const add = (cp: number): void => {
      const last = ranges[ranges.length - 1];
      if (last !== undefined && last[1] === cp - 1) last[1] = cp;
      else ranges.push([cp, cp]);
    };
    try {
      for (let from = 0; from <= 0x10ffff; from += CHUNK) {
        const cps: number[] = [];
        for (let cp = from; cp < Math.min(from + CHUNK, 0x110000); cp++) if (cp < 0xd800 || cp > 0xdfff) cps.push(cp);
        // "a<c>b" is one token when c belongs in tokens, "a" and "b" when it separates.
        stmt.bind([cps.map((cp) => `a${String.fromCodePoint(cp)}b`).join(' ')]);
        const tokens: string[] = [];
        while (stmt.step()) tokens.push(String(stmt.get()[0]));
        stmt.reset();
        let t = 0;
        for (const cp of cps) {
          if (tokens[t] === 'a') t += 2;
          else {
            add(cp);
            t += 1;
          }
        }
        if (t !== tokens.length) throw new Error(`token walk out of step at U+${from.toString(16)}`);
      }
    } finally {
      stmt.free();
    }
    return ranges;
  } finally {
    db.close();
  }
}

export async function writeUnicode61Table(file: string, ranges: ReadonlyArray<[number, number]>): Promise<void> {
  const items = ranges.map(([a, b]) => `0x${a.toString(16)}, 0x${b.toString(16)},`);
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    if (line.length + item.length + 1 > 110) {
      lines.push(line);
      line = '';
    }
    line += (line === '' ? '' : ' ') + item;
  }
  if (line !== '') lines.push(line);
  await writeFile(
    file,
    `// GENERATED from SQLite's own unicode61 tokenizer (sql.js 1.16, SQLite 3.54.1; tokenize=unicode61,
// default options) by test/helpers/search-unicode61.ts; test/unit/search-tokens.test.ts checks it
// against SQLite for every code point. Do not edit: regenerate.
//
// The code points unicode61 treats as part of a token, as inclusive [first, last] pairs. Its
// character tables are Unicode 6.1 (https://sqlite.org/fts3.html#tokenizer): letters and digits of
// later scripts, and most combining marks, are separators to it.
export const TOKEN_RANGES: readonly number[] = [
${lines.map((l) => `  ${l}`).join('\n')}
];
`,
  );
}
