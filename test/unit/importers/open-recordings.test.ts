import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, FORMAT_READERS, type FormatReader, type InputFile } from '../../../electron/services/importers/detect.js';
import { makeRecording } from '../../../electron/services/importers/common/make-recording.js';
import { openRecordings } from '../../../electron/services/importers/open-recordings.js';
import { fixture, readFixture, readRecording, tempDir } from './helpers.js';

const input = (name: string, head: Buffer): InputFile => ({ path: `/x/${name}`, root: '/x', head, size: head.length, mtimeMs: 0 });

describe('format detection by content', () => {
  it('each fixture is claimed by its own reader, whatever it is called', () => {
    const cases: Array<[string[], string]> = [
      [['asciicast', 'session.cast'], 'asciicast'],
      [['asciicast', 'session.v1.json'], 'asciicast'],
      [['asciicast', 'session.v3.cast'], 'asciicast'],
      [['tlog', 'session.tlog.jsonl'], 'tlog'],
      [['tlog', 'session.journal.json'], 'tlog'],
      [['sudo', 'iolog', '00', '00', '01', 'log'], 'sudo-iolog'],
      [['sudo', 'iolog', '00', '00', '01', 'log.json'], 'sudo-iolog'],
      [['sudo', 'iolog', '00', '00', '01', 'timing'], 'sudo-iolog'],
      [['sudo', 'iolog', '00', '00', '03', 'timing'], 'sudo-iolog'], // gzip
      [['script', 'classic.timing'], 'script'],
      [['script', 'classic.typescript'], 'script'],
      [['script', 'adv.timing'], 'script'],
      [['script', 'adv.io'], 'script'],
      [['ttyrec', 'session.ttyrec'], 'ttyrec'],
      [['ttyrec', 'ovh-2150.ttyrec'], 'ttyrec'],
    ];
    for (const [parts, reader] of cases) {
      const head = readFixture(...parts).subarray(0, 65536);
      expect([parts.join('/'), detectFormat(input('renamed.bin', head))?.reader.name]).toEqual([parts.join('/'), reader]);
    }
  });

  it('tool outputs and text are not recordings', () => {
    for (const parts of [['ttyrec', 'ttyplay-n.out'], ['script', 'adv.replay.out'], ['sudo', 'sudoreplay-list.txt'], ['asciicast', 'README.md']]) {
      expect([parts.join('/'), detectFormat(input('x', readFixture(...parts)))?.reader.name]).toEqual([parts.join('/'), undefined]);
    }
  });
});

describe('openRecordings', () => {
  it('opens a mixed folder with misleading names: every recording found, stream files of sudo not mistaken', async () => {
    const dir = tempDir();
    cpSync(fixture('asciicast', 'session.cast'), path.join(dir, 'a.log'));
    cpSync(fixture('tlog', 'session.tlog.jsonl'), path.join(dir, 'b.txt'));
    cpSync(fixture('ttyrec', 'session.ttyrec'), path.join(dir, 'c.dat'));
    cpSync(fixture('script', 'classic.timing'), path.join(dir, 'd1'));
    cpSync(fixture('script', 'classic.typescript'), path.join(dir, 'd2'));
    cpSync(fixture('sudo', 'iolog'), path.join(dir, 'sudo-logs'), { recursive: true });
    const { recordings, problems } = await openRecordings([dir]);
    expect(problems).toEqual([]);
    expect(recordings.map((r) => r.format).sort()).toEqual(['asciicast-v2', 'script-classic', 'sudo-iolog', 'tlog-json', 'ttyrec']);
    const sudo = recordings.find((r) => r.format === 'sudo-iolog');
    expect(sudo?.files).toHaveLength(5 * 8);
  });

  it('names inputs that do not exist, empty files and unknown files', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'empty'), '');
    writeFileSync(path.join(dir, 'notes.md'), '# nothing to see\n');
    const missing = path.join(dir, 'missing.cast');
    const { recordings, problems } = await openRecordings([dir, missing]);
    expect(recordings).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({ file: missing, severity: 'error', message: expect.stringMatching(/^cannot be opened: ENOENT/) }),
      expect.objectContaining({ file: path.join(dir, 'empty'), severity: 'skipped', message: 'is empty: not a recording' }),
      expect.objectContaining({ file: path.join(dir, 'notes.md'), severity: 'skipped', message: expect.stringMatching(/not a recording in a known format/) }),
    ]);
  });

  it('does not follow symbolic links to directories (no loops), but reads linked files', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'sub'));
    symlinkSync(dir, path.join(dir, 'sub', 'loop'));
    symlinkSync(fixture('ttyrec', 'session.ttyrec'), path.join(dir, 'sub', 'linked.ttyrec'));
    const { recordings, problems } = await openRecordings([dir]);
    expect(problems).toEqual([]);
    expect(recordings.map((r) => r.format)).toEqual(['ttyrec']);
  });

  it('takes readers from the registry: another importer plugs in with sniff/open', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'x.demo'), 'DEMO-RECORDING\nhello\n');
    const demo: FormatReader = {
      name: 'demo',
      sniff: (file) => (file.head.toString('latin1').startsWith('DEMO-RECORDING\n') ? 1 : 0),
      open: async (files) => ({
        recordings: files.map((f) =>
          makeRecording('demo', [f.path], async function* () {
            yield { ts: '2024-01-01T00:00:00.000000Z', type: 'session.start', session: 'd', user: null, host: null, tty: null, term: null, cols: null, rows: null, recorder: { name: 'demo', format: 'demo' } };
            yield { ts: '2024-01-01T00:00:00.000000Z', type: 'session.end', session: 'd', exitStatus: null };
          }),
        ),
        problems: [],
      }),
    };
    const { recordings, problems } = await openRecordings([dir], [...FORMAT_READERS, demo]);
    expect(problems).toEqual([]);
    expect(recordings.map((r) => r.format)).toEqual(['demo']);
    const imported = await readRecording(recordings[0] as never);
    expect(imported.invalid).toEqual([]);
  });

  it('an importer that throws in open() becomes a problem naming its files; one that throws while reading ends its sessions', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.boom');
    writeFileSync(file, 'BOOM\n');
    const boomOpen: FormatReader = { name: 'boom', sniff: (f) => (f.head.toString().startsWith('BOOM') ? 1 : 0), open: () => Promise.reject(new Error('kaput')) };
    const first = await openRecordings([dir], [boomOpen]);
    expect(first.problems).toEqual([{ file, severity: 'error', message: 'the boom importer failed: kaput' }]);

    const boomRead: FormatReader = {
      ...boomOpen,
      open: async (files) => ({
        recordings: files.map((f) =>
          makeRecording('boom', [f.path], async function* () {
            yield { ts: '2024-01-01T00:00:00.000000Z', type: 'session.start', session: 'b', user: null, host: null, tty: null, term: null, cols: null, rows: null, recorder: { name: 'b', format: 'b' } };
            yield { ts: '2024-01-01T00:00:01.000000Z', type: 'out', session: 'b', text: 'x' };
            throw new Error('disk on fire');
          }),
        ),
        problems: [],
      }),
    };
    const second = await openRecordings([dir], [boomRead]);
    const imported = await readRecording(second.recordings[0] as never);
    expect(imported.events.map((e) => e.type)).toEqual(['session.start', 'out', 'session.end']);
    expect(imported.events[2]).toMatchObject({ ts: '2024-01-01T00:00:01.000000Z', exitStatus: null, reason: 'import stopped by an error' });
    expect(imported.problems).toEqual([{ file, severity: 'error', message: 'reading stopped: disk on fire' }]);
  });
});
