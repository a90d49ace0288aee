import { describe, expect, it } from 'vitest';
import {
  CheckpointError,
  formatCheckpointBody,
  openCheckpoint,
  parseCheckpoint,
  parseCheckpointBody,
  signCheckpoint,
} from '../../electron/core/checkpoint.js';
import { generateKey, parseSignerKey, parseVerifierKey } from '../../electron/core/note-keys.js';
import { NoteFormatError, parseNote, signNote } from '../../electron/core/signed-note.js';
import { merkleRoot } from '../../electron/core/merkle.js';
import { emptyRoot, leafHash } from '../../electron/core/sha256.js';
import { toHex } from '../../electron/core/hex.js';

// c2sp.org/tlog-checkpoint, the example at the top of the spec.
const SPEC_CHECKPOINT =
  'example.com/behind-the-sofa\n' +
  '20852163\n' +
  'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n' +
  '\n' +
  '\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n';

// c2sp.org/tlog-cosignature, the example at the top of the spec: the same checkpoint with
// a witness cosignature line added (timestamped, 4 + 8 + 64 bytes).
const SPEC_COSIGNED =
  SPEC_CHECKPOINT +
  '\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n';

// The signature in the spec example carries key ID 033de0ae, which is the ID of the Go
// checksum database key (golang/go src/cmd/go/internal/modfetch/key.go, knownGOSUMDB).
// It is a genuine sum.golang.org signature over that database's tree head at size
// 20852163, whose origin line is "go.sum database tree" (the name sum.golang.org uses
// for its tree heads). Restoring that origin and key name gives a real-world, Go-signed
// checkpoint that must verify with the published key. (Our observation, not a statement
// of the spec.)
const SUMDB_VKEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
const SUMDB_CHECKPOINT = SPEC_CHECKPOINT.replace('example.com/behind-the-sofa\n', 'go.sum database tree\n').replace(
  '\u2014 example.com/behind-the-sofa ',
  '\u2014 sum.golang.org ',
);

function errorOf(fn: () => unknown): CheckpointError | NoteFormatError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CheckpointError || e instanceof NoteFormatError) return e;
    throw new Error(`unexpected error ${String(e)}`, { cause: e });
  }
  throw new Error('nothing was thrown');
}

describe('spec examples', () => {
  it('parses the c2sp.org/tlog-checkpoint example', () => {
    const cp = parseCheckpoint(SPEC_CHECKPOINT);
    expect(cp.origin).toBe('example.com/behind-the-sofa');
    expect(cp.treeSize).toBe(20852163);
    expect(cp.rootHash.toString('base64')).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    expect(cp.extensions).toEqual([]);
    expect(cp.note.signatures).toHaveLength(1);
    expect(cp.note.signatures[0]?.keyId).toBe(0x033de0ae);
    expect(formatCheckpointBody(cp)).toBe(cp.note.text);
  });

  it('parses the c2sp.org/tlog-cosignature example (log signature + witness cosignature)', () => {
    const cp = parseCheckpoint(SPEC_COSIGNED);
    expect(cp.note.signatures.map((s) => [s.name, s.signature.length])).toEqual([
      ['example.com/behind-the-sofa', 64],
      ['witness.example.com/w1', 72],
    ]);
  });

  it('the sum.golang.org tree head behind the example verifies with the Go checksum database key', () => {
    const sumdb = parseVerifierKey(SUMDB_VKEY);
    const cp = openCheckpoint(SUMDB_CHECKPOINT, [sumdb]);
    expect(cp.origin).toBe('go.sum database tree');
    expect(cp.treeSize).toBe(20852163);
    expect(cp.verified.map((s) => s.name)).toEqual(['sum.golang.org']);
  });

  it('the example as printed (origin changed) does not verify with that key', () => {
    // Same key relabelled with the example's name, so the signature line matches it.
    const sumdb = parseVerifierKey(SUMDB_VKEY);
    const relabelled = { ...sumdb, name: 'example.com/behind-the-sofa' };
    expect(errorOf(() => openCheckpoint(SPEC_CHECKPOINT, [relabelled])).message).toMatch(/invalid signature/);
  });
});

describe('sign, open, tamper', () => {
  const { skey, vkey } = generateKey('trailview.example/log');
  const signer = parseSignerKey(skey);
  const verifier = parseVerifierKey(vkey);
  const leaves = Array.from({ length: 11 }, (_, i) => leafHash(Buffer.from(`rec ${i}`)));
  const body = formatCheckpointBody({ origin: 'trailview.example/log', treeSize: 11, rootHash: merkleRoot(leaves) });
  const signed = signCheckpoint(body, [signer]);

  it('formats the body exactly as the spec lays it out', () => {
    expect(body).toBe(`trailview.example/log\n11\n${merkleRoot(leaves).toString('base64')}\n`);
    expect(formatCheckpointBody({ origin: 'o', treeSize: 0, rootHash: emptyRoot(), extensions: ['ext one', 'ext two'] })).toBe(
      'o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\next one\next two\n',
    );
  });

  it('round-trips through openCheckpoint', () => {
    const cp = openCheckpoint(signed, [verifier]);
    expect(cp.origin).toBe('trailview.example/log');
    expect(cp.treeSize).toBe(11);
    expect(toHex(cp.rootHash)).toBe(toHex(merkleRoot(leaves)));
    expect(cp.verified).toHaveLength(1);
  });

  it('a changed tree size, root hash, origin or extension fails verification', () => {
    const [, , root] = body.split('\n');
    const otherRoot = merkleRoot(leaves.slice(0, 10)).toString('base64');
    const tampered = [
      signed.replace('\n11\n', '\n12\n'),
      signed.replace(root as string, otherRoot),
      signed.replace('trailview.example/log\n11', 'trailview.example/loh\n11'),
      signed.replace(`${root}\n\n`, `${root}\nextra\n\n`),
    ];
    for (const t of tampered) {
      expect(t).not.toBe(signed);
      const e = errorOf(() => openCheckpoint(t, [verifier]));
      expect(e.message).toMatch(/invalid signature for key trailview\.example\/log\+/);
    }
  });

  it('a flipped signature bit fails verification', () => {
    const note = parseNote(signed);
    const sig = note.signatures[0];
    if (!sig) throw new Error('no signature');
    const raw = Buffer.concat([Buffer.alloc(4), sig.signature]);
    raw.writeUInt32BE(sig.keyId);
    raw[20] = (raw[20] as number) ^ 0x10;
    const bad = `${note.text}\n\u2014 ${sig.name} ${raw.toString('base64')}\n`;
    expect(errorOf(() => openCheckpoint(bad, [verifier])).message).toMatch(/invalid signature/);
  });

  it('a different key with the same name is not accepted', () => {
    const impostor = parseSignerKey(generateKey('trailview.example/log').skey);
    expect(errorOf(() => openCheckpoint(signCheckpoint(body, [impostor]), [verifier])).message).toMatch(/no verifiable signatures/);
  });
});

describe('malformed checkpoints: specific errors', () => {
  const root = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';
  const cases: [string, string, RegExp][] = [
    ['origin\n5\n', 'too-few-lines', /at least 3 lines/],
    [`\n5\n${root}\n`, 'empty-origin', /line 1: origin/],
    [`o\n05\n${root}\n`, 'invalid-tree-size', /line 2: tree size "05"/],
    [`o\n-1\n${root}\n`, 'invalid-tree-size', /line 2/],
    [`o\n1e3\n${root}\n`, 'invalid-tree-size', /line 2/],
    [`o\n\n${root}\n`, 'invalid-tree-size', /line 2/],
    [`o\n 5\n${root}\n`, 'invalid-tree-size', /line 2/],
    [`o\n9007199254740992\n${root}\n`, 'tree-size-too-large', /larger than 9007199254740991/],
    ['o\n5\nAQID\n', 'invalid-root-hash', /line 3: root hash is 3 bytes, expected 32/],
    ['o\n5\nCsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I=\n', 'invalid-root-hash', /not standard padded base64/],
    [`o\n5\n${root}\next\n\nmore\n`, 'empty-extension-line', /line 5: extension lines must be non-empty/],
    [`o\n5\n${root}`, 'missing-final-newline', /newline/],
  ];
  it.each(cases)('%#: %j -> %s', (text, code, re) => {
    const e = errorOf(() => parseCheckpointBody(text));
    expect(e).toBeInstanceOf(CheckpointError);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(re);
  });

  it('accepts the largest safe tree size and size 0', () => {
    expect(parseCheckpointBody(`o\n9007199254740991\n${root}\n`).treeSize).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseCheckpointBody(`o\n0\n${root}\n`).treeSize).toBe(0);
  });

  it('formatCheckpointBody refuses what the parser would refuse', () => {
    const r = emptyRoot();
    expect(errorOf(() => formatCheckpointBody({ origin: '', treeSize: 1, rootHash: r })).code).toBe('empty-origin');
    expect(errorOf(() => formatCheckpointBody({ origin: 'a\nb', treeSize: 1, rootHash: r })).code).toBe('invalid-origin');
    expect(errorOf(() => formatCheckpointBody({ origin: 'o', treeSize: -1, rootHash: r })).code).toBe('invalid-tree-size');
    expect(errorOf(() => formatCheckpointBody({ origin: 'o', treeSize: 1.5, rootHash: r })).code).toBe('invalid-tree-size');
    expect(errorOf(() => formatCheckpointBody({ origin: 'o', treeSize: 1, rootHash: Buffer.alloc(31) })).code).toBe('invalid-root-hash');
    expect(errorOf(() => formatCheckpointBody({ origin: 'o', treeSize: 1, rootHash: r, extensions: [''] })).code).toBe('empty-extension-line');
  });

  it('a signed note whose text is not a checkpoint is rejected', () => {
    const signer = parseSignerKey(generateKey('k').skey);
    expect(errorOf(() => parseCheckpoint(signNote('just text\n', [signer]))).code).toBe('too-few-lines');
    expect(errorOf(() => signCheckpoint('just text\n', [signer])).code).toBe('too-few-lines');
  });
});
