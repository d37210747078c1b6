// Minimal data fetching for the views: one request per distinct URL, cancelled (AbortController)
// when the URL changes or the component unmounts. The previous answer stays available while the
// next one loads, so paged tables do not flash empty between pages.
import { useCallback, useEffect, useState } from 'react';
import type { ProblemDetails } from '../../../../shared/api.ts';
import { buildApiUrl, fetchJson, isAbortError, toProblem, type QueryParams } from './api-client.ts';

export interface ApiResult<T> {
  /** Latest successful answer; may belong to a previous URL while `isStale` is true. */
  data: T | undefined;
  /** Problem details of the failed request for the current URL. */
  error: ProblemDetails | undefined;
  /** A request for the current URL is in flight. */
  loading: boolean;
  /** `data` belongs to an earlier URL (a new one is loading or failed). */
  isStale: boolean;
  /** Repeat the request for the current URL (the "Reintentar" button). */
  reload: () => void;
}

interface FetchState<T> {
  data?: T;
  dataUrl?: string;
  error?: ProblemDetails;
  errorUrl?: string;
}

/** Fetches `path` (relative to /api) with `params`; pass `null` as path to skip the request. */
export function useApi<T>(path: string | null, params?: QueryParams): ApiResult<T> {
  const url = path === null ? null : buildApiUrl(path, params);
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<FetchState<T>>({});

  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    fetchJson<T>(url, { signal: controller.signal }).then(
      (data) => setState({ data, dataUrl: url }),
      (error: unknown) => {
        if (isAbortError(error) || controller.signal.aborted) return;
        setState((previous) => ({ ...previous, error: toProblem(error), errorUrl: url }));
      },
    );
    return () => controller.abort();
  }, [url, attempt]);

  const reload = useCallback(() => {
    setState((previous) => ({ data: previous.data, dataUrl: previous.dataUrl }));
    setAttempt((n) => n + 1);
  }, []);

  const error = url !== null && state.errorUrl === url ? state.error : undefined;
  const settled = state.dataUrl === url || state.errorUrl === url;
  return {
    data: state.data,
    error,
    loading: url !== null && !settled,
    isStale: state.data !== undefined && state.dataUrl !== url,
    reload,
  };
}
