// Ctrl/Cmd+K: every action of the app, with its shortcut, filterable by typing.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AppAction } from './app-context.js';
import { filterActions } from './palette-filter.js';
import { formatShortcut } from './shortcuts.js';
import { useRestoreFocus } from '../ui/use-modal-focus.js';

export interface CommandPaletteProps {
  actions: readonly AppAction[];
  mac: boolean;
  onClose(): void;
}

export function CommandPalette({ actions, mac, onClose }: Readonly<CommandPaletteProps>) {
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  useRestoreFocus();
  const shown = useMemo(() => filterActions(actions, query), [actions, query]);
  const index = Math.min(selected, Math.max(0, shown.length - 1));

  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest' });
  }, [index]);

  const run = (action: AppAction | undefined) => {
    if (action === undefined || action.enabled === false) return;
    onClose();
    action.run();
  };

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog palette" role="dialog" aria-modal="true" aria-label="Command palette">
        <input
          autoFocus
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={shown[index] === undefined ? undefined : `palette-${shown[index].id}`}
          placeholder="Type a command…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setSelected(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setSelected(Math.min(index + 1, shown.length - 1));
            else if (e.key === 'ArrowUp') setSelected(Math.max(index - 1, 0));
            else if (e.key === 'Enter') run(shown[index]);
            else if (e.key === 'Escape' || e.key === 'Tab') onClose();
            else return;
            e.preventDefault();
          }}
        />
        <ul id="palette-list" role="listbox" ref={listRef} aria-label="Commands">
          {shown.map((action, i) => (
            <li
              key={action.id}
              id={`palette-${action.id}`}
              role="option"
              aria-selected={i === index}
              aria-disabled={action.enabled === false}
              onMouseMove={() => setSelected(i)}
              onClick={() => run(action)}
            >
              <span className="group">{action.group}</span>
              <span className="grow">{action.title}</span>
              {action.shortcut !== undefined && <kbd>{formatShortcut(action.shortcut, mac)}</kbd>}
            </li>
          ))}
          {shown.length === 0 && <li className="muted">No command matches.</li>}
        </ul>
      </div>
    </div>
  );
}
