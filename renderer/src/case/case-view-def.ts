import type { ViewDef } from '../app/view-def.js';
import { CaseViewScreen } from './CaseViewScreen.js';

export const caseViewDef: ViewDef = { id: 'case', title: 'Case', glyph: '▤', needsCase: false, component: CaseViewScreen };
