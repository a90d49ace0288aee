// The handler table: one entry per contract call, merged from the areas' files. Typed ApiHandlers,
// so tsc refuses the table when a call of the contract has no handler.
//
// Adding an area (replay, findings, report, flags...): write handlers/<area>.ts exporting
//   export const <area>Handlers: AreaHandlers<'<area>.verb' | ...> = { '<area>.verb': { parse, run } };
// (parse validates with RequestReader; run gets the ApiSession), add the calls to the contract
// (electron/core/api/contract.ts: ApiCalls and API_CALLS), and spread it into HANDLERS below:
// one import line and one line in the table.
import type { ApiHandlers } from '../handler-types.js';
import { appHandlers } from './app.js';
import { caseHandlers } from './case.js';
import { findingsHandlers } from './findings.js';
import { flagsHandlers } from './flags.js';
import { importHandlers } from './import.js';
import { replayHandlers } from './replay.js';
import { reportHandlers } from './report.js';
import { searchHandlers } from './search.js';
import { sessionHandlers } from './sessions.js';
import { trustHandlers } from './trust.js';

export const HANDLERS: ApiHandlers = {
  ...appHandlers,
  ...caseHandlers,
  ...sessionHandlers,
  ...searchHandlers,
  ...importHandlers,
  ...replayHandlers,
  ...trustHandlers,
  ...findingsHandlers,
  ...flagsHandlers,
  ...reportHandlers,
};
