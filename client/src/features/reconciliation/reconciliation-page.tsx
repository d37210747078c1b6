// «Conciliación» of a programme (/programas/:id/conciliacion, issue 13): what was executed in SAP
// against what was planned and declared, to the cent. Everyone signed in reads it; finance and
// administrators import SAP exports, match by hand, set the tolerance and sign off; only an
// administrator reopens a sign-off.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import type { ProgrammeDto } from '../../../../shared/api.ts';
import { programmeStatusLabels } from '../../../../shared/domain.ts';
import { formatMoney } from '../../../../shared/money.ts';
import type { ReconciliationRow, ReconciliationSummary } from '../../../../shared/reconciliation-api.ts';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatCount } from '../../platform/lib/format.ts';
import { formatSignedMoney } from '../../platform/lib/money-display.ts';
import { patchParams } from '../../platform/lib/search-params.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { NotFoundPage } from '../../platform/pages/not-found-page.tsx';
import { canUse } from '../auth/permissions.ts';
import { useSessionUser } from '../auth/session-context.tsx';
import { formatPercent } from '../procurement/procurement-display.tsx';
import { parseProgrammeId } from '../programmes/programme-id.ts';
import { programmeQueries } from '../programmes/programme-queries.ts';
import { ExecutionImport } from './execution-import.tsx';
import { exportUrl, reconciliationQueries } from './reconciliation-api.ts';
import { ReconciliationChart } from './reconciliation-chart.tsx';
import { ToleranceMark } from './reconciliation-display.tsx';
import { nodeLineParams, ReconciliationLines } from './reconciliation-lines.tsx';
import { BatchesPanel, SignOffHistory, TolerancePanel } from './reconciliation-panels.tsx';
import { UnmatchedPanel } from './unmatched-panel.tsx';
import { VarianceTree } from './variance-tree.tsx';
import '../planning/planning.css';
import '../programmes/programmes.css';
import '../formulary/formulary-import.css';
import './reconciliation.css';

export function ReconciliationPage() {
  const id = parseProgrammeId(useParams().id);
  const programmes = useQuery(programmeQueries.list());
  if (id === null) return <NotFoundPage />;
  if (programmes.error) return <QueryErrorAlert query={programmes} context="los programas de compra" />;
  if (!programmes.data) return <LoadingState label="Cargando el programa…" rows={6} />;
  const programme = programmes.data.find((candidate) => candidate.id === id);
  if (!programme) return <NotFoundPage />;
  return <ReconciliationView key={id} programme={programme} />;
}

function ReconciliationView({ programme }: { programme: ProgrammeDto }) {
  useDocumentTitle(`Conciliación de ${programme.name}`);
  const user = useSessionUser();
  const canReconcile = canUse(user, 'reconcile');
  const canReopen = canUse(user, 'sign-off-reopen');
  const summary = useQuery(reconciliationQueries.summary(programme.id));
  const [params, setParams] = useSearchParams();
  const processNames = useProcessNames(summary.data?.rows);

  const showLines = (patch: Record<string, string | null>) => {
    setParams(patchParams(params, patch));
    // After the table has its new filters: the lines come into view.
    requestAnimationFrame(() => document.getElementById('lineas')?.focus());
  };

  return (
    <section className="page reconciliation-page" aria-labelledby="reconciliation-title">
      <header className="page__header planning-page__header">
        <div>
          <h1 id="reconciliation-title" className="page__title">
            Conciliación · {programme.name}
          </h1>
          <p className="page__lead">
            Año fiscal {programme.fiscalYear} ·{' '}
            <span className={`status-badge status-badge--${programme.status}`}>{programmeStatusLabels[programme.status]}</span> · lo ejecutado en SAP
            frente a lo planificado y lo declarado, al céntimo
          </p>
        </div>
        <nav className="planning-page__links" aria-label="Otras vistas del programa">
          <Link to={`/programas/${programme.id}/conciliacion/imprimir`} data-testid="reconciliation-print-link">
            Versión imprimible
          </Link>
          <a href={exportUrl(programme.id)} download data-testid="reconciliation-export">
            Descargar el libro de conciliación (XLSX)
          </a>
          <Link to={`/programas/${programme.id}/procesos`}>Procesos</Link>
          <Link to={`/programas/${programme.id}`}>Resumen del programa</Link>
        </nav>
      </header>

      {canReconcile ? <ExecutionImport programmeId={programme.id} /> : null}

      <QueryErrorAlert query={summary} context="la conciliación" />
      {!summary.data && !summary.error ? <LoadingState label="Cargando la conciliación…" rows={8} /> : null}
      {summary.data ? (
        <>
          <Totals summary={summary.data} />
          <section className="panel panel--wide" aria-labelledby="variance-title">
            <VarianceTree
              programmeId={programme.id}
              summary={summary.data}
              canSignOff={canReconcile}
              canReopen={canReopen}
              onShowLines={(row) => showLines(nodeLineParams(row))}
            />
          </section>
          <ReconciliationLines programmeId={programme.id} processNames={processNames} />
          <UnmatchedPanel
            programmeId={programme.id}
            summary={summary.data}
            canMatch={canReconcile}
            onShowUnexecuted={() =>
              showLines({ estado: 'unexecuted', canal: null, segmento: null, tipo: null, proceso: null, q: null, pagina: null })
            }
          />
          <section className="panel panel--wide" aria-label="Gráfico de planificado y ejecutado">
            <ReconciliationChart rows={summary.data.rows} fileName={`conciliacion-por-tipo-${programme.id}.csv`} />
          </section>
          <SignOffHistory signOffs={summary.data.signOffs} />
          <div className="reconciliation-page__settings">
            <TolerancePanel programmeId={programme.id} tolerance={summary.data.tolerance} canEdit={canReconcile} />
          </div>
        </>
      ) : null}
      <BatchesPanel programmeId={programme.id} canUndo={canReconcile} />
    </section>
  );
}

/** Process id → "code · title", to name the process a URL filters the lines by. */
function useProcessNames(rows: readonly ReconciliationRow[] | undefined): ReadonlyMap<string, string> {
  return useMemo(
    () => new Map((rows ?? []).flatMap((row) => (row.level === 'process' && row.process ? [[String(row.process.id), `${row.process.code} · ${row.process.title}`] as const] : []))),
    [rows],
  );
}

function Totals({ summary }: { summary: ReconciliationSummary }) {
  const { totals, unmatched } = summary;
  return (
    <section className="panel panel--wide" aria-labelledby="totals-title" data-testid="reconciliation-totals">
      <h2 id="totals-title" className="visually-hidden">
        Totales del programa
      </h2>
      <dl className="reconciliation-totals">
        <div>
          <dt>Declarado</dt>
          <dd data-testid="total-declared">{totals.declared === null ? '—' : formatMoney(totals.declared)}</dd>
        </div>
        <div>
          <dt>Planificado</dt>
          <dd data-testid="total-planned">{formatMoney(totals.planned)}</dd>
        </div>
        <div>
          <dt>Ejecutado</dt>
          <dd data-testid="total-executed">{formatMoney(totals.executed)}</dd>
        </div>
        <div>
          <dt>Diferencia</dt>
          <dd data-testid="total-difference">
            {formatSignedMoney(totals.difference)} ({formatPercent(totals.percent)})
          </dd>
        </div>
        <div>
          <dt>Tolerancia</dt>
          <dd>
            <ToleranceMark within={totals.withinTolerance} testId="total-tolerance" />
            <span className="cell-note">
              {formatMoney(summary.tolerance.amount)} y {summary.tolerance.percent} %
            </span>
          </dd>
        </div>
        <div>
          <dt>Sin emparejar</dt>
          <dd data-testid="total-unmatched">
            {formatCount(unmatched.planned)} planificadas · {formatCount(unmatched.executed)} ejecutadas
          </dd>
        </div>
        <div>
          <dt>Lotes</dt>
          <dd>{formatCount(summary.batches)}</dd>
        </div>
      </dl>
    </section>
  );
}
