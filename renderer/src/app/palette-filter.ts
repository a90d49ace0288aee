// Palette matching: every typed word must start a word of the title (or its group), so `imp ev`
// finds `Import evidence…`; earlier and tighter matches first, then the original order.
import type { AppAction } from './app-context.js';

export function filterActions(actions: readonly AppAction[], query: string): AppAction[] {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return [...actions];
  const scored: Array<{ action: AppAction; score: number; index: number }> = [];
  actions.forEach((action, index) => {
    const title = action.title.toLowerCase();
    const titleWords = `${title} ${action.group.toLowerCase()}`.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
    let score = 0;
    for (const word of words) {
      const at = titleWords.findIndex((t) => t.startsWith(word));
      if (at < 0) {
        if (!title.includes(word)) return;
        score += 50;
      } else score += at;
    }
    scored.push({ action, score, index });
  });
  return scored.sort((a, b) => a.score - b.score || a.index - b.index).map((s) => s.action);
}
