// A programme's summary on paper: the purchases table (channel → segment → process) with its
// totals, the plan against the budget, and when it was printed; the print stylesheet drops the
// app's frame.
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { budgetCategoryLabels, programmeStatusLabels } from '../../../../shared/domain.ts';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatCount, formatDateTime } from '../../platform/lib/format.ts';
import { formatMoneyOrDash, formatSignedMoney } from '../../platform/lib/money-display.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { NotFoundPage } from '../../platform/pages/not-found-page.tsx';
import { parseProgrammeId } from '../programmes/programme-id.ts';
import { programmeQueries } from '../programmes/programme-queries.ts';
import { buildSummaryTree, type SummaryNode } from '../programmes/summary-tree.ts';
import { planningQueries } from './planning-queries.ts';
import './planning.css';
import { BudgetTableHead } from './budget-table-head.tsx';

function flatten(nodes: readonly SummaryNode[], depth = 0): { node: SummaryNode; depth: number }[] {
  return nodes.flatMap((node) => [{ node, depth }, ...flatten(node.subRows, depth + 1)]);
}

export function PrintSummaryPage() {
  const id = parseProgrammeId(useParams().id);
  const programme = useQuery(programmeQueries.list()).data?.find((candidate) => candidate.id === id);
  const summary = useQuery({ ...programmeQueries.summary(id ?? 0), enabled: id !== null });
  const budget = useQuery({ ...planningQueries.budget(id ?? 0), enabled: id !== null });
  useDocumentTitle(programme ? `Resumen de ${programme.name}` : 'Resumen del programa');
  if (id === null) return <NotFoundPage />;

  return (
    <article className="print-summary" aria-labelledby="print-title">
      <div className="print-summary__tools no-print">
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          Imprimir
        </button>
        <Link to={`/programas/${id}/planificar`}>Volver al plan</Link>
      </div>
      <header className="print-summary__header">
        <p className="print-summary__brand">EsSalud — Abastece</p>
        <h1 id="print-title" className="page__title">
          Resumen de {programme?.name ?? 'programa de compra'}
        </h1>
        {programme ? (
          <p>
            Año fiscal {programme.fiscalYear} · {programmeStatusLabels[programme.status]} · impreso el {formatDateTime(new Date().toISOString())}
          </p>
        ) : null}
      </header>
      <QueryErrorAlert query={summary} context="el resumen" />
      {summary.data ? (
        <table className="data-table print-table" data-testid="print-summary">
          <caption>Ítems y montos por canal, segmento y proceso</caption>
          <thead>
            <tr>
              <th scope="col">Concepto</th>
              <th scope="col" className="num">
                Ítems
              </th>
              <th scope="col" className="num">
                Monto (S/)
              </th>
            </tr>
          </thead>
          <tbody>
            {flatten(buildSummaryTree(summary.data)).map(({ node, depth }) => (
              <tr key={node.id} className={`summary-row summary-row--${node.kind}`}>
                <th scope="row" className={`planning-totals__concept depth-${depth}`}>
                  {node.label}
                </th>
                <td className="num">{formatCount(node.figures.items)}</td>
                <td className="num col-money">{formatMoneyOrDash(node.figures.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : !summary.error ? (
        <LoadingState label="Cargando el resumen…" rows={6} />
      ) : null}
      {budget.data ? (
        <table className="data-table print-table">
          <caption>Presupuesto {budget.data.fiscalYear}: techo y planificado por categoría</caption>
          <BudgetTableHead />
          <tbody>
            {budget.data.categories.map((row) => (
              <tr key={row.category}>
                <th scope="row">
                  {budgetCategoryLabels[row.category]}
                  {row.exceeded ? ' (supera el techo)' : ''}
                </th>
                <td className="num col-money">{formatMoneyOrDash(row.ceiling)}</td>
                <td className="num col-money">{formatMoneyOrDash(row.planned)}</td>
                <td className="num col-money">{row.remaining === null ? '—' : formatSignedMoney(row.remaining)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </article>
  );
}
