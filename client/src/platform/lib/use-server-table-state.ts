// Sorting and paging state of a server-side table, kept in the URL search params:
// ?orden=<sortKey>&dir=asc|desc&pagina=<1-based>&tam=<pageSize>. Defaults are left out of the URL.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import {
  functionalUpdate,
  type OnChangeFn,
  type PaginationState,
  type SortingState,
} from '@tanstack/react-table';
import { patchParams, readChoice, readEnum, readPage } from './search-params.ts';

export interface ServerTableStateOptions<TSort extends string> {
  sortKeys: readonly TSort[];
  defaultSort: TSort;
  pageSizes: readonly number[];
  defaultPageSize: number;
}

export interface ServerTableState<TSort extends string> {
  params: URLSearchParams;
  sort: TSort;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
  sorting: SortingState;
  pagination: PaginationState;
  onSortingChange: OnChangeFn<SortingState>;
  onPaginationChange: OnChangeFn<PaginationState>;
  /** Set filter params (null deletes) and go back to the first page. */
  setFilters: (patch: Readonly<Record<string, string | null>>, options?: { replace?: boolean }) => void;
}

export function useServerTableState<TSort extends string>({
  sortKeys,
  defaultSort,
  pageSizes,
  defaultPageSize,
}: ServerTableStateOptions<TSort>): ServerTableState<TSort> {
  const [params, setParams] = useSearchParams();
  const sort = readEnum(params, 'orden', sortKeys) ?? defaultSort;
  const order: 'asc' | 'desc' = params.get('dir') === 'desc' ? 'desc' : 'asc';
  const page = readPage(params);
  const pageSize = readChoice(params, 'tam', pageSizes, defaultPageSize);

  const sorting = useMemo<SortingState>(() => [{ id: sort, desc: order === 'desc' }], [sort, order]);
  const pagination = useMemo<PaginationState>(() => ({ pageIndex: page - 1, pageSize }), [page, pageSize]);

  const onSortingChange = useCallback<OnChangeFn<SortingState>>(
    (updater) => {
      const next = functionalUpdate(updater, sorting)[0];
      const nextSort = next && (sortKeys as readonly string[]).includes(next.id) ? (next.id as TSort) : defaultSort;
      setParams((previous) =>
        patchParams(previous, {
          orden: nextSort === defaultSort ? null : nextSort,
          dir: next?.desc ? 'desc' : null,
          pagina: null,
        }),
        { preventScrollReset: true },
      );
    },
    [sorting, sortKeys, defaultSort, setParams],
  );

  const onPaginationChange = useCallback<OnChangeFn<PaginationState>>(
    (updater) => {
      const next = functionalUpdate(updater, pagination);
      const nextSize = pageSizes.includes(next.pageSize) ? next.pageSize : defaultPageSize;
      const nextPage = Math.max(0, next.pageIndex) + 1;
      setParams((previous) =>
        patchParams(previous, {
          pagina: nextPage === 1 ? null : nextPage,
          tam: nextSize === defaultPageSize ? null : nextSize,
        }),
        { preventScrollReset: true },
      );
    },
    [pagination, pageSizes, defaultPageSize, setParams],
  );

  const setFilters = useCallback<ServerTableState<TSort>['setFilters']>(
    (patch, options) => {
      setParams((previous) => patchParams(previous, { ...patch, pagina: null }), {
        replace: options?.replace ?? false,
        preventScrollReset: true,
      });
    },
    [setParams],
  );

  return { params, sort, order, page, pageSize, sorting, pagination, onSortingChange, onPaginationChange, setFilters };
}
