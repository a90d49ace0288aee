// `npm run bench`: every benchmark, with figures and ratios against baselines measured in the same
// run. Select with BENCH_ONLY=verify,import (default: all). Data is cached in .cache/bench/.
import { benchAnalyze } from './analyze-bench.js';
import { formatResults, type BenchResult } from './bench-result.js';
import { benchCaseImport } from './case-import-bench.js';
import { benchImportFormats } from './import-formats.js';
import { benchReplay } from './replay-bench.js';
import { benchReport } from './report-bench.js';
import { benchScreenText } from './screen-bench.js';
import { benchSearch } from './search-bench.js';
import { benchServe } from './serve-bench.js';
import { benchVerify } from './verify-bench.js';

const SUITES: Record<string, (log: (line: string) => void) => Promise<BenchResult[]>> = {
  verify: benchVerify,
  import: benchImportFormats,
  screen: benchScreenText,
  search: benchSearch,
  case: benchCaseImport,
  analyze: benchAnalyze,
  replay: benchReplay,
  serve: benchServe,
  report: benchReport,
};

const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
const all: BenchResult[] = [];
for (const [name, suite] of Object.entries(SUITES)) {
  if (only !== undefined && !only.includes(name)) continue;
  log(`== ${name}`);
  all.push(...(await suite(log)));
}
process.stdout.write(`\n${formatResults(all)}\n`);
