// Native open dialogs (`dialog.pickCase`, `dialog.pickEvidence`, and the File menu), attached to
// the window so they are modal to it.
import { dialog, type BrowserWindow } from 'electron';
import type { NativeDialogs } from '../services/api/api-session.js';

export function nativeDialogs(window: () => BrowserWindow | null): NativeDialogs {
  return {
    async pickCase(create) {
      const options: Electron.OpenDialogOptions = {
        title: create ? 'New case: choose an empty folder' : 'Open case',
        buttonLabel: create ? 'Create case here' : 'Open case',
        properties: create ? ['openDirectory', 'createDirectory', 'promptToCreate'] : ['openDirectory'],
      };
      const win = window();
      const result = win === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(win, options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async pickEvidence() {
      const options: Electron.OpenDialogOptions = {
        title: 'Import evidence',
        buttonLabel: 'Import',
        // Bundles (.trail files or folders), raw recordings (files or folders such as sudo iolog dirs).
        properties: ['openFile', 'openDirectory', 'multiSelections'],
        // Recordings have no fixed extension (sudo iolog files, script logs): all files by default.
        filters: [
          { name: 'All files', extensions: ['*'] },
          { name: 'Trail bundles', extensions: ['trail'] },
        ],
      };
      const win = window();
      const result = win === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(win, options);
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths;
    },
  };
}
