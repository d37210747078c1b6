// Budget of strategic goods by material category (fiscal year 2011, from SAP R/3).
import type { BudgetDto } from '../../../../shared/api.ts';
import { budgetCategories, budgetCategoryLabels } from '../../../../shared/domain.ts';
import { useApi } from '../../platform/api/use-api.ts';
import { ErrorAlert, LoadingState } from '../../platform/components/status-views.tsx';
import { formatMoney, sumMoney } from '../../../../shared/money.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';

const FISCAL_YEAR = 2011;

export function BudgetPage() {
  useDocumentTitle('Presupuesto');
  const budgets = useApi<BudgetDto[]>('/budgets', { fiscalYear: FISCAL_YEAR });

  return (
    <section className="page" aria-labelledby="budget-title">
      <header className="page__header">
        <h1 id="budget-title" className="page__title">
          Presupuesto de materiales estratégicos — Ejercicio {FISCAL_YEAR}
        </h1>
        <p className="page__lead">Presupuesto asignado por categoría de material.</p>
      </header>

      {budgets.error ? <ErrorAlert problem={budgets.error} onRetry={budgets.reload} context="el presupuesto" /> : null}
      {!budgets.data && !budgets.error ? <LoadingState label="Cargando el presupuesto…" rows={5} /> : null}
      {budgets.data ? <BudgetTable budgets={budgets.data} /> : null}
    </section>
  );
}

function BudgetTable({ budgets }: { budgets: BudgetDto[] }) {
  const rows = [...budgets].sort(
    (a, b) => budgetCategories.indexOf(a.category) - budgetCategories.indexOf(b.category),
  );
  const total = sumMoney(rows.map((row) => row.amount));

  return (
    <div className="panel panel--narrow">
      <div className="table-scroll table-scroll--auto" role="region" aria-label="Presupuesto por categoría" tabIndex={0}>
        <table className="data-table budget-table" data-testid="budget-table">
          <caption className="visually-hidden">
            Presupuesto de materiales estratégicos por categoría, ejercicio {FISCAL_YEAR}
          </caption>
          <thead>
            <tr>
              <th scope="col">Categoría</th>
              <th scope="col" className="num">
                Monto (S/)
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={2} className="data-table__empty">
                  No hay presupuesto registrado para el ejercicio {FISCAL_YEAR}.
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.category}>
                  <th scope="row">{budgetCategoryLabels[row.category] ?? row.category}</th>
                  <td className="num col-money" data-testid={`budget-amount-${row.category}`}>
                    {formatMoney(row.amount)}
                  </td>
                </tr>
              ))
            )}
          </tbody>
          <tfoot>
            <tr className="row-total">
              <th scope="row">Total</th>
              <td className="num col-money" data-testid="budget-total-amount">
                {formatMoney(total)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      {rows.length > 0 ? <p className="source-note">Fuente: Sistema SAP R/3 al 19.09.2011</p> : null}
    </div>
  );
}
