// Redaction (report/redaction.ts, resources/report/redaction-patterns.json): what is masked, what
// is left, how items are counted, and secrets typed at no-echo prompts.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRedactionPatterns, NoEchoWatcher, Redactor, type RedactionPattern } from '../../electron/services/report/redaction.js';
import { tempDir } from '../helpers/bundles.js';

let patterns: RedactionPattern[];
beforeAll(async () => {
  patterns = await loadRedactionPatterns();
});

describe('Redactor', () => {
  it('masks the secret part of command lines, keeping length, and counts each item', () => {
    const r = new Redactor(patterns);
    const cases: Array<[string, string]> = [
      ['mysql -u root -pS3cret app', 'mysql -u root -p•••••• app'],
      ['pg_dump --password=hunter2 db', 'pg_dump --password=••••••• db'],
      ["curl -H 'Authorization: Bearer abc.def-ghi' x", "curl -H 'Authorization: Bearer •••••••••••' x"],
      ['export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', 'export AWS_ACCESS_KEY_ID=••••••••••••••••••••'],
      ['git clone https://bob:pa55w0rd@git.example/repo', 'git clone https://bob:••••••••@git.example/repo'],
      ['ls -la /etc', 'ls -la /etc'],
    ];
    for (const [input, expected] of cases) expect(r.mask(input).text).toBe(expected);
    expect(r.total).toBe(5);
    expect(r.counts.get('mysql -pPASSWORD')).toBe(1);
  });

  it('masks input typed at a no-echo prompt wherever it appears later', () => {
    const r = new Redactor(patterns);
    const w = new NoEchoWatcher((s) => r.addSecret(s));
    w.output('$ sudo -v\r\n[sudo] password for dave: ');
    for (const ch of 'wrongg\x7fpassword1') w.input(ch);
    w.input('\r');
    w.output('\r\n$ ');
    w.input('ls\r'); // not at a prompt: not a secret
    expect(r.mask('echo wrongpassword1').text).toBe(`echo ${'•'.repeat('wrongpassword1'.length)}`);
    expect(r.mask('ls').text).toBe('ls');
    expect(r.counts.get('input at a no-echo prompt')).toBe(1);
  });

  it('takes extra patterns from a file and names a bad one', async () => {
    const dir = await tempDir('tv-redact-');
    const good = path.join(dir, 'good.json');
    await writeFile(good, JSON.stringify({ patterns: [{ name: 'ticket', pattern: 'TICKET-(?<secret>\\d+)' }] }));
    const r = new Redactor(await loadRedactionPatterns(good));
    expect(r.mask('see TICKET-4711').text).toBe('see TICKET-••••');
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ patterns: [{ name: 'broken', pattern: '(' }] }));
    await expect(loadRedactionPatterns(bad)).rejects.toThrow(/bad\.json: pattern 1 \(broken\)/);
  });
});
