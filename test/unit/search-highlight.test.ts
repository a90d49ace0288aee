import { describe, expect, it } from 'vitest';
import { highlightSpans, makeSnippet } from '../../electron/core/search/highlight.js';
import { normalizeCommand, normalizeText } from '../../electron/core/search/normalize.js';
import { parseQuery } from '../../electron/core/search/parse-query.js';
import { formatInZone, resolveTimeZone, wallTimeToUtcMs } from '../../electron/core/search/time-zone.js';
import { approximateDistance } from '../../electron/services/search/fuzzy.js';
import { seededRandom } from '../helpers/seeded-random.js';

const spans = (text: string, q: string): Array<[number, number]> => highlightSpans(text, parseQuery(q).text);
const marked = (text: string, s: Array<[number, number]>): string => {
  let out = '';
  let at = 0;
  for (const [a, b] of s) {
    out += `${text.slice(at, a)}[${text.slice(a, b)}]`;
    at = b;
  }
  return out + text.slice(at);
};

describe('highlights', () => {
  it('marks words, prefixes, phrases and substrings where the index matched', () => {
    const t = 'sudo cat /etc/shadow | Kubectl get pods';
    expect(marked(t, spans(t, 'kubectl'))).toBe('sudo cat /etc/shadow | [Kubectl] get pods');
    expect(marked(t, spans(t, 'shad*'))).toBe('sudo cat /etc/[shadow] | Kubectl get pods');
    expect(marked(t, spans(t, '"etc shadow"'))).toBe('sudo cat /[etc/shadow] | Kubectl get pods');
    expect(marked(t, spans(t, '/ETC/shadow'))).toBe('sudo cat [/etc/shadow] | Kubectl get pods');
    expect(marked(t, spans(t, '"| k"'))).toBe('sudo cat /etc/shadow [| K]ubectl get pods');
    expect(marked(t, spans(t, 'sudo NOT pods'))).toBe('[sudo] cat /etc/shadow | Kubectl get pods');
    expect(marked(t, spans(t, 'user:alice'))).toBe(t);
  });

  it('merges overlapping spans', () => {
    expect(spans('x-x-x', '"x-x" OR "-x-"')).toEqual([[0, 4]]);
    expect(spans('cat cat', 'cat OR "cat cat"')).toEqual([[0, 7]]);
  });
});

describe('snippets', () => {
  it('keep short texts whole, control characters as spaces, offsets unchanged', () => {
    expect(makeSnippet('ls\t-la', [[3, 6]])).toEqual({ text: 'ls -la', highlights: [[3, 6]] });
  });

  it('take the line of the first match from a screen, trimmed', () => {
    const screen = 'bob@db-1:~$ cat /etc/passwd      \nroot:x:0:0:root:/root:/bin/bash        \n';
    const at = screen.indexOf('root:/root');
    expect(makeSnippet(screen, [[at, at + 4]])).toEqual({ text: 'root:x:0:0:root:/root:/bin/bash', highlights: [[11, 15]] });
  });

  it('cut long lines around the match with …', () => {
    const long = `${'x'.repeat(300)} needle ${'y'.repeat(300)}`;
    const s = makeSnippet(long, [[301, 307]], 60);
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    expect(s.text.length).toBe(62);
    const [h] = s.highlights;
    expect(h).toBeDefined();
    expect(s.text.slice(h?.[0], h?.[1])).toBe('needle');
  });
});

describe('obfuscation normal form', () => {
  it('drops backslashes, quotes, $@ and reads $IFS as a space', () => {
    expect(normalizeText('c\\url')).toBe('curl');
    expect(normalizeText("/bin/ba''sh")).toBe('/bin/bash');
    expect(normalizeText('w"g"et  -q')).toBe('wget -q');
    expect(normalizeText('cat${IFS}/etc/passwd')).toBe('cat /etc/passwd');
    expect(normalizeText('cat$IFS/etc/passwd $IFSX')).toBe('cat /etc/passwd $ifsx');
    expect(normalizeText('wh$@oami')).toBe('whoami');
    expect(normalizeText('  SUDO\\\n -i ')).toBe('sudo -i');
  });

  it('maps every normalised character back to the original', () => {
    const original = "C\\url x | /bin/ba''sh";
    const n = normalizeCommand(original);
    expect(n.text).toBe('curl x | /bin/bash');
    expect(n.map).toHaveLength(n.text.length);
    // `bash` in the normal form is `ba''sh` in the original.
    const b = n.text.indexOf('bash');
    expect(original.slice(n.map[b], (n.map[b + 3] as number) + 1)).toBe("ba''sh");
    for (let i = 0; i < n.text.length; i++) expect(original.charAt(n.map[i] as number).toLowerCase()).toBe(n.text.charAt(i) === ' ' ? original.charAt(n.map[i] as number).toLowerCase() : n.text.charAt(i));
  });
});

describe('approximate distance (Myers) agrees with dynamic programming', () => {
  const dp = (text: string, word: string): number => {
    // Fewest edits from word to any substring of text.
    let prev = Array.from({ length: word.length + 1 }, (_, i) => i);
    let best = prev[word.length] as number;
    for (let j = 1; j <= text.length; j++) {
      const cur = [0];
      for (let i = 1; i <= word.length; i++) {
        cur.push(Math.min((prev[i] as number) + 1, (cur[i - 1] as number) + 1, (prev[i - 1] as number) + (word[i - 1] === text[j - 1] ? 0 : 1)));
      }
      best = Math.min(best, cur[word.length] as number);
      prev = cur;
    }
    return best;
  };

  it('on random strings, words of 1 to 32 characters', () => {
    const r = seededRandom(11);
    for (let n = 0; n < 3000; n++) {
      const alphabet = 'abcde /-';
      const text = Array.from({ length: Math.floor(r() * 40) }, () => alphabet.charAt(Math.floor(r() * alphabet.length))).join('');
      const word = Array.from({ length: 1 + Math.floor(r() * 32) }, () => alphabet.charAt(Math.floor(r() * alphabet.length))).join('');
      const budget = Math.floor(r() * 6);
      const want = dp(text, word);
      expect(approximateDistance(text, word, budget), `${JSON.stringify(text)} ${JSON.stringify(word)}`).toBe(want <= budget ? want : budget + 1);
    }
  });

  it('finds the typos fuzzy search is for', () => {
    expect(approximateDistance('sudo systemctl restart nginx', 'systemclt', 3)).toBe(1);
    expect(approximateDistance('wget -q http://x', 'wgte', 1)).toBe(1);
    expect(approximateDistance('docker ps -a', 'docekr', 2)).toBe(2);
  });
});

describe('time zones for display', () => {
  it('formats with the offset in force at that instant', () => {
    const berlin = resolveTimeZone('Europe/Berlin');
    expect(formatInZone(1_732_161_600_123_456, berlin)).toBe('2024-11-21 05:00:00.123456 +01:00');
    expect(formatInZone(Date.UTC(2024, 6, 1, 12) * 1000, berlin)).toBe('2024-07-01 14:00:00.000000 +02:00');
    expect(formatInZone(1_732_161_600_000_001, resolveTimeZone('UTC'))).toBe('2024-11-21 04:00:00.000001 +00:00');
    expect(formatInZone(1_732_161_600_000_000, resolveTimeZone('-05:30'))).toBe('2024-11-20 22:30:00.000000 -05:30');
  });

  it('reads wall times in a zone, across daylight saving changes', () => {
    const ny = resolveTimeZone('America/New_York');
    expect(wallTimeToUtcMs(Date.UTC(2024, 2, 10, 12), ny)).toBe(Date.UTC(2024, 2, 10, 16));
    expect(wallTimeToUtcMs(Date.UTC(2024, 2, 9, 12), ny)).toBe(Date.UTC(2024, 2, 9, 17));
    expect(() => resolveTimeZone('Nowhere/Else')).toThrow(/unknown time zone/);
  });
});
