import { describe, expect, it } from 'vitest';
import { generateKey, parseSignerKey, parseVerifierKey } from '../../electron/core/note-keys.js';
import {
  MAX_SIGNATURES,
  NoteFormatError,
  formatNote,
  openNote,
  parseNote,
  signNote,
  verifyNoteSignature,
} from '../../electron/core/signed-note.js';

// ---- Published vectors ----------------------------------------------------------------
// golang.org/x/mod sumdb/note/note_test.go (TestSign, TestOpen) and the package doc of
// sumdb/note/note.go.
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

// c2sp.org/signed-note, the example at the top of the spec. The spec does not publish the
// key that signed it, so only its structure can be checked: a blank line inside the text,
// a name with '/', a 4-byte key ID and a 64-byte Ed25519 signature.
const SPEC_EXAMPLE =
  'Ognuno sta solo sul cuor della terra\n' +
  'trafitto da un raggio di sole:\n' +
  '\n' +
  'ed \u00e8 subito sera.\n' +
  '\n' +
  '\u2014 quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n';

const peterV = parseVerifierKey(PETER_VKEY);
const enochV = parseVerifierKey(ENOCH_VKEY);
const peterS = parseSignerKey(PETER_SKEY);

function errorOf(fn: () => unknown): NoteFormatError {
  try {
    fn();
  } catch (e) {
    if (e instanceof NoteFormatError) return e;
    throw new Error(`expected a NoteFormatError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a NoteFormatError, nothing was thrown');
}

describe('Go sumdb/note vectors', () => {
  it('signNote reproduces the TestSign output byte for byte (Ed25519 is deterministic)', () => {
    expect(signNote(TEXT, [peterS])).toBe(TEXT + '\n' + PETER_SIG);
  });

  it('parses the doubly-signed note of TestOpen', () => {
    const note = parseNote(TEXT + '\n' + PETER_SIG + ENOCH_SIG);
    expect(note.text).toBe(TEXT);
    expect(note.signatures.map((s) => [s.name, s.keyId, s.signature.length, s.line])).toEqual([
      ['PeterNeumann', 0xc74f20a3, 64, 4],
      ['EnochRoot', 0xaf0cfe78, 64, 5],
    ]);
  });

  it('TestOpen: one known key verifies, the other signature is unknown', () => {
    const r = openNote(TEXT + '\n' + PETER_SIG + ENOCH_SIG, [peterV]);
    expect(r.note.text).toBe(TEXT);
    expect(r.verified.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(r.unknown.map((s) => s.name)).toEqual(['EnochRoot']);
  });

  it('TestOpen: both keys verify', () => {
    const r = openNote(TEXT + '\n' + PETER_SIG + ENOCH_SIG, [peterV, enochV]);
    expect(r.verified.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(r.unknown).toEqual([]);
  });

  it('TestOpen: no trusted key -> no verifiable signatures', () => {
    expect(errorOf(() => openNote(TEXT + '\n' + PETER_SIG + ENOCH_SIG, [])).code).toBe('no-verified-signature');
  });

  it('TestOpen: a duplicated trusted key is ambiguous only when a signature uses it', () => {
    const e = errorOf(() => openNote(TEXT + '\n' + ENOCH_SIG, [enochV, peterV, enochV]));
    expect(e.code).toBe('ambiguous-key');
    expect(e.message).toContain('ambiguous key EnochRoot+af0cfe78');
    expect(openNote(TEXT + '\n' + PETER_SIG, [enochV, peterV, enochV]).verified).toHaveLength(1);
  });

  it('TestOpen: too many signatures', () => {
    expect(errorOf(() => parseNote(TEXT + '\n' + PETER_SIG.repeat(MAX_SIGNATURES + 1))).code).toBe('too-many-signatures');
    expect(parseNote(TEXT + '\n' + PETER_SIG.repeat(MAX_SIGNATURES)).signatures).toHaveLength(MAX_SIGNATURES);
  });

  it('TestOpen: a corrupted signature from a known key rejects the note', () => {
    // Go inserts "ABCD" at byte 60 of the line; the em dash is 3 bytes in UTF-8 but one
    // UTF-16 unit here, so that is index 58.
    const bad = PETER_SIG.slice(0, 58) + 'ABCD' + PETER_SIG.slice(58);
    const e = errorOf(() => openNote(TEXT + '\n' + bad, [peterV]));
    expect(e.code).toBe('invalid-signature');
    expect(e.message).toContain('invalid signature for key PeterNeumann+c74f20a3');
    expect(e.line).toBe(4);
  });

  it('TestOpen: repeated signatures are verified once; unknown ones are kept', () => {
    const enochBad = ENOCH_SIG.slice(0, 58) + 'ABCD' + ENOCH_SIG.slice(58);
    const r = openNote(TEXT + '\n' + PETER_SIG + PETER_SIG + ENOCH_SIG + ENOCH_SIG + enochBad, [peterV]);
    expect(r.verified).toHaveLength(1);
    expect(r.unknown.map((s) => s.line)).toEqual([6, 7, 8]);
  });

  it('TestOpen: every malformed message is rejected, each with its own reason', () => {
    const cases: [string | Uint8Array, string][] = [
      [TEXT, 'missing-blank-line'],
      [TEXT + '\n', 'no-signatures'],
      [TEXT + '\n' + PETER_SIG.slice(0, -1), 'missing-final-newline'],
      ['\x01' + TEXT + '\n' + PETER_SIG, 'control-character'],
      [Buffer.concat([Buffer.of(0xff), Buffer.from(TEXT + '\n' + PETER_SIG)]), 'invalid-utf8'],
      [TEXT + '\n' + '\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=', 'missing-final-newline'],
      [TEXT + '\n' + '\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n', 'malformed-signature-line'],
      [TEXT + '\n' + PETER_SIG + 'Unexpected line.\n', 'malformed-signature-line'],
    ];
    for (const [msg, code] of cases) {
      expect(errorOf(() => parseNote(msg)).code, JSON.stringify(msg.toString().slice(0, 30))).toBe(code);
      expect(errorOf(() => openNote(msg, [peterV])).code).toBe(code);
    }
  });

  it('TestOpen: a wrong name or key ID is just an unknown signature', () => {
    const misnamed = PETER_SIG.replaceAll('PeterNeumann', 'CarmenSandiego');
    expect(errorOf(() => openNote(TEXT + '\n' + misnamed, [peterV])).code).toBe('no-verified-signature');
    const wrongId = PETER_SIG.replaceAll('x08g', 'xxxx');
    expect(errorOf(() => openNote(TEXT + '\n' + wrongId, [peterV])).code).toBe('no-verified-signature');
    const sig = parseNote(TEXT + '\n' + misnamed).signatures[0];
    expect(sig && verifyNoteSignature({ text: TEXT }, sig, peterV)).toBe(false);
  });
});

describe('c2sp.org/signed-note spec example', () => {
  it('splits at the LAST blank line and decodes the signature line', () => {
    const note = parseNote(SPEC_EXAMPLE);
    expect(note.text).toBe('Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned \u00e8 subito sera.\n');
    expect(note.signatures).toHaveLength(1);
    const sig = note.signatures[0];
    expect(sig?.name).toBe('quasimodo.example/salvatore');
    expect(sig?.keyId).toBe(Buffer.from('NnugSw==', 'base64').readUInt32BE(0));
    expect(sig?.signature.length).toBe(64);
    expect(sig?.line).toBe(6);
    expect(formatNote(note.text, note.signatures)).toBe(SPEC_EXAMPLE);
  });

  it('parses the same bytes given as UTF-8', () => {
    expect(parseNote(Buffer.from(SPEC_EXAMPLE, 'utf8')).text).toBe(parseNote(SPEC_EXAMPLE).text);
  });

  it('is not verified by an unrelated key with the same name', () => {
    const other = parseVerifierKey(generateKey('quasimodo.example/salvatore').vkey);
    expect(errorOf(() => openNote(SPEC_EXAMPLE, [other])).code).toBe('no-verified-signature');
  });
});

describe('tampering', () => {
  const note = signNote(TEXT, [peterS]);

  it('a flipped bit anywhere in the signature fails verification', () => {
    const parsed = parseNote(note);
    const sig = parsed.signatures[0];
    if (!sig) throw new Error('no signature');
    expect(verifyNoteSignature(parsed, sig, peterV)).toBe(true);
    for (let bit = 0; bit < sig.signature.length * 8; bit += 7) {
      const bad = Buffer.from(sig.signature);
      bad[bit >> 3] = (bad[bit >> 3] as number) ^ (1 << (bit & 7));
      expect(verifyNoteSignature(parsed, { ...sig, signature: bad }, peterV), `bit ${bit}`).toBe(false);
      const text = formatNote(parsed.text, [{ ...sig, signature: bad }]);
      expect(errorOf(() => openNote(text, [peterV])).code).toBe('invalid-signature');
    }
  });

  it('a changed text fails verification', () => {
    const changed = note.replace('cryptography', 'cryptographY');
    expect(errorOf(() => openNote(changed, [peterV])).code).toBe('invalid-signature');
    const extraLine = 'Prepended.\n' + note;
    expect(errorOf(() => openNote(extraLine, [peterV])).code).toBe('invalid-signature');
  });

  it('a different key with the same name does not verify', () => {
    const { skey, vkey } = generateKey('PeterNeumann');
    const impostorS = parseSignerKey(skey);
    const impostorV = parseVerifierKey(vkey);
    // Signed by the impostor: its key ID differs, so for a verifier trusting Peter it is unknown.
    expect(errorOf(() => openNote(signNote(TEXT, [impostorS]), [peterV])).code).toBe('no-verified-signature');
    // Impostor signature relabelled with Peter's key ID: now it is Peter's and must fail.
    const forged = parseNote(signNote(TEXT, [impostorS])).signatures[0];
    if (!forged) throw new Error('no signature');
    const relabelled = formatNote(TEXT, [{ ...forged, keyId: peterV.keyId }]);
    expect(errorOf(() => openNote(relabelled, [peterV])).code).toBe('invalid-signature');
    // And Peter's real signature does not verify under the impostor's key.
    const real = parseNote(note).signatures[0];
    if (!real) throw new Error('no signature');
    expect(verifyNoteSignature({ text: TEXT }, { ...real, keyId: impostorV.keyId }, impostorV)).toBe(false);
  });
});

describe('malformed notes: specific errors', () => {
  const sigLine = PETER_SIG;
  const cases: [string, string, RegExp][] = [
    ['', 'missing-final-newline', /must end with a newline/],
    ['hello', 'missing-final-newline', /must end with a newline/],
    ['hello\n', 'missing-blank-line', /no blank line/],
    [TEXT + '\n' + '- PeterNeumann abc=\n', 'malformed-signature-line', /em dash/],
    [TEXT + '\n' + '\u2014PeterNeumann x08g\n', 'malformed-signature-line', /em dash/],
    [TEXT + '\n' + '\u2014 PeterNeumann\n', 'malformed-signature-line', /no space/],
    [TEXT + '\n' + '\u2014  x08go/ZJkuBS9UG\n', 'invalid-key-name', /invalid key name ""/],
    [TEXT + '\n' + '\u2014 Peter+Neumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n', 'invalid-key-name', /Peter\+Neumann/],
    [TEXT + '\n' + '\u2014 PeterNeumann x08go/ZJkuBS9UG\n', 'invalid-signature-encoding', /not standard padded base64/],
    [TEXT + '\n' + '\u2014 PeterNeumann \n', 'invalid-signature-encoding', /not standard padded base64/],
    [TEXT + '\n' + '\u2014 PeterNeumann x08gAA==\n', 'signature-too-short', /4 bytes; need a 4-byte key ID/],
    [TEXT + '\n' + sigLine + 'junk\n', 'malformed-signature-line', /^line 5: /],
    ['tab\there\n\n' + sigLine, 'control-character', /^line 1: note contains control character U\+0009/],
    ['ok\ncr\r\n\n' + sigLine, 'control-character', /line 2: note contains control character U\+000D/],
    ['lone \ud800 surrogate\n\n' + sigLine, 'invalid-utf8', /lone surrogate/],
  ];
  it.each(cases)('%#: %j -> %s', (msg, code, re) => {
    const e = errorOf(() => parseNote(msg));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(re);
  });

  it('a text with blank lines and signature-like lines round-trips', () => {
    const tricky = 'a\n\n\u2014 Fake c2ln\n\n';
    const signed = signNote(tricky, [peterS]);
    const r = openNote(signed, [peterV]);
    expect(r.note.text).toBe(tricky);
  });
});

describe('formatNote / signNote input checks', () => {
  it('rejects texts that could not be parsed back', () => {
    expect(errorOf(() => signNote('no newline', [peterS])).code).toBe('missing-final-newline');
    expect(errorOf(() => signNote('bell\x07\n', [peterS])).code).toBe('control-character');
    expect(errorOf(() => signNote(TEXT, [])).code).toBe('no-signatures');
    expect(errorOf(() => formatNote(TEXT, [{ name: 'a b', keyId: 1, signature: Buffer.alloc(64) }])).code).toBe('invalid-key-name');
    expect(errorOf(() => formatNote(TEXT, [{ name: 'a', keyId: 2 ** 32, signature: Buffer.alloc(64) }])).code).toBe('invalid-signature-encoding');
    expect(errorOf(() => formatNote(TEXT, [{ name: 'a', keyId: 1, signature: Buffer.alloc(0) }])).code).toBe('signature-too-short');
  });

  it('multiple signers: every signature verifies, in signer order', () => {
    const { skey, vkey } = generateKey('witness.example/w1');
    const note = signNote(TEXT, [peterS, parseSignerKey(skey)]);
    const r = openNote(note, [parseVerifierKey(vkey), peterV]);
    expect(r.verified.map((s) => s.name)).toEqual(['PeterNeumann', 'witness.example/w1']);
    expect(note.startsWith(TEXT + '\n' + PETER_SIG)).toBe(true);
  });
});

describe('repeated signature lines from a trusted key', () => {
  it('are all verified: a bad repeat after a good line still rejects the note', () => {
    const bad = PETER_SIG.slice(0, 58) + 'ABCD' + PETER_SIG.slice(58);
    const e = errorOf(() => openNote(TEXT + '\n' + PETER_SIG + bad, [peterV]));
    expect(e.code).toBe('invalid-signature');
    expect(e.line).toBe(5);
  });
});
