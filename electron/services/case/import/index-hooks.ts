// The two pieces of the index phase that other modules provide, loaded when present:
//   - search/search-index.ts `updateSearchIndex(db)`: fills the full-text tables (migration 002)
//     from the commands and screen_text rows just inserted into a shard;
//   - case/screen/screen-sampler.ts `ScreenSampler`: what the terminal showed, sampled per command
//     and at intervals, for the screen_text table.
// They are resolved at run time beside this module so the import builds and runs before they
// land; once a module exists, a failure to load it fails the import (an index silently missing
// its full-text part would be worse than no import).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from 'sql.js';
import type { TrailEvent } from '../../../core/records.js';

export interface ScreenSampleLike {
  session: string;
  tsUs: number;
  reason: string;
  text: string;
}

export interface ScreenSamplerLike {
  /** `us`: the record's time, as the index parsed it from `ts`. */
  push(event: TrailEvent, us: number): Promise<ScreenSampleLike[]>;
  end(): Promise<ScreenSampleLike[]>;
  /** Lets go of what the sampler holds (its thread) when the index stops early. */
  dispose?(): Promise<void>;
}

export interface IndexHooks {
  /** SEARCH INDEX HOOK: called once per shard, inside its transaction, after all rows are inserted. */
  updateSearchIndex: ((db: Database) => void) | null;
  /** SCREEN SAMPLER HOOK: one sampler per evidence item, fed every record in order. */
  createSampler: (() => ScreenSamplerLike) | null;
}

const SEARCH_INDEX = '../../search/search-index';
const SCREEN_SAMPLER = '../screen/screen-sampler';
const SAMPLER_THREAD = '../screen/sampler-thread';

async function importBeside(relative: string): Promise<Record<string, unknown> | null> {
  for (const ext of ['.js', '.ts']) {
    const url = new URL(`${relative}${ext}`, import.meta.url);
    if (!existsSync(fileURLToPath(url))) continue;
    try {
      return (await import(url.href)) as Record<string, unknown>;
    } catch (error) {
      // A .ts file only loads under a TypeScript-aware runner (tests); plain Node uses the .js.
      if (ext === '.ts') return null;
      throw new Error(`cannot load ${fileURLToPath(url)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  return null;
}

let loaded: Promise<IndexHooks> | null = null;

export function loadIndexHooks(): Promise<IndexHooks> {
  loaded ??= (async (): Promise<IndexHooks> => {
    const search = await importBeside(SEARCH_INDEX);
    const screen = await importBeside(SCREEN_SAMPLER);
    const thread = await importBeside(SAMPLER_THREAD);
    const update = search?.updateSearchIndex;
    // The sampler runs on its own thread when its worker is built (sampler-thread.ts), else here.
    const threaded = typeof thread?.samplerThreadAvailable === 'function' && (thread.samplerThreadAvailable as () => boolean)();
    const Sampler = threaded ? thread?.ThreadedScreenSampler : screen?.ScreenSampler;
    return {
      updateSearchIndex: typeof update === 'function' ? (db: Database) => void (update as (db: Database) => unknown)(db) : null,
      createSampler: typeof Sampler === 'function' ? () => new (Sampler as new () => ScreenSamplerLike)() : null,
    };
  })();
  return loaded;
}
