// Proveedores: every supplier with what it was awarded (searched by RUC or name, paged), and one
// supplier's page with its awards, process by process.
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Link, useParams } from 'react-router';
import type { SupplierAward, SuppliersPage as SuppliersPageDto } from '../../../../shared/procurement-api.ts';
import { PaginationControls } from '../../platform/components/pagination-controls.tsx';
import { SearchBox } from '../../platform/components/search-box.tsx';
import { ServerTable, useServerTable, type ServerTableFeatures } from '../../platform/components/server-table.tsx';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatCount, formatQuantity, formatUnitPrice, plural } from '../../platform/lib/format.ts';
import { formatMoneyOrDash } from '../../platform/lib/money-display.ts';
import { readText } from '../../platform/lib/search-params.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { useServerTableState } from '../../platform/lib/use-server-table-state.ts';
import { ApiError } from '../../platform/api/api-client.ts';
import { NotFoundPage } from '../../platform/pages/not-found-page.tsx';
import { parseProgrammeId } from '../programmes/programme-id.ts';
import { ProcessStatusBadge } from './procurement-display.tsx';
import { procurementQueries } from './procurement-queries.ts';
import '../planning/planning.css';
import './procurement.css';

const PAGE_SIZES = [50, 100, 200] as const;

type SupplierRow = SuppliersPageDto['suppliers'][number];

const supplierColumn = createColumnHelper<ServerTableFeatures, SupplierRow>();
const supplierColumns = supplierColumn.columns([
  supplierColumn.accessor('ruc', {
    id: 'ruc',
    header: 'RUC',
    cell: (info) => <span className="code">{info.getValue()}</span>,
    enableSorting: false,
  }),
  supplierColumn.accessor('name', {
    id: 'name',
    header: 'Razón social',
    cell: (info) => <Link to={`/proveedores/${info.row.original.id}`}>{info.getValue()}</Link>,
    enableSorting: false,
    meta: { rowHeader: true },
  }),
  supplierColumn.accessor('awardedLines', {
    id: 'awardedLines',
    header: 'Líneas adjudicadas',
    cell: (info) => formatCount(info.getValue()),
    enableSorting: false,
    meta: { numeric: true },
  }),
  supplierColumn.accessor('awardedTotal', {
    id: 'awardedTotal',
    header: 'Total adjudicado',
    cell: (info) => formatMoneyOrDash(info.getValue()),
    enableSorting: false,
    meta: { numeric: true, className: 'col-money' },
  }),
]);

export function SuppliersPage() {
  useDocumentTitle('Proveedores');
  const state = useServerTableState<'name'>({ sortKeys: ['name'], defaultSort: 'name', pageSizes: PAGE_SIZES, defaultPageSize: 50 });
  const q = readText(state.params, 'q').trim();
  const suppliers = useQuery(procurementQueries.suppliers({ q, page: state.page, pageSize: state.pageSize }));
  const table = useServerTable({
    state,
    columns: supplierColumns,
    page: suppliers.data && { rows: suppliers.data.suppliers, total: suppliers.data.total },
    isStale: suppliers.isPlaceholderData,
    getRowId: (supplier) => String(supplier.id),
  });

  return (
    <section className="page" aria-labelledby="suppliers-title">
      <header className="page__header">
        <h1 id="suppliers-title" className="page__title">
          Proveedores
        </h1>
        <p className="page__lead">Los proveedores se registran al adjudicarles una línea con un RUC nuevo.</p>
      </header>
      <div className="filters" role="group" aria-label="Buscar proveedores">
        <SearchBox
          label="Buscar por RUC o razón social"
          placeholder="p. ej. 20100000001"
          value={q}
          onSearch={(text) => state.setFilters({ q: text || null }, { replace: true })}
          testId="suppliers-search"
        />
        <p className="result-count filters__count" aria-live="polite" data-testid="suppliers-total">
          {suppliers.data ? plural(suppliers.data.total, 'proveedor', 'proveedores') : '\u00a0'}
        </p>
      </div>
      <QueryErrorAlert query={suppliers} context="los proveedores" />
      {!suppliers.data && !suppliers.error ? <LoadingState label="Cargando los proveedores…" rows={4} /> : null}
      {suppliers.data ? (
        <>
          <ServerTable
            table={table}
            caption="Proveedores y lo que se les adjudicó"
            busy={suppliers.isFetching}
            testId="suppliers-table"
            empty={q ? 'Ningún proveedor coincide con la búsqueda.' : 'Todavía no hay proveedores registrados.'}
          />
          <PaginationControls table={table} pageSizeOptions={PAGE_SIZES} noun={['proveedor', 'proveedores']} label="Paginación de los proveedores" />
        </>
      ) : null}
    </section>
  );
}

const awardColumn = createColumnHelper<ServerTableFeatures, SupplierAward>();
const awardColumns = awardColumn.columns([
  awardColumn.accessor((award) => award.process.code, {
    id: 'process',
    header: 'Proceso',
    cell: (info) => (
      <>
        <Link to={`/procesos/${info.row.original.process.id}`}>{info.getValue()}</Link>{' '}
        <ProcessStatusBadge status={info.row.original.process.status} />
      </>
    ),
    enableSorting: false,
    meta: { rowHeader: true },
  }),
  awardColumn.accessor((award) => award.programme.name, {
    id: 'programme',
    header: 'Programa',
    cell: (info) => <Link to={`/programas/${info.row.original.programme.id}/procesos`}>{info.getValue()}</Link>,
    enableSorting: false,
  }),
  awardColumn.accessor((award) => award.item.code, {
    id: 'item',
    header: 'Ítem',
    cell: (info) => (
      <>
        <span className="code">{info.getValue()}</span> {info.row.original.item.name}
      </>
    ),
    enableSorting: false,
  }),
  awardColumn.accessor('awardedQuantity', {
    id: 'awardedQuantity',
    header: 'Cantidad',
    cell: (info) => formatQuantity(info.getValue()),
    enableSorting: false,
    meta: { numeric: true },
  }),
  awardColumn.accessor('awardedUnitPrice', {
    id: 'awardedUnitPrice',
    header: 'Precio unitario (S/)',
    cell: (info) => formatUnitPrice(info.getValue()),
    enableSorting: false,
    meta: { numeric: true },
  }),
  awardColumn.accessor('awardedAmount', {
    id: 'awardedAmount',
    header: 'Monto adjudicado',
    cell: (info) => formatMoneyOrDash(info.getValue()),
    enableSorting: false,
    meta: { numeric: true, className: 'col-money' },
  }),
]);

export function SupplierPage() {
  const id = parseProgrammeId(useParams().id);
  const state = useServerTableState<'process'>({ sortKeys: ['process'], defaultSort: 'process', pageSizes: PAGE_SIZES, defaultPageSize: 50 });
  const supplier = useQuery({ ...procurementQueries.supplier(id ?? 0, { page: state.page, pageSize: state.pageSize }), enabled: id !== null });
  useDocumentTitle(supplier.data ? `Proveedor ${supplier.data.name}` : 'Proveedor');
  const table = useServerTable({
    state,
    columns: awardColumns,
    page: supplier.data && { rows: supplier.data.awards, total: supplier.data.totalAwards },
    isStale: supplier.isPlaceholderData,
    getRowId: (award) => `${award.process.id}-${award.lineId}`,
  });
  if (id === null || (supplier.error instanceof ApiError && supplier.error.status === 404)) return <NotFoundPage />;
  if (supplier.error) return <QueryErrorAlert query={supplier} context="el proveedor" />;
  if (!supplier.data) return <LoadingState label="Cargando el proveedor…" rows={4} />;
  const data = supplier.data;

  return (
    <section className="page" aria-labelledby="supplier-title">
      <header className="page__header">
        <p>
          <Link to="/proveedores">Proveedores</Link>
        </p>
        <h1 id="supplier-title" className="page__title">
          {data.name}
        </h1>
        <p className="page__lead" data-testid="supplier-summary">
          RUC <span className="code">{data.ruc}</span> · {plural(data.awardedLines, 'línea adjudicada', 'líneas adjudicadas')} por{' '}
          <strong>{formatMoneyOrDash(data.awardedTotal)}</strong>
        </p>
      </header>
      <h2 className="section-title">Adjudicaciones</h2>
      <ServerTable
        table={table}
        caption={`Líneas adjudicadas a ${data.name}`}
        busy={supplier.isFetching}
        testId="supplier-awards"
        empty="No tiene adjudicaciones."
      />
      <PaginationControls table={table} pageSizeOptions={PAGE_SIZES} noun={['adjudicación', 'adjudicaciones']} label="Paginación de las adjudicaciones" />
    </section>
  );
}
