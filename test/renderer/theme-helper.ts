import { nextThemePreference, resolveTheme } from '../../renderer/src/app/theme.js';

/** The cycle from `system`, then `system` resolved with a dark and a light OS. */
export function nextTheme(): string[] {
  const a = nextThemePreference('system');
  const b = nextThemePreference(a);
  const c = nextThemePreference(b);
  return [a, b, c, resolveTheme('system', true), resolveTheme('system', false)];
}
