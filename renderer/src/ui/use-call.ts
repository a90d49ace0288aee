// Loads one API call's answer for a view; reloads when the request or `version` changes. Answers
// that arrive after a newer request are dropped (fast typing in a filter box).
import { useEffect, useState } from 'react';
import type { ApiCall, ApiRequest, ApiResponse } from '../../../electron/core/api/contract.js';
import { useApp } from '../app/app-context.js';
import { errorMessage } from '../app/errors.js';

export interface CallState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

export function useCall<C extends ApiCall>(call: C, request: ApiRequest<C> | null, version: number | string = 0): CallState<ApiResponse<C>> {
  const { api } = useApp();
  const [state, setState] = useState<CallState<ApiResponse<C>>>({ data: null, error: null, loading: request !== null });
  const key = request === null ? null : JSON.stringify(request);
  useEffect(() => {
    if (key === null) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api.call(call, JSON.parse(key) as ApiRequest<C>).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState({ data: null, error: errorMessage(error), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [api, call, key, version]);
  return state;
}
