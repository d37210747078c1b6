// The planned lines with what was executed against each: filtered by status, channel, segment,
// type, process and a search, sorted and paged. Every filter lives in the URL (?estado=&canal=&
// segmento=&tipo=&proceso=&q=&orden=&pagina=), so a link reproduces the view; «Ver líneas» on a
// node of the tree sets them.
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { channelLabels, channels, processLabels, processes, segmentLabels, segments } from '../../../../shared/domain.ts';
import { formatMoney } from '../../../../shared/money.ts';
import type { ReconciliationRow } from '../../../../shared/reconciliation-api.ts';
import { reconciliationLineStatuses } from '../../../../shared/reconciliation-schemas.ts';
import { FilterSelect } from '../../platform/components/filter-select.tsx';
import { PageStepper } from '../../platform/components/page-stepper.tsx';
import { SearchBox } from '../../platform/components/search-box.tsx';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatCount, formatQuantity, formatUnitPrice, plural } from '../../platform/lib/format.ts';
import { formatSignedMoney } from '../../platform/lib/money-display.ts';
import { patchParams, readEnum, readPage, readText } from '../../platform/lib/search-params.ts';
import { formatPercent, kindLabel } from '../procurement/procurement-display.tsx';
import { reconciliationQueries } from './reconciliation-api.ts';
import { lineStatusLabels, ToleranceMark } from './reconciliation-display.tsx';

export const LINES_PAGE_SIZE = 50;

const sorts = ['difference', 'percent', 'planned', 'executed', 'item'] as const;
const sortLabels: Record<(typeof sorts)[number], string> = {
  difference: 'Diferencia (mayor primero)',
  percent: 'Porcentaje (mayor primero)',
  planned: 'Planificado',
  executed: 'Ejecutado',
  item: 'Código del ítem',
};

/** The URL's filters of the lines: what `reconciliationLinesQuerySchema` reads, in the page's words. */
export function readLineFilters(params: URLSearchParams) {
  const process = params.get('proceso');
  return {
    status: readEnum(params, 'estado', reconciliationLineStatuses),
    channel: readEnum(params, 'canal', channels),
    segment: readEnum(params, 'segmento', segments),
    processType: readEnum(params, 'tipo', processes),
    process: process === 'none' || (process !== null && /^[1-9]\d{0,9}$/.test(process)) ? process : undefined,
    q: readText(params, 'q').trim() || undefined,
    sort: readEnum(params, 'orden', sorts),
    page: readPage(params),
  };
}

/** The URL patch that shows a node's lines (and only its filters). */
export function nodeLineParams(row: ReconciliationRow): Record<string, string | null> {
  return {
    canal: row.channel,
    segmento: row.segment,
    tipo: row.processType,
    proceso: row.level === 'process' ? (row.process ? String(row.process.id) : 'none') : null,
    estado: null,
    q: null,
    pagina: null,
  };
}

export function ReconciliationLines({ programmeId, processNames }: { programmeId: number; processNames: ReadonlyMap<string, string> }) {
  const [params, setParams] = useSearchParams();
  const filters = readLineFilters(params);
  const lines = useQuery(
    reconciliationQueries.lines(programmeId, {
      status: filters.status,
      channel: filters.channel,
      segment: filters.segment,
      processType: filters.processType,
      process: filters.process,
      q: filters.q,
      sort: filters.sort,
      limit: LINES_PAGE_SIZE,
      offset: (filters.page - 1) * LINES_PAGE_SIZE,
    }),
  );
  const set = (patch: Record<string, string | null | undefined>) => setParams(patchParams(params, { ...patch, pagina: null }), { replace: true });
  const hasFilters = Object.entries(filters).some(([key, value]) => key !== 'page' && key !== 'sort' && value !== undefined);
  const pages = lines.data ? Math.max(1, Math.ceil(lines.data.total / LINES_PAGE_SIZE)) : 1;

  return (
    <section className="panel panel--wide" id="lineas" aria-labelledby="lines-title" tabIndex={-1}>
      <h2 id="lines-title" className="panel__title">
        Líneas
      </h2>
      <div className="filters" role="group" aria-label="Filtros de las líneas">
        <FilterSelect label="Estado" value={filters.status} options={reconciliationLineStatuses} optionLabel={(value) => lineStatusLabels[value]} onChange={(value) => set({ estado: value })} />
        <FilterSelect label="Canal" value={filters.channel} options={channels} optionLabel={(value) => channelLabels[value]} onChange={(value) => set({ canal: value })} />
        <FilterSelect label="Segmento" value={filters.segment} options={segments} optionLabel={(value) => segmentLabels[value]} onChange={(value) => set({ segmento: value })} />
        <FilterSelect label="Tipo de proceso" value={filters.processType} options={processes} optionLabel={(value) => processLabels[value]} onChange={(value) => set({ tipo: value })} />
        {filters.process ? (
          <p className="filter-chip" data-testid="lines-process-filter">
            Proceso: {filters.process === 'none' ? 'sin proceso' : (processNames.get(filters.process) ?? `#${filters.process}`)}{' '}
            <button type="button" className="link-button" onClick={() => set({ proceso: null })} aria-label="Quitar el filtro de proceso">
              ✕
            </button>
          </p>
        ) : null}
        <SearchBox label="Buscar por código o nombre del ítem" placeholder="p. ej. 010050022" value={filters.q ?? ''} onSearch={(text) => set({ q: text || null })} testId="lines-search" />
        <label className="field">
          <span className="field-label">Orden</span>
          <select className="select" value={filters.sort ?? 'difference'} onChange={(event) => set({ orden: event.target.value === 'difference' ? null : event.target.value })}>
            {sorts.map((sort) => (
              <option key={sort} value={sort}>
                {sortLabels[sort]}
              </option>
            ))}
          </select>
        </label>
        {hasFilters ? (
          <button
            type="button"
            className="button button--quiet filters__clear"
            onClick={() => set({ estado: null, canal: null, segmento: null, tipo: null, proceso: null, q: null })}
          >
            Limpiar filtros
          </button>
        ) : null}
        <p className="result-count filters__count" aria-live="polite" data-testid="lines-total">
          {lines.data ? plural(lines.data.total, 'línea', 'líneas') : '\u00a0'}
        </p>
      </div>
      <QueryErrorAlert query={lines} context="las líneas" />
      {!lines.data && !lines.error ? <LoadingState label="Cargando las líneas…" rows={4} /> : null}
      {lines.data ? (
        <>
          <div className="table-scroll table-scroll--auto" role="region" aria-label="Líneas planificadas y su ejecución" tabIndex={0}>
            <table className="data-table reconciliation-lines" data-testid="reconciliation-lines" aria-busy={lines.isFetching || undefined}>
              <caption className="visually-hidden">Líneas planificadas con lo ejecutado contra cada una</caption>
              <thead>
                <tr>
                  <th scope="col">Ítem</th>
                  <th scope="col">Canal y tipo</th>
                  <th scope="col">Proceso</th>
                  <th scope="col" className="num">
                    Cantidad planificada
                  </th>
                  <th scope="col" className="num">
                    Precio unitario
                  </th>
                  <th scope="col" className="num">
                    Planificado
                  </th>
                  <th scope="col" className="num">
                    Cantidad ejecutada
                  </th>
                  <th scope="col" className="num">
                    Ejecutado
                  </th>
                  <th scope="col" className="num">
                    Diferencia
                  </th>
                  <th scope="col" className="num">
                    %
                  </th>
                  <th scope="col">Estado</th>
                </tr>
              </thead>
              <tbody>
                {lines.data.lines.length === 0 ? (
                  <tr>
                    <td colSpan={11} className="data-table__empty">
                      {hasFilters ? 'Ninguna línea coincide con los filtros.' : 'El programa no tiene líneas.'}
                    </td>
                  </tr>
                ) : (
                  lines.data.lines.map((line) => (
                    <tr key={line.lineId} data-testid={`reconciliation-line-${line.lineId}`}>
                      <th scope="row">
                        <span className="code">{line.item.code}</span> <span className="cell-note">{line.item.name}</span>
                      </th>
                      <td>
                        {kindLabel(line)} · {processLabels[line.processType]}
                      </td>
                      <td className="code">{line.process?.code ?? '—'}</td>
                      <td className="num">{formatQuantity(line.plannedQuantity)}</td>
                      <td className="num">{formatUnitPrice(line.plannedUnitPrice)}</td>
                      <td className="num col-money">{formatMoney(line.planned)}</td>
                      <td className="num">
                        {formatQuantity(line.executedQuantity)}
                        {line.executedLines > 1 ? <span className="cell-note"> ({formatCount(line.executedLines)} pedidos)</span> : null}
                      </td>
                      <td className="num col-money">{formatMoney(line.executed)}</td>
                      <td className="num col-money">{formatSignedMoney(line.difference)}</td>
                      <td className="num">{formatPercent(line.percent)}</td>
                      <td>
                        <span className="check-stack">
                          {line.executedLines === 0 ? <span className="check check--neutral">Sin ejecución</span> : <ToleranceMark within={line.withinTolerance} />}
                          {line.signOffId !== null ? <span className="cell-note">Con conformidad</span> : null}
                        </span>
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <PageStepper
            page={filters.page}
            pages={pages}
            onPage={(page) => setParams(patchParams(params, { pagina: page === 1 ? null : page }))}
            label="Paginación de las líneas"
            count={plural(lines.data.total, 'línea', 'líneas')}
          />
        </>
      ) : null}
    </section>
  );
}
