import type { ViewDef } from '../app/view-def.js';
import { ReplayViewScreen } from './ReplayViewScreen.js';

/** Replay + timeline (issue 6): opens session moments (search hits, findings, flags). */
export const replayViewDef: ViewDef = { id: 'replay', title: 'Replay', glyph: '▶', needsCase: true, component: ReplayViewScreen, opensSessionMoments: true };
