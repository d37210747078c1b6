// Query keys, reads and writes of the planning views (issue 11). The grid holds every line of a
// programme in one cached list, streamed page by page so the first rows show at once; writes patch
// that list with what the server answers instead of reloading 20,000 lines.
import { experimental_streamedQuery as streamedQuery, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { ItemsPage, LinesPage, ProgrammeBudget, ProgrammeComparison, PurchaseLineDto } from '../../../../shared/api.ts';
import { MAX_PAGE_SIZE } from '../../../../shared/api.ts';
import { getJson } from '../../platform/api/api-client.ts';
import { apiQuery } from '../../platform/api/query-client.ts';
import { budgetKeys } from '../budget/budget-queries.ts';
import { programmeKeys } from '../programmes/programme-queries.ts';

export const planningKeys = {
  allLines: (id: number) => [...programmeKeys.one(id), 'planning-lines'] as const,
  budget: (id: number) => [...programmeKeys.one(id), 'budget'] as const,
  compare: (base: number, other: number, page: number) => [...programmeKeys.all, 'compare', base, other, page] as const,
  itemSearch: (q: string) => ['items', 'planning-search', q] as const,
};

/** Pages fetched at once after the first: enough to fill the list quickly without crowding the server. */
const PARALLEL_PAGES = 3;
/** The first request is small, so the first rows show as soon as possible. */
const FIRST_PAGE_SIZE = 200;

async function* streamLines(id: number, signal: AbortSignal): AsyncGenerator<PurchaseLineDto[]> {
  const path = `/programmes/${id}/lines`;
  const order = { sort: 'code', order: 'asc' } as const;
  const first = await getJson<LinesPage>(path, { ...order, pageSize: FIRST_PAGE_SIZE, page: 1 }, { signal });
  yield first.lines;
  if (first.total <= first.lines.length) return;
  // Then the largest pages the API gives, the first of which repeats those lines: each line is
  // kept once, by id (which also holds should a line added meanwhile shift the pages).
  const seen = new Set(first.lines.map((line) => line.id));
  const pages = Math.ceil(first.total / MAX_PAGE_SIZE);
  for (let start = 1; start <= pages; start += PARALLEL_PAGES) {
    const batch = [];
    for (let page = start; page < start + PARALLEL_PAGES && page <= pages; page++) {
      batch.push(getJson<LinesPage>(path, { ...order, pageSize: MAX_PAGE_SIZE, page }, { signal }));
    }
    for (const answer of await Promise.all(batch)) {
      const fresh = answer.lines.filter((line) => !seen.has(line.id));
      for (const line of fresh) seen.add(line.id);
      yield fresh;
    }
  }
}

const NO_LINES: PurchaseLineDto[] = [];
export const COMPARE_PAGE_SIZE = 200;

export const planningQueries = {
  /** Every line of the programme; grows as pages arrive, replaced whole only when asked again. */
  allLines: (id: number) =>
    queryOptions({
      queryKey: planningKeys.allLines(id),
      queryFn: streamedQuery<PurchaseLineDto[], PurchaseLineDto[]>({
        streamFn: ({ signal }) => streamLines(id, signal),
        refetchMode: 'replace',
        reducer: (lines, page) => (lines.length === 0 ? page : lines.concat(page)),
        initialValue: NO_LINES,
      }),
      // Writes patch this list; others' changes arrive as conflicts or with "Recargar".
      staleTime: Number.POSITIVE_INFINITY,
      // Comparing 20,000 lines deep on every patch costs more than it saves: patches keep the
      // objects that did not change anyway.
      structuralSharing: false,
      refetchOnWindowFocus: false,
    }),
  budget: (id: number) => apiQuery<ProgrammeBudget>(planningKeys.budget(id), `/programmes/${id}/budget`, { kind: 'live' }),
  compare: (base: number, other: number, page: number) =>
    apiQuery<ProgrammeComparison>(planningKeys.compare(base, other, page), '/programmes/compare', {
      kind: 'live',
      params: { base, other, page, pageSize: COMPARE_PAGE_SIZE },
      paged: true,
    }),
  itemSearch: (q: string) =>
    apiQuery<ItemsPage>(planningKeys.itemSearch(q), '/items', { kind: 'shared', params: { q, pageSize: 20 }, paged: true }),
};

/** Replaces (or with `remove`, drops) lines of the cached list by id; adds those it does not hold. */
export function patchCachedLines(
  queryClient: QueryClient,
  programmeId: number,
  update: { upsert?: readonly PurchaseLineDto[]; remove?: readonly number[] },
): void {
  queryClient.setQueryData<PurchaseLineDto[]>(planningKeys.allLines(programmeId), (lines) => {
    if (!lines) return lines;
    const upsert = new Map((update.upsert ?? []).map((line) => [line.id, line]));
    const remove = new Set(update.remove ?? []);
    const next: PurchaseLineDto[] = [];
    for (const line of lines) {
      if (remove.has(line.id)) continue;
      const replacement = upsert.get(line.id);
      next.push(replacement ?? line);
      upsert.delete(line.id);
    }
    next.push(...upsert.values());
    return next;
  });
}

export function cachedLine(queryClient: QueryClient, programmeId: number, lineId: number): PurchaseLineDto | undefined {
  return queryClient.getQueryData<PurchaseLineDto[]>(planningKeys.allLines(programmeId))?.find((line) => line.id === lineId);
}

/**
 * After a write to a programme's lines: what the server computes from them (summary, coverage,
 * budget, the read-only lines table) is asked again; the grid's list is already patched.
 */
export function invalidateAfterLineWrite(queryClient: QueryClient, programmeId: number): Promise<void> {
  return queryClient.invalidateQueries({
    queryKey: programmeKeys.one(programmeId),
    predicate: (query) => query.queryKey[2] !== 'planning-lines',
  });
}

/** After a change to a programme itself (name, year, status), or to the list of programmes. */
export function invalidateProgrammes(queryClient: QueryClient): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: programmeKeys.list() }),
    queryClient.invalidateQueries({ queryKey: [...programmeKeys.all, 'compare'] }),
  ]).then(() => undefined);
}

export function invalidateBudgets(queryClient: QueryClient): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: budgetKeys.all }),
    queryClient.invalidateQueries({ queryKey: programmeKeys.all, predicate: (query) => query.queryKey[2] === 'budget' }),
  ]).then(() => undefined);
}
