// Terminal control sequences used by the demo's simulated programs (ECMA-48 / xterm).

/** SGR reset in the short form most programs send. */
export const OFF = '\x1b[m';

/** ls --color / LS_COLORS defaults of Debian and Ubuntu. */
export const LS = {
  dir: '\x1b[01;34m',
  exec: '\x1b[01;32m',
  link: '\x1b[01;36m',
  archive: '\x1b[01;31m',
  image: '\x1b[01;35m',
  end: '\x1b[0m',
};

export const moveTo = (row: number, col: number): string => `\x1b[${row};${col}H`;
export const ERASE_LINE = '\x1b[K';
export const ERASE_BELOW = '\x1b[J';
export const CLEAR_SCREEN = '\x1b[H\x1b[2J';
export const ALT_SCREEN_ON = '\x1b[?1049h';
export const ALT_SCREEN_OFF = '\x1b[?1049l';
export const HIDE_CURSOR = '\x1b[?25l';
export const SHOW_CURSOR = '\x1b[?25h';
export const KEYPAD_ON = '\x1b[?1h\x1b=';
export const KEYPAD_OFF = '\x1b[?1l\x1b>';
/** Backspace echo as a line discipline or readline shows it: back, blank, back. */
export const ERASE_CHAR_ECHO = '\b \b';

/** Window title (OSC 0), as Debian's default bash prompt sets it. */
export const windowTitle = (text: string): string => `\x1b]0;${text}\x07`;

/** A pty translates "\n" to "\r\n" on output (ONLCR); scripted outputs are written with "\n". */
export function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** Right-aligns `value` in `width` columns. */
export const rpad = (value: string | number, width: number): string => String(value).padStart(width);
