import type { ViewDef } from '../app/view-def.js';
import { FlagsViewScreen } from './FlagsViewScreen.js';

export const flagsViewDef: ViewDef = { id: 'flags', title: 'Flags', glyph: '⚐', needsCase: true, component: FlagsViewScreen };
