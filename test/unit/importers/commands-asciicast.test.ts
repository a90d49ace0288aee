// Command extraction over the project's own asciicast importer (not the tests' minimal reader):
// the whole path a user's import takes, from file bytes to cmd events.
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EventOf, TrailEvent } from '../../../electron/core/records.js';
import { detectFormat } from '../../../electron/services/importers/detect.js';
import { extractCommands } from '../../../electron/services/importers/commands/extract.js';
import { collect, fixture } from './tmux-history-helpers.js';

describe('command extraction after the asciicast importer', () => {
  it('finds exactly the typed commands in the keystroke fixture imported by detection', async () => {
    const path = fixture('keystrokes', 'session.cast');
    const head = readFileSync(path).subarray(0, 64 * 1024);
    const file = { path, root: path, head, size: statSync(path).size, mtimeMs: 0 };
    const detection = detectFormat(file);
    expect(detection?.reader.name).toBe('asciicast');
    const { recordings } = await (detection as NonNullable<typeof detection>).reader.open([file]);
    const recording = recordings[0];
    if (recording === undefined) throw new Error('no recording');
    const events: TrailEvent[] = await collect(extractCommands(recording.events()));
    const cmds = events.filter((e): e is EventOf<'cmd'> => e.type === 'cmd');
    const expected = readFileSync(fixture('keystrokes', 'expected.txt'), 'utf8').split('\n').filter((l) => l !== '');
    expect(cmds.map((c) => c.text)).toEqual(expected);
    expect(cmds.every((c) => c.source === 'keystrokes')).toBe(true);
  });
});
