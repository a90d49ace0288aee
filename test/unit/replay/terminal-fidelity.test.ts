// The faithful terminal at every record: a crafted session with a UTF-8 character split across two
// records, invalid bytes, colours, an escape sequence split across records, a resize, the alternate
// screen, a scroll region and a saved cursor — a keyframe after every record, and restoring any of
// them plus the rest gives the linear screen; invalid bytes are on screen as U+FFFD.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrailEvent } from '../../../electron/core/records.js';
import { formatTimestamp } from '../../../electron/core/timestamp.js';
import { DEFAULT_COLS, DEFAULT_ROWS } from '../../../electron/core/replay/terminal-options.js';
import { buildKeyframes } from '../../../electron/services/replay/build-keyframes.js';
import { recordsSize } from '../../../electron/services/replay/record-lines.js';
import { ReplayTerminal } from '../../../electron/services/replay/replay-terminal.js';
import { applyFrame, frameAt } from '../../../electron/services/replay/seek.js';
import { sealBundle } from '../../../electron/services/seal/seal-bundle.js';
import { sampleSigner, sourced, tempDir } from '../../helpers/bundles.js';
import { describeDifference, dumpScreen, viewportText } from '../../helpers/terminal-cells.js';

const T0 = Date.UTC(2025, 0, 2, 3, 4, 5) * 1000;
const S = 'crafted-1';

function events(): TrailEvent[] {
  let n = 0;
  const ts = (): string => formatTimestamp(T0 + 1_000_000 * n++);
  const out = (bytes: number[] | string): TrailEvent =>
    typeof bytes === 'string' ? { ts: ts(), type: 'out', session: S, text: bytes } : { ts: ts(), type: 'out', session: S, b64: Buffer.from(bytes).toString('base64') };
  const euro = [...Buffer.from('€', 'utf8')];
  return [
    { ts: ts(), type: 'session.start', session: S, user: 'u', host: 'h', tty: null, term: 'xterm-256color', cols: 30, rows: 8, recorder: { name: 'test', format: 'test' } },
    out('\x1b[1;31mred bold\x1b[0m plain \x1b[38;2;10;200;30mrgb\x1b[0m\r\n'),
    out([0x70, 0x72, 0x69, 0x63, 0x65, 0x20, ...euro.slice(0, 2)]),
    out([...euro.slice(2), 0x20, 0xff, 0xfe, 0x20, 0x6f, 0x6b, 0x0d, 0x0a]),
    out('\x1b[4'),
    out('mund\x1b[24mer\r\n'),
    { ts: ts(), type: 'resize', session: S, cols: 40, rows: 10 },
    out('\x1b7\x1b[3;6r\x1b[6;1Hscroll 1\r\nscroll 2\r\nscroll 3\r\n\x1b[r\x1b8saved'),
    out('\x1b[?1049h\x1b[H\x1b[7m full screen \x1b[0m\x1b[5;5H\x1b(0lqqk\x1b(B'),
    out('\x1b[2mdim\x1b[22m\x1b[1mbold'),
    out('\x1b[?1049l after alt'),
    out('x'.repeat(45)),
    { ts: ts(), type: 'session.end', session: S, exitStatus: 0 },
  ];
}

describe('faithful terminal across keyframes', () => {
  it('every moment of a crafted session, with a keyframe after every record', async () => {
    const dir = await tempDir('tv-fidelity-');
    const bundle = path.join(dir, 'crafted.trail');
    await sealBundle({ out: bundle, origin: 'test/fidelity', signers: [await sampleSigner()], events: sourced(events()), createdAt: '2025-01-02T00:00:00.000000Z', bundleId: 'fidelity' });
    const index = await buildKeyframes({ bundlePath: bundle, evidenceSha256: 'z'.repeat(64), recordsBytes: await recordsSize(bundle), outputBytes: 1 });
    const s = index.sessions.find((x) => x.session === S);
    if (s === undefined) throw new Error('session missing');
    // One keyframe per record with output, except inside the split escape sequence (ESC [ 4 | m).
    expect(s.keyframes.filter((k) => k.state !== '').length).toBeGreaterThanOrEqual(8);
    let previous: ReplayTerminal | null = null;
    for (let i = 0; i <= 13; i++) {
      const t = T0 + i * 1_000_000;
      const restored = new ReplayTerminal(DEFAULT_COLS, DEFAULT_ROWS);
      // Reference: the frame from the very first keyframe (the empty start), i.e. a linear feed.
      const linear = new ReplayTerminal(DEFAULT_COLS, DEFAULT_ROWS);
      try {
        await applyFrame(restored, await frameAt({ bundlePath: bundle, keyframes: s }, t));
        await applyFrame(linear, await frameAt({ bundlePath: bundle, keyframes: { ...s, keyframes: s.keyframes.slice(0, 1) } }, t));
        expect(describeDifference(dumpScreen(restored.term, 10), dumpScreen(linear.term, 10)), `at record ${i}`).toBe('');
        if (i === 3) {
          // The split euro sign is whole, and the two invalid bytes are each shown as U+FFFD.
          expect(viewportText(restored.term)).toContain('price € \uFFFD\uFFFD ok');
        }
        if (i === 6) expect(restored.term.cols).toBe(40);
        if (i === 9) expect(restored.term.buffer.active.type).toBe('alternate');
      } finally {
        previous?.dispose();
        previous = restored;
        linear.dispose();
      }
    }
    previous?.dispose();
  }, 60_000);
});
