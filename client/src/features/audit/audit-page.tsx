// Auditoría (administrators, finance): the audit trail, newest first, filtered and paged on the
// server with the state in the URL; a check of the hash chain and a CSV export of the same filter.
import { useEffect, useId, useMemo, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import type { AuditEntryDto } from '../../../../shared/auth.ts';
import { auditActionLabels, auditActions, auditEntities, auditEntityLabels } from '../../../../shared/auth.ts';
import { buildApiUrl } from '../../platform/api/api-client.ts';
import { canUse } from '../auth/permissions.ts';
import { useSessionUser } from '../auth/session-context.tsx';
import { AuditChanges } from '../../platform/components/audit-changes.tsx';
import { FilterSelect } from '../../platform/components/filter-select.tsx';
import { PaginationControls } from '../../platform/components/pagination-controls.tsx';
import { SearchBox } from '../../platform/components/search-box.tsx';
import { ServerTable, useServerTable, type ServerTableFeatures } from '../../platform/components/server-table.tsx';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { entityLabel } from '../../platform/lib/audit-changes.ts';
import { formatDateTime, plural } from '../../platform/lib/format.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { useServerTableState } from '../../platform/lib/use-server-table-state.ts';
import {
  clearedFilters,
  filterLabels,
  filterParams,
  hasAnyFilter,
  readAuditFilters,
  type AuditFilters,
} from './audit-filters.ts';
import { AuditAnchorPanel } from './audit-anchor-panel.tsx';
import { IntegrityCheck } from './integrity-check.tsx';
import { auditQueries } from './audit-queries.ts';
import { userQueries } from '../users/user-queries.ts';
import './audit.css';

const PAGE_SIZES = [50, 100, 200] as const;
/** The server orders by time, newest first; the table offers no other order. */
const SORT_KEYS = ['at'] as const;

type FilterSetter = (patch: Readonly<Record<string, string | null>>, options?: { replace?: boolean }) => void;

function shortRequestId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

function buildColumns(setFilters: FilterSetter) {
  const column = createColumnHelper<ServerTableFeatures, AuditEntryDto>();
  return column.columns([
    column.accessor('at', {
      id: 'at',
      header: 'Fecha',
      cell: ({ row }) => (
        <>
          <span className="nowrap">{formatDateTime(row.original.at)}</span>
          <span className="cell-note">Registro #{row.original.id}</span>
        </>
      ),
      enableSorting: false,
      meta: { rowHeader: true, className: 'col-nowrap' },
    }),
    column.accessor('username', {
      id: 'username',
      header: 'Usuario',
      cell: ({ row }) => {
        const { username, userId } = row.original;
        if (username === null && userId === null) return <span className="muted">Sistema</span>;
        const name = username ?? `#${userId}`;
        return userId === null ? (
          name
        ) : (
          <button
            type="button"
            className="link-button"
            title="Ver solo los registros de este usuario"
            onClick={() => setFilters({ [filterParams.userId]: String(userId) })}
          >
            {name}
          </button>
        );
      },
      enableSorting: false,
      meta: { className: 'col-nowrap' },
    }),
    column.accessor('action', {
      id: 'action',
      header: 'Acción',
      cell: (info) => (
        <span className={`audit-action audit-action--${info.getValue()}`}>
          {auditActionLabels[info.getValue()] ?? info.getValue()}
        </span>
      ),
      enableSorting: false,
      meta: { className: 'col-nowrap' },
    }),
    column.accessor('entity', {
      id: 'entity',
      header: 'Entidad',
      cell: (info) => entityLabel(info.getValue()),
      enableSorting: false,
      meta: { className: 'col-nowrap' },
    }),
    column.accessor('entityId', {
      id: 'entityId',
      header: 'ID',
      cell: ({ row }) => {
        const { entity, entityId } = row.original;
        if (entityId === null) return <span className="muted">—</span>;
        return (
          <button
            type="button"
            className="link-button code"
            title="Ver solo los registros de este elemento"
            onClick={() => setFilters({ [filterParams.entity]: entity, [filterParams.entityId]: entityId })}
          >
            {entityId}
          </button>
        );
      },
      enableSorting: false,
      meta: { className: 'col-nowrap' },
    }),
    column.display({
      id: 'changes',
      header: 'Cambios',
      cell: ({ row }) => <AuditChanges entry={row.original} compact />,
      meta: { className: 'col-changes' },
    }),
    column.accessor('clientAddress', {
      id: 'clientAddress',
      header: 'Dirección',
      cell: (info) => <span className="code">{info.getValue() ?? '—'}</span>,
      enableSorting: false,
      meta: { className: 'col-nowrap' },
    }),
    column.accessor('requestId', {
      id: 'requestId',
      header: 'Solicitud',
      cell: (info) => {
        const value = info.getValue();
        return value ? (
          <span className="code" title={value}>
            {shortRequestId(value)}
          </span>
        ) : (
          <span className="muted">—</span>
        );
      },
      enableSorting: false,
      meta: { className: 'col-nowrap' },
    }),
  ]);
}

export function AuditPage() {
  useDocumentTitle('Auditoría');
  const user = useSessionUser();
  const state = useServerTableState({
    sortKeys: SORT_KEYS,
    defaultSort: 'at',
    pageSizes: PAGE_SIZES,
    defaultPageSize: 50,
  });
  const { filters, ignored } = readAuditFilters(state.params);
  const filtered = hasAnyFilter(filters);

  // The columns stay the same objects (TanStack re-derives its models when they change) while
  // their buttons always reach the current setFilters.
  const setFiltersRef = useRef(state.setFilters);
  useEffect(() => {
    setFiltersRef.current = state.setFilters;
  }, [state.setFilters]);
  const columns = useMemo(() => buildColumns((patch, options) => setFiltersRef.current(patch, options)), []);

  const audit = useQuery(auditQueries.page({ ...filters, page: state.page, pageSize: state.pageSize }));
  const table = useServerTable({
    state,
    columns,
    page: audit.data && { rows: audit.data.entries, total: audit.data.total },
    isStale: audit.isPlaceholderData,
    getRowId: (entry) => String(entry.id),
  });

  return (
    <section className="page" aria-labelledby="audit-title">
      <header className="page__header page__header--actions">
        <div>
          <h1 id="audit-title" className="page__title">
            Auditoría
          </h1>
          <p className="page__lead">
            Quién hizo qué y cuándo, del más reciente al más antiguo. Cada registro encadena el resumen (hash) del
            anterior, de modo que una alteración se detecta.
          </p>
        </div>
        <div className="page__actions">
          <IntegrityCheck />
          <a
            className="button button--quiet"
            href={buildApiUrl('/audit/export', { ...filters })}
            download
            data-testid="audit-export"
            title={filtered ? 'Exporta los registros que cumplen los filtros actuales' : 'Exporta todos los registros'}
          >
            Exportar CSV
          </a>
        </div>
      </header>

      <AuditAnchorPanel />

      <AuditFilterBar filters={filters} setFilters={state.setFilters} canListUsers={canUse(user, 'users')} />

      {ignored.length > 0 ? (
        <p className="notice" role="status">
          Se {ignored.length === 1 ? 'ignoró un filtro no válido' : 'ignoraron filtros no válidos'}:{' '}
          {ignored.map((key) => filterLabels[key]).join(', ')}.
        </p>
      ) : null}
      {filters.from && filters.to && filters.from > filters.to ? (
        <p className="notice" role="status">
          La fecha «Desde» es posterior a «Hasta»: ningún registro puede cumplir ambos filtros.
        </p>
      ) : null}

      <QueryErrorAlert query={audit} context="la auditoría" />
      {!audit.data && !audit.error ? <LoadingState label="Cargando la auditoría…" rows={8} /> : null}
      {audit.data ? (
        <>
          <p className="result-count" aria-live="polite" data-testid="audit-total">
            {plural(audit.data.total, 'registro', 'registros')}
            {filtered ? <span className="muted"> con los filtros aplicados</span> : null}
          </p>
          <ServerTable
            table={table}
            caption="Registros de auditoría, del más reciente al más antiguo"
            busy={audit.isFetching}
            testId="audit-table"
            empty={filtered ? 'Ningún registro cumple los filtros.' : 'Todavía no hay registros de auditoría.'}
          />
          <PaginationControls
            table={table}
            pageSizeOptions={PAGE_SIZES}
            noun={['registro', 'registros']}
            label="Paginación de la auditoría"
          />
        </>
      ) : null}
    </section>
  );
}

function AuditFilterBar({
  filters,
  setFilters,
  canListUsers,
}: {
  filters: AuditFilters;
  setFilters: FilterSetter;
  canListUsers: boolean;
}) {
  const ids = { user: useId(), action: useId(), from: useId(), to: useId() };
  const userValue = filters.userId === undefined ? '' : String(filters.userId);

  return (
    <div className="filters audit-filters" role="group" aria-label="Filtros de la auditoría">
      {canListUsers ? (
        <UserFilterSelect
          id={ids.user}
          value={userValue}
          onChange={(value) => setFilters({ [filterParams.userId]: value || null })}
        />
      ) : (
        <SearchBox
          label="ID de usuario"
          placeholder="p. ej. 3"
          value={userValue}
          inputMode="numeric"
          onSearch={(text) => setFilters({ [filterParams.userId]: text || null }, { replace: true })}
        />
      )}
      <FilterSelect
        label="Entidad"
        value={filters.entity}
        options={auditEntities}
        optionLabel={(entity) => auditEntityLabels[entity]}
        allLabel="Todas"
        onChange={(entity) => setFilters({ [filterParams.entity]: entity })}
      />
      <SearchBox
        label="ID de la entidad"
        placeholder="p. ej. 12"
        value={filters.entityId ?? ''}
        onSearch={(text) => setFilters({ [filterParams.entityId]: text || null }, { replace: true })}
        testId="audit-entity-id"
      />
      <div className="field">
        <label htmlFor={ids.action} className="field-label">
          Acción
        </label>
        <select
          id={ids.action}
          className="select"
          value={filters.action ?? ''}
          onChange={(event) => setFilters({ [filterParams.action]: event.target.value || null })}
        >
          <option value="">Todas</option>
          {auditActions.map((action) => (
            <option key={action} value={action}>
              {auditActionLabels[action]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.from} className="field-label">
          Desde
        </label>
        <input
          id={ids.from}
          type="date"
          className="input"
          value={filters.from ?? ''}
          max={filters.to}
          onChange={(event) => setFilters({ [filterParams.from]: event.target.value || null }, { replace: true })}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.to} className="field-label">
          Hasta
        </label>
        <input
          id={ids.to}
          type="date"
          className="input"
          value={filters.to ?? ''}
          min={filters.from}
          onChange={(event) => setFilters({ [filterParams.to]: event.target.value || null }, { replace: true })}
        />
      </div>
      {hasAnyFilter(filters) ? (
        <button type="button" className="button button--quiet" onClick={() => setFilters(clearedFilters)}>
          Limpiar filtros
        </button>
      ) : null}
    </div>
  );
}

/** Administrators pick the user by name (they may list the users). */
function UserFilterSelect({ id, value, onChange }: { id: string; value: string; onChange: (value: string) => void }) {
  const users = useQuery(userQueries.list());
  const options = [...(users.data ?? [])].sort((a, b) => a.username.localeCompare(b.username, 'es'));
  const known = value === '' || options.some((user) => String(user.id) === value);
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        Usuario
      </label>
      <select id={id} className="select" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Todos</option>
        {!known ? <option value={value}>Usuario #{value}</option> : null}
        {options.map((user) => (
          <option key={user.id} value={String(user.id)}>
            {user.username} — {user.fullName}
          </option>
        ))}
      </select>
      {users.error ? <span className="form-field__hint">No se pudo cargar la lista de usuarios.</span> : null}
    </div>
  );
}
