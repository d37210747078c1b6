// What the programme's processes saved against their reference value: per process type, per channel,
// per process and in total. Only awarded lines are measured; the others are counted apart, never as
// zero; a negative saving (an award above the reference) is shown as it is.
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { channelLabels, processLabels } from '../../../../shared/domain.ts';
import { formatMoney } from '../../../../shared/money.ts';
import type { SavingsFigures } from '../../../../shared/procurement-api.ts';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { PageStepper } from '../../platform/components/page-stepper.tsx';
import { formatCount, plural } from '../../platform/lib/format.ts';
import { formatPercent, processKindLabel, ProcessStatusBadge, SavingAmount } from './procurement-display.tsx';
import { procurementQueries, SAVINGS_PAGE_SIZE } from './procurement-queries.ts';

// The chart library is the page's largest part: the figures show first, the chart when it arrives.
const SavingsChart = lazy(() => import('./savings-chart.tsx').then((module) => ({ default: module.SavingsChart })));


export function SavingsPanel({ programmeId }: { programmeId: number }) {
  const [page, setPage] = useState(1);
  const savings = useQuery(procurementQueries.savings(programmeId, { page, pageSize: SAVINGS_PAGE_SIZE }));
  const data = savings.data;
  const pages = data ? Math.max(1, Math.ceil(data.totalProcesses / SAVINGS_PAGE_SIZE)) : 1;

  return (
    <section className="panel savings" aria-labelledby="savings-title" data-testid="savings-panel">
      <h2 id="savings-title" className="panel__title">
        Ahorro
      </h2>
      <QueryErrorAlert query={savings} context="el ahorro" />
      {!data && !savings.error ? <LoadingState label="Calculando el ahorro…" rows={3} /> : null}
      {data ? (
        <>
          <p className="savings__totals" data-testid="savings-totals">
            {data.totals.awardedLines === 0 ? (
              <>Todavía no hay líneas adjudicadas: no hay ahorro que medir. </>
            ) : (
              <>
                Ahorro del programa: <SavingAmount amount={data.totals.saving} testId="savings-total-saving" />{' '}
                (<span data-testid="savings-total-percent">{formatPercent(data.totals.percent)}</span>) sobre una referencia de{' '}
                {formatMoney(data.totals.reference)} y un adjudicado de {formatMoney(data.totals.awarded)}, en{' '}
                {plural(data.totals.awardedLines, 'línea adjudicada', 'líneas adjudicadas')}.{' '}
              </>
            )}
            <UnawardedNote count={data.totals.unawardedLines} />
          </p>
          <FiguresTable
            id="savings-by-type"
            caption="Ahorro por tipo de proceso"
            head="Tipo de proceso"
            rows={data.byType.map((figures) => ({ key: figures.type, label: processLabels[figures.type], figures }))}
            totals={data.totals}
            testId="savings-by-type"
          />
          <Suspense fallback={<LoadingState label="Cargando el gráfico…" rows={2} />}>
            <SavingsChart byType={data.byType.filter((figures) => figures.awardedLines > 0)} describedBy="savings-by-type" />
          </Suspense>
          <FiguresTable
            id="savings-by-channel"
            caption="Ahorro por canal"
            head="Canal"
            rows={data.byChannel.map((figures) => ({ key: figures.channel, label: channelLabels[figures.channel], figures }))}
            totals={data.totals}
            testId="savings-by-channel"
          />
          <FiguresTable
            id="savings-by-process"
            caption="Ahorro por proceso"
            head="Proceso"
            rows={data.processes.map((figures) => ({
              key: String(figures.processId),
              label: (
                <>
                  <Link to={`/procesos/${figures.processId}`}>{figures.code}</Link>{' '}
                  <ProcessStatusBadge status={figures.status} />
                  <span className="savings__kind muted">{processKindLabel(figures)}</span>
                </>
              ),
              figures,
            }))}
            testId="savings-by-process"
            empty="El programa todavía no tiene procesos."
          />
          <PageStepper
            page={page}
            pages={pages}
            onPage={setPage}
            label="Paginación del ahorro por proceso"
            count={plural(data.totalProcesses, 'proceso', 'procesos')}
          />
        </>
      ) : null}
    </section>
  );
}

function UnawardedNote({ count }: { count: number }) {
  if (count === 0) return <>Todas las líneas asignadas están adjudicadas.</>;
  return (
    <span data-testid="savings-unawarded">
      {count === 1 ? '1 línea sin adjudicar queda' : `${formatCount(count)} líneas sin adjudicar quedan`} fuera del cálculo.
    </span>
  );
}

function FiguresTable({
  id,
  caption,
  head,
  rows,
  totals,
  testId,
  empty = 'Sin datos.',
}: {
  id: string;
  caption: string;
  head: string;
  rows: { key: string; label: ReactNode; figures: SavingsFigures }[];
  totals?: SavingsFigures;
  testId: string;
  empty?: string;
}) {
  return (
    <div className="table-scroll table-scroll--auto" role="region" aria-label={caption} tabIndex={0}>
      <table id={id} className="data-table savings-table" data-testid={testId}>
        <caption className="savings-table__caption">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col" className="num">
              Referencia
            </th>
            <th scope="col" className="num">
              Adjudicado
            </th>
            <th scope="col" className="num">
              Ahorro
            </th>
            <th scope="col" className="num">
              %
            </th>
            <th scope="col" className="num">
              Líneas adjudicadas
            </th>
            <th scope="col" className="num">
              Líneas sin adjudicar
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={7} className="data-table__empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => <FiguresRow key={row.key} label={row.label} figures={row.figures} testId={`${testId}-${row.key}`} />)
          )}
        </tbody>
        {totals && rows.length > 0 ? (
          <tfoot>
            <FiguresRow label="Total" figures={totals} testId={`${testId}-total`} />
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

function FiguresRow({ label, figures, testId }: { label: ReactNode; figures: SavingsFigures; testId: string }) {
  const measured = figures.awardedLines > 0;
  return (
    <tr data-testid={testId}>
      <th scope="row">{label}</th>
      <td className="num">{measured ? formatMoney(figures.reference) : '—'}</td>
      <td className="num">{measured ? formatMoney(figures.awarded) : '—'}</td>
      <td className="num" data-testid="saving">
        {measured ? <SavingAmount amount={figures.saving} /> : '—'}
      </td>
      <td className="num" data-testid="percent">
        {measured ? formatPercent(figures.percent) : '—'}
      </td>
      <td className="num">{formatCount(figures.awardedLines)}</td>
      <td className={figures.unawardedLines > 0 ? 'num is-warning' : 'num'}>{formatCount(figures.unawardedLines)}</td>
    </tr>
  );
}
