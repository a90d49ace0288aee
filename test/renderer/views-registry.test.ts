import { describe, expect, it } from 'vitest';
import { sessionOpenerView, type ViewDef } from '../../renderer/src/app/view-def.js';
import { VIEWS, viewShortcut } from '../../renderer/src/app/views.js';

const view = (id: string, fields: Partial<ViewDef> = {}): ViewDef => ({ id, title: id, glyph: '·', needsCase: true, component: () => null, ...fields });

describe('views registry', () => {
  it('has the issue 5 views, unique ids, Case first', () => {
    const ids = VIEWS.map((v) => v.id);
    expect(ids[0]).toBe('case');
    for (const id of ['case', 'sessions', 'search', 'trust']) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('opens session moments in the last view that says it can (replay, once it is added)', () => {
    expect(sessionOpenerView(VIEWS)).toBe(VIEWS.filter((v) => v.opensSessionMoments === true).at(-1)?.id);
    expect(sessionOpenerView([view('sessions', { opensSessionMoments: true }), view('replay', { opensSessionMoments: true }), view('flags')])).toBe('replay');
    expect(sessionOpenerView([view('case')])).toBe('sessions');
  });

  it('gives the first nine views Mod+position unless they set their own', () => {
    const views = [view('a'), view('b', { shortcut: 'Mod+Shift+B' }), view('c')];
    expect(views.map((v) => viewShortcut(views, v))).toEqual(['Mod+1', 'Mod+Shift+B', 'Mod+3']);
    const many = Array.from({ length: 10 }, (_, i) => view(`v${i}`));
    expect(viewShortcut(many, many[9]!)).toBeUndefined();
  });
});
