// First/previous/next/last navigation, "Página N de M" and the page-size selector for a
// server-paginated table.
import { useId } from 'react';
import type { ReactTable, RowData } from '@tanstack/react-table';
import { formatCount, plural } from '../lib/format.ts';
import type { ServerTableFeatures } from './server-table.tsx';

export interface PaginationControlsProps<TData extends RowData> {
  table: ReactTable<ServerTableFeatures, TData>;
  pageSizeOptions: readonly number[];
  /** Noun for the count, singular and plural: ['ítem', 'ítems']. */
  noun: readonly [string, string];
  label: string;
}

export function PaginationControls<TData extends RowData>({
  table,
  pageSizeOptions,
  noun,
  label,
}: PaginationControlsProps<TData>) {
  const sizeId = useId();
  const { pageIndex, pageSize } = table.state.pagination;
  const total = table.getRowCount();
  const pageCount = Math.max(1, table.getPageCount());
  const first = total === 0 ? 0 : pageIndex * pageSize + 1;
  const last = Math.min(total, (pageIndex + 1) * pageSize);

  return (
    <nav className="pagination" aria-label={label}>
      <p className="pagination__range" aria-live="polite">
        {total === 0
          ? `0 ${noun[1]}`
          : `${formatCount(first)}–${formatCount(last)} de ${plural(total, noun[0], noun[1])}`}
      </p>
      <div className="pagination__buttons">
        <button
          type="button"
          className="button button--icon"
          onClick={() => table.firstPage()}
          disabled={!table.getCanPreviousPage()}
          aria-label="Primera página"
          title="Primera página"
        >
          «
        </button>
        <button
          type="button"
          className="button button--icon"
          onClick={() => table.previousPage()}
          disabled={!table.getCanPreviousPage()}
          aria-label="Página anterior"
          title="Página anterior"
        >
          ‹
        </button>
        <span className="pagination__page">
          Página {formatCount(Math.min(pageIndex + 1, pageCount))} de {formatCount(pageCount)}
        </span>
        <button
          type="button"
          className="button button--icon"
          onClick={() => table.nextPage()}
          disabled={!table.getCanNextPage()}
          aria-label="Página siguiente"
          title="Página siguiente"
        >
          ›
        </button>
        <button
          type="button"
          className="button button--icon"
          onClick={() => table.lastPage()}
          disabled={!table.getCanLastPage()}
          aria-label="Última página"
          title="Última página"
        >
          »
        </button>
      </div>
      <div className="pagination__size">
        <label htmlFor={sizeId} className="field-label field-label--inline">
          Filas por página
        </label>
        <select
          id={sizeId}
          className="select"
          value={pageSize}
          onChange={(event) => table.setPageSize(Number.parseInt(event.target.value, 10))}
        >
          {pageSizeOptions.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </div>
    </nav>
  );
}
