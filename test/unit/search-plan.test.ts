import { describe, expect, it } from 'vitest';
import { attrMatch, combineMatch, planText, substringPrefilter } from '../../electron/core/search/fts-plan.js';
import { parseQuery } from '../../electron/core/search/parse-query.js';
import { QueryError } from '../../electron/core/search/query-error.js';

const plan = (q: string): ReturnType<typeof planText> => planText(parseQuery(q).text);

describe('search plans: FTS4 MATCH expressions', () => {
  it('words, prefixes and phrases are exact matches on the text column', () => {
    expect(plan('kubectl')).toMatchObject({ match: 'text:kubectl', residual: null, weak: false });
    expect(plan('kube*')).toMatchObject({ match: 'text:kube*', residual: null });
    expect(plan('"apt install"')).toMatchObject({ match: '"apt install"', residual: null });
    expect(plan('"kubectl get po*"')).toMatchObject({ match: '"kubectl get po*"', residual: null });
    expect(plan('Kubectl')).toMatchObject({ match: 'text:Kubectl' });
  });

  it('booleans map onto FTS4 AND / OR / NOT with explicit parentheses', () => {
    expect(plan('a b').match).toBe('(text:a AND text:b)');
    expect(plan('a OR b c').match).toBe('(text:a OR (text:b AND text:c))');
    expect(plan('kubectl NOT logs').match).toBe('(text:kubectl NOT text:logs)');
    expect(plan('a NOT b NOT c').match).toBe('(text:a NOT (text:b OR text:c))');
    expect(plan('(curl OR wget) NOT health').match).toBe('((text:curl OR text:wget) NOT text:health)');
  });

  it('a query that is only NOT has no match: it scans and excludes', () => {
    expect(plan('NOT kubectl')).toEqual({
      match: null,
      residual: { kind: 'not', child: { kind: 'match', match: 'text:kubectl' } },
      weak: false,
      lookup: false,
      whole: { kind: 'not', child: { kind: 'match', match: 'text:kubectl' } },
    });
  });

  it('substrings: the tokens they force, then LIKE on those rows', () => {
    expect(substringPrefilter('/etc/shadow')).toBe('text:shadow*');
    expect(substringPrefilter('/etc/ssh/sshd_config')).toBe('text:config*');
    expect(substringPrefilter('/var/lib/docker/overlay2')).toBe('(text:docker AND text:overlay2*)');
    expect(substringPrefilter('/etc/pass')).toBe('"etc pass*"');
    expect(substringPrefilter('etc/shadow')).toBe('text:shadow*');
    expect(substringPrefilter('rm -rf /')).toBe('text:rf');
    expect(substringPrefilter('| sh')).toBe('text:sh*');
    expect(substringPrefilter('rm -rf /tmp')).toBe('"rf tmp*"');
    expect(substringPrefilter('-p 2222')).toBe('text:2222*');
    expect(substringPrefilter('tail -n 40')).toBe('text:40*');
    expect(substringPrefilter('-n prod x')).toBe('text:prod');
    expect(substringPrefilter('-n 4')).toBe('"n 4*"');
    expect(substringPrefilter('p 2222')).toBe('text:2222*');
    expect(substringPrefilter('| ')).toBeNull();
    expect(substringPrefilter('hado')).toBeNull();
    expect(plan('/etc/shadow')).toMatchObject({ match: 'text:shadow*', residual: { kind: 'like', value: '/etc/shadow' }, weak: false });
    expect(plan('"| sh"')).toMatchObject({ match: 'text:sh*', weak: true });
    expect(plan('"-p 2222"')).toMatchObject({ weak: false });
  });

  it('mixes exact and substring parts: the exact parts stay in the match', () => {
    expect(plan('sudo /etc/shadow')).toMatchObject({
      match: '(text:sudo AND text:shadow*)',
      residual: { kind: 'like', value: '/etc/shadow' },
    });
    expect(plan('kubectl OR /etc/shadow')).toMatchObject({
      match: '(text:kubectl OR text:shadow*)',
      residual: { kind: 'or', children: [{ kind: 'match', match: 'text:kubectl' }, { kind: 'like', value: '/etc/shadow' }] },
    });
    expect(plan('cat NOT /etc/shadow')).toMatchObject({
      match: 'text:cat',
      residual: { kind: 'not', child: { kind: 'like', value: '/etc/shadow' } },
    });
    // A substring without tokens under OR: nothing to drive from.
    expect(plan('kubectl OR "| "')).toMatchObject({ match: null });
  });

  it('a lookup when the index finds the text by a word, a phrase or a substring token of 4+ characters', () => {
    for (const q of ['kubectl', '"apt install"', 'kube*', '/etc/shadow', 'etc/pass', '"-p 2222"', '"| sh" kubectl', '/etc/shadow OR /etc/passwd']) expect(plan(q).lookup, q).toBe(true);
    // Short tokens only (`sh`, `tmp`, `rf`, `3`), a token that may be the tail of a word (`etc` of
    // `/etc`? no: `etc/` starts the value), an OR with one such side, or nothing positive.
    for (const q of ['"| sh"', '/tmp/', '"rm -rf /tmp"', '"10.3.1"', 'shadow/', '/etc/shadow OR "| sh"', 'NOT kubectl']) expect(plan(q).lookup, q).toBe(false);
  });

  it('weak only when every positive part is a short substring token', () => {
    expect(plan('"| sh" kubectl').weak).toBe(false);
    expect(plan('"| sh" OR "| bash"').weak).toBe(true);
    expect(plan('"| sh" OR kubectl').weak).toBe(true);
    expect(plan('apt-get').weak).toBe(true);
  });

  it('filters become hex attribute tokens, so no value reaches the expression as text', () => {
    const f = parseQuery('user:alice user:"x OR y" host:web-*').filters;
    expect(attrMatch(f[0] as never)).toBe('(attrs:u616c696365 OR attrs:u78204f522079)');
    expect(attrMatch(f[1] as never)).toBe('attrs:h7765622d*');
    expect(combineMatch('text:a', ['attrs:u61'], ['attrs:h62'])).toBe('(text:a AND attrs:u61) NOT attrs:h62');
    expect(combineMatch(null, [], ['attrs:h62'])).toBeNull();
  });

  it('never lets query syntax through: every MATCH word is a bare token', () => {
    const hostile = [
      'kubectl" OR "1"="1',
      '"a" NEAR/0 "b"',
      'text:* OR attrs:*',
      '\'); DROP TABLE commands; --',
      '"x\\" OR attrs:u"',
      'NEAR OR AND',
      '"NOT" "OR" "AND"',
      '^kubectl',
      'a -b',
    ];
    for (const q of hostile) {
      let match: string | null;
      try {
        match = plan(q).match;
      } catch (error) {
        // Refused with a column: inert too.
        expect(error).toBeInstanceOf(QueryError);
        continue;
      }
      if (match === null) continue;
      // Only our own syntax: text:/attrs: prefixes, quotes we put, *, parentheses, AND/OR/NOT.
      const words = match.replace(/[()"]/g, ' ').split(/\s+/).filter(Boolean);
      for (const w of words) expect(w, `${q} -> ${match}`).toMatch(/^(AND|OR|NOT|text:[\p{L}\p{N}]+\*?|[\p{L}\p{N}]+\*?)$/u);
    }
  });
});
