// The reviewer's notes are Markdown; the report renders the simple part of it (docs/report.md):
// paragraphs, headings, bulleted and numbered lists, fenced and indented code, `code`, **bold**
// and *emphasis*. Anything else is shown as the text it is — never dropped.

export type Inline = { kind: 'text' | 'bold' | 'em' | 'code'; text: string };

export type Block =
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'heading'; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'code'; text: string };

const LIST_ITEM = /^\s{0,3}(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = (): void => {
    if (para.length > 0) blocks.push({ kind: 'paragraph', inlines: parseInline(para.join(' ')) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^\s{0,3}(```|~~~)/.test(line)) {
      flush();
      const fence = line.trim().slice(0, 3);
      const code: string[] = [];
      for (i++; i < lines.length && !(lines[i] as string).trim().startsWith(fence); i++) code.push(lines[i] as string);
      blocks.push({ kind: 'code', text: code.join('\n') });
      continue;
    }
    if (para.length === 0 && /^( {4}|\t)/.test(line) && line.trim() !== '') {
      const code: string[] = [];
      for (; i < lines.length && (/^( {4}|\t)/.test(lines[i] as string) || (lines[i] as string).trim() === ''); i++) code.push((lines[i] as string).replace(/^( {4}|\t)/, ''));
      i--;
      while (code.length > 0 && (code[code.length - 1] as string).trim() === '') code.pop();
      blocks.push({ kind: 'code', text: code.join('\n') });
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading !== null) {
      flush();
      blocks.push({ kind: 'heading', inlines: parseInline(heading[1] ?? '') });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item !== null) {
      flush();
      const ordered = item[2] !== undefined;
      const items: string[] = [item[3] ?? ''];
      for (i++; i < lines.length; i++) {
        const next = lines[i] as string;
        const m = LIST_ITEM.exec(next);
        if (m !== null && (m[2] !== undefined) === ordered) items.push(m[3] ?? '');
        else if (next.trim() !== '' && /^\s+/.test(next)) items[items.length - 1] += ` ${next.trim()}`;
        else break;
      }
      i--;
      blocks.push({ kind: 'list', ordered, items: items.map(parseInline) });
      continue;
    }
    if (line.trim() === '') flush();
    else para.push(line.trim());
  }
  flush();
  return blocks;
}

/** `code` first (nothing inside is emphasis), then **bold**, then *em* / _em_. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const re = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)|\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__|\*(?=\S)([^*]*?\S)\*|\b_(?=\S)([^_]*?\S)_\b/g;
  let at = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m.index > at) out.push({ kind: 'text', text: text.slice(at, m.index) });
    if (m[2] !== undefined) out.push({ kind: 'code', text: m[2].trim() === '' ? m[2] : m[2].replace(/^ (.*) $/, '$1') });
    else if (m[3] !== undefined || m[4] !== undefined) out.push({ kind: 'bold', text: m[3] ?? m[4] ?? '' });
    else out.push({ kind: 'em', text: m[5] ?? m[6] ?? '' });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ kind: 'text', text: text.slice(at) });
  return out;
}
