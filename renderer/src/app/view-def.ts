// The shape of one view of the app (sidebar entry + content). See views.tsx for the list.
import type { ComponentType } from 'react';
import type { RouteParams } from './app-context.js';

export interface ViewProps {
  /** Route parameters, e.g. `{ sessionId, tsUs, commandId }` when a session moment was opened. */
  params: RouteParams;
}

export interface ViewDef {
  /** Route id, e.g. `sessions`; also the `data-view` attribute of the view's root. */
  id: string;
  /** Sidebar and palette label. */
  title: string;
  /** One or two characters shown in the sidebar's icon slot. */
  glyph: string;
  /** Keyboard shortcut that shows the view, e.g. `Mod+2` (shortcuts.ts). */
  shortcut?: string;
  /** Without an open case the view is replaced by the case start page. */
  needsCase: boolean;
  component: ComponentType<ViewProps>;
  /**
   * This view shows a session at a moment (search hits, findings and flags open it). The last view
   * in the list that sets it wins: the replay view, or the sessions view without it.
   */
  opensSessionMoments?: boolean;
}

/** The id of the view that opens session moments: the last one that says it does. */
export function sessionOpenerView(views: readonly ViewDef[]): string {
  for (let i = views.length - 1; i >= 0; i--) {
    const view = views[i];
    if (view?.opensSessionMoments === true) return view.id;
  }
  return 'sessions';
}
