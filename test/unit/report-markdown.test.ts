// The subset of Markdown the report renders in reviewers' notes (report/markdown.ts).
import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from '../../electron/services/report/markdown.js';

describe('report notes Markdown', () => {
  it('splits paragraphs, headings, lists and fenced code', () => {
    const blocks = parseMarkdown('# Summary\nFirst line\ncontinues.\n\n- one\n- two\n  wrapped\n\n1. first\n2. second\n\n```\n$ cat /etc/shadow\n```\nlast');
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'list', 'list', 'code', 'paragraph']);
    expect(blocks[1]).toEqual({ kind: 'paragraph', inlines: [{ kind: 'text', text: 'First line continues.' }] });
    expect(blocks[2]).toMatchObject({ kind: 'list', ordered: false, items: [[{ text: 'one' }], [{ text: 'two wrapped' }]] });
    expect(blocks[3]).toMatchObject({ kind: 'list', ordered: true });
    expect(blocks[4]).toEqual({ kind: 'code', text: '$ cat /etc/shadow' });
  });

  it('reads code, bold and emphasis inline; code protects its content', () => {
    expect(parseInline('ran `rm -rf *tmp*` as **root**, *twice*')).toEqual([
      { kind: 'text', text: 'ran ' },
      { kind: 'code', text: 'rm -rf *tmp*' },
      { kind: 'text', text: ' as ' },
      { kind: 'bold', text: 'root' },
      { kind: 'text', text: ', ' },
      { kind: 'em', text: 'twice' },
    ]);
    expect(parseInline('a * b * c')).toEqual([{ kind: 'text', text: 'a * b * c' }]);
  });

  it('keeps indented code and never drops text it does not understand', () => {
    const blocks = parseMarkdown('Look:\n\n    sudo -l\n    id\n\n> quoted | table |');
    expect(blocks[1]).toEqual({ kind: 'code', text: 'sudo -l\nid' });
    expect(blocks[2]).toEqual({ kind: 'paragraph', inlines: [{ kind: 'text', text: '> quoted | table |' }] });
  });
});
