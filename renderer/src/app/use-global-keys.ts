// One keydown listener for the app's shortcuts (palette, views, case, import, theme). Single-key
// shortcuts (`/`) do not fire while the user types in a field.
import { useEffect, useRef } from 'react';
import type { AppAction } from './app-context.js';
import { matchShortcut, needsModifier } from './shortcuts.js';

function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

export function useGlobalKeys(actions: readonly AppAction[], mac: boolean): void {
  const current = useRef(actions);
  current.current = actions;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      for (const action of current.current) {
        if (action.shortcut === undefined || action.enabled === false) continue;
        if (needsModifier(action.shortcut) && typingInField(event.target)) continue;
        if (matchShortcut(action.shortcut, event, mac)) {
          event.preventDefault();
          action.run();
          return;
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mac]);
}
