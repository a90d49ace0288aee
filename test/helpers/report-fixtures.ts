// Cases for the findings and report tests: a demo incident imported into a fresh case, and a small
// hand-written session full of secrets (sealed with the sample key) for the redaction tests.
import path from 'node:path';
import type { TrailEvent } from '../../electron/core/records.js';
import { resourcePath, SAMPLE_VKEY } from '../../electron/services/resources.js';
import { sealBundle } from '../../electron/services/seal/seal-bundle.js';
import { sampleSigner, sourced, tempDir } from './bundles.js';
import { demoBundle } from './case-fixtures.js';
import { runCli } from './cli.js';

export const TRUST = ['--trust', resourcePath(...SAMPLE_VKEY)];

/** A new case holding `bundles`, imported with the sample key trusted. */
export async function caseWith(bundles: readonly string[], name = 'Report test'): Promise<string> {
  const dir = path.join(await tempDir('tv-report-'), 'case');
  const created = await runCli(['case', 'new', dir, '--name', name, '--examiner', 'Erin Examiner']);
  if (created.code !== 0) throw new Error(`case new failed: ${created.stderr}`);
  const imported = await runCli(['case', 'import', dir, ...bundles, ...TRUST]);
  if (imported.code !== 0) throw new Error(`case import failed: ${imported.stderr}`);
  return dir;
}

export async function demoCase(seed = 7): Promise<string> {
  return caseWith([await demoBundle(seed, 300_000)], `Demo ${seed}`);
}

export const SECRET_SESSION = 'vault-1-pts-0-dave';
export const TYPED_PASSWORD = 'Tr0ub4dor&3xyz';

/**
 * One session: a sudo password typed at a no-echo prompt (and later pasted into a command line by
 * mistake), a mysql -p password, a bearer token and an AWS key in commands — and a CJK file name.
 */
export async function secretsBundle(): Promise<string> {
  const dir = await tempDir('tv-report-secrets-');
  const out = path.join(dir, 'secrets.trail');
  const s = SECRET_SESSION;
  const t = (sec: number): string => `2024-12-01T10:00:${String(sec).padStart(2, '0')}.000000Z`;
  const events: TrailEvent[] = [
    { ts: t(0), type: 'session.start', session: s, user: 'dave', host: 'vault-1', tty: '/dev/pts/0', term: 'xterm-256color', cols: 100, rows: 20, recorder: { name: 'test', format: 'events' } },
    { ts: t(1), type: 'out', session: s, text: 'dave@vault-1:~$ ' },
    { ts: t(2), type: 'cmd', session: s, text: 'sudo -v', source: 'recorder', confidence: 1 },
    { ts: t(2), type: 'out', session: s, text: 'sudo -v\r\n[sudo] password for dave: ' },
    ...[...TYPED_PASSWORD].map((ch): TrailEvent => ({ ts: t(3), type: 'in', session: s, text: ch })),
    { ts: t(4), type: 'in', session: s, text: '\r' },
    { ts: t(4), type: 'out', session: s, text: '\r\ndave@vault-1:~$ ' },
    { ts: t(5), type: 'cmd', session: s, text: `echo ${TYPED_PASSWORD}`, source: 'recorder', confidence: 1 },
    { ts: t(5), type: 'out', session: s, text: `echo ${TYPED_PASSWORD}\r\n${TYPED_PASSWORD}\r\ndave@vault-1:~$ ` },
    { ts: t(6), type: 'cmd', session: s, text: 'mysql -u root -pHunter2secret app', source: 'recorder', confidence: 1 },
    { ts: t(6), type: 'out', session: s, text: 'mysql -u root -pHunter2secret app\r\n\x1b[31mERROR 2002\x1b[0m: cannot connect\r\ndave@vault-1:~$ ' },
    { ts: t(7), type: 'cmd', session: s, text: "curl -H 'Authorization: Bearer eyToken123456789abc' https://api.example", source: 'recorder', confidence: 1 },
    { ts: t(8), type: 'cmd', session: s, text: 'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', source: 'recorder', confidence: 1 },
    { ts: t(8), type: 'cmd', session: s, text: 'cat 報告書.txt', source: 'recorder', confidence: 1 },
    { ts: t(8), type: 'out', session: s, text: "curl -H 'Authorization: Bearer eyToken123456789abc' https://api.example\r\nok\r\ndave@vault-1:~$ ls\r\n\x1b[1;34m報告書.txt\x1b[0m  ✓ done ⏎\r\ndave@vault-1:~$ " },
    { ts: t(9), type: 'session.end', session: s, exitStatus: 0 },
  ];
  await sealBundle({ out, origin: 'test.example/secrets', signers: [await sampleSigner()], events: sourced(events), createdAt: '2024-12-01T11:00:00.000000Z', bundleId: 'secrets-1' });
  return out;
}
