// The compiled preload (build/electron/preload.cjs, run by `npm run build`) in a Node vm with a
// stand-in for the `electron` module and the window: it exposes exactly {call, on}, unwraps the
// IPC envelope (rejecting with a plain {code, message}, which survives contextBridge), forwards
// events to listeners, and turns a drop of files into an `app.command` 'drop' event with the paths
// webUtils gives. Its IPC channel names must equal the main process's.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { beforeEach, describe, expect, it } from 'vitest';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../electron/app/app-origin.js';

const PRELOAD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../build/electron/preload.cjs');

type Fn = (...args: unknown[]) => unknown;

interface Loaded {
  exposed: Record<string, Record<string, Fn>>;
  invokes: unknown[][];
  ipcListeners: Map<string, Fn>;
  windowListeners: Map<string, Fn>;
  answer: { value: unknown };
}

async function loadPreload(): Promise<Loaded> {
  const loaded: Loaded = { exposed: {}, invokes: [], ipcListeners: new Map(), windowListeners: new Map(), answer: { value: null } };
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, api: Record<string, Fn>) => (loaded.exposed[name] = api) },
    ipcRenderer: {
      on: (channel: string, listener: Fn) => loaded.ipcListeners.set(channel, listener),
      invoke: async (...args: unknown[]) => {
        loaded.invokes.push(args);
        return loaded.answer.value;
      },
    },
    webUtils: { getPathForFile: (file: { path: string }) => file.path },
  };
  const window = { addEventListener: (type: string, listener: Fn) => loaded.windowListeners.set(type, listener) };
  const module = { exports: {} };
  vm.runInNewContext(await readFile(PRELOAD, 'utf8'), {
    require: (name: string) => {
      if (name !== 'electron') throw new Error(`the preload required ${name}`);
      return electron;
    },
    module,
    exports: module.exports,
    window,
    console,
  });
  return loaded;
}

let preload: Loaded;
beforeEach(async () => {
  preload = await loadPreload();
});

describe('the preload', () => {
  it('exposes exactly call and on as window.trailview', () => {
    expect(Object.keys(preload.exposed)).toEqual(['trailview']);
    expect(Object.keys(preload.exposed.trailview ?? {}).sort()).toEqual(['call', 'on']);
  });

  it('uses the main process\u2019s channel names', async () => {
    preload.answer.value = { ok: true, response: null };
    await preload.exposed.trailview?.call?.('case.current', {});
    expect(preload.invokes[0]).toEqual([CALL_CHANNEL, 'case.current', {}]);
    expect([...preload.ipcListeners.keys()]).toEqual([EVENT_CHANNEL]);
  });

  it('resolves with the response, rejects with a plain {code, message}', async () => {
    preload.answer.value = { ok: true, response: { dir: '/c' } };
    await expect(preload.exposed.trailview?.call?.('case.current', {})).resolves.toEqual({ dir: '/c' });
    preload.answer.value = { ok: false, error: { code: 'CASE_LOCKED', message: 'open elsewhere' } };
    const error = await (preload.exposed.trailview?.call?.('case.open', { dir: '/c' }) as Promise<unknown>).catch((e: unknown) => e);
    expect(error).toEqual({ code: 'CASE_LOCKED', message: 'open elsewhere' });
    expect(error).not.toBeInstanceOf(Error);
  });

  it('delivers events to the listeners of that event until they unsubscribe', () => {
    const got: unknown[] = [];
    const off = preload.exposed.trailview?.on?.('import.done', (p: unknown) => got.push(p)) as () => void;
    preload.exposed.trailview?.on?.('case.changed', () => got.push('wrong'));
    const fromMain = preload.ipcListeners.get(EVENT_CHANNEL) as Fn;
    fromMain({}, { event: 'import.done', payload: { importId: 'a' } });
    off();
    fromMain({}, { event: 'import.done', payload: { importId: 'b' } });
    expect(got).toEqual([{ importId: 'a' }]);
  });

  it('turns dropped files into an app.command drop event with their paths, and never navigates', () => {
    const got: unknown[] = [];
    preload.exposed.trailview?.on?.('app.command', (p: unknown) => got.push(p));
    let prevented = 0;
    const drop = preload.windowListeners.get('drop') as Fn;
    drop({ preventDefault: () => prevented++, dataTransfer: { files: [{ path: '/evidence/a.trail' }, { path: '' }, { path: '/evidence/iolog' }] } });
    drop({ preventDefault: () => prevented++, dataTransfer: { files: [] } });
    expect(got).toEqual([{ command: 'drop', paths: ['/evidence/a.trail', '/evidence/iolog'] }]);
    expect(prevented).toBe(2);
  });
});
