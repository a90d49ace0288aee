// "Copy link to this moment": the URL hash `#replay?s=12,14&t=1733019267148671` names the panes (in
// order) and the wall-clock moment (µs); opening it restores both.

export interface ReplayLink {
  sessionIds: number[];
  tsUs: number | null;
}

export function formatReplayHash(link: ReplayLink): string {
  const params = new URLSearchParams();
  params.set('s', link.sessionIds.join(','));
  if (link.tsUs !== null) params.set('t', String(Math.round(link.tsUs)));
  return `#replay?${params.toString().replace(/%2C/g, ',')}`;
}

/** The link in a hash, or null when the hash is not a replay link (or names no valid session). */
export function parseReplayHash(hash: string): ReplayLink | null {
  if (!hash.startsWith('#replay?')) return null;
  const params = new URLSearchParams(hash.slice('#replay?'.length));
  const sessionIds = (params.get('s') ?? '')
    .split(',')
    .map((s) => Number(s))
    .filter((n) => Number.isSafeInteger(n) && n > 0)
    .slice(0, 4);
  if (sessionIds.length === 0) return null;
  const t = Number(params.get('t'));
  return { sessionIds, tsUs: params.has('t') && Number.isSafeInteger(t) && t >= 0 ? t : null };
}
