// The smaller panels of the Conciliación page: the tolerance (amount and percent, finance sets it),
// the imported batches (each undone whole, after a confirmation), and every sign-off, in force or
// reopened.
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { formatMoney } from '../../../../shared/money.ts';
import type { ExecutionBatchDto, SignOffDto, ToleranceDto } from '../../../../shared/reconciliation-api.ts';
import { toleranceBodySchema } from '../../../../shared/reconciliation-schemas.ts';
import { ActionDialog } from '../../platform/components/action-dialog.tsx';
import { FormSummary, FormTextField } from '../../platform/components/form-controls.tsx';
import { FormMessage } from '../../platform/components/form-fields.tsx';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatCount, formatDateTime } from '../../platform/lib/format.ts';
import { showRequestError, useSchemaForm } from '../../platform/lib/use-schema-form.ts';
import { invalidateReconciliation, listOf, reconciliationQueries, saveTolerance, undoBatch } from './reconciliation-api.ts';
import { signOffScope } from './reconciliation-display.tsx';

interface ToleranceValues {
  amount: string;
  percent: string;
}

export function TolerancePanel({ programmeId, tolerance, canEdit }: { programmeId: number; tolerance: ToleranceDto; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const form = useSchemaForm<ToleranceValues, typeof toleranceBodySchema>({
    schema: toleranceBodySchema,
    defaultValues: { amount: tolerance.amount, percent: tolerance.percent },
    toInput: (values) => ({ ...values, version: tolerance.version }),
  });
  // Another version read (this save, or someone else's): the form shows it.
  const { reset } = form;
  useEffect(() => reset({ amount: tolerance.amount, percent: tolerance.percent }), [reset, tolerance.amount, tolerance.percent, tolerance.version]);
  const submit = form.handleSubmit(async (input) => {
    setSaved(false);
    try {
      await saveTolerance(programmeId, input);
      await invalidateReconciliation(queryClient, programmeId);
      setSaved(true);
    } catch (error) {
      showRequestError(form, error, ['amount', 'percent']);
    }
  });

  return (
    <section className="panel" aria-labelledby="tolerance-title" data-testid="tolerance">
      <h2 id="tolerance-title" className="panel__title">
        Tolerancia
      </h2>
      <p className="muted">
        Una diferencia está dentro de la tolerancia cuando, en un sentido u otro, no supera el monto ni el porcentaje de lo planificado.
        Vigente: {formatMoney(tolerance.amount)} y {tolerance.percent} %.
      </p>
      {canEdit ? (
        <form onSubmit={submit} noValidate className="tolerance-form">
          <FormTextField control={form.control} name="amount" label="Monto (S/)" inputMode="decimal" autoComplete="off" hint="Sin separadores de miles, p. ej. 1000.00" />
          <FormTextField control={form.control} name="percent" label="Porcentaje (%)" inputMode="decimal" autoComplete="off" hint="De 0 a 100, p. ej. 2.5" />
          <FormSummary control={form.control} testId="tolerance-error" />
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={form.formState.isSubmitting}>
              {form.formState.isSubmitting ? 'Guardando…' : 'Guardar la tolerancia'}
            </button>
          </div>
          {saved ? (
            <FormMessage kind="ok" testId="tolerance-saved">
              <p>Tolerancia guardada.</p>
            </FormMessage>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}

export function BatchesPanel({ programmeId, canUndo }: { programmeId: number; canUndo: boolean }) {
  const queryClient = useQueryClient();
  const batches = useQuery(reconciliationQueries.batches(programmeId));
  const [undoing, setUndoing] = useState<ExecutionBatchDto | null>(null);
  const list = listOf(batches.data);
  return (
    <section className="panel panel--wide" aria-labelledby="batches-title" data-testid="batches">
      <h2 id="batches-title" className="panel__title">
        Lotes importados
      </h2>
      <QueryErrorAlert query={batches} context="los lotes" />
      {!batches.data && !batches.error ? <LoadingState label="Cargando los lotes…" rows={2} /> : null}
      {batches.data ? (
        list.length === 0 ? (
          <p className="muted">Todavía no se importó ninguna ejecución.</p>
        ) : (
          <div className="table-scroll table-scroll--auto">
            <table className="data-table" data-testid="batches-table">
              <caption className="visually-hidden">Lotes importados de SAP</caption>
              <thead>
                <tr>
                  <th scope="col">Lote</th>
                  <th scope="col">Archivo</th>
                  <th scope="col" className="num">
                    Filas
                  </th>
                  <th scope="col" className="num">
                    Emparejadas
                  </th>
                  <th scope="col" className="num">
                    Monto
                  </th>
                  <th scope="col">Importado</th>
                  {canUndo ? (
                    <th scope="col">
                      <span className="visually-hidden">Acciones</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {list.map((batch) => (
                  <tr key={batch.id}>
                    <th scope="row">{batch.id}</th>
                    <td title={`SHA-256 ${batch.sha256}`}>{batch.fileName}</td>
                    <td className="num">{formatCount(batch.rows)}</td>
                    <td className="num">{formatCount(batch.matched)}</td>
                    <td className="num col-money">{formatMoney(batch.amount)}</td>
                    <td>
                      {formatDateTime(batch.importedAt)}
                      {batch.importedBy ? ` · ${batch.importedBy}` : ''}
                    </td>
                    {canUndo ? (
                      <td>
                        <button type="button" className="button button--small" onClick={() => setUndoing(batch)} aria-label={`Deshacer el lote ${batch.id}`}>
                          Deshacer
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {undoing ? (
        <ActionDialog
          title={`Deshacer el lote ${undoing.id}`}
          confirmLabel="Deshacer el lote"
          busyLabel="Deshaciendo…"
          testId="undo-batch-dialog"
          onClose={() => setUndoing(null)}
          onConfirm={async () => {
            await undoBatch(programmeId, undoing.id);
            await invalidateReconciliation(queryClient, programmeId);
          }}
        >
          <p>
            Se quitarán las {formatCount(undoing.rows)} líneas ejecutadas de «{undoing.fileName}» ({formatMoney(undoing.amount)}) y sus
            emparejamientos. Podrá importar el archivo otra vez.
          </p>
        </ActionDialog>
      ) : null}
    </section>
  );
}

export function SignOffHistory({ signOffs }: { signOffs: readonly SignOffDto[] }) {
  return (
    <section className="panel panel--wide" aria-labelledby="sign-offs-title" data-testid="sign-offs">
      <h2 id="sign-offs-title" className="panel__title">
        Conformidades
      </h2>
      {signOffs.length === 0 ? (
        <p className="muted">Todavía no se dio conformidad a nada.</p>
      ) : (
        <div className="table-scroll table-scroll--auto">
          <table className="data-table" data-testid="sign-offs-table">
            <caption className="visually-hidden">Conformidades dadas, vigentes o reabiertas, de la más reciente a la más antigua</caption>
            <thead>
              <tr>
                <th scope="col">Alcance</th>
                <th scope="col" className="num">
                  Planificado
                </th>
                <th scope="col" className="num">
                  Ejecutado
                </th>
                <th scope="col">Firmada</th>
                <th scope="col">Comentario</th>
                <th scope="col">Estado</th>
              </tr>
            </thead>
            <tbody>
              {signOffs.map((signOff) => (
                <tr key={signOff.id}>
                  <th scope="row">{signOffScope(signOff)}</th>
                  <td className="num col-money">{formatMoney(signOff.planned)}</td>
                  <td className="num col-money">{formatMoney(signOff.executed)}</td>
                  <td>
                    {signOff.signedBy}, {formatDateTime(signOff.signedAt)}
                  </td>
                  <td>{signOff.comment}</td>
                  <td>
                    {signOff.reopenedAt ? (
                      <>
                        Reabierta por {signOff.reopenedBy ?? '—'} el {formatDateTime(signOff.reopenedAt)}
                        {signOff.reopenComment ? <span className="cell-note">Motivo: {signOff.reopenComment}</span> : null}
                      </>
                    ) : (
                      <span className="check check--ok">
                        <span aria-hidden="true">✓ </span>Vigente
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
