// Report benchmark (issue 7): a 100-finding report of a demo incident — every evidence item read
// again and hashed, screens rendered by a headless terminal at each anchor, an inclusion proof per
// cited record, PDF/A-3b with embedded fonts and the findings.json attachment — against a plain
// pdfkit document of the same page count with the same embedded fonts, measured in the same run.
// Target: ≤ 5 s for the 100-finding report.
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createWriteStream } from 'node:fs';
import PDFDocument from 'pdfkit';
import { formatTimestamp } from '../../electron/core/timestamp.js';
import { openCase } from '../../electron/services/case/case.js';
import { addFinding } from '../../electron/services/findings/findings-store.js';
import { SEVERITIES } from '../../electron/services/findings/finding-types.js';
import { reportFonts } from '../../electron/services/report/pdf/fonts.js';
import { writeReport } from '../../electron/services/report/write-report.js';
import { sampleVerifier, tempDir } from '../helpers/bundles.js';
import { demoBundle } from '../helpers/case-fixtures.js';
import { caseWith } from '../helpers/report-fixtures.js';
import { median, type BenchResult } from './bench-result.js';

const FINDINGS = 100;

async function buildCase(log: (line: string) => void): Promise<string> {
  const started = Date.now();
  const dir = await caseWith([await demoBundle(7, 2_000_000)], 'Report benchmark');
  const handle = await openCase(dir);
  try {
    const sessions = (handle.db.exec('SELECT session_key, start_us, end_us FROM sessions WHERE end_us > start_us ORDER BY id')[0]?.values ?? []).map((r) => ({
      key: String(r[0]),
      start: Number(r[1]),
      end: Number(r[2]),
    }));
    const queries = ['sudo', 'curl', 'ssh', 'kubectl OR systemctl', '/etc/shadow', 'rm', 'git', 'tail'];
    for (let i = 0; i < FINDINGS; i++) {
      const severity = SEVERITIES[i % SEVERITIES.length] as string;
      const notes = `Finding ${i + 1}: observed **${severity}** activity.\n\n- reviewed the commands\n- compared with \`history\``;
      if (i % 5 === 4) {
        await addFinding(handle, { title: `Search ${i + 1}`, severity, notes, anchors: [{ kind: 'query', query: queries[i % queries.length] as string }] });
        continue;
      }
      const s = sessions[i % sessions.length];
      if (s === undefined) throw new Error('bench: the demo case has no sessions');
      // Ten-minute windows spread over the session.
      const span = Math.max(1, s.end - s.start);
      const from = s.start + Math.floor(((i * 7919) % 97) / 97 * span);
      const to = Math.min(s.end, from + 600_000_000);
      await addFinding(handle, { title: `Activity ${i + 1} in ${s.key}`, severity, notes, anchors: [{ kind: 'session', session: s.key, from: formatTimestamp(from), to: formatTimestamp(to) }] });
    }
  } finally {
    await handle.close();
  }
  log(`  case with ${FINDINGS} findings built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${dir}`);
  return dir;
}

/** A plain pdfkit document of `pages` pages: headings and text in the same embedded fonts. */
async function plainPdf(out: string, pages: number): Promise<void> {
  const fonts = reportFonts();
  const doc = new PDFDocument({ size: 'A4', margin: 50, font: fonts.sans });
  const done = new Promise<void>((resolve, reject) => {
    const stream = createWriteStream(out);
    stream.on('finish', resolve);
    stream.on('error', reject);
    doc.pipe(stream);
  });
  for (let p = 0; p < pages; p++) {
    if (p > 0) doc.addPage();
    doc.font(fonts.bold).fontSize(14).text(`Section ${p + 1}`);
    for (let l = 0; l < 40; l++) doc.font(l % 4 === 0 ? fonts.mono : fonts.sans).fontSize(8).text(`line ${l}: the quick brown fox jumps over the lazy dog ✓ ⏎ ${p}/${l}`);
  }
  doc.end();
  await done;
}

export async function benchReport(log: (line: string) => void): Promise<BenchResult[]> {
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
  const dir = await buildCase(log);
  const out = await tempDir('tv-report-bench-');
  const keys = [await sampleVerifier()];
  const times: number[] = [];
  const baseline: number[] = [];
  let pages = 0;
  let bytes = 0;
  let proofs = 0;
  for (let r = 0; r < rounds; r++) {
    const file = path.join(out, `report-${r}.pdf`);
    const handle = await openCase(dir, { readOnly: true });
    const t0 = performance.now();
    try {
      const result = await writeReport(handle, file, keys, {});
      times.push((performance.now() - t0) / 1000);
      pages = result.pages;
      bytes = result.bytes;
      proofs = result.proofs;
    } finally {
      await handle.close();
    }
    const plain = path.join(out, `plain-${r}.pdf`);
    const t1 = performance.now();
    await plainPdf(plain, pages);
    baseline.push((performance.now() - t1) / 1000);
    log(`  round ${r + 1}: report ${times[r]?.toFixed(2)} s (${pages} pages, ${proofs} proofs), plain pdfkit ${baseline[r]?.toFixed(2)} s (${(await stat(plain)).size} bytes)`);
  }
  await rm(out, { recursive: true, force: true });
  const value = median(times);
  const base = median(baseline);
  return [
    {
      name: `report: ${FINDINGS} findings (${pages} pages, ${proofs} proofs, ${(bytes / 1024).toFixed(0)} KiB)`,
      value,
      unit: 's',
      baseline: { name: `plain pdfkit, ${pages} pages`, value: base },
      ratio: value / base,
      target: '≤ 5 s',
      note: `n=${rounds}`,
    },
  ];
}
