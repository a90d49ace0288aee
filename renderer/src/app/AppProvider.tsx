// The app's state container: composes the open case, appearance (zone, theme), imports, the
// route, the palette's actions and notices, follows the shell's commands, and hands everything to
// the views through AppContext. Views stay presentational where they can.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AppInfo, TrailviewApi } from '../../../electron/core/api/contract.js';
import { AppContext, type AppAction, type AppContextValue, type Notice, type Route, type RouteParams, type SessionMoment, type Uploader } from './app-context.js';
import { errorMessage } from './errors.js';
import { isMacPlatform } from './shortcuts.js';
import { useAppCommands } from './use-app-commands.js';
import { useAppearance } from './use-appearance.js';
import { useImports } from './use-imports.js';
import { useOpenCase } from './use-open-case.js';
import { VIEWS, sessionOpenerView } from './views.js';

export interface AppProviderProps {
  api: TrailviewApi;
  upload?: Uploader | null;
  children: ReactNode;
}

export function AppProvider({ api, upload = null, children }: AppProviderProps) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [route, setRoute] = useState<Route>({ view: 'case', params: {} });
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [viewActions, setViewActions] = useState<Readonly<Record<string, readonly AppAction[]>>>({});
  const [notice, notify] = useState<Notice | null>(null);

  // Information goes away by itself; errors stay until dismissed.
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const timer = setTimeout(() => notify(null), 8000);
    return () => clearTimeout(timer);
  }, [notice]);

  useEffect(() => {
    let live = true;
    api.call('app.info', {}).then(
      (i) => live && setInfo(i),
      (error: unknown) => live && notify({ kind: 'error', text: `The services did not answer: ${errorMessage(error)}` }),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const showCaseView = useCallback(() => setRoute({ view: 'case', params: {} }), []);
  const openCase = useOpenCase(api, notify, showCaseView);
  const { reloadCase } = openCase;
  const onImportDone = useCallback(() => void reloadCase(), [reloadCase]);
  const imports = useImports(api, upload, notify, onImportDone);
  const appearance = useAppearance();

  useAppCommands(api, {
    caseOpen: openCase.currentCase !== null,
    openCase: openCase.openCase,
    createCase: openCase.createCase,
    showImportDialog: imports.showImportDialog,
    startImport: imports.startImport,
    setThemePreference: appearance.setThemePreference,
    setPaletteOpen,
  });

  const navigate = useCallback((view: string, params: RouteParams = {}) => {
    setRoute({ view, params });
    setPaletteOpen(false);
  }, []);

  const openSession = useCallback(
    (moment: SessionMoment) => navigate(sessionOpenerView(VIEWS), { sessionId: moment.sessionId, tsUs: moment.tsUs, commandId: moment.commandId }),
    [navigate],
  );

  const registerActions = useCallback((owner: string, actions: readonly AppAction[]) => {
    setViewActions((current) => {
      if (actions.length === 0 && !(owner in current)) return current;
      const next = { ...current };
      if (actions.length === 0) delete next[owner];
      else next[owner] = actions;
      return next;
    });
  }, []);

  const actions = useMemo(() => Object.values(viewActions).flat(), [viewActions]);
  const mac = isMacPlatform(info?.platform ?? navigator.platform);

  const value: AppContextValue = {
    api,
    upload,
    info,
    mac,
    ...openCase,
    ...appearance,
    ...imports,
    route,
    navigate,
    openSession,
    sessionMomentView: sessionOpenerView(VIEWS),
    paletteOpen,
    setPaletteOpen,
    actions,
    registerActions,
    notice,
    notify,
  };
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}
