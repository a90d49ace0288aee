// Keyboard shortcuts as data: `Mod+K`, `Mod+Shift+L`, `/`. `Mod` is Cmd on macOS and Ctrl
// elsewhere. Matching and display are pure so the palette lists exactly what the keys do.

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

interface ParsedShortcut {
  key: string;
  mod: boolean;
  shift: boolean;
  alt: boolean;
}

function parse(spec: string): ParsedShortcut {
  const parts = spec.split('+');
  const key = parts[parts.length - 1] ?? '';
  const mods = new Set(parts.slice(0, -1).map((m) => m.toLowerCase()));
  return { key: key.toLowerCase(), mod: mods.has('mod'), shift: mods.has('shift'), alt: mods.has('alt') };
}

export function isMacPlatform(platform: string): boolean {
  return /mac|darwin|iphone|ipad/i.test(platform);
}

export function matchShortcut(spec: string, event: KeyLike, mac: boolean): boolean {
  const s = parse(spec);
  const mod = mac ? event.metaKey : event.ctrlKey;
  const otherMod = mac ? event.ctrlKey : event.metaKey;
  if (s.mod !== mod || otherMod || s.alt !== event.altKey) return false;
  const key = event.key.toLowerCase();
  // Shifted punctuation arrives as its shifted character (`?`), so Shift is only compared for letters/digits.
  if (/^[a-z0-9]$/.test(s.key) && s.shift !== event.shiftKey) return false;
  return key === s.key;
}

/** `Ctrl+Shift+L` / `⌘⇧L`, for menus and the palette. */
export function formatShortcut(spec: string, mac: boolean): string {
  const s = parse(spec);
  const key = s.key.length === 1 ? s.key.toUpperCase() : s.key[0]?.toUpperCase() + s.key.slice(1);
  if (mac) return `${s.mod ? '⌘' : ''}${s.alt ? '⌥' : ''}${s.shift ? '⇧' : ''}${key}`;
  return [s.mod ? 'Ctrl' : null, s.alt ? 'Alt' : null, s.shift ? 'Shift' : null, key].filter((p) => p !== null).join('+');
}

/** Single-key shortcuts (no modifier) must not fire while the user types in a field. */
export function needsModifier(spec: string): boolean {
  const s = parse(spec);
  return !s.mod && !s.alt;
}
