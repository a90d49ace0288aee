import { describe, expect, it } from 'vitest';
import { safeInline, visualiseControls } from '../../renderer/src/text/evidence-text.js';
import { highlightRuns } from '../../renderer/src/ui/HighlightedText.js';

describe('evidence text', () => {
  it('shows terminal escapes and control characters in caret notation, marked as controls', () => {
    expect(visualiseControls('ls\u001b[31mred\r\n')).toEqual([
      { text: 'ls', control: false },
      { text: '^[', control: true },
      { text: '[31mred', control: false },
      { text: '^M', control: true },
      { text: '^J', control: true },
    ]);
    expect(safeInline('a\u0007b\u007fc\u0000')).toBe('a^Gb^?c^@');
  });

  it('names invisible characters that reorder or hide text', () => {
    expect(safeInline('rm \u202eftp.sh')).toBe('rm <U+202E>ftp.sh');
    expect(safeInline('a\u200bb\u009bc')).toBe('a<U+200B>b<U+009B>c');
  });

  it('leaves HTML-like text and ordinary text alone (it is rendered as text)', () => {
    expect(visualiseControls('<img src=x onerror=alert(1)>\tok')).toEqual([{ text: '<img src=x onerror=alert(1)>\tok', control: false }]);
    expect(visualiseControls('')).toEqual([]);
  });
});

describe('highlight runs', () => {
  it('cuts text at the match ranges', () => {
    expect(highlightRuns('cat /etc/shadow', [[4, 15]])).toEqual([
      { text: 'cat ', hit: false },
      { text: '/etc/shadow', hit: true },
    ]);
  });

  it('sorts, clamps and merges overlapping ranges', () => {
    expect(highlightRuns('abcdef', [[4, 99], [0, 2], [1, 3]])).toEqual([
      { text: 'abc', hit: true },
      { text: 'd', hit: false },
      { text: 'ef', hit: true },
    ]);
    expect(highlightRuns('abc', [[2, 2], [-5, 0]])).toEqual([{ text: 'abc', hit: false }]);
  });
});
