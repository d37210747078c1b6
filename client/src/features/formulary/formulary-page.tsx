// Petitorio Farmacológico: the formulary, filtered by supply list and searched on the server.
// Every role reads it; Farmacia and Administración also create, edit, (de)activate, delete and
// import items. The forms load on demand (they bring zod and the shared schemas). The open item
// is in the URL (?item=42), so a link can point at one item.
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { createColumnHelper } from '@tanstack/react-table';
import type { FormularySummary, ItemDto, ItemSortKey } from '../../../../shared/api.ts';
import { itemSortKeys } from '../../../../shared/api.ts';
import { supplyListLabels, supplyLists, venLabels } from '../../../../shared/domain.ts';
import { buildApiUrl } from '../../platform/api/api-client.ts';
import { canUse } from '../auth/permissions.ts';
import { useSessionUser } from '../auth/session-context.tsx';
import { FormMessage } from '../../platform/components/form-fields.tsx';
import { PaginationControls } from '../../platform/components/pagination-controls.tsx';
import { SearchBox } from '../../platform/components/search-box.tsx';
import { ServerTable, useServerTable, type ServerTableFeatures } from '../../platform/components/server-table.tsx';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatCount, formatSignedCount, plural } from '../../platform/lib/format.ts';
import { patchParams, readEnum, readId, readText } from '../../platform/lib/search-params.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { useServerTableState } from '../../platform/lib/use-server-table-state.ts';
import { itemKeys, itemQueries } from './formulary-queries.ts';
import './formulary.css';

const ItemCreateForm = lazy(() =>
  import('./item-create-form.tsx').then((module) => ({ default: module.ItemCreateForm })),
);
const ItemDetailDrawer = lazy(() =>
  import('./item-detail-drawer.tsx').then((module) => ({ default: module.ItemDetailDrawer })),
);

const PAGE_SIZES = [50, 100, 200] as const;

const column = createColumnHelper<ServerTableFeatures, ItemDto>();
const makeColumns = (onOpen: (item: ItemDto) => void, actionLabel: string) => column.columns([
  column.accessor('code', {
    id: 'code',
    header: 'Código',
    cell: (info) => <span className="code">{info.getValue()}</span>,
    meta: { rowHeader: true, className: 'col-code' },
  }),
  column.accessor('name', {
    id: 'name',
    header: 'Denominación',
    cell: (info) => info.getValue(),
    meta: { className: 'col-name' },
  }),
  column.accessor('dosageForm', {
    id: 'dosageForm',
    header: 'Forma farmacéutica',
    cell: (info) => info.getValue() || '—',
    enableSorting: false,
  }),
  column.accessor('therapeuticGroup', {
    id: 'therapeuticGroup',
    header: 'Grupo terapéutico',
    cell: (info) => info.getValue(),
    meta: { className: 'col-group' },
  }),
  column.accessor('supplyList', {
    id: 'supplyList',
    header: 'Lista',
    cell: (info) => <span className={`tag tag--${info.getValue()}`}>{supplyListLabels[info.getValue()]}</span>,
  }),
  column.accessor('ven', {
    id: 'ven',
    header: 'VEN',
    cell: (info) => <span className={`ven ven--${info.getValue()}`}>{venLabels[info.getValue()]}</span>,
  }),
  column.accessor('oncology', {
    id: 'oncology',
    header: 'Oncológico',
    cell: (info) => (info.getValue() ? 'Sí' : 'No'),
    meta: { className: 'col-flag' },
  }),
  column.accessor('active', {
    id: 'active',
    header: 'Activo',
    cell: (info) =>
      info.getValue() ? <span className="tag tag--ok">Sí</span> : <span className="tag tag--off">Inactivo</span>,
    enableSorting: false,
    meta: { className: 'col-flag' },
  }),
  column.display({
    id: 'actions',
    header: () => <span className="visually-hidden">Acciones</span>,
    cell: ({ row }) => (
      <button
        type="button"
        className="button button--quiet button--small"
        onClick={() => onOpen(row.original)}
        aria-label={`${actionLabel} ${row.original.code}`}
      >
        {actionLabel}
      </button>
    ),
    meta: { className: 'col-nowrap col-actions' },
  }),
]);

export function FormularyPage() {
  useDocumentTitle('Petitorio Farmacológico');
  const state = useServerTableState<ItemSortKey>({
    sortKeys: itemSortKeys,
    defaultSort: 'code',
    pageSizes: PAGE_SIZES,
    defaultPageSize: 50,
  });
  const supplyList = readEnum(state.params, 'lista', supplyLists);
  const q = readText(state.params, 'q').trim();
  const user = useSessionUser();
  const canEdit = canUse(user, 'formulary-edit');
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  // The item in the panel is the one the URL names; one opened from the table is already known.
  const [, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const openId = readId(state.params, 'item');
  const open = useQuery({ ...itemQueries.one(openId ?? 0), enabled: openId !== undefined });
  const shown = openId === undefined ? undefined : open.data;
  const openItem = useCallback(
    (item: ItemDto) => {
      queryClient.setQueryData(itemKeys.one(item.id), item);
      setParams((previous) => patchParams(previous, { item: item.id }), { preventScrollReset: true });
    },
    [queryClient, setParams],
  );
  const closeDetail = useCallback(() => {
    setParams((previous) => patchParams(previous, { item: null }), { preventScrollReset: true });
  }, [setParams]);
  const columns = useMemo(() => makeColumns(openItem, canEdit ? 'Editar' : 'Ver'), [openItem, canEdit]);

  const summary = useQuery(itemQueries.summary());
  const items = useQuery(
    itemQueries.list({ supplyList, q, page: state.page, pageSize: state.pageSize, sort: state.sort, order: state.order }),
  );

  const table = useServerTable({
    state,
    columns,
    page: items.data && { rows: items.data.items, total: items.data.total },
    isStale: items.isPlaceholderData,
    getRowId: (item) => String(item.id),
  });

  const counts = items.data?.supplyListCounts;

  return (
    <section className="page" aria-labelledby="formulary-title">
      <header className="page__header page__header--actions">
        <div>
          <h1 id="formulary-title" className="page__title">
            Petitorio Farmacológico
          </h1>
          <p className="page__lead">
            Medicamentos que EsSalud puede adquirir y dispensar, según su cartilla de suministro.
          </p>
        </div>
        <div className="page__actions">
          <a className="button button--quiet" href={buildApiUrl('/items/export', { format: 'csv' })} download>
            Exportar CSV
          </a>
          <a className="button button--quiet" href={buildApiUrl('/items/export', { format: 'xlsx' })} download>
            Exportar XLSX
          </a>
          {canUse(user, 'consumption-edit') ? (
            <Link className="button button--quiet" to="/consumo/importar">
              Importar consumo
            </Link>
          ) : null}
          {canEdit ? (
            <>
              <Link className="button button--quiet" to="/petitorio/importar">
                Importar petitorio
              </Link>
              {!creating ? (
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setCreating(true);
                    setNotice(null);
                  }}
                >
                  Nuevo ítem
                </button>
              ) : null}
            </>
          ) : null}
        </div>
      </header>

      {notice ? (
        <FormMessage kind="ok" testId="formulary-notice">
          {notice}
        </FormMessage>
      ) : null}

      {openId !== undefined && !shown ? <QueryErrorAlert query={open} context={`el ítem ${openId}`} /> : null}
      {creating ? (
        <Suspense fallback={<LoadingState label="Cargando el formulario…" rows={3} />}>
          <ItemCreateForm
            onCancel={() => setCreating(false)}
            onCreated={(item) => {
              setCreating(false);
              setNotice(`Ítem ${item.code} «${item.name}» creado.`);
              openItem(item);
            }}
          />
        </Suspense>
      ) : null}

      <div className="toolbar">
        <div className="chip-group" role="group" aria-label="Filtrar por cartilla de suministro">
          <SupplyListChip
            label="Todos"
            count={counts ? counts.centralized + counts.local : undefined}
            pressed={supplyList === undefined}
            testId="supply-list-count-all"
            onSelect={() => state.setFilters({ lista: null })}
          />
          {supplyLists.map((list) => (
            <SupplyListChip
              key={list}
              label={supplyListLabels[list]}
              count={counts?.[list]}
              pressed={supplyList === list}
              testId={`supply-list-count-${list}`}
              onSelect={() => state.setFilters({ lista: list })}
            />
          ))}
        </div>
        <FormularyCheck summary={summary.data} error={summary.isError} onRetry={() => void summary.refetch()} />
      </div>

      <div className="toolbar toolbar--filters">
        <SearchBox
          label="Buscar por nombre o código"
          placeholder="p. ej. amoxicilina o 010"
          value={q}
          onSearch={(text) => state.setFilters({ q: text || null }, { replace: true })}
          testId="formulary-search"
        />
        <p className="result-count" aria-live="polite" data-testid="formulary-total">
          {items.data ? plural(items.data.total, 'ítem', 'ítems') : '\u00a0'}
          {q && items.data ? <span className="muted"> que coinciden con «{q}»</span> : null}
        </p>
      </div>

      <QueryErrorAlert query={items} context="el petitorio" />
      {!items.data && !items.error ? <LoadingState label="Cargando el petitorio…" rows={8} /> : null}
      {items.data ? (
        <>
          <ServerTable
            table={table}
            caption="Ítems del Petitorio Farmacológico"
            busy={items.isFetching}
            testId="formulary-table"
            onRowClick={openItem}
            rowClassName={(item) =>
              [item.id === openId ? 'is-selected' : '', item.active ? '' : 'is-inactive'].filter(Boolean).join(' ') ||
              undefined
            }
            empty={
              q
                ? `Ningún ítem coincide con «${q}».`
                : supplyList
                  ? 'No hay ítems en esta cartilla.'
                  : `El petitorio no tiene ítems.${canEdit ? ' Cárguelo con «Importar petitorio» o agregue uno con «Nuevo ítem».' : ''}`
            }
          />
          <PaginationControls
            table={table}
            pageSizeOptions={PAGE_SIZES}
            noun={['ítem', 'ítems']}
            label="Paginación del petitorio"
          />
        </>
      ) : null}

      {shown ? (
        <Suspense fallback={null}>
          <ItemDetailDrawer
            key={shown.id}
            item={shown}
            onClose={closeDetail}
            onDeleted={(item) => {
              closeDetail();
              setNotice(`Ítem ${item.code} «${item.name}» eliminado.`);
            }}
          />
        </Suspense>
      ) : null}
    </section>
  );
}

function SupplyListChip({
  label,
  count,
  pressed,
  testId,
  onSelect,
}: {
  label: string;
  count: number | undefined;
  pressed: boolean;
  testId: string;
  onSelect: () => void;
}) {
  return (
    <button type="button" className="chip" aria-pressed={pressed} onClick={onSelect}>
      <span className="chip__label">{label}</span>{' '}
      <span className="chip__count" data-testid={testId}>
        {count === undefined ? '…' : formatCount(count)}
      </span>
    </button>
  );
}

/** Declared-vs-computed check of the formulary size against the source report. */
function FormularyCheck({
  summary,
  error,
  onRetry,
}: {
  summary: FormularySummary | undefined;
  error: boolean;
  onRetry: () => void;
}) {
  if (error) {
    return (
      <p className="check check--neutral formulary-check">
        No se pudo verificar el total con el informe.{' '}
        <button type="button" className="link-button" onClick={onRetry}>
          Reintentar
        </button>
      </p>
    );
  }
  if (!summary) return <p className="check check--neutral formulary-check">Verificando con el informe…</p>;

  const { totals, rows, source } = summary;
  const sourceNote = source ? `Fuente: ${source.title}` : undefined;
  if (totals.declaredItems === null) {
    return (
      <p className="check check--neutral formulary-check" data-testid="formulary-check">
        {source ? 'El informe no declara' : 'Ningún documento fuente declara'} el número de ítems (
        {plural(totals.items, 'ítem', 'ítems')} registrados).
      </p>
    );
  }
  const differing = rows.filter((row) => row.declaredItems !== null && row.items !== row.declaredItems);
  if (totals.items === totals.declaredItems && differing.length === 0) {
    const breakdown = rows
      .map((row) => `${formatCount(row.items)} ${supplyListLabels[row.supplyList].replace('Suministro ', '')}`)
      .join(' + ');
    return (
      <p className="check check--ok formulary-check" data-testid="formulary-check" title={sourceNote}>
        <span aria-hidden="true">✓ </span>Coincide con el informe: {plural(totals.items, 'ítem', 'ítems')}
        {rows.length > 1 ? <span className="check__detail"> ({breakdown})</span> : null}
      </p>
    );
  }
  const totalDifference = totals.items - totals.declaredItems;
  return (
    <div className="check check--error formulary-check" data-testid="formulary-check" title={sourceNote}>
      <p>
        <span aria-hidden="true">✗ </span>Difiere del informe: {plural(totals.items, 'ítem', 'ítems')} registrados,{' '}
        {formatCount(totals.declaredItems)} declarados ({formatSignedCount(totalDifference)}).
      </p>
      {differing.length > 0 ? (
        <ul className="check__list">
          {differing.map((row) => (
            <li key={row.supplyList}>
              {supplyListLabels[row.supplyList]}: {formatCount(row.items)} frente a {formatCount(row.declaredItems ?? 0)} (
              {formatSignedCount(row.items - (row.declaredItems ?? 0))})
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
