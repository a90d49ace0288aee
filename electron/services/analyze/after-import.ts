// The analysis that runs after each import (import-evidence.ts calls it once the import is
// committed): every analyzer, with the rules the case remembers. The import stands whatever
// happens here; a failure is recorded in the activity log (`flags.analysis-failed`) and returned.
import type { CaseHandle } from '../case/case.js';
import { analyzeCase, type AnalyzeResult } from './analyze-case.js';

export async function analyzeAfterImport(handle: CaseHandle): Promise<AnalyzeResult | { error: string }> {
  try {
    return await analyzeCase(handle, { trigger: 'import' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await handle.appendActivity('flags.analysis-failed', { trigger: 'import', message }).catch(() => undefined);
    return { error: message };
  }
}
