import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { foldToken, isSingleToken, matchWord, tokenize } from '../../electron/core/search/tokens.js';
import { TOKEN_RANGES } from '../../electron/core/search/unicode61.js';
import { loadSqlJs } from '../../electron/services/case/db/sqljs.js';
import { sqliteTokenRanges, writeUnicode61Table } from '../helpers/search-unicode61.js';

describe('search tokens (unicode61 in TypeScript)', () => {
  it('splits commands where the index does', () => {
    expect(tokenize('cat /etc/shadow').map((t) => t.text)).toEqual(['cat', 'etc', 'shadow']);
    expect(tokenize('rm -rf /').map((t) => [t.text, t.start, t.end])).toEqual([['rm', 0, 2], ['rf', 4, 6]]);
    expect(tokenize('LD_PRELOAD=x.so kubectl').map((t) => t.folded)).toEqual(['ld', 'preload', 'x', 'so', 'kubectl']);
    expect(tokenize('Café ÀB').map((t) => t.folded)).toEqual(['cafe', 'ab']);
    expect(tokenize('| sh')).toHaveLength(1);
    expect(isSingleToken('kubectl')).toBe(true);
    expect(isSingleToken('apt-get')).toBe(false);
    expect(isSingleToken('')).toBe(false);
  });

  it('folds ASCII tokens by lower case alone and every other token by the full fold, alike', () => {
    // The ASCII shortcut must agree with foldToken everywhere, also for tokens mixing ASCII with
    // accented letters, and for a token right after a non-ASCII one.
    const samples = ['GIT Push', 'Café crème', 'ÉCOLE ecole', 'naïve NAIVE', 'straße STRASSE', 'x\u0301y Ab', 'ÅngströmÅ 42', 'ĲssEL', '𝒳yz Abc'];
    for (let n = 0; n < 300; n++) {
      const alphabet = 'aZ9 -/éÉüİıßǅ\u0301ﬁΣ𝒳';
      let text = '';
      for (let i = 0; i < 1 + (n % 17); i++) text += [...alphabet][(n * 7 + i * 13 + ((n * i) % 5)) % [...alphabet].length];
      samples.push(text);
    }
    for (const text of samples) {
      for (const t of tokenize(text)) expect([text, t.folded]).toEqual([text, foldToken(t.text)]);
    }
    expect(tokenize('Café GIT').map((t) => t.folded)).toEqual(['cafe', 'git']);
  });

  it('keeps FTS4 operators out of MATCH expressions', () => {
    expect(matchWord('OR')).toBe('or');
    expect(matchWord('NEAR')).toBe('near');
    expect(matchWord('Or')).toBe('Or');
  });

  it('uses exactly the characters SQLite keeps in tokens, for every code point', async () => {
    const ranges = sqliteTokenRanges(await loadSqlJs());
    if (process.env.SEARCH_REGEN_UNICODE61 === '1') {
      const here = path.dirname(fileURLToPath(import.meta.url));
      await writeUnicode61Table(path.resolve(here, '../../electron/core/search/unicode61.ts'), ranges);
    }
    expect(ranges.flat()).toEqual([...TOKEN_RANGES]);
  });
});
