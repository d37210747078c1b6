// The plan against the budget: per category, ceiling, planned, remaining, and a warning (never a
// block) where the plan goes beyond the ceiling. Finance and administrators set the ceilings here,
// on the version they saw (a stale one is shown, not overwritten).
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BudgetCategory } from '../../../../shared/domain.ts';
import { budgetCategoryLabels } from '../../../../shared/domain.ts';
import type { BudgetDto, BudgetRecordDto } from '../../../../shared/api.ts';
import { budgetPutSchema } from '../../../../shared/planning-schemas.ts';
import { ApiError, problemSummary, putJson, toProblem } from '../../platform/api/api-client.ts';
import { QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatMoneyOrDash, formatSignedMoney } from '../../platform/lib/money-display.ts';
import { budgetQueries } from '../budget/budget-queries.ts';
import { invalidateBudgets, planningQueries } from './planning-queries.ts';
import { BudgetTableHead } from './budget-table-head.tsx';

export function BudgetPanel({ programmeId, canEdit }: { programmeId: number; canEdit: boolean }) {
  const budget = useQuery(planningQueries.budget(programmeId));
  const fiscalYear = budget.data?.fiscalYear;
  const records = useQuery({ ...budgetQueries.year(fiscalYear ?? 0), enabled: canEdit && fiscalYear !== undefined });
  const [editing, setEditing] = useState<BudgetCategory | null>(null);

  return (
    <section className="panel budget-panel" aria-labelledby="budget-panel-title" data-testid="budget-panel">
      <h2 id="budget-panel-title" className="panel__title">
        Presupuesto {fiscalYear ?? ''}
      </h2>
      <QueryErrorAlert query={budget} context="el presupuesto del plan" />
      {budget.data ? (
        <table className="data-table budget-panel__table">
          <caption className="visually-hidden">Techo, planificado y saldo por categoría presupuestal</caption>
          <BudgetTableHead />
          <tbody>
            {budget.data.categories.map((row) => (
              <tr key={row.category} className={row.exceeded ? 'is-exceeded' : undefined} data-testid={`budget-${row.category}`}>
                <th scope="row">
                  {budgetCategoryLabels[row.category]}
                  {row.exceeded ? (
                    <span className="badge badge--warning" role="note" data-testid="budget-exceeded">
                      Supera el techo
                    </span>
                  ) : null}
                </th>
                <td className="num col-money">
                  {editing === row.category && fiscalYear !== undefined ? (
                    <CeilingEditor
                      fiscalYear={fiscalYear}
                      category={row.category}
                      record={records.data?.find((record) => record.category === row.category)}
                      onDone={() => setEditing(null)}
                    />
                  ) : (
                    <>
                      {formatMoneyOrDash(row.ceiling)}
                      {canEdit ? (
                        <button
                          type="button"
                          className="button button--quiet button--small"
                          onClick={() => setEditing(row.category)}
                          aria-label={`Cambiar el techo de ${budgetCategoryLabels[row.category]}`}
                          disabled={records.isPending}
                        >
                          Cambiar
                        </button>
                      ) : null}
                    </>
                  )}
                </td>
                <td className="num col-money">{formatMoneyOrDash(row.planned)}</td>
                <td className="num col-money">{row.remaining === null ? '—' : formatSignedMoney(row.remaining)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className={budget.data.totals.exceeded ? 'is-exceeded' : undefined}>
              <th scope="row">Total</th>
              <td className="num col-money">{formatMoneyOrDash(budget.data.totals.ceiling)}</td>
              <td className="num col-money">{formatMoneyOrDash(budget.data.totals.planned)}</td>
              <td className="num col-money">{budget.data.totals.remaining === null ? '—' : formatSignedMoney(budget.data.totals.remaining)}</td>
            </tr>
          </tfoot>
        </table>
      ) : null}
      {budget.data?.categories.some((row) => row.exceeded) ? (
        <p className="alert alert--warning budget-panel__warning" role="status">
          El plan supera el techo de alguna categoría. Puede seguir planificando; revise los montos antes de aprobarlo.
        </p>
      ) : null}
      {budget.data?.categories.every((row) => row.ceiling === null) ? (
        <p className="muted">No hay techos presupuestales registrados para {fiscalYear}.</p>
      ) : null}
    </section>
  );
}

function CeilingEditor({
  fiscalYear,
  category,
  record,
  onDone,
}: {
  fiscalYear: number;
  category: BudgetCategory;
  record: BudgetDto | undefined;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [text, setText] = useState(record?.amount ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (amount: string) =>
      putJson<BudgetRecordDto>(`/budgets/${fiscalYear}/${category}`, { amount, ...(record ? { version: record.version } : {}) }),
    onSuccess: onDone,
    onError: (failure) => {
      const current = failure instanceof ApiError ? (failure.problem as unknown as { current?: BudgetRecordDto }).current : undefined;
      setError(
        current
          ? `Otra persona cambió este techo a ${formatMoneyOrDash(current.amount)}. Revise el monto y guárdelo de nuevo.`
          : (failure instanceof ApiError ? failure.fieldMessage('amount') : undefined) ?? problemSummary(toProblem(failure)),
      );
    },
    onSettled: () => invalidateBudgets(queryClient),
  });
  const label = `Techo de ${budgetCategoryLabels[category]} (S/)`;
  return (
    <form
      className="ceiling-editor"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = budgetPutSchema.shape.amount.safeParse(text.replaceAll(',', ''));
        if (!parsed.success) setError(parsed.error.issues[0]?.message ?? 'Monto no válido');
        else save.mutate(parsed.data);
      }}
    >
      <input
        className="input ceiling-editor__input"
        aria-label={label}
        value={text}
        inputMode="decimal"
        autoFocus
        aria-invalid={error ? true : undefined}
        onChange={(event) => {
          setText(event.target.value);
          setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onDone();
        }}
      />
      <button type="submit" className="button button--primary button--small" disabled={save.isPending}>
        Guardar
      </button>
      <button type="button" className="button button--quiet button--small" onClick={onDone}>
        Cancelar
      </button>
      {error ? (
        <p className="form-field__error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

