// A virtualised, keyboard-driven list (@tanstack/react-virtual): only the rows in view are in the
// DOM, so 10,000+ sessions or hits scroll smoothly. Arrow keys, j/k, Page Up/Down, Home/End move
// the selection; Enter activates it.
import { useEffect, useRef, type CSSProperties, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { nextIndex } from './list-keys.js';

export interface VirtualListProps<T> {
  items: readonly T[];
  label: string;
  rowHeight: number;
  selected: number;
  onSelect(index: number): void;
  onActivate?(index: number): void;
  /** Shift+Enter: the second way to open an item (e.g. a search hit in the session's command list). */
  onActivateAlt?(index: number): void;
  getKey(item: T, index: number): string | number;
  renderRow(item: T, index: number): ReactNode;
  /** Grid columns shared by the header and the rows. */
  columns?: string;
  header?: ReactNode;
  empty?: ReactNode;
  testId?: string;
  /**
   * The table's least width in px (its fixed columns): narrower, header and rows scroll sideways
   * together. Without it, rows fit the width.
   */
  minWidth?: number;
  /** Scroll this index into view when it changes (e.g. the command a search hit opened). */
  scrollTo?: number | null;
}

export function VirtualList<T>(props: Readonly<VirtualListProps<T>>) {
  const { items, rowHeight, selected, onSelect, onActivate, columns } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    // jsdom (component tests) has no layout: start from a plausible viewport.
    initialRect: { width: 1000, height: 600 },
  });

  useEffect(() => {
    if (props.scrollTo !== undefined && props.scrollTo !== null && props.scrollTo >= 0 && props.scrollTo < items.length) virtualizer.scrollToIndex(props.scrollTo, { align: 'center' });
  }, [props.scrollTo, items.length, virtualizer]);

  const gridStyle: CSSProperties | undefined = columns === undefined ? undefined : { gridTemplateColumns: columns };
  const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / rowHeight) - 1);

  return (
    <div className={`vtable${props.minWidth !== undefined ? ' wide' : ''}`} data-testid={props.testId}>
      {/* The header is outside the listbox (it holds buttons, not options); in a wide table both
          scroll sideways together inside .vtable. */}
      {props.header !== undefined && (
        <div className="vhead" style={{ ...gridStyle, minWidth: props.minWidth }}>
          {props.header}
        </div>
      )}
      <div
        ref={scrollRef}
        className="vscroll"
        style={{ minWidth: props.minWidth }}
        tabIndex={0}
        role="listbox"
        aria-label={props.label}
        aria-activedescendant={selected >= 0 && selected < items.length ? `${props.testId ?? 'vlist'}-row-${selected}` : undefined}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && selected >= 0 && selected < items.length) {
            const open = e.shiftKey ? props.onActivateAlt : onActivate;
            if (open === undefined) return;
            e.preventDefault();
            open(selected);
            return;
          }
          const next = nextIndex(e.key, selected, items.length, page);
          if (next === null || e.ctrlKey || e.metaKey || e.altKey) return;
          e.preventDefault();
          onSelect(next);
          virtualizer.scrollToIndex(next, { align: 'auto' });
        }}
      >
        {items.length === 0 ? (
          (props.empty ?? <div className="empty">Nothing to show.</div>)
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((v) => {
              const item = items[v.index];
              if (item === undefined) return null;
              return (
                <div
                  key={props.getKey(item, v.index)}
                  id={`${props.testId ?? 'vlist'}-row-${v.index}`}
                  className="vrow"
                  role="option"
                  aria-selected={v.index === selected}
                  style={{ ...gridStyle, top: v.start, height: rowHeight }}
                  onClick={() => onSelect(v.index)}
                  onDoubleClick={() => onActivate?.(v.index)}
                >
                  {props.renderRow(item, v.index)}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
