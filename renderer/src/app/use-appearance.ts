// Time zone and theme: chosen by the examiner, remembered in localStorage; the theme `system`
// follows prefers-color-scheme as it changes.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { isKnownTimeZone, zoneByName, type TimeZone } from '../state/time-format.js';
import { loadPreference, savePreference } from './preferences.js';
import { isThemePreference, resolveTheme, type Theme, type ThemePreference } from './theme.js';

export interface Appearance {
  timezone: string;
  zone: TimeZone;
  setTimezone(name: string): void;
  themePreference: ThemePreference;
  theme: Theme;
  setThemePreference(preference: ThemePreference): void;
}

function useSystemDark(): boolean {
  const query = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  const [dark, setDark] = useState(query?.matches ?? false);
  useEffect(() => {
    if (query === null) return;
    const listener = (e: MediaQueryListEvent) => setDark(e.matches);
    query.addEventListener('change', listener);
    return () => query.removeEventListener('change', listener);
  }, [query]);
  return dark;
}

function initialTimezone(): string {
  const saved = loadPreference('timezone');
  return saved !== null && isKnownTimeZone(saved) ? saved : 'UTC';
}

function initialTheme(): ThemePreference {
  const saved = loadPreference('theme');
  return isThemePreference(saved) ? saved : 'system';
}

export function useAppearance(): Appearance {
  const [timezone, setTimezoneState] = useState(initialTimezone);
  const [themePreference, setThemeState] = useState(initialTheme);
  const systemDark = useSystemDark();
  const theme = resolveTheme(themePreference, systemDark);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const setTimezone = useCallback((name: string) => {
    if (!isKnownTimeZone(name)) return;
    setTimezoneState(name);
    savePreference('timezone', name);
  }, []);

  const setThemePreference = useCallback((preference: ThemePreference) => {
    setThemeState(preference);
    savePreference('theme', preference);
  }, []);

  const zone = useMemo(() => zoneByName(timezone), [timezone]);
  return { timezone, zone, setTimezone, themePreference, theme, setThemePreference };
}
