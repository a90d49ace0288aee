import { describe, expect, it } from 'vitest';
import { formatShortcut, matchShortcut, needsModifier } from '../../renderer/src/app/shortcuts.js';
import { filterActions } from '../../renderer/src/app/palette-filter.js';
import { nextTheme } from './theme-helper.js';
import type { AppAction } from '../../renderer/src/app/app-context.js';
import { nextIndex } from '../../renderer/src/ui/list-keys.js';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('shortcuts', () => {
  it('Mod is Ctrl on Linux/Windows and Cmd on macOS', () => {
    expect(matchShortcut('Mod+K', key('k', { ctrlKey: true }), false)).toBe(true);
    expect(matchShortcut('Mod+K', key('k', { metaKey: true }), false)).toBe(false);
    expect(matchShortcut('Mod+K', key('k', { metaKey: true }), true)).toBe(true);
    expect(matchShortcut('Mod+K', key('k', { ctrlKey: true }), true)).toBe(false);
    expect(matchShortcut('Mod+K', key('K', { ctrlKey: true, shiftKey: true }), false)).toBe(false); // Shift+K is another shortcut
  });

  it('compares Shift for letters and digits', () => {
    expect(matchShortcut('Mod+Shift+L', key('L', { ctrlKey: true, shiftKey: true }), false)).toBe(true);
    expect(matchShortcut('Mod+Shift+L', key('l', { ctrlKey: true }), false)).toBe(false);
    expect(matchShortcut('Mod+1', key('1', { ctrlKey: true }), false)).toBe(true);
    expect(matchShortcut('/', key('/'), false)).toBe(true);
    expect(matchShortcut('/', key('/', { altKey: true }), false)).toBe(false);
  });

  it('formats per platform', () => {
    expect(formatShortcut('Mod+Shift+L', false)).toBe('Ctrl+Shift+L');
    expect(formatShortcut('Mod+Shift+L', true)).toBe('⌘⇧L');
    expect(formatShortcut('/', false)).toBe('/');
  });

  it('knows which shortcuts would fire while typing', () => {
    expect(needsModifier('/')).toBe(true);
    expect(needsModifier('Mod+K')).toBe(false);
  });
});

describe('command palette filter', () => {
  const action = (id: string, title: string, group = 'Case'): AppAction => ({ id, title, group, run: () => undefined });
  const actions = [action('open', 'Open case…'), action('import', 'Import evidence…'), action('theme', 'Theme: switch to dark', 'Window'), action('search', 'Search the case', 'Search')];

  it('matches word starts, best first', () => {
    expect(filterActions(actions, 'imp ev').map((a) => a.id)).toEqual(['import']);
    expect(filterActions(actions, 'case').map((a) => a.id)).toEqual(['open', 'import', 'search']);
    expect(filterActions(actions, 'window').map((a) => a.id)).toEqual(['theme']);
    expect(filterActions(actions, '').map((a) => a.id)).toEqual(['open', 'import', 'theme', 'search']);
    expect(filterActions(actions, 'zzz')).toEqual([]);
  });
});

describe('theme and list keys', () => {
  it('cycles system → light → dark → system and resolves system by the OS', () => {
    expect(nextTheme()).toEqual(['light', 'dark', 'system', 'dark', 'light']);
  });

  it('moves a list selection with the keyboard, within bounds', () => {
    expect(nextIndex('ArrowDown', -1, 5, 3)).toBe(0);
    expect(nextIndex('ArrowDown', 4, 5, 3)).toBe(4);
    expect(nextIndex('ArrowUp', 0, 5, 3)).toBe(0);
    expect(nextIndex('PageDown', 1, 5, 3)).toBe(4);
    expect(nextIndex('End', 0, 5, 3)).toBe(4);
    expect(nextIndex('Home', 3, 5, 3)).toBe(0);
    expect(nextIndex('x', 3, 5, 3)).toBeNull();
    expect(nextIndex('ArrowDown', 0, 0, 3)).toBeNull();
  });
});
