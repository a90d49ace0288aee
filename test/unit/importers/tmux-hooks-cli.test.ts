import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main.js';
import { tmuxHooksSnippet } from '../../../electron/cli/commands/tmux-hooks.js';
import { openTmuxHookLog } from '../../../electron/services/importers/tmux/reader.js';
import { collect } from './tmux-history-helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'tv-tmux-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t), env: {}, cwd: scratch, isTTY: false };
  return main(args, io).then((code) => ({ code, stdout, stderr }));
}

const hasTmux = spawnSync('tmux', ['-V']).status === 0;

describe('trailview tmux-hooks', () => {
  it('prints the snippet: hooks for sessions, panes and clients, hook_client, read-only flag, µs UTC, exit-empty off', async () => {
    const { code, stdout } = await run(['tmux-hooks', '--dir', '/var/log/tv tmux']);
    expect(code).toBe(0);
    for (const hook of ['session-created', 'session-closed', 'client-attached', 'client-detached', 'client-session-changed', 'pane-exited', 'after-split-window', 'after-new-window']) {
      expect(stdout).toContain(`set-hook -g ${hook}[`);
    }
    for (const variable of ['hook_client', 'client_user', 'client_uid', 'client_tty', 'client_pid', 'client_readonly', 'client_name', 'session_id', 'session_name', 'pane_tty']) {
      expect(stdout).toContain(`#{q:${variable}}`);
    }
    expect(stdout).toContain('set -g exit-empty off');
    expect(stdout).toContain('date -u +%Y-%m-%dT%H:%M:%S.%6NZ');
    expect(stdout).toContain("pipe-pane -o 'exec cat >>\"/var/log/tv tmux/pane-");
    expect(stdout).toContain('>>"/var/log/tv tmux/hooks.log"');
  });

  it('refuses a relative or quoted folder with a clear message', async () => {
    const relative = await run(['tmux-hooks', '--dir', 'logs']);
    expect(relative.code).toBe(2);
    expect(relative.stderr).toContain('--dir must be an absolute path');
    expect(() => tmuxHooksSnippet({ dir: "/tmp/it's" })).toThrow(/quotes/);
  });

  it.skipIf(!hasTmux)('works in the real tmux: the hook log and pane log it writes import cleanly', async () => {
    const dir = path.join(scratch, 'logs');
    const conf = path.join(scratch, 'tmux.conf');
    writeFileSync(conf, `set -g default-shell /bin/sh\n${tmuxHooksSnippet({ dir })}`);
    const env = { ...process.env, TMUX_TMPDIR: scratch, TMUX: '' };
    const tmux = (...args: string[]) => execFileSync('tmux', ['-L', 'tvtest', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    try {
      // The pane waits before printing: pipe-pane is started by a hook, which on a busy machine can
      // run after a command that prints at once (its output would then never reach the pane log).
      tmux('-f', conf, 'new-session', '-d', '-s', 'probe', '-x', '90', '-y', '20', "sh -c 'sleep 1.5; echo hello from the pane; sleep 1'");
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && !(existsSync(path.join(dir, 'hooks.log')) && readFileSync(path.join(dir, 'hooks.log'), 'utf8').includes('session-closed'))) {
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      spawnSync('tmux', ['-L', 'tvtest', 'kill-server'], { env });
    }
    const log = readFileSync(path.join(dir, 'hooks.log'), 'utf8');
    // Hooks run concurrently: session-created and pane-piped come in either order.
    expect(log).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z\t(session-created|pane-piped)\t/);
    expect(log).toMatch(/\tsession-created\t.*\tserver_user=/);
    expect(log).toMatch(/\tpane-piped\t.*\tpane_log=pane-/);
    expect(readdirSync(dir).some((f) => /^pane-.*\.log$/.test(f))).toBe(true);
    const recording = await openTmuxHookLog(path.join(dir, 'hooks.log'));
    const events = await collect(recording.events());
    // tmux runs hooks concurrently, so two hooks fired together may append their lines out of time
    // order; the reader sorts them and says so (a warning). Nothing else may be reported.
    expect(recording.problems.filter((p) => !(p.severity === 'warning' && /not in time order/.test(p.message)))).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['session.start', 'out', 'session.end']));
    const start = events.find((e) => e.type === 'session.start');
    expect(start).toMatchObject({ cols: 90, rows: 20, recorder: { name: 'tmux' } });
    const text = events.filter((e) => e.type === 'out').map((e) => (e as { text?: string }).text ?? '').join('');
    expect(text).toContain('hello from the pane');
  });
});
