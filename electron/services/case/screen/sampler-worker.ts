// Worker thread of the threaded screen sampler (sampler-thread.ts): rebuilds each record from its
// batch, pushes it to a ScreenSampler with the time the import parsed, and answers each batch with
// the samples completed meanwhile. Batches are handled strictly one after the other.
import { parentPort, workerData } from 'node:worker_threads';
import type { TrailEvent } from '../../../core/records.js';
import { EVENT_CODES, OUT_B64, type FromSampler, type SamplerBatch, type ToSampler } from './sampler-thread.js';
import { ScreenSampler, type ScreenSample, type ScreenSamplerOptions } from './screen-sampler.js';

const sampler = new ScreenSampler(workerData as ScreenSamplerOptions);
let queue: Promise<void> = Promise.resolve();
let failed = false;

function post(message: FromSampler): void {
  parentPort?.postMessage(message);
}

async function run(batch: SamplerBatch): Promise<ScreenSample[]> {
  const samples: ScreenSample[] = [];
  let output = 0;
  for (let i = 0; i < batch.count; i++) {
    const code = batch.types[i] as number;
    const session = batch.names[batch.sessions[i] as number] as string;
    const us = batch.us[i] as number;
    // `ts` is not read: the time comes with the record (ScreenSampler.push's `us`).
    let event: Record<string, unknown>;
    if (code === OUT_B64) event = { ts: '', type: 'out', session, b64: batch.outputs[output++] };
    else {
      const type = EVENT_CODES[code] ?? 'other';
      event = { ts: '', type, session };
      if (type === 'out') event.text = batch.outputs[output++];
      else if (type === 'session.start' || type === 'resize') {
        event.cols = batch.sizes[2 * i] || null;
        event.rows = batch.sizes[2 * i + 1] || null;
      }
    }
    const ready = await sampler.push(event as unknown as TrailEvent, us);
    for (const sample of ready) samples.push(sample);
  }
  return samples;
}

parentPort?.on('message', (message: ToSampler) => {
  queue = queue.then(async () => {
    if (failed) return;
    try {
      if (message.kind === 'batch') post({ kind: 'samples', batch: message.batch.id, samples: await run(message.batch) });
      else post({ kind: 'ended', samples: await sampler.end() });
    } catch (error) {
      failed = true;
      post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  });
});
