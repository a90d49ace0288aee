// Splitting recorded input (`in` events: what the terminal sent to the program) into keys, as
// far as command extraction needs them: Enter, line-abandoning controls, printable characters
// and "other" keys (arrows, Tab, Backspace, terminal answers). The state carries over between
// events, because an escape sequence or a bracketed paste can span several reads.

export type Key =
  | { kind: 'enter' }
  /** Ctrl-C / Ctrl-D / Ctrl-G: the line being typed is abandoned (or the shell exits). */
  | { kind: 'abandon' }
  | { kind: 'printable'; char: string }
  | { kind: 'other' };

type Mode = 'ground' | 'esc' | 'csi' | 'ss3' | 'string';

export class KeyDecoder {
  private mode: Mode = 'ground';
  private csi = '';
  private inPaste = false;
  private lastWasCr = false;
  private stringEsc = false;

  /** The keys in `data` (the text of one `in` event). */
  decode(data: string): Key[] {
    const keys: Key[] = [];
    for (const ch of data) {
      const code = ch.codePointAt(0) as number;
      switch (this.mode) {
        case 'esc':
          if (ch === '[') {
            this.mode = 'csi';
            this.csi = '';
          } else if (ch === 'O') {
            this.mode = 'ss3';
          } else if (ch === ']' || ch === 'P' || ch === '_' || ch === '^') {
            this.mode = 'string';
            this.stringEsc = false;
          } else {
            this.mode = 'ground'; // Alt+key or a lone Escape followed by a key
            keys.push({ kind: 'other' });
          }
          continue;
        case 'csi':
          if (code >= 0x40 && code <= 0x7e) {
            this.mode = 'ground';
            if (ch === '~' && this.csi === '200') this.inPaste = true;
            else if (ch === '~' && this.csi === '201') this.inPaste = false;
            else keys.push({ kind: 'other' });
          } else if (this.csi.length < 32) {
            this.csi += ch;
          }
          continue;
        case 'ss3':
          this.mode = 'ground';
          keys.push({ kind: 'other' });
          continue;
        case 'string':
          // OSC/DCS answers of the terminal end with BEL or ESC \ ; they are not typing.
          if (code === 0x07 || (this.stringEsc && ch === '\\')) this.mode = 'ground';
          this.stringEsc = code === 0x1b;
          continue;
        case 'ground':
          break;
      }
      const wasCr = this.lastWasCr;
      this.lastWasCr = code === 0x0d;
      if (code === 0x1b) {
        this.mode = 'esc';
      } else if (this.inPaste) {
        // Pasted text is inserted, not executed, while bracketed paste is on (bash ≥ 5.1, zsh).
        if (code >= 0x20 && code !== 0x7f) keys.push({ kind: 'printable', char: ch });
        else keys.push({ kind: 'other' });
      } else if (code === 0x0d) {
        keys.push({ kind: 'enter' });
      } else if (code === 0x0a) {
        if (!wasCr) keys.push({ kind: 'enter' }); // Ctrl-J accepts a line too; CR LF is one Enter
      } else if (code === 0x03 || code === 0x04 || code === 0x07) {
        keys.push({ kind: 'abandon' });
      } else if (code >= 0x20 && code !== 0x7f) {
        keys.push({ kind: 'printable', char: ch });
      } else {
        keys.push({ kind: 'other' });
      }
    }
    return keys;
  }
}
