// Server state lives in one TanStack Query cache. api-client.ts stays the fetch layer (problem
// details, a 401 ending the session); this module says how long answers stay fresh and when a
// failed request is tried again. Each feature names its query keys in one place (*-queries.ts).
import { keepPreviousData, QueryClient, queryOptions, type QueryKey } from '@tanstack/react-query';
import { ApiError, getJson, type QueryParams } from './api-client.ts';

/** How long an answer is fresh, by kind of data; a write of this app invalidates what it changes. */
const staleTimes = {
  /** Written rarely, and not from this app (programmes, budgets, the database kind). */
  reference: 5 * 60_000,
  /** Written all day, by others too (items, lines, users): fresh for a short while. */
  shared: 30_000,
  /** Read to decide something now (the audit trail, possible duplicates): always asked again. */
  live: 0,
} as const;

/**
 * A 4xx is an answer (invalid input, no permission, not found): asking again changes nothing. A
 * network failure or an unavailable server may pass: one more try.
 */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 1) return false;
  if (!(error instanceof ApiError)) return false;
  return error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: staleTimes.shared },
      // A write is never repeated on its own: the user sees the failure and decides.
      mutations: { retry: false },
    },
  });
}

export interface ApiQueryOptions {
  /** What kind of data it is, which says how long it stays fresh (see staleTimes). */
  kind: keyof typeof staleTimes;
  params?: QueryParams;
  /**
   * A page (or a search) of a list: while the next one loads, the one on screen stays, so a table
   * does not flash empty between pages.
   */
  paged?: boolean;
}

/** A GET of the API under `queryKey`; the request is cancelled when nobody needs its answer. */
export function apiQuery<T>(queryKey: QueryKey, path: string, { kind, params, paged = false }: ApiQueryOptions) {
  return queryOptions<T, Error, T, QueryKey>({
    queryKey,
    queryFn: ({ signal }) => getJson<T>(path, params, { signal }),
    staleTime: staleTimes[kind],
    placeholderData: paged ? keepPreviousData : undefined,
  });
}
