import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isSingleToken, matchWord, tokenize } from '../../electron/core/search/tokens.js';
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
