import type { ViewDef } from '../app/view-def.js';
import { SearchViewScreen } from './SearchViewScreen.js';

export const searchViewDef: ViewDef = { id: 'search', title: 'Search', glyph: '⌕', needsCase: true, component: SearchViewScreen };
