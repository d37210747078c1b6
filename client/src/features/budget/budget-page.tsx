// Budget of strategic goods by material category, for the fiscal years the data holds: the latest
// by default, another through ?ejercicio=<year>; each with the source documents it comes from.
import { useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import type { BudgetDto, BudgetYear } from '../../../../shared/api.ts';
import { budgetCategories, budgetCategoryLabels } from '../../../../shared/domain.ts';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatMoney, sumMoney } from '../../../../shared/money.ts';
import { patchParams } from '../../platform/lib/search-params.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { budgetQueries } from './budget-queries.ts';
import './budget.css';

export function BudgetPage() {
  useDocumentTitle('Presupuesto');
  const years = useQuery(budgetQueries.years());
  const [params, setParams] = useSearchParams();
  const asked = params.get('ejercicio');
  const year = years.data?.find((candidate) => String(candidate.fiscalYear) === asked) ?? years.data?.[0];

  return (
    <section className="page" aria-labelledby="budget-title">
      <header className="page__header">
        <h1 id="budget-title" className="page__title">
          Presupuesto de materiales estratégicos{year ? ` — Ejercicio ${year.fiscalYear}` : ''}
        </h1>
        <p className="page__lead">Presupuesto asignado por categoría de material.</p>
      </header>

      <QueryErrorAlert query={years} context="los ejercicios con presupuesto" />
      {!years.data && !years.error ? <LoadingState label="Cargando el presupuesto…" rows={5} /> : null}
      {years.data?.length === 0 ? (
        <p className="notice" data-testid="budget-none">
          No hay presupuestos registrados.
        </p>
      ) : null}
      {years.data && years.data.length > 1 && year ? (
        <YearSelect
          years={years.data}
          value={year.fiscalYear}
          onChange={(fiscalYear) => setParams((previous) => patchParams(previous, { ejercicio: fiscalYear }), { replace: true })}
        />
      ) : null}
      {year ? <BudgetOfYear key={year.fiscalYear} year={year} /> : null}
    </section>
  );
}

function YearSelect({ years, value, onChange }: { years: BudgetYear[]; value: number; onChange: (fiscalYear: number) => void }) {
  const id = useId();
  return (
    <div className="filters">
      <div className="field">
        <label htmlFor={id} className="field-label">
          Ejercicio
        </label>
        <select id={id} className="select" value={value} onChange={(event) => onChange(Number(event.target.value))}>
          {years.map((year) => (
            <option key={year.fiscalYear} value={year.fiscalYear}>
              {year.fiscalYear}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

function BudgetOfYear({ year }: { year: BudgetYear }) {
  const budgets = useQuery(budgetQueries.year(year.fiscalYear));
  return (
    <>
      <QueryErrorAlert query={budgets} context="el presupuesto" />
      {!budgets.data && !budgets.error ? <LoadingState label="Cargando el presupuesto…" rows={5} /> : null}
      {budgets.data ? <BudgetTable budgets={budgets.data} year={year} /> : null}
    </>
  );
}

function BudgetTable({ budgets, year }: { budgets: BudgetDto[]; year: BudgetYear }) {
  const rows = [...budgets].sort(
    (a, b) => budgetCategories.indexOf(a.category) - budgetCategories.indexOf(b.category),
  );
  const total = sumMoney(rows.map((row) => row.amount));

  return (
    <div className="panel panel--narrow">
      <div className="table-scroll table-scroll--auto" role="region" aria-label="Presupuesto por categoría" tabIndex={0}>
        <table className="data-table budget-table" data-testid="budget-table">
          <caption className="visually-hidden">
            Presupuesto de materiales estratégicos por categoría, ejercicio {year.fiscalYear}
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
                  No hay presupuesto registrado para el ejercicio {year.fiscalYear}.
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
      {rows.length > 0
        ? year.sources.map((source) => (
            <p key={source.id} className="source-note" data-testid="budget-source" title={source.reference || undefined}>
              Fuente: {source.title}
              {source.notes ? `. ${source.notes}` : null}
            </p>
          ))
        : null}
    </div>
  );
}
