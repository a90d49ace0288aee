// The open case as the services report it: loaded on start, reloaded on `case.changed`; open,
// create and close. `caseVersion` increases on every change so views reload their data.
import { useCallback, useEffect, useState } from 'react';
import type { CaseView, TrailviewApi } from '../../../electron/core/api/contract.js';
import type { Notice } from './app-context.js';
import { errorMessage } from './errors.js';

export interface OpenCase {
  currentCase: CaseView | null;
  caseVersion: number;
  caseBusy: boolean;
  openCase(dir: string): Promise<boolean>;
  createCase(dir: string, name?: string, examiner?: string): Promise<boolean>;
  closeCase(): Promise<void>;
  reloadCase(): Promise<void>;
}

/** `onSwitched` runs after a case was opened, created or closed (the shell shows the Case view). */
export function useOpenCase(api: TrailviewApi, notify: (notice: Notice | null) => void, onSwitched: () => void): OpenCase {
  const [currentCase, setCurrentCase] = useState<CaseView | null>(null);
  const [caseVersion, setCaseVersion] = useState(0);
  const [caseBusy, setCaseBusy] = useState(false);

  const show = useCallback((view: CaseView | null) => {
    setCurrentCase(view);
    setCaseVersion((v) => v + 1);
  }, []);

  const reloadCase = useCallback(async () => {
    try {
      show(await api.call('case.current', {}));
    } catch (error) {
      notify({ kind: 'error', text: `Could not read the open case: ${errorMessage(error)}` });
    }
  }, [api, notify, show]);

  useEffect(() => {
    void reloadCase();
    return api.on('case.changed', () => void reloadCase());
  }, [api, reloadCase]);

  const switchTo = useCallback(
    async (what: string, load: () => Promise<CaseView>) => {
      setCaseBusy(true);
      try {
        show(await load());
        onSwitched();
        notify(null);
        return true;
      } catch (error) {
        notify({ kind: 'error', text: `${what}: ${errorMessage(error)}` });
        return false;
      } finally {
        setCaseBusy(false);
      }
    },
    [notify, onSwitched, show],
  );

  const openCase = useCallback((dir: string) => switchTo(`Could not open ${dir}`, () => api.call('case.open', { dir })), [api, switchTo]);

  const createCase = useCallback(
    (dir: string, name?: string, examiner?: string) => {
      const req: { dir: string; name?: string; examiner?: string } = { dir };
      if (name !== undefined && name !== '') req.name = name;
      if (examiner !== undefined && examiner !== '') req.examiner = examiner;
      return switchTo(`Could not create a case in ${dir}`, () => api.call('case.create', req));
    },
    [api, switchTo],
  );

  const closeCase = useCallback(async () => {
    try {
      await api.call('case.close', {});
      show(null);
      onSwitched();
    } catch (error) {
      notify({ kind: 'error', text: `Could not close the case: ${errorMessage(error)}` });
    }
  }, [api, notify, onSwitched, show]);

  return { currentCase, caseVersion, caseBusy, openCase, createCase, closeCase, reloadCase };
}
