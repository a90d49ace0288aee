import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TrailEvent } from '../../../electron/core/records.js';
import { eventProblems } from '../../../electron/core/record-schema.js';
import { extractCommands } from '../../../electron/services/importers/commands/extract.js';
import { castEvents, collect, fixture, fromArray, rng } from './tmux-history-helpers.js';

const password = readFileSync(fixture('keystrokes', 'password.txt'), 'utf8').trim();

/** Seeded damage to an event stream: dropped, duplicated, split and garbled events, odd resizes. */
function mutateEvents(events: TrailEvent[], seed: number): TrailEvent[] {
  const random = rng(seed);
  const out: TrailEvent[] = [];
  for (const event of events) {
    const r = random();
    if (event.type === 'session.start') {
      out.push(event);
      continue;
    }
    if (r < 0.03) continue; // dropped
    if ((event.type === 'out' || event.type === 'in') && typeof event.text === 'string') {
      if (r < 0.06) {
        const at = Math.floor(random() * (event.text.length + 1));
        out.push({ ...event, text: event.text.slice(0, at) }, { ...event, text: event.text.slice(at) });
        continue;
      }
      if (r < 0.08) {
        const junk = Array.from({ length: 1 + Math.floor(random() * 12) }, () => String.fromCharCode(Math.floor(random() * 0x3000))).join('');
        out.push({ ...event, text: event.text + junk });
        continue;
      }
      if (r < 0.09) {
        out.push({ ...event, text: '\x1b[?1049h' + event.text });
        continue;
      }
    }
    if (r < 0.1) out.push({ ts: event.ts, type: 'resize', session: event.session, cols: Math.floor(random() * 300), rows: Math.floor(random() * 80) });
    out.push(event);
    if (r > 0.98) out.push(event); // duplicated
  }
  return out;
}

describe('command extraction fuzz', () => {
  it('terminates quickly on 200 seeded mutations of a real keystroke recording, passes events through, leaks no password', async () => {
    const [input, output] = [castEvents(fixture('keystrokes', 'session.cast')), castEvents(fixture('keystrokes', 'session.cast'), { input: false })];
    const started = Date.now();
    for (let seed = 1; seed <= 200; seed++) {
      const events = mutateEvents(seed % 2 === 0 ? input : output, seed);
      const result = await collect(extractCommands(fromArray(events)));
      expect(result.filter((e) => e.type !== 'cmd'), `seed ${seed}`).toEqual(events);
      for (const cmd of result.filter((e) => e.type === 'cmd')) {
        expect(eventProblems(cmd), `seed ${seed}`).toEqual([]);
        expect((cmd as { text: string }).text, `seed ${seed}`).not.toContain(password);
      }
    }
    expect(Date.now() - started).toBeLessThan(45_000);
  });
});
