// Imports: the dialog's state, the run in progress (reduced from the services' import events),
// starting (from paths, or from browser files uploaded first) and cancelling.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { TrailviewApi } from '../../../electron/core/api/contract.js';
import { reduceImport, type ImportRun } from '../state/import-progress.js';
import type { Notice, Uploader } from './app-context.js';
import { errorMessage } from './errors.js';

export interface Imports {
  importRun: ImportRun | null;
  importDialog: { open: boolean; paths: string[] };
  showImportDialog(open: boolean, paths?: readonly string[]): void;
  startImport(paths: readonly string[]): Promise<void>;
  importFiles(files: readonly File[]): Promise<void>;
  uploading: string | null;
  cancelImport(): void;
}

/** `onDone` runs when an import finished (the case has new evidence). */
export function useImports(api: TrailviewApi, upload: Uploader | null, notify: (notice: Notice | null) => void, onDone: () => void): Imports {
  const [importRun, dispatch] = useReducer(reduceImport, null as ImportRun | null);
  const [importDialog, setImportDialog] = useState<{ open: boolean; paths: string[] }>({ open: false, paths: [] });
  const [uploading, setUploading] = useState<string | null>(null);
  const importIdRef = useRef<string | null>(null);

  useEffect(() => {
    const offProgress = api.on('import.progress', (progress) => dispatch({ type: 'progress', progress }));
    const offItem = api.on('import.item', (e) => dispatch({ type: 'item', importId: e.importId, item: e.item, outcome: e.outcome }));
    const offDone = api.on('import.done', (e) => {
      dispatch({ type: 'done', importId: e.importId, outcomes: e.outcomes, cancelled: e.cancelled });
      onDone();
    });
    return () => {
      offProgress();
      offItem();
      offDone();
    };
  }, [api, onDone]);

  const startImport = useCallback(
    async (paths: readonly string[]) => {
      if (paths.length === 0) return;
      try {
        const { importId } = await api.call('import.start', { paths: [...paths] });
        importIdRef.current = importId;
        dispatch({ type: 'started', importId, paths: [...paths] });
      } catch (error) {
        // The call itself failed (case locked, read-only, an import already running): shown in the dialog.
        const importId = `failed-${Date.now()}`;
        dispatch({ type: 'started', importId, paths: [...paths] });
        dispatch({ type: 'failed', importId, message: errorMessage(error) });
      }
    },
    [api],
  );

  const importFiles = useCallback(
    async (files: readonly File[]) => {
      if (files.length === 0) return;
      if (upload === null) {
        notify({ kind: 'error', text: 'Files cannot be uploaded here: type their paths in the import dialog.' });
        return;
      }
      setImportDialog({ open: true, paths: [] });
      const paths: string[] = [];
      try {
        for (const file of files) {
          setUploading(file.name);
          paths.push(await upload(file, file.name));
        }
      } catch (error) {
        notify({ kind: 'error', text: `Upload failed: ${errorMessage(error)}` });
        return;
      } finally {
        setUploading(null);
      }
      await startImport(paths);
    },
    [upload, notify, startImport],
  );

  const cancelImport = useCallback(() => {
    const importId = importIdRef.current;
    if (importId === null) return;
    dispatch({ type: 'cancelling', importId });
    api.call('import.cancel', { importId }).catch((error: unknown) => notify({ kind: 'error', text: `Could not cancel: ${errorMessage(error)}` }));
  }, [api, notify]);

  const showImportDialog = useCallback((open: boolean, paths: readonly string[] = []) => setImportDialog({ open, paths: [...paths] }), []);

  return { importRun, importDialog, showImportDialog, startImport, importFiles, uploading, cancelImport };
}
