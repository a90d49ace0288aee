// A signed bundle whose evidence text attacks the viewer: HTML that would run script if it were
// ever parsed as markup, terminal escape sequences (colours, clear screen, a window title), a
// right-to-left override, in commands, screen output, user and host names — and in the file name.
import path from 'node:path';
import type { TrailEvent } from '../../electron/core/records.js';
import { sealBundle } from '../../electron/services/seal/seal-bundle.js';
import { sampleSigner, sourced } from '../helpers/bundles.js';

export const HOSTILE = {
  fileName: '<img src=x onerror=alert(1)>.trail',
  user: 'eve<b>bold</b>',
  host: 'web-<i>1</i>',
  img: `echo <img src=x onerror="window.__pwned='img'">`,
  script: `<script>window.__pwned='script'</script>`,
  escapes: 'printf \u001b[31mRED\u001b[0m \u001b]0;evil title\u0007 \u202egnp.exe',
} as const;

export async function hostileBundle(dir: string): Promise<string> {
  const session = 'web-1-pts-9-eve-1';
  const t = (s: number) => `2024-11-21T05:00:${String(s).padStart(2, '0')}.000000Z`;
  const events: TrailEvent[] = [
    {
      ts: t(0),
      type: 'session.start',
      session,
      user: HOSTILE.user,
      host: HOSTILE.host,
      tty: '/dev/pts/9',
      term: 'xterm-256color',
      cols: 120,
      rows: 40,
      recorder: { name: 'trailview-e2e', format: 'test' },
    },
    { ts: t(1), type: 'out', session, text: '\u001b[2J\u001b[Heve@web-1:~$ ' },
    { ts: t(2), type: 'cmd', session, text: HOSTILE.img, source: 'keystrokes', confidence: 1 },
    { ts: t(3), type: 'out', session, text: `${HOSTILE.img}\r\n<img src=x onerror="window.__pwned='out'">\r\n` },
    { ts: t(4), type: 'cmd', session, text: HOSTILE.script, source: 'keystrokes', confidence: 1 },
    { ts: t(5), type: 'out', session, text: `${HOSTILE.script}\r\n` },
    { ts: t(6), type: 'cmd', session, text: HOSTILE.escapes, source: 'keystrokes', confidence: 1 },
    { ts: t(7), type: 'out', session, text: '\u001b[31mRED\u001b[0m \u001b]0;evil title\u0007\r\n' },
    { ts: t(8), type: 'session.end', session, exitStatus: 0 },
  ];
  const out = path.join(dir, HOSTILE.fileName);
  await sealBundle({ out, origin: 'e2e.example/hostile', signers: [await sampleSigner()], events: sourced(events), createdAt: '2024-11-22T00:00:00.000000Z', bundleId: 'e2e-hostile' });
  return out;
}
