// `trailview report` and `trailview verify-report` checked with real tools (docs/report.md):
// pdftotext for the content, pdfinfo/pdffonts/qpdf for PDF/A structure and embedded fonts,
// pdfdetach for the attachment, pdftoppm for rendering; every embedded proof verified
// independently; one altered byte of a cited record or of the checkpoint makes verify-report fail;
// two runs on the same case differ only in the generation time; --redact masks secrets.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkInclusionProof, type InclusionProofDoc } from '../../electron/services/proof/inclusion-proof.js';
import type { ReportAttachment } from '../../electron/services/report/findings-json.js';
import { openCase } from '../../electron/services/case/case.js';
import { sampleVerifier, tempDir } from '../helpers/bundles.js';
import { runCli } from '../helpers/cli.js';
import { pdfText, tool } from '../helpers/pdf-tools.js';
import { caseWith, demoCase, secretsBundle, SECRET_SESSION, TRUST, TYPED_PASSWORD } from '../helpers/report-fixtures.js';

const EPOCH = { SOURCE_DATE_EPOCH: '1733000000' };

let dir: string;
let out: string;
let work: string;
let anchorKey: string;
let commandsInRange: string[];

async function attachmentOf(pdf: string): Promise<ReportAttachment> {
  const target = path.join(await tempDir('tv-detach-'), 'findings.json');
  const run = await tool('pdfdetach', ['-savefile', 'findings.json', '-o', target, pdf]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(await readFile(target, 'utf8')) as ReportAttachment;
}

/** Replaces one byte inside the first occurrence of `marker` (+ offset) and writes a copy. */
async function alterByte(pdf: string, marker: string, offset: number, name: string): Promise<string> {
  const bytes = await readFile(pdf);
  const at = bytes.indexOf(Buffer.from(marker, 'latin1'));
  expect(at, `marker ${marker}`).toBeGreaterThan(0);
  const i = at + marker.length + offset;
  bytes[i] = bytes[i] === 0x31 ? 0x32 : 0x31;
  const copy = path.join(work, name);
  await writeFile(copy, bytes);
  return copy;
}

/** `cp -a`: keeps nanosecond mtimes (fs.cp rounds them to ms, which the case notices as touched evidence). */
async function copyCase(from: string, to: string): Promise<void> {
  const run = await tool('cp', ['-a', from, to]);
  expect(run.code, run.stderr).toBe(0);
}

beforeAll(async () => {
  work = await tempDir('tv-report-out-');
  dir = await demoCase(7);
  const handle = await openCase(dir, { readOnly: true });
  try {
    // The session of the demo's suspicious actions, over its whole span.
    const row = handle.db.exec("SELECT session_key, start_us, end_us FROM sessions WHERE user = 'mallory' ORDER BY start_us LIMIT 1")[0]?.values[0];
    if (row === undefined) throw new Error('no mallory session in the demo');
    anchorKey = String(row[0]);
    const iso = (us: unknown): string => new Date(Number(us) / 1000).toISOString();
    const added = await runCli(['finding', 'add', dir, '--title', 'Contractor reads the shadow file', '--severity', 'critical', '--session', anchorKey, '--from', iso(row[1]), '--to', iso(Number(row[2]) + 1000), '--notes', 'First paragraph with `cat /etc/shadow` and **bold**.\n\n- item one\n- item two']);
    expect(added.code, added.stderr).toBe(0);
    expect((await runCli(['finding', 'add', dir, '--title', 'Every sudo invocation', '--severity', 'low', '--query', 'sudo'])).code).toBe(0);
    const shards = await handle.openIndexes();
    commandsInRange = shards.flatMap((db) => (db.exec('SELECT c.text FROM commands c JOIN sessions s ON s.id = c.session_id WHERE s.session_key = ? ORDER BY c.ts_us', [anchorKey])[0]?.values ?? []).map((v) => String(v[0])));
  } finally {
    await handle.close();
  }
  out = path.join(work, 'report.pdf');
  const run = await runCli(['report', dir, '--out', out, ...TRUST], EPOCH);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/report written: .*report\.pdf\n {2}\d+ pages, 2 finding\(s\), \d+ inclusion proof\(s\)/);
}, 180_000);

describe('trailview report', () => {
  it('is a valid PDF/A-3b with every font embedded and findings.json attached', async () => {
    expect((await tool('qpdf', ['--check', out])).code).toBe(0);
    const info = await tool('pdfinfo', ['-meta', out]);
    expect(info.stdout).toMatch(/<pdfaid:part>3<\/pdfaid:part>/);
    expect(info.stdout).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    const plain = await tool('pdfinfo', [out]);
    expect(plain.stdout).toMatch(/PDF version:\s+1\.7/);
    expect(plain.stdout).toMatch(/Title:\s+Trailview report: Demo 7/);
    const fonts = (await tool('pdffonts', [out])).stdout.split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const line of fonts) expect(line, line).toMatch(/DejaVu\S*\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    const listed = await tool('pdfdetach', ['-list', out]);
    expect(listed.stdout).toMatch(/1 embedded files\n1: findings\.json/);
    const raw = (await readFile(out)).toString('latin1');
    expect(raw).toMatch(/\/AFRelationship \/Source/);
    expect(raw).toMatch(/\/OutputIntents/);
  });

  it('shows custody, verdicts, findings, commands, screens and proofs', async () => {
    const text = await pdfText(out);
    const attachment = await attachmentOf(out);
    const evidence = attachment.evidence[0];
    expect(evidence).toBeDefined();
    expect(text).toContain(evidence?.sha256);
    expect(text).toMatch(/Verdict\s+verified/);
    expect(text).toContain(evidence?.checkpoint?.rootHash);
    expect(text).toMatch(/root matches the signed checkpoint/);
    expect(text).toContain('Contractor reads the shadow file');
    expect(text).toContain('Every sudo invocation');
    expect(text).toMatch(/critical\s+1/);
    expect(text).toContain('First paragraph with cat /etc/shadow and bold.');
    // Commands of the range, and the screen at its end showing the last of them at the prompt.
    const last = commandsInRange[commandsInRange.length - 1] as string;
    expect(commandsInRange.length).toBeGreaterThan(2);
    for (const c of commandsInRange.slice(0, 3)) expect(text).toContain(`$ ${c}`.slice(0, 60));
    expect(text).toMatch(/Screen at the end of the range/);
    expect(text).toMatch(new RegExp(`mallory@[\\w-]+:[^\\n]*\\$ ${last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').slice(0, 30)}`));
    expect(text).toMatch(/Cited records and inclusion proofs/);
    const proof = attachment.proofs[0];
    expect(text).toContain(proof?.leafHash);
    expect(text).toMatch(new RegExp(`Head \\(leaf hash of the last record\\):\\s+${attachment.activity.head}`));
    expect(text).toMatch(/finding\.added/);
    expect(text).toMatch(/Appendix B — Verification transcript/);
    expect(text).toMatch(/page 1 of \d+/);
    expect(attachment.findings.map((f) => f.title)).toEqual(['Contractor reads the shadow file', 'Every sudo invocation']);
  });

  it('renders every page with pdftoppm', async () => {
    const pages = Number(/Pages:\s+(\d+)/.exec((await tool('pdfinfo', [out])).stdout)?.[1]);
    const target = await tempDir('tv-render-');
    const run = await tool('pdftoppm', ['-png', '-r', '30', out, path.join(target, 'page')]);
    expect(run.code, run.stderr).toBe(0);
    expect((await readdir(target)).filter((f) => f.endsWith('.png'))).toHaveLength(pages);
  });

  it('embeds a proof for every cited record, each verifying, each record byte-identical to the evidence', async () => {
    const attachment = await attachmentOf(out);
    const key = await sampleVerifier();
    const cited = attachment.findings.flatMap((f) => f.citedRecords);
    expect(cited.length).toBeGreaterThan(2);
    expect(attachment.proofs.length).toBe(new Set(cited.map((c) => `${c.evidenceSha256}:${c.seq}`)).size);
    const handle = await openCase(dir, { readOnly: true });
    const stored = String(handle.db.exec('SELECT stored_as FROM evidence')[0]?.values[0]?.[0]);
    await handle.close();
    const { openBundle } = await import('../../electron/services/bundle/open-bundle.js');
    const bundle = await openBundle(path.join(dir, stored));
    const lines = (await bundle.readEntry('records.jsonl', 1 << 30)).toString('utf8').split('\n');
    await bundle.close();
    for (const c of cited) {
      expect(c.proof).not.toBeNull();
      const p = attachment.proofs[c.proof as number] as InclusionProofDoc;
      expect(p.record).toBe(lines[c.seq - 1]);
      const check = checkInclusionProof(p, [key]);
      expect(check.ok, JSON.stringify(check.steps)).toBe(true);
    }
  });

  it('verify-report passes, and fails on one altered byte of a cited record or of the checkpoint', async () => {
    const ok = await runCli(['verify-report', out, ...TRUST]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/report verified: all \d+ proof\(s\) check/);

    const record = await alterByte(out, '\\"ts\\":\\"2024-', 3, 'altered-record.pdf');
    const bad = await runCli(['verify-report', record, ...TRUST]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL {2}proof \d+: record seq \d+ .* record hashes to leaf: the record text does not hash to leafHash/);
    expect(bad.stdout).toMatch(/does not match the MD5 checksum/);

    const attachment = await attachmentOf(out);
    const origin = attachment.proofs[0]?.origin as string;
    const checkpoint = await alterByte(out, `"checkpoint": "${origin}\\n`, 1, 'altered-checkpoint.pdf');
    const badCheckpoint = await runCli(['verify-report', checkpoint, ...TRUST]);
    expect(badCheckpoint.code).toBe(1);
    expect(badCheckpoint.stdout).toMatch(/checkpoint signature: no valid signature by the given key/);

    const otherKey = path.join(work, 'other');
    expect((await runCli(['keygen', '--name', 'someone-else', '--out', otherKey])).code).toBe(0);
    const untrusted = await runCli(['verify-report', out, '--trust', path.join(otherKey, 'someone-else.vkey')]);
    expect(untrusted.code).toBe(1);

    const notPdf = await runCli(['verify-report', path.join(dir, 'activity.jsonl'), ...TRUST]);
    expect(notPdf.code).toBe(2);
    expect(notPdf.stderr).toMatch(/not a PDF file/);
  });

  it('is reproducible: same case and options give the same bytes apart from the generation time', async () => {
    const copyA = path.join(work, 'copy-a');
    const copyB = path.join(work, 'copy-b');
    // Copies of the case as it was when the first report was written (before its own export record).
    await copyCase(dir, copyA);
    await copyCase(dir, copyB);
    const a = path.join(work, 'a.pdf');
    const b = path.join(work, 'b.pdf');
    const c = path.join(work, 'c.pdf');
    expect((await runCli(['report', copyA, '--out', a, ...TRUST], EPOCH)).code).toBe(0);
    expect((await runCli(['report', copyB, '--out', b, ...TRUST], EPOCH)).code).toBe(0);
    expect((await readFile(a)).equals(await readFile(b))).toBe(true);

    const copyC = path.join(work, 'copy-c');
    await copyCase(dir, copyC);
    expect((await runCli(['report', copyC, '--out', c, ...TRUST], { SOURCE_DATE_EPOCH: '1900000000' })).code).toBe(0);
    const ba = await readFile(a);
    const bc = await readFile(c);
    expect(bc.length).toBe(ba.length);
    // Mask the generation time: the Info dates (PDF date strings), the XMP date, and the cover's (uncompressed) content stream.
    const text = ba.toString('latin1');
    const masked: Array<[number, number]> = [];
    for (const re of [/\(D:\d{14}Z\)/g, /<xmp:CreateDate>[^<]+<\/xmp:CreateDate>/g]) {
      for (const m of text.matchAll(re)) masked.push([m.index, m.index + m[0].length]);
    }
    const cover = /(\d+) 0 obj\n<<\n\/Length \d+\n>>\nstream\n/.exec(text);
    expect(cover).not.toBeNull();
    const coverStart = (cover?.index ?? 0) + (cover?.[0].length ?? 0);
    masked.push([coverStart, text.indexOf('endstream', coverStart)]);
    const differing: number[] = [];
    for (let i = 0; i < ba.length; i++) if (ba[i] !== bc[i]) differing.push(i);
    expect(differing.length).toBeGreaterThan(0);
    const outside = differing.filter((i) => !masked.some(([s, e]) => i >= s && i < e));
    expect(outside).toEqual([]);
    expect((await pdfText(a)).replace(/2024-11-30 \d\d:\d\d:\d\d\.\d+ \+00:00/, 'TIME')).toBe((await pdfText(c)).replace(/2030-03-17 \d\d:\d\d:\d\d\.\d+ \+00:00/, 'TIME'));
  });

  it('shows progress on a terminal (stderr), nothing when not', async () => {
    const { main } = await import('../../electron/cli/main.js');
    let stderr = '';
    const code = await main(['report', dir, '--out', path.join(work, 'tty.pdf'), ...TRUST], {
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
      env: { ...process.env },
      cwd: work,
      isTTY: true,
    });
    expect(code).toBe(0);
    for (const phase of ['evidence', 'pages', 'write']) expect(stderr).toMatch(new RegExp(`\\r\\x1b\\[K${phase} +\\d+%`));
    expect(stderr.endsWith('\r\x1b[K')).toBe(true); // the line is cleared at the end
  });

  it('--findings, --timezone, and clear errors', async () => {
    const sub = path.join(work, 'sub.pdf');
    const run = await runCli(['report', dir, '--out', sub, '--findings', '2', '--timezone', 'Europe/Berlin', '--organisation', 'ACME Forensics', ...TRUST]);
    expect(run.code, run.stderr).toBe(0);
    const text = await pdfText(sub);
    const body = text.slice(0, text.indexOf('Appendix C')); // the activity log names every finding
    expect(body).toContain('1. Every sudo invocation');
    expect(body).not.toContain('Contractor reads the shadow file');
    expect(text).toMatch(/Time zone\s+Europe\/Berlin/);
    expect(text).toMatch(/Organisation\s+ACME Forensics/);
    expect(text).toMatch(/2024-11-2\d \d\d:\d\d:\d\d \+01:00/);
    expect((await runCli(['report', dir, '--out', sub, ...TRUST])).stderr).toMatch(/exists; give another --out or --force/);
    expect((await runCli(['report', dir, '--out', path.join(work, 'x.pdf'), '--findings', '42', ...TRUST])).stderr).toMatch(/--findings: finding 42 not in the case/);
    expect((await runCli(['report', dir, '--out', path.join(work, 'y.pdf'), '--timezone', 'Mars/Olympus', ...TRUST])).code).toBe(2);
  });
});

describe('trailview report --redact', () => {
  let secretsCase: string;
  beforeAll(async () => {
    secretsCase = await caseWith([await secretsBundle()], 'Secrets');
    const added = await runCli(['finding', 'add', secretsCase, '--title', 'Secrets on the command line', '--severity', 'medium', '--session', SECRET_SESSION, '--from', '2024-12-01T10:00:00Z', '--to', '2024-12-01T10:00:09Z']);
    expect(added.code, added.stderr).toBe(0);
  }, 120_000);

  it('without --redact the secrets are there (the fixture is what the redaction test needs)', async () => {
    const plain = path.join(work, 'plain.pdf');
    expect((await runCli(['report', secretsCase, '--out', plain, ...TRUST])).code).toBe(0);
    const text = await pdfText(plain);
    for (const secret of ['Hunter2secret', TYPED_PASSWORD, 'AKIAIOSFODNN7EXAMPLE', 'eyToken123456789abc']) expect(text).toContain(secret);
  });

  it('masks typed no-echo input and pattern secrets in commands, screens and cited records, and says how many', async () => {
    const redacted = path.join(work, 'redacted.pdf');
    const run = await runCli(['report', secretsCase, '--out', redacted, '--redact', ...TRUST]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/redacted: \d+ item\(s\) masked/);
    const text = await pdfText(redacted);
    for (const secret of ['Hunter2secret', TYPED_PASSWORD, 'AKIAIOSFODNN7EXAMPLE', 'eyToken123456789abc']) expect(text).not.toContain(secret);
    expect(text).toMatch(/mysql -u root -p•+ app/);
    expect(text).toMatch(/Redaction\s+applied: \d+ item\(s\) masked/);
    expect(text).toMatch(/input at a no-echo prompt: \d+/);
    const attachment = await attachmentOf(redacted);
    expect(attachment.redaction.applied).toBe(true);
    expect(attachment.redaction.items).toBeGreaterThan(4);
    const json = JSON.stringify(attachment);
    for (const secret of ['Hunter2secret', TYPED_PASSWORD, 'AKIAIOSFODNN7EXAMPLE', 'eyToken123456789abc']) expect(json).not.toContain(secret);
    expect(attachment.proofs.some((p) => p.recordRedacted === true && p.record === undefined)).toBe(true);
    // Withheld record text still leaves a proof of membership that checks.
    const verified = await runCli(['verify-report', redacted, ...TRUST]);
    expect(verified.code, verified.stdout).toBe(0);
  });

  it('shows characters the fonts lack as a visible replacement and says so', async () => {
    const plain = path.join(work, 'plain.pdf');
    const text = await pdfText(plain);
    expect(text).toContain('✓ done ⏎');
    expect(text).toMatch(/□ ?□ ?□ ?\.txt/); // each wide character centred on its two cells
    expect(text).toMatch(/\$ cat □□□\.txt/); // in the command list too, never the font's .notdef
    expect(text).toMatch(/not\s+covered\s+by\s+the\s+embedded\s+fonts/);
  });
});

describe('trailview report on evidence that does not check', () => {
  it('says which records cannot be proven, exits 1, and verify-report fails on the citations', async () => {
    const { tamperedSampleBundle } = await import('../helpers/api-fixtures.js');
    const bad = await tamperedSampleBundle();
    const caseDir = path.join(await tempDir('tv-report-invalid-'), 'case');
    expect((await runCli(['case', 'new', caseDir])).code).toBe(0);
    const imported = await runCli(['case', 'import', caseDir, bad, ...TRUST]);
    expect(imported.code).toBe(1); // imported, verdict invalid
    const handle = await openCase(caseDir, { readOnly: true });
    const row = handle.db.exec('SELECT session_key, start_us, end_us FROM sessions WHERE commands > 0 ORDER BY id LIMIT 1')[0]?.values[0];
    await handle.close();
    if (row === undefined) throw new Error('no session with commands');
    const iso = (us: unknown): string => new Date(Number(us) / 1000).toISOString();
    const added = await runCli(['finding', 'add', caseDir, '--title', 'On tampered evidence', '--severity', 'high', '--session', String(row[0]), '--from', iso(row[1]), '--to', iso(Number(row[2]) + 1000)]);
    expect(added.code, added.stderr).toBe(0);

    const pdf = path.join(work, 'invalid.pdf');
    const run = await runCli(['report', caseDir, '--out', pdf, ...TRUST]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\d+ cited record\(s\) could not be proven/);
    const text = await pdfText(pdf);
    expect(text).toMatch(/Verdict\s+invalid/);
    expect(text).toMatch(/RECORD_MODIFIED/);
    expect(text).toMatch(/do not give the signed root/);
    expect(text).toMatch(/no proof — /);
    const verified = await runCli(['verify-report', pdf, ...TRUST]);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toMatch(/FAIL {2}finding 1 \("On tampered evidence"\) cites record seq \d+ without a proof/);
  });

  it('verify-report reads the attachment itself, and names a PDF it cannot read', async () => {
    const { extractAttachment } = await import('../../electron/services/report/pdf-attachment.js');
    const pdf = await readFile(out);
    const mine = extractAttachment(pdf, 'findings.json');
    const target = path.join(await tempDir('tv-detach2-'), 'f.json');
    expect((await tool('pdfdetach', ['-savefile', 'findings.json', '-o', target, out])).code).toBe(0);
    expect(mine.data.equals(await readFile(target))).toBe(true);
    expect(mine.checksumMatches).toBe(true);
    // The same PDF rewritten by qpdf with compressed object streams: refused with a clear message.
    const packed = path.join(work, 'packed.pdf');
    expect((await tool('qpdf', ['--object-streams=generate', out, packed])).code).toBe(0);
    const run = await runCli(['verify-report', packed, ...TRUST]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/compressed object streams/);
  });
});
