import type { ViewDef } from '../app/view-def.js';
import { TrustViewScreen } from './TrustViewScreen.js';

export const trustViewDef: ViewDef = { id: 'trust', title: 'Trust', glyph: '◇', needsCase: false, component: TrustViewScreen };
