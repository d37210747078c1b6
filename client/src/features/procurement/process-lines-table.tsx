// A process's lines: the planned figures beside the reference price (editable while the process is
// programado or convocado) and the award (supplier, awarded price and quantity; while convocado or
// adjudicado). Amounts are the server's; while typing, the same figure computed with the shared
// lineAmount shows beside the field. A line may leave the process while lines may still join it.
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useWatch } from 'react-hook-form';
import { Link } from 'react-router';
import { formatMoney } from '../../../../shared/money.ts';
import { awardEntryOpen, lineAssignmentOpen, rucProblem, type ProcessStatus } from '../../../../shared/procurement.ts';
import type { ProcessDetail, ProcessLineDto, SuppliersPage } from '../../../../shared/procurement-api.ts';
import { processLinePatchSchema } from '../../../../shared/procurement-schemas.ts';
import { problemTypes } from '../../../../shared/problem-types.ts';
import { ApiError, deleteJson, getJson, patchJson, problemSummary, toProblem } from '../../platform/api/api-client.ts';
import { FormSummary, FormTextField } from '../../platform/components/form-controls.tsx';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { PageStepper } from '../../platform/components/page-stepper.tsx';
import { formatQuantity, formatUnitPrice } from '../../platform/lib/format.ts';
import { formatMoneyOrDash } from '../../platform/lib/money-display.ts';
import { setFormSummary, showRequestError, useSchemaForm } from '../../platform/lib/use-schema-form.ts';
import { draftAmount, readDecimalText } from '../planning/line-edit.ts';
import { invalidateAfterProcessWrite, procurementQueries } from './procurement-queries.ts';

const PAGE_SIZE = 100;
/** The reference price is set before the bids are known: while programado or convocado. */
const referencePriceOpen: readonly ProcessStatus[] = ['programado', 'convocado'];
const COLUMNS = 9;

type Editing = { lineId: number; what: 'reference' | 'award' } | null;

const STALE_LINE =
  'Otra persona cambió esta línea mientras usted la editaba; su cambio no se guardó. Se recargó lo guardado ahora: revíselo y vuelva a intentarlo.';

export function ProcessLinesTable({ process, canWrite }: { process: ProcessDetail; canWrite: boolean }) {
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Editing>(null);
  const lines = useQuery(procurementQueries.processLines(process.id, { page, pageSize: PAGE_SIZE }));
  const pages = lines.data ? Math.max(1, Math.ceil(lines.data.total / PAGE_SIZE)) : 1;
  const referenceOpen = canWrite && referencePriceOpen.includes(process.status);
  const awardOpen = canWrite && awardEntryOpen.includes(process.status);
  const releaseOpen = canWrite && lineAssignmentOpen.includes(process.status);

  return (
    <section className="process-lines" aria-labelledby="process-lines-title">
      <h2 id="process-lines-title" className="section-title">
        Líneas del proceso
      </h2>
      {canWrite && process.status === 'programado' ? (
        <p className="muted">Las adjudicaciones se registran una vez convocado el proceso.</p>
      ) : null}
      {canWrite && !awardOpen && !referenceOpen ? <p className="muted">Los precios y las adjudicaciones ya no cambian en este estado.</p> : null}
      <QueryErrorAlert query={lines} context="las líneas del proceso" />
      {!lines.data && !lines.error ? <LoadingState label="Cargando las líneas…" rows={4} /> : null}
      {lines.data ? (
        <div className="table-scroll" role="region" aria-label="Líneas del proceso" tabIndex={0}>
          <table className="data-table process-lines-table" data-testid="process-lines">
            <caption className="visually-hidden">Líneas del proceso, con precio de referencia y adjudicación</caption>
            <thead>
              <tr>
                <th scope="col">Ítem</th>
                <th scope="col" className="num">
                  Cantidad
                </th>
                <th scope="col" className="num">
                  Planificado
                </th>
                <th scope="col" className="num">
                  Precio de referencia
                </th>
                <th scope="col" className="num">
                  Monto de referencia
                </th>
                <th scope="col">Proveedor</th>
                <th scope="col" className="num">
                  Adjudicado
                </th>
                <th scope="col" className="num">
                  Monto adjudicado
                </th>
                <th scope="col">
                  <span className="visually-hidden">Acciones</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.data.lines.length === 0 ? (
                <tr>
                  <td colSpan={COLUMNS} className="data-table__empty">
                    El proceso todavía no tiene líneas: asígnelas desde la tabla de planificación.
                  </td>
                </tr>
              ) : null}
              {lines.data.lines.map((line) => (
                <LineRows
                  key={line.lineId}
                  process={process}
                  line={line}
                  editing={editing?.lineId === line.lineId ? editing.what : null}
                  onEdit={(what) => setEditing(what ? { lineId: line.lineId, what } : null)}
                  referenceOpen={referenceOpen}
                  awardOpen={awardOpen}
                  releaseOpen={releaseOpen}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <PageStepper page={page} pages={pages} onPage={setPage} label="Paginación de las líneas del proceso" />
    </section>
  );
}

function LineRows({
  process,
  line,
  editing,
  onEdit,
  referenceOpen,
  awardOpen,
  releaseOpen,
}: {
  process: ProcessDetail;
  line: ProcessLineDto;
  editing: 'reference' | 'award' | null;
  onEdit: (what: 'reference' | 'award' | null) => void;
  referenceOpen: boolean;
  awardOpen: boolean;
  releaseOpen: boolean;
}) {
  const queryClient = useQueryClient();
  const [confirmRelease, setConfirmRelease] = useState(false);
  const release = useMutation({
    mutationFn: () => deleteJson(`/processes/${process.id}/lines/${line.lineId}`),
    onSettled: () => invalidateAfterProcessWrite(queryClient, process.programme.id),
  });
  const label = `${line.item.code} ${line.item.name}`;
  // A form closed (saved or cancelled) gives the keyboard back to the button that opened it.
  const awardButton = useRef<HTMLButtonElement>(null);
  const referenceButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(editing);
  useEffect(() => {
    if (editing === null && wasEditing.current !== null) (wasEditing.current === 'award' ? awardButton : referenceButton).current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  return (
    <>
      <tr data-testid={`process-line-${line.item.code}`}>
        <th scope="row">
          <span className="code">{line.item.code}</span> <span className="process-lines__name">{line.item.name}</span>
        </th>
        <td className="num">{formatQuantity(line.quantity)}</td>
        <td className="num">
          {formatUnitPrice(line.plannedUnitPrice)}
          <span className="cell-note">{formatMoneyOrDash(line.plannedAmount)}</span>
        </td>
        <td className="num" data-testid="reference-price">
          {formatUnitPrice(line.referenceUnitPrice)}
          {referenceOpen && editing !== 'reference' ? (
            <button ref={referenceButton} type="button" className="link-button cell-note" onClick={() => onEdit('reference')} aria-label={`Cambiar el precio de referencia de ${label}`}>
              Cambiar
            </button>
          ) : null}
        </td>
        <td className="num" data-testid="reference-amount">
          {formatMoneyOrDash(line.referenceAmount)}
        </td>
        <td data-testid="supplier">
          {line.supplier ? (
            <>
              <Link to={`/proveedores/${line.supplier.id}`}>{line.supplier.name}</Link>
              <span className="cell-note">RUC {line.supplier.ruc}</span>
            </>
          ) : (
            <span className="muted">Sin adjudicar</span>
          )}
        </td>
        <td className="num">
          {line.awardedUnitPrice === null ? '—' : `${formatUnitPrice(line.awardedUnitPrice)} × ${formatQuantity(line.awardedQuantity)}`}
        </td>
        <td className="num" data-testid="awarded-amount">
          {formatMoneyOrDash(line.awardedAmount)}
        </td>
        <td className="process-lines__actions">
          {awardOpen && editing !== 'award' ? (
            <button ref={awardButton} type="button" className="button button--small" onClick={() => onEdit('award')} aria-label={`${line.supplier ? 'Cambiar la adjudicación' : 'Adjudicar'} de ${label}`}>
              {line.supplier ? 'Cambiar adjudicación' : 'Adjudicar'}
            </button>
          ) : null}
          {releaseOpen ? (
            confirmRelease ? (
              <>
                <button type="button" className="button button--small button--danger" onClick={() => release.mutate()} disabled={release.isPending}>
                  Confirmar: liberar
                </button>
                <button type="button" className="button button--small button--quiet" onClick={() => setConfirmRelease(false)}>
                  No liberar
                </button>
              </>
            ) : (
              <button type="button" className="button button--small button--quiet" onClick={() => setConfirmRelease(true)} aria-label={`Liberar ${label} del proceso`}>
                Liberar
              </button>
            )
          ) : null}
          {release.error ? (
            <p className="form-field__error" role="alert">
              {problemSummary(toProblem(release.error))}
            </p>
          ) : null}
        </td>
      </tr>
      {editing ? (
        <tr className="process-lines__form-row">
          <td colSpan={COLUMNS}>
            {editing === 'reference' ? (
              <ReferenceForm process={process} line={line} onDone={() => onEdit(null)} />
            ) : (
              <AwardForm process={process} line={line} onDone={() => onEdit(null)} />
            )}
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** quantity × price as the server will compute it, or null while either is not a figure. */
function typedAmount(quantity: string | null, priceText: string): string | null {
  return draftAmount(quantity, readDecimalText(priceText));
}

function useLineWrite(process: ProcessDetail, line: ProcessLineDto) {
  const queryClient = useQueryClient();
  return async (patch: Record<string, unknown>) => {
    await patchJson<ProcessLineDto>(`/processes/${process.id}/lines/${line.lineId}`, { version: line.version, ...patch });
    await invalidateAfterProcessWrite(queryClient, process.programme.id, { gridPatched: true });
  };
}

function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.problem.type === problemTypes.staleVersion;
}

interface ReferenceValues {
  referenceUnitPrice: string;
}

function ReferenceForm({ process, line, onDone }: { process: ProcessDetail; line: ProcessLineDto; onDone: () => void }) {
  const queryClient = useQueryClient();
  const write = useLineWrite(process, line);
  const form = useSchemaForm<ReferenceValues, typeof processLinePatchSchema>({
    schema: processLinePatchSchema,
    defaultValues: { referenceUnitPrice: line.referenceUnitPrice ?? '' },
    toInput: (values) => ({ version: line.version, referenceUnitPrice: readDecimalText(values.referenceUnitPrice) }),
  });
  const price = useWatch({ control: form.control, name: 'referenceUnitPrice' });
  const amount = typedAmount(line.quantity, price);
  const submit = form.handleSubmit(async (patch) => {
    try {
      await write(patch);
      onDone();
    } catch (error) {
      if (isStale(error)) {
        setFormSummary(form, STALE_LINE);
        await invalidateAfterProcessWrite(queryClient, process.programme.id, { gridPatched: true });
      } else showRequestError(form, error, ['referenceUnitPrice']);
    }
  });
  return (
    <form className="line-form" onSubmit={submit} noValidate aria-label={`Precio de referencia de ${line.item.code}`} data-testid="reference-form">
      <FormTextField
        control={form.control}
        name="referenceUnitPrice"
        label={`Precio unitario de referencia de ${line.item.code} (S/)`}
        inputMode="decimal"
        autoComplete="off"
        autoFocus
      />
      <p className="line-form__amount" aria-live="polite" data-testid="reference-typed-amount">
        Monto de referencia: {amount === null ? '—' : formatMoney(amount)} ({formatQuantity(line.quantity)} × precio)
      </p>
      <FormSummary control={form.control} />
      <div className="form-actions">
        <button type="submit" className="button button--primary button--small" disabled={form.formState.isSubmitting}>
          Guardar precio
        </button>
        <button type="button" className="button button--small" onClick={onDone}>
          Cancelar
        </button>
      </div>
    </form>
  );
}

interface AwardValues {
  supplierRuc: string;
  supplierName: string;
  awardedUnitPrice: string;
  awardedQuantity: string;
}

/** The supplier registered with a RUC, looked up once the RUC is valid; null when none is. */
function useSupplierByRuc(ruc: string) {
  const valid = rucProblem(ruc) === null;
  return useQuery({
    queryKey: ['procurement', 'suppliers', 'by-ruc', ruc],
    queryFn: async ({ signal }) => {
      const page = await getJson<SuppliersPage>('/suppliers', { q: ruc, pageSize: 5 }, { signal });
      return page.suppliers.find((supplier) => supplier.ruc === ruc) ?? null;
    },
    enabled: valid,
    staleTime: 30_000,
  });
}

function AwardForm({ process, line, onDone }: { process: ProcessDetail; line: ProcessLineDto; onDone: () => void }) {
  const queryClient = useQueryClient();
  const write = useLineWrite(process, line);
  const form = useSchemaForm<AwardValues, typeof processLinePatchSchema>({
    schema: processLinePatchSchema,
    defaultValues: {
      supplierRuc: line.supplier?.ruc ?? '',
      supplierName: '',
      awardedUnitPrice: line.awardedUnitPrice ?? '',
      awardedQuantity: line.awardedQuantity ?? line.quantity ?? '',
    },
    toInput: (values) => ({
      version: line.version,
      supplierRuc: values.supplierRuc.trim(),
      ...(values.supplierName.trim() ? { supplierName: values.supplierName } : {}),
      awardedUnitPrice: readDecimalText(values.awardedUnitPrice),
      awardedQuantity: readDecimalText(values.awardedQuantity),
    }),
  });
  const ruc = useWatch({ control: form.control, name: 'supplierRuc' }).trim();
  const price = useWatch({ control: form.control, name: 'awardedUnitPrice' });
  const quantity = useWatch({ control: form.control, name: 'awardedQuantity' });
  const problem = ruc === '' ? null : rucProblem(ruc);
  const supplier = useSupplierByRuc(ruc);
  const known = supplier.data ?? null;
  const isNew = problem === null && ruc !== '' && supplier.isSuccess && known === null;
  const amount = typedAmount(readDecimalText(quantity), price);

  const submit = form.handleSubmit(async (patch) => {
    if (isNew && !patch.supplierName) {
      form.setError('supplierName', { type: 'required', message: 'El RUC no está registrado: escriba la razón social del proveedor nuevo' }, { shouldFocus: true });
      return;
    }
    try {
      // A registered supplier keeps its name: only the RUC names it.
      await write(known ? { ...patch, supplierName: undefined } : patch);
      onDone();
    } catch (error) {
      if (isStale(error)) {
        setFormSummary(form, STALE_LINE);
        await invalidateAfterProcessWrite(queryClient, process.programme.id, { gridPatched: true });
      } else showRequestError(form, error, ['supplierRuc', 'supplierName', 'awardedUnitPrice', 'awardedQuantity']);
    }
  });

  return (
    <form className="line-form line-form--award" onSubmit={submit} noValidate aria-label={`Adjudicación de ${line.item.code}`} data-testid="award-form">
      <div className="line-form__fields">
        <FormTextField
          control={form.control}
          name="supplierRuc"
          label="RUC del proveedor"
          inputMode="numeric"
          autoComplete="off"
          maxLength={11}
          autoFocus
          hint={
            <span data-testid="ruc-check" aria-live="polite" className={problem ? 'ruc-check--problem' : undefined}>
              {ruc === ''
                ? '11 dígitos; se comprueba el dígito verificador.'
                : problem
                  ? problem
                  : supplier.isPending
                    ? 'RUC válido; buscando el proveedor…'
                    : known
                      ? `Proveedor registrado: ${known.name}`
                      : 'RUC válido, no registrado: escriba la razón social para registrarlo.'}
            </span>
          }
        />
        {known ? null : (
          <FormTextField control={form.control} name="supplierName" label="Razón social del proveedor" autoComplete="off" disabled={!isNew} />
        )}
        <FormTextField control={form.control} name="awardedUnitPrice" label="Precio unitario adjudicado (S/)" inputMode="decimal" autoComplete="off" />
        <FormTextField
          control={form.control}
          name="awardedQuantity"
          label="Cantidad adjudicada"
          inputMode="decimal"
          autoComplete="off"
          hint={`La de la línea: ${formatQuantity(line.quantity)}`}
        />
      </div>
      <p className="line-form__amount" aria-live="polite" data-testid="award-typed-amount">
        Monto adjudicado: {amount === null ? '—' : formatMoney(amount)}
        {line.referenceAmount ? <> · referencia {formatMoney(line.referenceAmount)}</> : null}
      </p>
      <FormSummary control={form.control} testId="award-error" />
      <div className="form-actions">
        <button type="submit" className="button button--primary button--small" disabled={form.formState.isSubmitting}>
          Guardar adjudicación
        </button>
        <button type="button" className="button button--small" onClick={onDone}>
          Cancelar
        </button>
      </div>
    </form>
  );
}
