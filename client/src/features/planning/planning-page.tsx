// Planning a programme: every line in an editable grid, live subtotals and grand total, the plan
// against the budget, lines added from the formulary, bulk moves and deletes, exports.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import type { ProgrammeDto, PurchaseLineDto } from '../../../../shared/api.ts';
import {
  channelLabels,
  channels,
  processLabels,
  processes,
  programmeStatusLabels,
  segmentLabels,
  segments,
} from '../../../../shared/domain.ts';
import { formatMoney } from '../../../../shared/money.ts';
import { FilterSelect } from '../../platform/components/filter-select.tsx';
import { SearchBox } from '../../platform/components/search-box.tsx';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatCount, plural } from '../../platform/lib/format.ts';
import { formatMoneyOrDash } from '../../platform/lib/money-display.ts';
import { patchParams } from '../../platform/lib/search-params.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { NotFoundPage } from '../../platform/pages/not-found-page.tsx';
import { canUse } from '../auth/permissions.ts';
import { useSessionUser } from '../auth/session-context.tsx';
import { programmeQueries } from '../programmes/programme-queries.ts';
import { AddLineForm } from './add-line-form.tsx';
import { BudgetPanel } from './budget-panel.tsx';
import { BulkBar } from './bulk-bar.tsx';
import { ExportLinks } from './export-links.tsx';
import { fieldsOf, validateLine, withChange, type EditableField } from './line-edit.ts';
import { applyLineFilters, hasLineFilters, readLineFilters, type LineSort } from './planning-filters.ts';
import { PlanningGrid } from './planning-grid.tsx';
import { planningKeys, planningQueries } from './planning-queries.ts';
import { PlanningTotals, summarizeLines } from './planning-totals.tsx';
import { parseProgrammeId } from '../programmes/programme-id.ts';
import { usePlanningWrites } from './use-planning-writes.ts';
import { AssignToProcess } from '../procurement/assign-to-process.tsx';
import { procurementQueries } from '../procurement/procurement-queries.ts';
import type { RuleViolation } from '../../../../shared/procurement-api.ts';
import './planning.css';

export function PlanningPage() {
  const id = parseProgrammeId(useParams().id);
  const programmes = useQuery(programmeQueries.list());
  // The lines start loading with the list of programmes, not after it.
  useQuery({ ...planningQueries.allLines(id ?? 0), enabled: id !== null });
  if (id === null) return <NotFoundPage />;
  if (programmes.error) return <QueryErrorAlert query={programmes} context="los programas de compra" />;
  if (!programmes.data) return <LoadingState label="Cargando el programa…" rows={6} />;
  const programme = programmes.data.find((candidate) => candidate.id === id);
  if (!programme) return <NotFoundPage />;
  return <PlanningView key={id} programme={programme} />;
}

const NO_LINES: PurchaseLineDto[] = [];

function PlanningView({ programme }: { programme: ProgrammeDto }) {
  useDocumentTitle(`Planificar ${programme.name}`);
  const user = useSessionUser();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  // useSearchParams answers the same object until the URL changes: the filters are memoised on it.
  const filters = useMemo(() => readLineFilters(params), [params]);
  const lines = useQuery(planningQueries.allLines(programme.id));
  const all = lines.data ?? NO_LINES;
  const complete = lines.isSuccess && lines.fetchStatus === 'idle';
  const shown = useMemo(() => applyLineFilters(all, filters), [all, filters]);
  // Until every page has arrived the server's summary stands in: a sum of some pages would mislead.
  // Asked after the first page: on one PGlite connection it would otherwise delay the first rows.
  const serverSummary = useQuery({ ...programmeQueries.summary(programme.id), enabled: !complete && lines.data !== undefined });
  const computed = useMemo(() => (complete ? summarizeLines(all) : null), [all, complete]);
  const summary = computed ?? serverSummary.data ?? summarizeLines(NO_LINES);
  const writes = usePlanningWrites(programme.id);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [adding, setAdding] = useState(false);

  const isEditor = canUse(user, 'programme-edit');
  const editable = isEditor && programme.status === 'draft' && !programme.demo;
  // Lines join processes while the programme is a draft or approved.
  const canAssign = canUse(user, 'procurement-edit') && programme.status !== 'closed' && !programme.demo;
  const [assignNotice, setAssignNotice] = useState<string | null>(null);
  const flags = useRuleFlags(programme.id);
  const readOnlyReason = !isEditor
    ? 'Su cuenta puede consultar este plan, no cambiarlo.'
    : programme.demo
      ? `${programme.name} es el programa de demostración y no se cambia: cópielo para planificar.`
      : programme.status !== 'draft'
        ? `El programa está ${programmeStatusLabels[programme.status].toLowerCase()}: ${canUse(user, 'programme-reopen') ? 'reábralo' : 'un administrador debe reabrirlo'} para cambiar sus líneas.`
        : undefined;

  const setFilters = (patch: Record<string, string | null>, replace = false) =>
    setParams((previous) => patchParams(previous, patch), { replace });

  const onSort = (sort: LineSort) => {
    const order = filters.sort === sort && filters.order === 'asc' ? 'desc' : 'asc';
    setFilters({ orden: sort === 'code' ? null : sort, dir: order === 'asc' ? null : order });
  };

  const onCommit = (line: PurchaseLineDto, field: EditableField, value: string | null) => {
    const fields = withChange(line, fieldsOf(line), field, value);
    const errors = validateLine(fields);
    if (errors) return errors;
    writes.editLine(line, fields);
    return null;
  };

  const onSelect = (ids: readonly number[], on: boolean) =>
    setSelected((previous) => {
      const next = new Set(previous);
      for (const lineId of ids) {
        if (on) next.add(lineId);
        else next.delete(lineId);
      }
      return next;
    });

  // A selection keeps only lines that still exist.
  const selectedLines = useMemo(() => all.filter((line) => selected.has(line.id)), [all, selected]);
  const grandTotal = summary.totals.amount;
  const channelTotals = summary.subtotals.filter((subtotal) => subtotal.segment === null);

  return (
    <section className="page planning-page" aria-labelledby="planning-title">
      <header className="page__header planning-page__header">
        <div>
          <h1 id="planning-title" className="page__title">
            Planificar {programme.name}
          </h1>
          <p className="page__lead">
            Año fiscal {programme.fiscalYear} ·{' '}
            <span className={`status-badge status-badge--${programme.status}`} data-testid="programme-status">
              {programmeStatusLabels[programme.status]}
            </span>
            {programme.source ? <> · Copia de {programme.source.name}</> : null}
          </p>
        </div>
        <nav className="planning-page__links" aria-label="Otras vistas del programa">
          <Link to={`/programas/${programme.id}`}>Resumen y cobertura</Link>
          <Link to={`/programas/${programme.id}/procesos`}>Procesos de selección</Link>
          <Link to={`/programas/comparar?otro=${programme.id}${programme.source ? `&base=${programme.source.id}` : ''}`}>Comparar</Link>
          <Link to={`/programas/${programme.id}/imprimir`}>Imprimir resumen</Link>
          <Link to="/programas">Todos los programas</Link>
        </nav>
      </header>

      {readOnlyReason ? (
        <p className="alert alert--info" role="note" data-testid="planning-read-only">
          {readOnlyReason}
        </p>
      ) : null}

      <div className="planning-totals-bar" role="region" aria-label="Totales del plan" data-testid="planning-totals-bar">
        <p>
          <span className="planning-totals-bar__label">Total general</span>{' '}
          <strong data-testid="planning-grand-total">{grandTotal === null ? '—' : formatMoney(grandTotal)}</strong>
        </p>
        {channelTotals.map((subtotal) => (
          <p key={subtotal.channel}>
            <span className="planning-totals-bar__label">{channelLabels[subtotal.channel]}</span>{' '}
            <span data-testid={`planning-channel-total-${subtotal.channel}`}>{formatMoneyOrDash(subtotal.amount)}</span>
          </p>
        ))}
        <p>
          <span className="planning-totals-bar__label">Líneas</span> {formatCount(all.length)}
          {complete ? null : <span className="muted"> (cargando…)</span>}
        </p>
      </div>

      <div className="planning-layout">
        <div className="planning-layout__main">
          <div className="filters planning-toolbar" role="group" aria-label="Filtros de las líneas">
            <FilterSelect
              label="Canal"
              value={filters.channel}
              options={channels}
              optionLabel={(value) => channelLabels[value]}
              onChange={(value) => setFilters({ canal: value, ...(value === 'essalud' ? { segmento: null } : {}) })}
            />
            <FilterSelect
              label="Segmento"
              value={filters.segment}
              options={segments}
              optionLabel={(value) => segmentLabels[value]}
              onChange={(value) => setFilters({ segmento: value })}
              disabled={filters.channel === 'essalud'}
            />
            <FilterSelect
              label="Proceso"
              value={filters.process}
              options={processes}
              optionLabel={(value) => processLabels[value]}
              onChange={(value) => setFilters({ proceso: value })}
            />
            <SearchBox
              label="Buscar por código o nombre"
              placeholder="p. ej. paclitaxel"
              value={filters.q}
              onSearch={(text) => setFilters({ q: text || null }, true)}
              testId="planning-search"
            />
            {hasLineFilters(filters) ? (
              <button
                type="button"
                className="button button--quiet filters__clear"
                onClick={() => setFilters({ canal: null, segmento: null, proceso: null, q: null })}
              >
                Limpiar filtros
              </button>
            ) : null}
            <p className="result-count filters__count" aria-live="polite" data-testid="planning-count">
              {hasLineFilters(filters) ? `${formatCount(shown.length)} de ${plural(all.length, 'línea', 'líneas')}` : plural(all.length, 'línea', 'líneas')}
            </p>
          </div>

          <div className="planning-actions">
            {editable ? (
              <button type="button" className="button button--primary" onClick={() => setAdding((open) => !open)} aria-expanded={adding}>
                Agregar línea
              </button>
            ) : null}
            <button
              type="button"
              className="button"
              onClick={writes.undo}
              disabled={!writes.lastChange || !editable}
              data-testid="undo"
              title="Ctrl+Z en la tabla"
            >
              {writes.lastChange ? `Deshacer ${undoLabel(writes.lastChange)}` : 'Deshacer'}
            </button>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => queryClient.refetchQueries({ queryKey: planningKeys.allLines(programme.id) })}
              disabled={!complete}
            >
              Recargar líneas
            </button>
            <ExportLinks programmeId={programme.id} />
          </div>

          {adding && editable ? <AddLineForm onAdd={(line) => writes.add.mutateAsync(line)} onClose={() => setAdding(false)} /> : null}

          {(editable || canAssign) && selectedLines.length > 0 ? (
            <BulkBar
              canMove={editable}
              assign={
                canAssign ? (
                  <AssignToProcess
                    programmeId={programme.id}
                    lines={selectedLines}
                    onAssigned={(notice) => {
                      setAssignNotice(notice);
                      setSelected(new Set());
                    }}
                  />
                ) : undefined
              }
              count={selectedLines.length}
              pending={writes.bulk.isPending}
              error={writes.bulk.error}
              onClear={() => setSelected(new Set())}
              onApply={(action) =>
                writes.bulk.mutate(
                  {
                    lineIds: selectedLines.map((line) => line.id),
                    // Exactly the lines the filters show: beyond what one request may name, the server selects them alike.
                    filters: selectedLines.length === shown.length && shown.every((line) => selected.has(line.id)) ? filters : null,
                    action,
                  },
                  { onSuccess: () => setSelected(new Set()) },
                )
              }
            />
          ) : null}
          {(editable || canAssign) && selectedLines.length === 0 && hasLineFilters(filters) && shown.length > 0 ? (
            <p className="planning-select-filtered">
              <button type="button" className="button button--quiet button--small" onClick={() => onSelect(shown.map((line) => line.id), true)}>
                {shown.length === 1 ? 'Seleccionar la línea filtrada' : `Seleccionar las ${formatCount(shown.length)} líneas filtradas`}
              </button>
            </p>
          ) : null}

          <p className="visually-hidden" aria-live="polite" data-testid="planning-notice">
            {writes.notice?.text ?? ''}
          </p>
          {assignNotice ? (
            <p className="alert alert--ok planning-assign-notice" role="status" data-testid="assign-notice">
              {assignNotice}{' '}
              <button type="button" className="button button--quiet button--small" onClick={() => setAssignNotice(null)}>
                Entendido
              </button>
            </p>
          ) : null}
          {writes.notice?.kind === 'error' ? (
            <p className="alert alert--warning" role="alert">
              {writes.notice.text}
            </p>
          ) : null}

          <QueryErrorAlert query={lines} context="las líneas del programa" />
          {lines.isPending && !lines.error ? <LoadingState label="Cargando las líneas…" rows={8} /> : null}
          {lines.data ? (
            <>
              <p className="planning-help muted" id="planning-help">
                Flechas o Tab para moverse; Enter para editar y guardar; Esc para cancelar; Espacio selecciona la fila; Supr elimina la línea; Ctrl+Z deshace.
              </p>
              <PlanningGrid
                lines={shown}
                rowStates={writes.rowStates}
                canEdit={editable}
                sort={filters.sort}
                order={filters.order}
                onSort={onSort}
                selected={selected}
                onSelect={onSelect}
                onCommit={onCommit}
                onDelete={writes.remove}
                onResolve={writes.resolve}
                onDismissError={writes.dismissError}
                onUndo={writes.undo}
                flags={flags.byLine}
                onVisibleLinesChange={flags.onVisibleLinesChange}
                empty={hasLineFilters(filters) ? 'Ninguna línea coincide con los filtros.' : 'El programa todavía no tiene líneas.'}
              />
            </>
          ) : null}
        </div>

        <aside className="planning-layout__side" aria-label="Totales y presupuesto">
          <section className="panel" aria-labelledby="planning-totals-title">
            <h2 id="planning-totals-title" className="panel__title">
              Subtotales
            </h2>
            <PlanningTotals summary={summary} complete={complete} />
          </section>
          {/* After the first lines: on one PGlite connection, the grid's rows come first. */}
          {lines.data ? <BudgetPanel programmeId={programme.id} canEdit={canUse(user, 'budget-edit')} /> : null}
        </aside>
      </div>
    </section>
  );
}

const NO_FLAGS: ReadonlyMap<number, readonly RuleViolation[]> = new Map();

/**
 * The process rules the lines on screen break, asked for once the grid stops scrolling for a moment;
 * the flags of the rows shown before stay while the next ones load.
 */
function useRuleFlags(programmeId: number) {
  const [visible, setVisible] = useState('');
  const [asked, setAsked] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setAsked(visible), 250);
    return () => window.clearTimeout(timer);
  }, [visible]);
  const onVisibleLinesChange = useCallback((lineIds: readonly number[]) => setVisible([...lineIds].sort((a, b) => a - b).join(',')), []);
  const violations = useQuery({ ...procurementQueries.violations(programmeId, asked), enabled: asked !== '' });
  const byLine = useMemo(() => {
    const list = violations.data?.violations;
    if (!list || list.length === 0) return NO_FLAGS;
    const map = new Map<number, RuleViolation[]>();
    for (const violation of list) {
      if (violation.lineId === null) continue;
      map.set(violation.lineId, [...(map.get(violation.lineId) ?? []), violation]);
    }
    return map;
  }, [violations.data]);
  return { byLine, onVisibleLinesChange };
}

function undoLabel(change: NonNullable<ReturnType<typeof usePlanningWrites>['lastChange']>): string {
  if (change.kind === 'edit') return `el cambio en ${change.code}`;
  if (change.kind === 'add') return `el alta de ${change.line.item.code}`;
  return `la baja de ${change.line.item.code}`;
}
