import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../electron/core/search/parse-query.js';
import { QueryError } from '../../electron/core/search/query-error.js';
import type { TextNode } from '../../electron/core/search/query-ast.js';
import { parseIsoToMicros } from '../../electron/core/timestamp.js';

/** A compact rendering of the text tree: words, "phrases", /substrings/, (and ...), (or ...), -not. */
function show(node: TextNode | null): string {
  if (node === null) return '∅';
  switch (node.type) {
    case 'term':
      return `${node.value}${node.prefix ? '*' : ''}`;
    case 'phrase':
      return `"${node.words.join(' ')}${node.prefix ? '*' : ''}"`;
    case 'substring':
      return `/${node.value}/`;
    case 'not':
      return `-${show(node.child)}`;
    default:
      return `(${node.type} ${node.children.map(show).join(' ')})`;
  }
}

const text = (q: string): string => show(parseQuery(q).text);

function error(q: string, options = {}): QueryError {
  try {
    parseQuery(q, options);
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
  throw new Error(`${q} parsed`);
}

describe('search query language: text', () => {
  it('reads words, implicit AND, and operator precedence NOT > AND > OR', () => {
    expect(text('kubectl')).toBe('kubectl');
    expect(text('kubectl restart')).toBe('(and kubectl restart)');
    expect(text('a b OR c')).toBe('(or (and a b) c)');
    expect(text('a OR b c')).toBe('(or a (and b c))');
    expect(text('a AND b OR c AND d')).toBe('(or (and a b) (and c d))');
    expect(text('NOT a b')).toBe('(and -a b)');
    expect(text('a NOT (b OR c)')).toBe('(and a -(or b c))');
    expect(text('(a OR b) (c OR d)')).toBe('(and (or a b) (or c d))');
    expect(text('((a))')).toBe('a');
    expect(text('NOT NOT a')).toBe('--a');
  });

  it('keeps lower-case operators as words', () => {
    expect(text('and or not')).toBe('(and and or not)');
  });

  it('reads phrases and prefixes', () => {
    expect(text('"apt install"')).toBe('"apt install"');
    expect(text('"kubectl get po*"')).toBe('"kubectl get po*"');
    expect(text('kube*')).toBe('kube*');
    expect(text('"kubectl"')).toBe('kubectl');
    const phrase = parseQuery('"Rollout  Restart"').text;
    expect(phrase).toMatchObject({ type: 'phrase', words: ['Rollout', 'Restart'], tokens: ['rollout', 'restart'] });
  });

  it('takes text with punctuation as a substring', () => {
    expect(text('/etc/shadow')).toBe('//etc/shadow/');
    expect(text('"rm -rf /"')).toBe('/rm -rf //');
    expect(text('"| sh"')).toBe('/| sh/');
    expect(text('apt-get')).toBe('/apt-get/');
    expect(text('/etc/pass*')).toBe('//etc/pass/');
    expect(text('"*.conf"')).toBe('/*.conf/');
    // Unquoted, `rm -rf /` is three parts: the word rm and two substrings.
    expect(text('rm -rf /')).toBe('(and rm /-rf/ ///)');
  });

  it('keeps parentheses inside a word together: $(whoami)', () => {
    expect(text('$(whoami)')).toBe('/$(whoami)/');
    expect(text('(echo $(id))')).toBe('(and echo /$(id)/)');
    expect(text('(a OR f(x))')).toBe('(or a /f(x)/)');
  });

  it('reads backslash escapes only inside quotes', () => {
    expect(text('"say \\"hi\\""')).toBe('/say "hi"/');
    expect(text('c\\url')).toBe('/c\\url/');
    expect(parseQuery('c\\url /bin/ba\'\'sh').fuzzyText).toBe("c\\url /bin/ba''sh");
  });

  it('notes the first operator for fuzzy mode', () => {
    expect(parseQuery('a OR b').firstOperator).toEqual({ text: 'OR', column: 3 });
    expect(parseQuery('(a b)').firstOperator).toEqual({ text: '(', column: 1 });
    expect(parseQuery('wgte user:x').firstOperator).toBeNull();
  });

  it('accepts an empty query (everything, in time order)', () => {
    const q = parseQuery('   ');
    expect(q.text).toBeNull();
    expect(q.filters).toEqual([]);
    expect(q.scope).toBe('all');
  });
});

describe('search query language: filters', () => {
  it('reads field filters, lists, prefixes and negation', () => {
    const q = parseQuery('kubectl user:alice,bob host:web-* NOT user:root session:s-1 tty:pts/7 source:typed flag:exfil* in:commands');
    expect(show(q.text)).toBe('kubectl');
    expect(q.scope).toBe('commands');
    expect(q.filters).toEqual([
      { field: 'user', values: [{ value: 'alice', prefix: false }, { value: 'bob', prefix: false }], negated: false, column: 9 },
      { field: 'host', values: [{ value: 'web-', prefix: true }], negated: false, column: 24 },
      { field: 'user', values: [{ value: 'root', prefix: false }], negated: true, column: 39 },
      { field: 'session', values: [{ value: 's-1', prefix: false }], negated: false, column: 49 },
      { field: 'tty', values: [{ value: 'pts/7', prefix: false }], negated: false, column: 61 },
      { field: 'source', values: [{ value: 'typed', prefix: false }], negated: false, column: 71 },
      { field: 'flag', values: [{ value: 'exfil', prefix: true }], negated: false, column: 84 },
    ]);
  });

  it('applies filters to the whole query wherever they stand outside parentheses', () => {
    const q = parseQuery('psql OR git user:bob');
    expect(show(q.text)).toBe('(or psql git)');
    expect(q.filters).toMatchObject([{ field: 'user', negated: false }]);
    expect(show(parseQuery('user:bob psql OR git').text)).toBe('(or psql git)');
    expect(show(parseQuery('a AND user:x AND NOT host:y b').text)).toBe('(and a b)');
    expect(parseQuery('a AND user:x AND NOT host:y b').filters.map((f) => [f.field, f.negated])).toEqual([['user', false], ['host', true]]);
    expect(parseQuery('wgte NOT user:root').firstOperator).toBeNull();
  });

  it('widens a repeated field and reads quoted values whole', () => {
    const q = parseQuery('user:alice user:"bob smith" User:carol');
    expect(q.filters).toHaveLength(1);
    expect(q.filters[0]?.values.map((v) => v.value)).toEqual(['alice', 'bob smith', 'carol']);
  });

  it('reads in: scopes', () => {
    expect(parseQuery('x in:screen').scope).toBe('screen');
    expect(parseQuery('x in:all').scope).toBe('all');
    expect(parseQuery('x in:cmd').scope).toBe('commands');
  });

  it('keeps unknown fields as text, and warns when one looks like a typo', () => {
    const q = parseQuery('usr:alice http://x.example/a');
    expect(show(q.text)).toBe('(and /usr:alice/ /http://x.example/a/)');
    expect(q.warnings).toEqual(['"usr:alice" was searched as text: there is no field usr: (did you mean user:?)']);
  });
});

describe('search query language: times', () => {
  const us = (iso: string): number => parseIsoToMicros(iso);

  it('reads dates and times with and without zones', () => {
    expect(parseQuery('after:2024-11-21T03:00+01:00').after?.us).toBe(us('2024-11-21T02:00:00Z'));
    expect(parseQuery('after:2024-11-21T03:00:00.123456Z').after?.us).toBe(us('2024-11-21T03:00:00.123456Z'));
    expect(parseQuery('after:2024-11-21').after?.us).toBe(us('2024-11-21T00:00:00Z'));
    expect(parseQuery('before:2024-11-21T03:00-0530').before?.us).toBe(us('2024-11-21T08:30:00Z'));
    expect(parseQuery('after:"2024-11-21 03:00"').after?.us).toBe(us('2024-11-21T03:00:00Z'));
    expect(parseQuery('after:2024-11-21T03:00+01').after?.us).toBe(us('2024-11-21T02:00:00Z'));
  });

  it('reads bare dates and times in the zone option, with daylight saving time', () => {
    expect(parseQuery('after:2024-11-21', { timezone: 'Europe/Berlin' }).after?.us).toBe(us('2024-11-20T23:00:00Z'));
    expect(parseQuery('after:2024-07-01', { timezone: 'Europe/Berlin' }).after?.us).toBe(us('2024-06-30T22:00:00Z'));
    expect(parseQuery('after:2024-11-21T03:00', { timezone: 'America/New_York' }).after?.us).toBe(us('2024-11-21T08:00:00Z'));
    expect(parseQuery('after:2024-11-21', { timezone: '+05:30' }).after?.us).toBe(us('2024-11-20T18:30:00Z'));
    // An explicit zone wins over the option.
    expect(parseQuery('after:2024-11-21T03:00Z', { timezone: 'Europe/Berlin' }).after?.us).toBe(us('2024-11-21T03:00:00Z'));
    // 02:30 does not exist in Berlin on 2024-03-31 (clocks jump 02:00 -> 03:00): read as 03:30 CEST.
    expect(parseQuery('after:2024-03-31T02:30', { timezone: 'Europe/Berlin' }).after?.us).toBe(us('2024-03-31T01:30:00Z'));
    // 02:30 happens twice on 2024-10-27: the first one (CEST).
    expect(parseQuery('after:2024-10-27T02:30', { timezone: 'Europe/Berlin' }).after?.us).toBe(us('2024-10-27T00:30:00Z'));
    expect(parseQuery('x', { timezone: 'Europe/Berlin' }).timezone).toBe('Europe/Berlin');
  });

  it('refuses impossible times, saying where', () => {
    expect(error('kubectl after:2024-02-30').message).toMatch(/^after:2024-02-30 is not a time \(day 30; use .*\) at column 15$/);
    expect(error('after:2024-13-01').message).toMatch(/month 13/);
    expect(error('after:yesterday').message).toMatch(/unrecognised form.* at column 7$/);
    expect(error('before:2024-11-21T25:00').message).toMatch(/out of range/);
    expect(error('after:2024-11-21+01:00').message).toMatch(/a zone needs a time of day/);
  });

  it('refuses an empty range and a repeated bound', () => {
    expect(error('after:2024-11-22 before:2024-11-21')).toMatchObject({ code: 'empty-range', column: 25 });
    expect(error('after:2024-11-21 after:2024-11-22')).toMatchObject({ code: 'duplicate-filter', column: 18 });
  });

  it('refuses an unknown zone option', () => {
    expect(error('x', { timezone: 'Mars/Olympus' })).toMatchObject({ code: 'bad-zone', column: null });
    expect(error('x', { timezone: 'Mars/Olympus' }).message).toMatch(/unknown time zone "Mars\/Olympus"/);
  });
});

describe('search query language: mistakes are reported with their column', () => {
  it('unbalanced parentheses', () => {
    expect(error('user:alice (kubectl OR sudo').message).toBe('unbalanced parenthesis at column 12');
    expect(error('kubectl OR sudo)').message).toBe('unbalanced parenthesis at column 16');
    expect(error(')').message).toBe('unbalanced parenthesis at column 1');
    expect(error('((a)').message).toBe('unbalanced parenthesis at column 1');
  });

  it('quotes, empty groups, missing operands', () => {
    expect(error('kubectl "rollout restart').message).toBe('unterminated quote at column 9');
    expect(error('a () b').message).toBe('empty parentheses at column 3');
    expect(error('OR a').message).toBe('missing term before OR at column 1');
    expect(error('a OR').message).toBe('missing term after OR at column 3');
    expect(error('a OR OR b').message).toBe('missing term after OR at column 3');
    expect(error('a AND').message).toBe('missing term after AND at column 3');
    expect(error('AND a').message).toBe('missing term before AND at column 1');
    expect(error('a NOT').message).toBe('missing term after NOT at column 3');
    expect(error('(a OR) b').message).toBe('missing term after OR at column 4');
    expect(error('""').message).toBe('empty quotes at column 1');
  });

  it('filters in the wrong place or with bad values', () => {
    expect(error('a OR user:bob')).toMatchObject({ code: 'filter-placement', column: 6 });
    expect(error('user:bob OR a').message).toBe('the filter user: applies to the whole query and cannot be an alternative with OR (several values: user:a,b) at column 1');
    expect(error('a OR NOT user:bob')).toMatchObject({ code: 'filter-placement', column: 10 });
    expect(error('(a user:bob)')).toMatchObject({ code: 'filter-placement', column: 4 });
    expect(error('NOT after:2024-11-21').message).toMatch(/NOT after: is not supported \(use before: instead\) at column 5/);
    expect(error('x user:').message).toBe('user: needs a value at column 3');
    expect(error('x user:a,,b').message).toMatch(/user: has an empty value in "a,,b" at column 8/);
    expect(error('x in:everything').message).toBe('in: takes commands, screen or all, not "everything" at column 6');
    expect(error('x in:all in:screen')).toMatchObject({ code: 'duplicate-filter', column: 10 });
    expect(error('user:*').message).toMatch(/would match every row/);
  });

  it('limits nesting and size', () => {
    expect(error(`${'('.repeat(9)}a${')'.repeat(9)}`)).toMatchObject({ code: 'too-complex', column: 9 });
    expect(error(Array.from({ length: 65 }, (_, i) => `w${i}`).join(' '))).toMatchObject({ code: 'too-complex' });
  });

  it('counts columns in characters, not UTF-16 units', () => {
    expect(error('🔥🔥 (a').message).toBe('unbalanced parenthesis at column 4');
  });
});
