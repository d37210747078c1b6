// The programme's purchase lines: filtered, sorted and paged on the server, state in the URL.
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import type { LineSortKey, PurchaseLineDto } from '../../../../shared/api.ts';
import { lineSortKeys } from '../../../../shared/api.ts';
import {
  channelLabels,
  channels,
  processLabels,
  processes,
  segmentLabels,
  segments,
} from '../../../../shared/domain.ts';
import { PaginationControls } from '../../platform/components/pagination-controls.tsx';
import { SearchBox } from '../../platform/components/search-box.tsx';
import { ServerTable, useServerTable, type ServerTableFeatures } from '../../platform/components/server-table.tsx';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatQuantity, formatUnitPrice, plural } from '../../platform/lib/format.ts';
import { formatAmountOrDash } from '../../platform/lib/money-display.ts';
import { readEnum, readText } from '../../platform/lib/search-params.ts';
import { useServerTableState } from '../../platform/lib/use-server-table-state.ts';
import { FilterSelect } from '../../platform/components/filter-select.tsx';
import { programmeQueries } from './programme-queries.ts';

const PAGE_SIZES = [50, 100, 200, 500] as const;

const column = createColumnHelper<ServerTableFeatures, PurchaseLineDto>();
const columns = column.columns([
  column.accessor((line) => line.item.code, {
    id: 'code',
    header: 'Código',
    cell: (info) => <span className="code">{info.getValue()}</span>,
    meta: { rowHeader: true, className: 'col-code' },
  }),
  column.accessor((line) => line.item.name, {
    id: 'name',
    header: 'Ítem',
    cell: (info) => info.getValue(),
    meta: { className: 'col-name' },
  }),
  column.accessor('channel', {
    id: 'channel',
    header: 'Canal',
    cell: (info) => channelLabels[info.getValue()],
    meta: { className: 'col-nowrap' },
  }),
  column.accessor('segment', {
    id: 'segment',
    header: 'Segmento',
    cell: (info) => {
      const segment = info.getValue();
      return segment === null ? <span className="muted">—</span> : segmentLabels[segment];
    },
    enableSorting: false,
    meta: { className: 'col-nowrap' },
  }),
  column.accessor('process', {
    id: 'process',
    header: 'Proceso',
    cell: (info) => processLabels[info.getValue()],
    meta: { className: 'col-nowrap' },
  }),
  column.accessor('quantity', {
    id: 'quantity',
    header: 'Cantidad',
    cell: (info) => formatQuantity(info.getValue()),
    sortDescFirst: true,
    meta: { numeric: true },
  }),
  column.accessor('unitPrice', {
    id: 'unitPrice',
    header: 'Precio unitario (S/)',
    cell: (info) => formatUnitPrice(info.getValue()),
    sortDescFirst: true,
    meta: { numeric: true },
  }),
  column.accessor('amount', {
    id: 'amount',
    header: 'Monto (S/)',
    cell: (info) => formatAmountOrDash(info.getValue()),
    sortDescFirst: true,
    meta: { numeric: true, className: 'col-money' },
  }),
]);

export function PurchaseLinesTable({ programmeId }: { programmeId: number }) {
  const state = useServerTableState<LineSortKey>({
    sortKeys: lineSortKeys,
    defaultSort: 'code',
    pageSizes: PAGE_SIZES,
    defaultPageSize: 100,
  });
  const channel = readEnum(state.params, 'canal', channels);
  const segment = readEnum(state.params, 'segmento', segments);
  const process = readEnum(state.params, 'proceso', processes);
  const q = readText(state.params, 'q').trim();
  const hasFilters = channel !== undefined || segment !== undefined || process !== undefined || q !== '';

  const lines = useQuery(
    programmeQueries.lines(programmeId, {
      channel,
      segment,
      process,
      q,
      page: state.page,
      pageSize: state.pageSize,
      sort: state.sort,
      order: state.order,
    }),
  );

  const table = useServerTable({
    state,
    columns,
    page: lines.data && { rows: lines.data.lines, total: lines.data.total },
    isStale: lines.isPlaceholderData,
    getRowId: (line) => String(line.id),
  });

  return (
    <div className="purchase-lines">
      <div className="filters" role="group" aria-label="Filtros de las líneas de compra">
        <FilterSelect
          label="Canal"
          value={channel}
          options={channels}
          optionLabel={(value) => channelLabels[value]}
          // EsSalud lines have no segment: drop a segment filter that can no longer match.
          onChange={(value) => state.setFilters({ canal: value, ...(value === 'essalud' ? { segmento: null } : {}) })}
        />
        <FilterSelect
          label="Segmento"
          value={segment}
          options={segments}
          optionLabel={(value) => segmentLabels[value]}
          onChange={(value) => state.setFilters({ segmento: value })}
          disabled={channel === 'essalud'}
          title={channel === 'essalud' ? `${channelLabels.essalud} no tiene segmentos` : undefined}
        />
        <FilterSelect
          label="Proceso"
          value={process}
          options={processes}
          optionLabel={(value) => processLabels[value]}
          onChange={(value) => state.setFilters({ proceso: value })}
        />
        <SearchBox
          label="Buscar ítem por nombre o código"
          placeholder="p. ej. paclitaxel"
          value={q}
          onSearch={(text) => state.setFilters({ q: text || null }, { replace: true })}
          testId="lines-search"
        />
        {hasFilters ? (
          <button
            type="button"
            className="button button--quiet filters__clear"
            onClick={() => state.setFilters({ canal: null, segmento: null, proceso: null, q: null })}
          >
            Limpiar filtros
          </button>
        ) : null}
        <p className="result-count filters__count" aria-live="polite" data-testid="lines-total">
          {lines.data ? plural(lines.data.total, 'línea', 'líneas') : '\u00a0'}
        </p>
      </div>

      <QueryErrorAlert query={lines} context="las líneas de compra" />
      {!lines.data && !lines.error ? <LoadingState label="Cargando líneas de compra…" rows={8} /> : null}
      {lines.data ? (
        <>
          <ServerTable
            table={table}
            caption="Líneas de compra del programa"
            busy={lines.isFetching}
            testId="lines-table"
            empty={hasFilters ? 'Ninguna línea de compra coincide con los filtros.' : 'El programa no tiene líneas de compra.'}
          />
          <PaginationControls
            table={table}
            pageSizeOptions={PAGE_SIZES}
            noun={['línea', 'líneas']}
            label="Paginación de las líneas de compra"
          />
        </>
      ) : null}
    </div>
  );
}
