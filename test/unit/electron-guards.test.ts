// The Electron shell's security decisions, factored into pure functions so they are tested here
// without the Electron binary: window options, the app:// origin and path guard, which requests
// and navigations are allowed, the IPC sender check, the menu, the command-line case argument.
import { describe, expect, it } from 'vitest';
import { API_CALLS } from '../../electron/core/api/contract.js';
import { APP_CONTENT_SECURITY_POLICY, APP_ENTRY, appRequestPath, isAllowedNavigation, isAllowedRequest, isAppUrl } from '../../electron/app/app-origin.js';
import { caseArgument } from '../../electron/app/arguments.js';
import { refuseCall } from '../../electron/app/ipc-guard.js';
import { menuTemplate, type MenuActions } from '../../electron/app/menu-template.js';
import { secureWindowOptions } from '../../electron/app/window-options.js';

describe('window options', () => {
  it('every window is sandboxed and isolated, without Node, webviews or insecure content', () => {
    const prefs = secureWindowOptions('/app/preload.cjs').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
    });
  });
});

describe('the app:// origin', () => {
  it('recognises only our exact origin', () => {
    expect(isAppUrl(APP_ENTRY)).toBe(true);
    expect(isAppUrl('app://trailview/assets/x.js?v=1#top')).toBe(true);
    for (const url of ['app://trailview.evil/index.html', 'app://evil/index.html', 'app://user@trailview/index.html', 'app://trailview:8080/', 'https://trailview/index.html', 'file:///index.html', 'about:blank', 'not a url', '', null, undefined]) {
      expect(isAppUrl(url), String(url)).toBe(false);
    }
  });

  it('maps protocol requests to files inside build/renderer only', () => {
    expect(appRequestPath('app://trailview/')).toBe('index.html');
    expect(appRequestPath('app://trailview/assets/index-1.js?x=1')).toBe('assets/index-1.js');
    // The URL parser resolves dot segments (also %2e%2e) before we see the path: it stays inside.
    expect(appRequestPath('app://trailview/%2e%2e/%2e%2e/secret')).toBe('secret');
    for (const url of ['app://trailview/assets/..%2f..%2fsecret', 'app://trailview/a%5c..%5csecret', 'app://trailview/%00', 'app://other/index.html', 'app://trailview/C:/x']) {
      expect(appRequestPath(url), url).toBeNull();
    }
  });

  it('the renderer may load only our protocol, devtools and inline data; no remote content', () => {
    for (const url of ['app://trailview/index.html', 'data:image/png;base64,AAAA', 'blob:app://trailview/1234', 'devtools://devtools/bundled/x.html']) expect(isAllowedRequest(url), url).toBe(true);
    for (const url of ['https://example.com/pixel.png', 'http://127.0.0.1:8080/', 'ws://127.0.0.1/', 'file:///etc/passwd', '\\\\server\\share\\x', 'ftp://x/']) expect(isAllowedRequest(url), url).toBe(false);
  });

  it('navigation never leaves the app', () => {
    expect(isAllowedNavigation('app://trailview/index.html')).toBe(true);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('file:///tmp/evidence.html')).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)')).toBe(false);
  });

  it('the CSP allows no inline script, no connections, no framing', () => {
    expect(APP_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(APP_CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(APP_CONTENT_SECURITY_POLICY.split('; ').find((d) => d.startsWith('script-src'))).not.toContain('unsafe-inline');
    expect(APP_CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
    expect(APP_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });
});

describe('the IPC sender check', () => {
  it('accepts contract calls from our page\u2019s main frame only', () => {
    for (const call of API_CALLS) expect(refuseCall('app://trailview/index.html', true, true, call)).toBeNull();
    expect(refuseCall('https://evil.example/', true, true, 'case.open')?.code).toBe('FORBIDDEN');
    expect(refuseCall(undefined, true, true, 'case.open')?.code).toBe('FORBIDDEN');
    expect(refuseCall('app://trailview/index.html', false, true, 'case.open')?.code).toBe('FORBIDDEN');
    expect(refuseCall('app://trailview/index.html', true, false, 'case.open')?.code).toBe('FORBIDDEN');
    expect(refuseCall('app://trailview/index.html', true, true, 'shell.exec')?.code).toBe('NOT_FOUND');
    expect(refuseCall('app://trailview/index.html', true, true, { toString: () => 'case.open' })?.code).toBe('NOT_FOUND');
  });
});

describe('the menu', () => {
  const calls: string[] = [];
  const actions: MenuActions = {
    command: (command, paths) => calls.push(`${command}${paths ? ` ${paths.join(',')}` : ''}`),
    newCase: () => calls.push('newCase'),
    openCase: () => calls.push('openCase'),
    importEvidence: () => calls.push('importEvidence'),
    quit: () => calls.push('quit'),
  };
  type Item = { label?: string; role?: string; submenu?: unknown; click?: () => void };
  const items = (menu: unknown): Item[] => (Array.isArray(menu) ? (menu as Item[]) : []);
  const find = (menu: unknown, label: string): Item | undefined => items(menu).find((i) => i.label === label);

  it('File has New, Open, Open Recent, Import and Quit; recent cases open through app.command', () => {
    const template = menuTemplate(actions, [{ dir: '/cases/seven', name: 'Seven', openedAt: '2026-01-01T00:00:00Z' }], { dev: false, mac: false });
    const file = template.find((m) => m.label === '&File');
    expect(items(file?.submenu).filter((i) => i.label).map((i) => i.label)).toEqual(['New Case…', 'Open Case…', 'Open Recent', 'Import Evidence…', 'Command Palette', 'Quit']);
    find(find(file?.submenu, 'Open Recent')?.submenu, 'Seven — /cases/seven')?.click?.();
    find(file?.submenu, 'Import Evidence…')?.click?.();
    expect(calls).toEqual(['case.recent /cases/seven', 'importEvidence']);
  });

  it('reload and devtools exist in development only', () => {
    const roles = (dev: boolean): Array<string | undefined> => items(menuTemplate(actions, [], { dev, mac: false }).find((m) => m.label === '&View')?.submenu).map((i) => i.role);
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('reload');
  });
});

describe('the case argument', () => {
  it('skips the app path and flags', () => {
    expect(caseArgument(['/opt/Trailview/trailview', '/cases/seven'], true)).toBe('/cases/seven');
    expect(caseArgument(['/usr/bin/electron', '.', '--inspect', 'cases/seven'], false)).toBe('cases/seven');
    expect(caseArgument(['/usr/bin/electron', '.'], false)).toBeNull();
  });
});
