// Screen excerpts (report/screen-excerpt.ts): what @xterm/headless shows after the recorded bytes,
// with colours kept and wide characters as their own two-cell runs.
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../electron/services/report/redaction.js';
import { paletteColor, rowText, SessionTerminal } from '../../electron/services/report/screen-excerpt.js';
import { maskScreen } from '../../electron/services/report/screen-mask.js';

describe('SessionTerminal', () => {
  it('keeps colours, bold, cursor addressing and trims blank rows', async () => {
    const t = new SessionTerminal(40, 6);
    t.write(Buffer.from('plain \x1b[1;31mred\x1b[0m \x1b[38;2;1;2;3mrgb\x1b[0m\r\n\x1b[44mblue bg\x1b[0m\r\n\x1b[5;10Hat 5,10'));
    const s = await t.snapshot();
    t.dispose();
    expect(s.cols).toBe(40);
    expect(s.rows).toHaveLength(5);
    expect(rowText(s.rows[0] ?? [])).toBe('plain red rgb');
    expect(s.rows[0]?.find((r) => r.text === 'red')).toMatchObject({ fg: '#f14c4c', bold: true, col: 6 }); // bold red shows bright
    expect(s.rows[0]?.find((r) => r.text === 'rgb')).toMatchObject({ fg: '#010203' });
    expect(s.rows[1]?.[0]).toMatchObject({ text: 'blue bg', bg: '#2472c8' });
    expect(s.rows[2]).toEqual([]);
    expect(rowText(s.rows[4] ?? [])).toBe(`${' '.repeat(9)}at 5,10`);
  });

  it('gives wide characters their own run of two cells, so columns stay aligned', async () => {
    const t = new SessionTerminal(20, 2);
    t.write(Buffer.from('a報告b'));
    const s = await t.snapshot();
    t.dispose();
    expect(s.rows[0]?.map((r) => [r.col, r.text, r.cells, r.wide])).toEqual([
      [0, 'a', 1, false],
      [1, '報', 2, true],
      [3, '告', 2, true],
      [5, 'b', 1, false],
    ]);
  });

  it('masks secrets in place without moving anything', async () => {
    const t = new SessionTerminal(60, 2);
    t.write(Buffer.from('$ mysql -u root -pS3cret \x1b[32mdb\x1b[0m'));
    const s = maskScreen(await t.snapshot(), new Redactor([{ name: 'mysql', pattern: '\\bmysql\\b[^|;&\\n]*?\\s-p(?<secret>\\S+)' }]));
    t.dispose();
    expect(rowText(s.rows[0] ?? [])).toBe('$ mysql -u root -p•••••• db');
    expect(s.rows[0]?.find((r) => r.text === 'db')).toMatchObject({ col: 25, fg: '#0dbc79' });
  });

  it('maps the 256-colour palette like xterm (the 16 basic colours tuned for a dark background)', () => {
    expect(paletteColor(1)).toBe('#cd3131');
    expect(paletteColor(196)).toBe('#ff0000');
    expect(paletteColor(232)).toBe('#080808');
  });
});
