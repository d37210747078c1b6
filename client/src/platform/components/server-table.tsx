// Rendering for tables whose sorting and paging happen on the server (petitorio, purchase lines).
// TanStack Table owns the column model and the sorting/pagination state machine; the state itself
// lives in the URL and is passed in controlled (see useServerTableState).
import { useEffect, type ReactNode } from 'react';
import {
  metaHelper,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type ReactTable,
  type RowData,
} from '@tanstack/react-table';
import type { ServerTableState } from '../lib/use-server-table-state.ts';

export interface ServerColumnMeta {
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** Render the cell as the row header (<th scope="row">). */
  rowHeader?: boolean;
  className?: string;
}

export const serverTableFeatures = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  columnMeta: metaHelper<ServerColumnMeta>(),
});
export type ServerTableFeatures = typeof serverTableFeatures;

export interface ServerTableOptions<TData extends RowData, TSort extends string> {
  state: ServerTableState<TSort>;
  // `any`: the columns hold values of different types.
  columns: ColumnDef<ServerTableFeatures, TData, any>[];
  /** The page of rows the server returned; undefined before the first answer. */
  page: { rows: TData[]; total: number } | undefined;
  /** The page on screen answers an earlier request. */
  isStale: boolean;
  getRowId: (row: TData) => string;
}

const NO_ROWS: never[] = [];

/** A table sorted and paged by the server, its state in the URL. */
export function useServerTable<TData extends RowData, TSort extends string>({
  state,
  columns,
  page,
  isStale,
  getRowId,
}: ServerTableOptions<TData, TSort>): ReactTable<ServerTableFeatures, TData> {
  const table = useTable({
    features: serverTableFeatures,
    columns,
    data: page?.rows ?? NO_ROWS,
    getRowId,
    state: { sorting: state.sorting, pagination: state.pagination },
    onSortingChange: state.onSortingChange,
    onPaginationChange: state.onPaginationChange,
    manualSorting: true,
    manualPagination: true,
    autoResetPageIndex: false,
    enableSortingRemoval: false,
    enableMultiSort: false,
    rowCount: page?.total ?? 0,
  });

  // A page number past the end (e.g. after narrowing the search) jumps to the last page.
  const pageCount = table.getPageCount();
  const { onPaginationChange, page: pageNumber } = state;
  const total = page?.total ?? 0;
  useEffect(() => {
    if (!isStale && total > 0 && pageNumber > pageCount) {
      onPaginationChange((previous) => ({ ...previous, pageIndex: pageCount - 1 }));
    }
  }, [isStale, total, pageNumber, pageCount, onPaginationChange]);

  return table;
}

type AriaSort = 'ascending' | 'descending' | undefined;

export interface ServerTableProps<TData extends RowData> {
  table: ReactTable<ServerTableFeatures, TData>;
  caption: string;
  /** Rows on screen belong to a previous request (a new page is loading). */
  busy?: boolean;
  empty?: ReactNode;
  testId?: string;
  /** Extra class of a body row (the selected one). */
  rowClassName?: (row: TData) => string | undefined;
  /**
   * A click anywhere on a body row (opening its detail). A mouse convenience only: the row must
   * also hold a button or link that does the same for keyboard users.
   */
  onRowClick?: (row: TData) => void;
}

export function ServerTable<TData extends RowData>({
  table,
  caption,
  busy,
  empty,
  testId,
  rowClassName,
  onRowClick,
}: ServerTableProps<TData>) {
  const rows = table.getRowModel().rows;
  const columnCount = table.getAllLeafColumns().length;

  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className={`data-table${busy ? ' is-busy' : ''}`} aria-busy={busy || undefined} data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((headerGroup) => (
            <tr key={headerGroup.id}>
              {headerGroup.headers.map((header) => {
                const column = header.column;
                const meta = column.columnDef.meta;
                const sorted = column.getIsSorted();
                const ariaSort: AriaSort = sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined;
                const className = [meta?.numeric ? 'num' : '', meta?.className ?? ''].filter(Boolean).join(' ');
                const label = header.isPlaceholder ? null : <table.FlexRender header={header} />;
                return (
                  <th key={header.id} scope="col" colSpan={header.colSpan} aria-sort={ariaSort} className={className || undefined}>
                    {column.getCanSort() && !header.isPlaceholder ? (
                      <button
                        type="button"
                        className="sort-button"
                        onClick={column.getToggleSortingHandler()}
                        title={sortHint(sorted, column.getNextSortingOrder())}
                      >
                        <span>{label}</span>
                        <span className={`sort-indicator${sorted ? ' is-active' : ''}`} aria-hidden="true">
                          {sorted === 'desc' ? '▼' : sorted === 'asc' ? '▲' : '↕'}
                        </span>
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columnCount} className="data-table__empty">
                {empty ?? 'Sin resultados.'}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr
                key={row.id}
                className={[rowClassName?.(row.original), onRowClick ? 'is-clickable' : ''].filter(Boolean).join(' ') || undefined}
                onClick={
                  onRowClick
                    ? (event) => {
                        // Buttons and links in the row do their own thing.
                        if ((event.target as HTMLElement).closest('a, button, input, select, label')) return;
                        onRowClick(row.original);
                      }
                    : undefined
                }
              >
                {row.getAllCells().map((cell) => {
                  const meta = cell.column.columnDef.meta;
                  const className = [meta?.numeric ? 'num' : '', meta?.className ?? ''].filter(Boolean).join(' ') || undefined;
                  const content = <table.FlexRender cell={cell} />;
                  return meta?.rowHeader ? (
                    <th key={cell.id} scope="row" className={className}>
                      {content}
                    </th>
                  ) : (
                    <td key={cell.id} className={className}>
                      {content}
                    </td>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

function sortHint(current: false | 'asc' | 'desc', next: false | 'asc' | 'desc'): string {
  if (next === 'asc') return 'Ordenar de forma ascendente';
  if (next === 'desc') return 'Ordenar de forma descendente';
  return current ? 'Quitar orden' : 'Ordenar';
}
