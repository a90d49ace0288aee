import type { ViewDef } from '../app/view-def.js';
import { SessionsViewScreen } from './SessionsViewScreen.js';

export const sessionsViewDef: ViewDef = { id: 'sessions', title: 'Sessions', glyph: '☰', needsCase: true, component: SessionsViewScreen, opensSessionMoments: true };
