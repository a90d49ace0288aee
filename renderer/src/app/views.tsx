// The views of the app, in sidebar order. Each view module exports one ViewDef; to add a view,
// import it and add it to the list (one line each):
//
//   Replay + Timeline (engineer D): renderer/src/replay/  — set `opensSessionMoments: true` on the
//                                    replay view, and search hits/findings open sessions there.
//   Findings (engineer E):          renderer/src/findings/
//   Flags (engineer F):             renderer/src/flags/
//
// Shortcuts Mod+1…Mod+9 follow this order unless a view sets its own.
import type { ViewDef } from './view-def.js';
import { caseViewDef } from '../case/case-view-def.js';
import { sessionsViewDef } from '../sessions/sessions-view-def.js';
import { searchViewDef } from '../search/search-view-def.js';
import { trustViewDef } from '../trust/trust-view-def.js';
import { replayViewDef } from '../replay/replay-view-def.js';
import { findingsViewDef } from '../findings/findings-view-def.js';
import { flagsViewDef } from '../flags/flags-view-def.js';

export type { ViewDef, ViewProps } from './view-def.js';
export { sessionOpenerView } from './view-def.js';

export const VIEWS: readonly ViewDef[] = [
  caseViewDef,
  sessionsViewDef,
  searchViewDef,
  replayViewDef,
  findingsViewDef,
  flagsViewDef,
  trustViewDef,
];

/** The shortcut of a view: its own, else Mod+<position> for the first nine. */
export function viewShortcut(views: readonly ViewDef[], view: ViewDef): string | undefined {
  if (view.shortcut !== undefined) return view.shortcut;
  const index = views.indexOf(view);
  return index >= 0 && index < 9 ? `Mod+${index + 1}` : undefined;
}
