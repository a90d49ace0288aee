// The replay view's panes and moment survive switching to another view and back (a search, the
// sessions list): kept here for the page's lifetime, like the search view's last query.

export interface ReplayMemory {
  panes: number[];
  wallUs: number | null;
}

let memory: ReplayMemory = { panes: [], wallUs: null };

export function rememberReplay(next: ReplayMemory): void {
  memory = { panes: [...next.panes], wallUs: next.wallUs };
}

export function recalledReplay(): ReplayMemory {
  return { panes: [...memory.panes], wallUs: memory.wallUs };
}
