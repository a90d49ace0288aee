// UI preferences (theme, time zone) kept in localStorage; a storage that is unavailable or full
// only means the preference is not remembered.
const PREFIX = 'trailview.';

export function loadPreference(name: string): string | null {
  try {
    return globalThis.localStorage?.getItem(PREFIX + name) ?? null;
  } catch {
    return null;
  }
}

export function savePreference(name: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(PREFIX + name, value);
  } catch {
    // not remembered; nothing else depends on it
  }
}
