// Mark in / mark out in the replay view: two moments of one session (the pane in use) that become
// a finding's session range. Marking on another session starts over there. Pure.

export interface Marks {
  sessionId: number;
  inUs: number | null;
  outUs: number | null;
}

export function markIn(marks: Marks | null, sessionId: number, tsUs: number): Marks {
  return { sessionId, inUs: tsUs, outUs: marks?.sessionId === sessionId ? marks.outUs : null };
}

export function markOut(marks: Marks | null, sessionId: number, tsUs: number): Marks {
  return { sessionId, inUs: marks?.sessionId === sessionId ? marks.inUs : null, outUs: tsUs };
}

/** The marked range in order (out before in is taken as the reviewer meant), or null until both are set. */
export function marksRange(marks: Marks | null): { sessionId: number; fromUs: number; toUs: number } | null {
  if (marks === null || marks.inUs === null || marks.outUs === null) return null;
  return { sessionId: marks.sessionId, fromUs: Math.min(marks.inUs, marks.outUs), toUs: Math.max(marks.inUs, marks.outUs) };
}
