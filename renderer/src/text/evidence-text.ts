// Evidence text (commands, screen text, file names, messages taken from a bundle) is hostile until
// shown otherwise: it may carry terminal escape sequences, bidi overrides and HTML-like text. The UI
// never interprets it: it is rendered as React text nodes (never innerHTML), and control characters
// are made visible here so that an ESC or a carriage return cannot hide what was typed.

/** A run of text: either as-is, or a visualised control character (shown with a distinct style). */
export interface TextPart {
  text: string;
  control: boolean;
}

// C0 controls are shown in caret notation (ESC → ^[, BEL → ^G, CR → ^M, DEL → ^?), as terminals
// and `cat -v` do: it renders in every font (the Unicode control pictures ␛ do not, on many Linux
// systems), and the UI styles it apart from typed text (class `ctl`).
function caret(code: number): string {
  if (code === 0x7f) return '^?';
  return `^${String.fromCharCode(code + 0x40)}`;
}

// C0 (except TAB), DEL, C1, and invisible formatting that can reorder or hide text
// (bidi embeddings/overrides/isolates, zero-width characters, BOM, line/paragraph separators).
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

export function isControl(ch: string): boolean {
  return CONTROL.test(ch);
}

/** Splits text into plain runs and visualised control characters. */
export function visualiseControls(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let plain = '';
  for (const ch of text) {
    if (!CONTROL.test(ch)) {
      plain += ch;
      continue;
    }
    if (plain !== '') parts.push({ text: plain, control: false });
    plain = '';
    const code = ch.codePointAt(0) ?? 0;
    parts.push({ text: code < 0x20 || code === 0x7f ? caret(code) : `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`, control: true });
  }
  if (plain !== '') parts.push({ text: plain, control: false });
  return parts;
}

/** One line of plain text with every control character visualised (for titles and attributes). */
export function safeInline(text: string): string {
  return visualiseControls(text).map((p) => p.text).join('');
}
