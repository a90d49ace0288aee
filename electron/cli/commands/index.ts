// The list of subcommands, in the order `trailview --help` shows them.
import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { registerAnalyze } from './analyze.js';
import { registerCase } from './case.js';
import { registerCheckpoint } from './checkpoint.js';
import { registerDemo } from './demo.js';
import { registerExport } from './export.js';
import { registerFinding } from './finding.js';
import { registerInspect } from './inspect.js';
import { registerKeygen } from './keygen.js';
import { registerKeys } from './keys.js';
import { registerProve } from './prove.js';
import { registerReport } from './report.js';
import { registerSeal } from './seal.js';
import { registerServe } from './serve.js';
import { registerSearch } from './search.js';
import { registerTmuxHooks } from './tmux-hooks.js';
import { registerVerify } from './verify.js';
import { registerVerifyReport } from './verify-report.js';

export type RegisterCommand = (program: Command, ctx: CommandContext) => void;

export const COMMANDS: RegisterCommand[] = [
  registerVerify,
  registerSeal,
  registerDemo,
  registerKeygen,
  registerKeys,
  registerProve,
  registerCheckpoint,
  registerTmuxHooks,
  registerInspect,
  registerExport,
  registerCase,
  registerSearch,
  registerAnalyze,
  registerServe,
  registerFinding,
  registerReport,
  registerVerifyReport,
];
