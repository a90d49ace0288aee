import { describe, expect, it } from 'vitest';
import { classifyChain, type LineLink } from '../../electron/core/chain-classifier.js';
import { RecordScanner, scanRecords } from '../../electron/core/record-scanner.js';
import { encodeRecord } from '../../electron/core/record-encoding.js';
import { joinLines, markerEvents, sealLines } from '../helpers/records.js';

function links(lines: readonly string[]): LineLink[] {
  const out: LineLink[] = [];
  scanRecords(joinLines(lines), { onLink: (l) => out.push(l) });
  return out;
}

const codes = (lines: readonly string[], signed = Number.POSITIVE_INFINITY): string[] =>
  classifyChain(links(lines), signed).map((f) => `${f.code}@${f.line ?? '-'}`);

describe('chain classification (docs/bundle-format.md §6.3)', () => {
  const good = sealLines(markerEvents(10));

  it('finds nothing in an intact log', () => {
    expect(scanRecords(joinLines(good)).breaks).toEqual([]);
    expect(codes(good)).toEqual([]);
  });

  it('names a modified record by the line its successor no longer matches', () => {
    const tampered = [...good];
    tampered[4] = (tampered[4] ?? '').replace('event 5', 'event X');
    expect(codes(tampered, 10)).toEqual(['RECORD_MODIFIED@5']);
    const f = classifyChain(links(tampered), 10)[0];
    expect(f?.seq).toBe(5);
    expect(f?.message).toContain('record seq 6 committed to different bytes');
  });

  it('reports removed records as a missing seq range', () => {
    const removed = [...good.slice(0, 3), ...good.slice(6)];
    const found = classifyChain(links(removed), 10);
    expect(found.map((f) => f.code)).toEqual(['RECORD_MISSING']);
    expect(found[0]?.message).toContain('3 records (seq 4–6) are missing');
  });

  it('reports an inserted record that copies its neighbour\u2019s seq and prev', () => {
    const prevOfFifth = JSON.parse(good[4] ?? '{}').prev as string;
    const fake = encodeRecord(prevOfFifth, 5, { ts: '2024-11-21T04:00:04.000000Z', type: 'marker', session: 's-1', label: 'forged' });
    const inserted = [...good.slice(0, 4), fake, ...good.slice(4)];
    expect(codes(inserted, 10)).toEqual(['RECORD_INSERTED@5']);
  });

  it('reports duplicates and reordering', () => {
    const duplicated = [...good.slice(0, 3), good[2] ?? '', ...good.slice(3)];
    expect(codes(duplicated, 10)).toEqual(['RECORD_DUPLICATED@4']);
    const swapped = [...good];
    [swapped[6], swapped[7]] = [swapped[7] ?? '', swapped[6] ?? ''];
    const found = classifyChain(links(swapped), 10);
    expect(found.map((f) => f.code)).toEqual(['RECORD_REORDERED']);
    expect([7, 8]).toContain(found[0]?.line);
  });

  it('flags records claiming seqs beyond the signed tree size as inserted', () => {
    const more = sealLines(markerEvents(12));
    expect(codes(more, 10)).toEqual(['RECORD_INSERTED@11', 'RECORD_INSERTED@12']);
  });

  it('scans the same whether the bytes arrive whole or one at a time', () => {
    const bytes = joinLines(good);
    const whole = scanRecords(bytes);
    const scanner = new RecordScanner();
    for (let i = 0; i < bytes.length; i++) scanner.push(bytes.subarray(i, i + 1));
    const piecewise = scanner.end();
    expect(piecewise.lines).toBe(whole.lines);
    expect(piecewise.lastLeaf).toBe(whole.lastLeaf);
    expect(piecewise.breaks).toEqual([]);
  });
});

