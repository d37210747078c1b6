// "Procesos de selección" of a programme: its processes (filtered by status, searched, paged), a new
// one, what they saved (table and chart) and the OCDS download of the programme.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Link, useParams } from 'react-router';
import type { ProgrammeDto } from '../../../../shared/api.ts';
import { processLabels, programmeStatusLabels } from '../../../../shared/domain.ts';
import { processStatusLabels, processStatuses } from '../../../../shared/procurement.ts';
import type { ProcessDto, ProcessSavings, RuleViolation } from '../../../../shared/procurement-api.ts';
import { FilterSelect } from '../../platform/components/filter-select.tsx';
import { PaginationControls } from '../../platform/components/pagination-controls.tsx';
import { SearchBox } from '../../platform/components/search-box.tsx';
import { ServerTable, useServerTable, type ServerTableFeatures } from '../../platform/components/server-table.tsx';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatCount, plural } from '../../platform/lib/format.ts';
import { formatMoneyOrDash } from '../../platform/lib/money-display.ts';
import { readEnum, readText } from '../../platform/lib/search-params.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { useServerTableState } from '../../platform/lib/use-server-table-state.ts';
import { NotFoundPage } from '../../platform/pages/not-found-page.tsx';
import { canUse } from '../auth/permissions.ts';
import { useSessionUser } from '../auth/session-context.tsx';
import { parseProgrammeId } from '../programmes/programme-id.ts';
import { programmeQueries } from '../programmes/programme-queries.ts';
import { ProcessCreateForm } from './process-create-form.tsx';
import { formatIsoDate, formatPercent, kindLabel, ProcessStatusBadge, RuleFlag, SavingAmount, processSaving } from './procurement-display.tsx';
import { procurementQueries } from './procurement-queries.ts';
import { SavingsPanel } from './savings-panel.tsx';
import '../planning/planning.css';
import './procurement.css';

const PAGE_SIZES = [50, 100, 200] as const;

export function ProcessesPage() {
  const id = parseProgrammeId(useParams().id);
  const programmes = useQuery(programmeQueries.list());
  if (id === null) return <NotFoundPage />;
  if (programmes.error) return <QueryErrorAlert query={programmes} context="los programas de compra" />;
  if (!programmes.data) return <LoadingState label="Cargando el programa…" rows={6} />;
  const programme = programmes.data.find((candidate) => candidate.id === id);
  if (!programme) return <NotFoundPage />;
  return <ProcessesView key={id} programme={programme} />;
}

/** Processes write while the programme is a draft or approved (a closed one refuses them). */
function processesWritable(programme: Pick<ProgrammeDto, 'status'>): boolean {
  return programme.status !== 'closed';
}

function ProcessesView({ programme }: { programme: ProgrammeDto }) {
  useDocumentTitle(`Procesos de ${programme.name}`);
  const user = useSessionUser();
  const [creating, setCreating] = useState(false);
  const canWrite = canUse(user, 'procurement-edit') && processesWritable(programme);

  return (
    <section className="page processes-page" aria-labelledby="processes-title">
      <header className="page__header planning-page__header">
        <div>
          <h1 id="processes-title" className="page__title">
            Procesos de selección · {programme.name}
          </h1>
          <p className="page__lead">
            Año fiscal {programme.fiscalYear} ·{' '}
            <span className={`status-badge status-badge--${programme.status}`}>{programmeStatusLabels[programme.status]}</span>
          </p>
        </div>
        <nav className="planning-page__links" aria-label="Otras vistas del programa">
          <Link to={`/programas/${programme.id}/planificar`}>Líneas del plan</Link>
          <Link to={`/programas/${programme.id}`}>Resumen y cobertura</Link>
          <Link to="/proveedores">Proveedores</Link>
          <a href={`/api/programmes/${programme.id}/ocds`} download={`ocds-programa-${programme.id}.json`} data-testid="ocds-download">
            Descargar OCDS
          </a>
        </nav>
      </header>

      {canUse(user, 'procurement-edit') && !processesWritable(programme) ? (
        <p className="alert alert--info" role="note">
          El programa está cerrado: sus procesos ya no cambian.
        </p>
      ) : null}

      {canWrite ? (
        creating ? (
          <ProcessCreateForm programmeId={programme.id} onClose={() => setCreating(false)} />
        ) : (
          <p>
            <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
              Nuevo proceso
            </button>
          </p>
        )
      ) : null}

      <ProcessesTable programmeId={programme.id} />
      <SavingsPanel programmeId={programme.id} />
    </section>
  );
}

interface ProcessRow extends ProcessDto {
  /** The rules the process breaks (its value outside its type's bounds): flagged, never blocked. */
  violations: readonly RuleViolation[];
  /** The saving over its awarded lines, as the savings report computes it; null when unknown here. */
  savings: Pick<ProcessSavings, 'saving' | 'percent' | 'awardedLines'> | null;
}

const column = createColumnHelper<ServerTableFeatures, ProcessRow>();
const columns = column.columns([
  column.accessor('code', {
    id: 'code',
    header: 'Código',
    cell: (info) => (
      <>
        <Link to={`/procesos/${info.row.original.id}`} className="code">
          {info.getValue()}
        </Link>
        {info.row.original.violations.length > 0 ? <RuleFlag violations={info.row.original.violations} /> : null}
      </>
    ),
    enableSorting: false,
    meta: { rowHeader: true, className: 'nowrap' },
  }),
  column.accessor('title', { id: 'title', header: 'Título', cell: (info) => info.getValue(), enableSorting: false }),
  column.accessor((process) => kindLabel(process), { id: 'kind', header: 'Canal y segmento', cell: (info) => info.getValue(), enableSorting: false }),
  column.accessor('type', { id: 'type', header: 'Tipo', cell: (info) => processLabels[info.getValue()], enableSorting: false }),
  column.accessor('status', {
    id: 'status',
    header: 'Estado',
    cell: (info) => <ProcessStatusBadge status={info.getValue()} />,
    enableSorting: false,
  }),
  column.display({
    id: 'dates',
    header: 'Fechas',
    cell: (info) => {
      const process = info.row.original;
      return (
        <dl className="process-dates">
          <dt>Convocatoria</dt>
          <dd>{formatIsoDate(process.calledOn)}</dd>
          <dt>Buena pro</dt>
          <dd>{formatIsoDate(process.awardedOn)}</dd>
          <dt>Contrato</dt>
          <dd>{formatIsoDate(process.contractedOn)}</dd>
        </dl>
      );
    },
  }),
  column.accessor('lines', { id: 'lines', header: 'Líneas', cell: (info) => formatCount(info.getValue()), enableSorting: false, meta: { numeric: true } }),
  column.accessor('reference', {
    id: 'reference',
    header: 'Referencia',
    cell: (info) => formatMoneyOrDash(info.getValue()),
    enableSorting: false,
    meta: { numeric: true, className: 'col-money' },
  }),
  column.accessor('awarded', {
    id: 'awarded',
    header: 'Adjudicado',
    cell: (info) => formatMoneyOrDash(info.getValue()),
    enableSorting: false,
    meta: { numeric: true, className: 'col-money' },
  }),
  column.display({
    id: 'saving',
    header: 'Ahorro',
    cell: (info) => {
      const { savings, unawardedLines } = info.row.original;
      return (
        <>
          {savings && savings.awardedLines > 0 ? (
            <>
              <SavingAmount amount={savings.saving} /> <span className="muted">({formatPercent(savings.percent)})</span>
            </>
          ) : (
            '—'
          )}
          {unawardedLines > 0 ? <span className="cell-note">{plural(unawardedLines, 'línea sin adjudicar', 'líneas sin adjudicar')}</span> : null}
        </>
      );
    },
    meta: { numeric: true, className: 'col-money' },
  }),
]);

function ProcessesTable({ programmeId }: { programmeId: number }) {
  const state = useServerTableState<'code'>({ sortKeys: ['code'], defaultSort: 'code', pageSizes: PAGE_SIZES, defaultPageSize: 50 });
  const status = readEnum(state.params, 'estado', processStatuses);
  const q = readText(state.params, 'q').trim();
  const processes = useQuery(procurementQueries.processes(programmeId, { status, q, page: state.page, pageSize: state.pageSize }));
  const violations = useQuery(procurementQueries.violations(programmeId, ''));
  const rows: ProcessRow[] | undefined = processes.data?.processes.map((process) => ({
    ...process,
    violations: (violations.data?.violations ?? []).filter((violation) => violation.lineId === null && violation.processId === process.id),
    savings: processSaving(process),
  }));

  const table = useServerTable({
    state,
    columns,
    page: rows && processes.data && { rows, total: processes.data.total },
    isStale: processes.isPlaceholderData,
    getRowId: (process) => String(process.id),
  });
  const hasFilters = status !== undefined || q !== '';

  return (
    <section className="processes-list" aria-labelledby="processes-list-title">
      <h2 id="processes-list-title" className="visually-hidden">
        Procesos del programa
      </h2>
      <div className="filters" role="group" aria-label="Filtros de los procesos">
        <FilterSelect
          label="Estado"
          value={status}
          options={processStatuses}
          optionLabel={(value) => processStatusLabels[value]}
          onChange={(value) => state.setFilters({ estado: value })}
        />
        <SearchBox
          label="Buscar por código o título"
          placeholder="p. ej. LP SIP 018"
          value={q}
          onSearch={(text) => state.setFilters({ q: text || null }, { replace: true })}
          testId="processes-search"
        />
        {hasFilters ? (
          <button type="button" className="button button--quiet filters__clear" onClick={() => state.setFilters({ estado: null, q: null })}>
            Limpiar filtros
          </button>
        ) : null}
        <p className="result-count filters__count" aria-live="polite" data-testid="processes-total">
          {processes.data ? plural(processes.data.total, 'proceso', 'procesos') : '\u00a0'}
        </p>
      </div>
      <QueryErrorAlert query={processes} context="los procesos" />
      {!processes.data && !processes.error ? <LoadingState label="Cargando los procesos…" rows={4} /> : null}
      {processes.data ? (
        <>
          <ServerTable
            table={table}
            caption="Procesos de selección del programa"
            busy={processes.isFetching}
            testId="processes-table"
            empty={hasFilters ? 'Ningún proceso coincide con los filtros.' : 'El programa todavía no tiene procesos.'}
          />
          <PaginationControls table={table} pageSizeOptions={PAGE_SIZES} noun={['proceso', 'procesos']} label="Paginación de los procesos" />
        </>
      ) : null}
    </section>
  );
}
