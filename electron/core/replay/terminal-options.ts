// Terminal settings that change what a byte stream puts on the screen. The keyframe builder and
// seeking (@xterm/headless, Node) and the replay panes (@xterm/xterm, renderer) must use the same
// ones, or a restored keyframe would not match what the pane computes from there on.

/** Lines of scrollback a pane keeps. */
export const REPLAY_SCROLLBACK = 1000;
/** Scrollback rows a keyframe carries besides the screen (a reviewer can scroll up a little after a seek). */
export const KEYFRAME_SCROLLBACK = 100;
/** Size of a session whose recording does not say (ttyrec, some script logs). */
export const DEFAULT_COLS = 80;
export const DEFAULT_ROWS = 24;

export const REPLAY_TERMINAL_OPTIONS = {
  scrollback: REPLAY_SCROLLBACK,
  allowProposedApi: true,
  convertEol: false,
  scrollOnEraseInDisplay: false,
} as const;
