// The reconciliation on paper (/programas/:id/conciliacion/imprimir): the whole tree with what was
// declared, planned and executed, the difference, the tolerance and the sign-off of each node, the
// totals, and every sign-off; the print stylesheet drops the app's frame.
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { programmeStatusLabels } from '../../../../shared/domain.ts';
import { formatMoney } from '../../../../shared/money.ts';
import type { ReconciliationRow, VarianceFigures } from '../../../../shared/reconciliation-api.ts';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatCount, formatDateTime, plural } from '../../platform/lib/format.ts';
import { formatMoneyOrDash, formatSignedMoney } from '../../platform/lib/money-display.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { NotFoundPage } from '../../platform/pages/not-found-page.tsx';
import { formatPercent } from '../procurement/procurement-display.tsx';
import { parseProgrammeId } from '../programmes/programme-id.ts';
import { programmeQueries } from '../programmes/programme-queries.ts';
import { reconciliationQueries } from './reconciliation-api.ts';
import { nodeKey, nodeLabel, ownsSignOff, signedText, signOffScope, VarianceTableHead } from './reconciliation-display.tsx';
import '../planning/planning.css';
import './reconciliation.css';

const depthOf: Record<ReconciliationRow['level'], number> = { channel: 0, segment: 1, type: 2, process: 3 };

export function ReconciliationPrintPage() {
  const id = parseProgrammeId(useParams().id);
  const programme = useQuery(programmeQueries.list()).data?.find((candidate) => candidate.id === id);
  const summary = useQuery({ ...reconciliationQueries.summary(id ?? 0), enabled: id !== null });
  useDocumentTitle(programme ? `Conciliación de ${programme.name}` : 'Conciliación');
  if (id === null) return <NotFoundPage />;
  const data = summary.data;

  return (
    <article className="print-summary reconciliation-print" aria-labelledby="print-title">
      <div className="print-summary__tools no-print">
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          Imprimir
        </button>
        <Link to={`/programas/${id}/conciliacion`}>Volver a la conciliación</Link>
      </div>
      <header className="print-summary__header">
        <p className="print-summary__brand">EsSalud — Abastece</p>
        <h1 id="print-title" className="page__title">
          Conciliación de {programme?.name ?? 'programa de compra'}
        </h1>
        {programme ? (
          <p>
            Año fiscal {programme.fiscalYear} · {programmeStatusLabels[programme.status]} · impreso el {formatDateTime(new Date().toISOString())}
          </p>
        ) : null}
        {data ? (
          <p data-testid="print-tolerance">
            Tolerancia: {formatMoney(data.tolerance.amount)} y {data.tolerance.percent} % de lo planificado · {plural(data.batches, 'lote importado', 'lotes importados')} · sin emparejar: {formatCount(data.unmatched.planned)} líneas planificadas y {formatCount(data.unmatched.executed)} ejecutadas (
            {formatMoney(data.unmatched.executedAmount)})
          </p>
        ) : null}
      </header>
      <QueryErrorAlert query={summary} context="la conciliación" />
      {!data && !summary.error ? <LoadingState label="Cargando la conciliación…" rows={6} /> : null}
      {data ? (
        <>
          <table className="data-table print-table" data-testid="print-reconciliation">
            <caption>Declarado, planificado y ejecutado por canal, segmento, tipo de proceso y proceso</caption>
            <VarianceTableHead />
            <tbody>
              {data.rows.map((row) => (
                <tr key={nodeKey(row)} className={`variance-row variance-row--${row.level}`}>
                  <th scope="row" className={`planning-totals__concept depth-${depthOf[row.level]}`}>
                    {nodeLabel(row)}
                  </th>
                  <PrintFigures figures={row} />
                  <td>{row.signOff && ownsSignOff(row, row.signOff) ? signedText(row.signOff) : row.signOff ? 'Conforme (por el nivel superior)' : ''}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="variance-row variance-row--total">
                <th scope="row">Total del programa</th>
                <PrintFigures figures={data.totals} />
                <td />
              </tr>
            </tfoot>
          </table>
          <table className="data-table print-table" data-testid="print-sign-offs">
            <caption>Conformidades</caption>
            <thead>
              <tr>
                <th scope="col">Alcance</th>
                <th scope="col">Firmada por</th>
                <th scope="col">Comentario</th>
                <th scope="col">Reapertura</th>
              </tr>
            </thead>
            <tbody>
              {data.signOffs.length === 0 ? (
                <tr>
                  <td colSpan={4}>Ninguna.</td>
                </tr>
              ) : (
                data.signOffs.map((signOff) => (
                  <tr key={signOff.id}>
                    <th scope="row">{signOffScope(signOff)}</th>
                    <td>
                      {signOff.signedBy}, {formatDateTime(signOff.signedAt)}
                    </td>
                    <td>{signOff.comment}</td>
                    <td>{signOff.reopenedAt ? `${signOff.reopenedBy ?? '—'}, ${formatDateTime(signOff.reopenedAt)}: ${signOff.reopenComment ?? ''}` : 'Vigente'}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </>
      ) : null}
    </article>
  );
}

function PrintFigures({ figures }: { figures: VarianceFigures }) {
  return (
    <>
      <td className="num col-money">{formatMoneyOrDash(figures.declared)}</td>
      <td className="num col-money">{formatMoney(figures.planned)}</td>
      <td className="num col-money">{formatMoney(figures.executed)}</td>
      <td className="num col-money">{formatSignedMoney(figures.difference)}</td>
      <td className="num">{formatPercent(figures.percent)}</td>
      <td>{figures.withinTolerance ? 'Dentro' : 'Fuera'}</td>
    </>
  );
}
