// The items behind the coverage figures, paged and filtered on the server; every filter lives in
// the URL (see coverage-params.ts), so a drill-down from the breakdown is a link.
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import type { CoverageItemDto } from '../../../../shared/api.ts';
import { coverageStatuses, coverageStatusLabels, supplyListLabels, supplyLists, venClasses, venLabels } from '../../../../shared/domain.ts';
import { buildApiUrl } from '../../platform/api/api-client.ts';
import { PaginationControls } from '../../platform/components/pagination-controls.tsx';
import { SearchBox } from '../../platform/components/search-box.tsx';
import { ServerTable, useServerTable, type ServerTableFeatures } from '../../platform/components/server-table.tsx';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatCount, plural } from '../../platform/lib/format.ts';
import { useServerTableState } from '../../platform/lib/use-server-table-state.ts';
import { apiFilters, FILTER_PARAMS, hasFilters, readFilters } from './coverage-params.ts';
import { FilterSelect } from '../../platform/components/filter-select.tsx';
import { programmeQueries } from './programme-queries.ts';

const PAGE_SIZES = [50, 100, 200] as const;
const SORT_KEYS = ['code'] as const;

const column = createColumnHelper<ServerTableFeatures, CoverageItemDto>();
const columns = column.columns([
  column.accessor('code', {
    id: 'code',
    header: 'Código',
    cell: (info) => (
      <Link
        className="code"
        to={`/petitorio?${new URLSearchParams({ item: String(info.row.original.id) })}`}
        title="Abrir el ítem en el Petitorio"
      >
        {info.getValue()}
      </Link>
    ),
    enableSorting: false,
    meta: { rowHeader: true, className: 'col-code' },
  }),
  column.accessor('name', {
    id: 'name',
    header: 'Ítem',
    cell: (info) => (
      <>
        {info.getValue()}
        {info.row.original.active ? null : (
          <>
            {' '}
            <span className="tag tag--off">Inactivo</span>
          </>
        )}
      </>
    ),
    enableSorting: false,
    meta: { className: 'col-name' },
  }),
  column.accessor('supplyList', {
    id: 'supplyList',
    header: 'Cartilla',
    cell: (info) => <span className={`tag tag--${info.getValue()}`}>{supplyListLabels[info.getValue()]}</span>,
    enableSorting: false,
  }),
  column.accessor('therapeuticGroup', {
    id: 'therapeuticGroup',
    header: 'Grupo terapéutico',
    cell: (info) => info.getValue(),
    enableSorting: false,
    meta: { className: 'col-group' },
  }),
  column.accessor('ven', {
    id: 'ven',
    header: 'VEN',
    cell: (info) => <span className={`ven ven--${info.getValue()}`}>{venLabels[info.getValue()]}</span>,
    enableSorting: false,
  }),
  column.accessor('status', {
    id: 'status',
    header: 'Estado de cobertura',
    cell: (info) => {
      const status = info.getValue();
      const gap = status === 'not_covered' && info.row.original.supplyList === 'centralized';
      return (
        <span className={`coverage-status coverage-status--${status}${gap ? ' is-gap' : ''}`}>
          {coverageStatusLabels[status]}
        </span>
      );
    },
    enableSorting: false,
    meta: { className: 'col-nowrap' },
  }),
  column.accessor('lines', {
    id: 'lines',
    header: 'Líneas',
    cell: (info) => formatCount(info.getValue()),
    enableSorting: false,
    meta: { numeric: true },
  }),
]);

export function CoverageItemsTable({ programmeId, groups }: { programmeId: number; groups: readonly string[] }) {
  const state = useServerTableState({ sortKeys: SORT_KEYS, defaultSort: 'code', pageSizes: PAGE_SIZES, defaultPageSize: 100 });
  const filters = readFilters(state.params);
  const filtered = hasFilters(filters);
  const items = useQuery(
    programmeQueries.coverageItems(programmeId, { ...apiFilters(filters), page: state.page, pageSize: state.pageSize }),
  );
  const table = useServerTable({
    state,
    columns,
    page: items.data && { rows: items.data.items, total: items.data.total },
    isStale: items.isPlaceholderData,
    getRowId: (item) => String(item.id),
  });
  const exportUrl = (format: 'csv' | 'xlsx') =>
    buildApiUrl(`/programmes/${programmeId}/coverage/export`, { format, ...apiFilters(filters) });
  // A group in the URL that the formulary no longer has still shows as the selected option.
  const groupOptions = filters.group && !groups.includes(filters.group) ? [...groups, filters.group] : groups;

  return (
    <div className="coverage-items">
      <div className="filters" role="group" aria-label="Filtros de los ítems">
        <FilterSelect
          label="Estado de cobertura"
          value={filters.status}
          options={coverageStatuses}
          optionLabel={(value) => coverageStatusLabels[value]}
          onChange={(value) => state.setFilters({ estado: value })}
        />
        <FilterSelect
          label="Cartilla"
          value={filters.supplyList}
          options={supplyLists}
          optionLabel={(value) => supplyListLabels[value]}
          allLabel="Todas"
          onChange={(value) => state.setFilters({ cartilla: value })}
        />
        <FilterSelect
          label="Grupo terapéutico"
          value={filters.group}
          options={groupOptions}
          onChange={(value) => state.setFilters({ grupo: value })}
          wide
        />
        <FilterSelect
          label="VEN"
          value={filters.ven}
          options={venClasses}
          optionLabel={(value) => venLabels[value]}
          onChange={(value) => state.setFilters({ ven: value })}
        />
        <SearchBox
          label="Buscar ítem por nombre o código"
          placeholder="p. ej. paclitaxel"
          value={filters.q}
          onSearch={(text) => state.setFilters({ q: text || null }, { replace: true })}
          testId="coverage-search"
        />
        {filtered ? (
          <button
            type="button"
            className="button button--quiet filters__clear"
            onClick={() => state.setFilters(Object.fromEntries(FILTER_PARAMS.map((key) => [key, null])))}
          >
            Limpiar filtros
          </button>
        ) : null}
      </div>
      <div className="toolbar">
        <p className="result-count" aria-live="polite" data-testid="coverage-items-total">
          {items.data ? plural(items.data.total, 'ítem', 'ítems') : '\u00a0'}
          {filtered && items.data ? <span className="muted"> con los filtros elegidos</span> : null}
        </p>
        <div className="page__actions">
          <a className="button button--quiet button--small" href={exportUrl('csv')} download data-testid="coverage-export-csv">
            Exportar CSV
          </a>
          <a className="button button--quiet button--small" href={exportUrl('xlsx')} download>
            Exportar XLSX
          </a>
        </div>
      </div>
      <QueryErrorAlert query={items} context="los ítems" />
      {!items.data && !items.error ? <LoadingState label="Cargando los ítems…" rows={8} /> : null}
      {items.data ? (
        <>
          <ServerTable
            table={table}
            caption="Ítems del petitorio y su cobertura"
            busy={items.isFetching}
            testId="coverage-items-table"
            rowClassName={(item) => (item.active ? undefined : 'is-inactive')}
            empty={filtered ? 'Ningún ítem coincide con los filtros.' : 'El petitorio no tiene ítems.'}
          />
          <PaginationControls table={table} pageSizeOptions={PAGE_SIZES} noun={['ítem', 'ítems']} label="Paginación de los ítems" />
        </>
      ) : null}
    </div>
  );
}
