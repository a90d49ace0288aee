import type { ViewDef } from '../app/view-def.js';
import { FindingsViewScreen } from './FindingsViewScreen.js';

export const findingsViewDef: ViewDef = { id: 'findings', title: 'Findings', glyph: '⚑', needsCase: true, component: FindingsViewScreen };
