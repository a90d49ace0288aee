// The sidebar: one entry per view (views.tsx), with its shortcut; views that need a case are
// disabled until one is open.
import type { ViewDef } from './views.js';
import { viewShortcut } from './views.js';
import { formatShortcut } from './shortcuts.js';

export interface SidebarProps {
  views: readonly ViewDef[];
  current: string;
  hasCase: boolean;
  mac: boolean;
  onNavigate(view: string): void;
  onPalette(): void;
}

export function Sidebar({ views, current, hasCase, mac, onNavigate, onPalette }: Readonly<SidebarProps>) {
  return (
    <nav className="sidebar" aria-label="Views">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          T
        </span>
        Trailview
      </div>
      <div className="nav">
        {views.map((view) => {
          const shortcut = viewShortcut(views, view);
          return (
            <button
              key={view.id}
              type="button"
              className="nav-item"
              aria-current={view.id === current ? 'page' : undefined}
              disabled={view.needsCase && !hasCase}
              onClick={() => onNavigate(view.id)}
              data-nav={view.id}
            >
              <span className="nav-glyph" aria-hidden="true">
                {view.glyph}
              </span>
              {view.title}
              {shortcut !== undefined && <span className="nav-key">{formatShortcut(shortcut, mac)}</span>}
            </button>
          );
        })}
      </div>
      <div className="sidebar-foot">
        <button type="button" className="nav-item" onClick={onPalette}>
          <span className="nav-glyph" aria-hidden="true">
            ⌘
          </span>
          Commands
          <span className="nav-key">{formatShortcut('Mod+K', mac)}</span>
        </button>
      </div>
    </nav>
  );
}
