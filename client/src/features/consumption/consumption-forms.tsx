// The planners' edits of one item's quantification inputs: its supply parameters (versioned: a
// change by someone else meanwhile is shown with their values, nothing overwritten) and one month
// of consumption (added, or corrected in place). Both checked with the schemas the server parses.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { problemTypes } from '../../../../shared/problem-types.ts';
import { consumptionPutSchema, stockPutSchema, supplyParametersPutSchema } from '../../../../shared/consumption-sheet.ts';
import {
  DEFAULT_SUPPLY_PARAMETERS,
  type ConsumptionRecordDto,
  type StockPositionDto,
  type SupplyParametersDto,
} from '../../../../shared/quantification-api.ts';
import { ApiError, putJson } from '../../platform/api/api-client.ts';
import { FormSummary, FormTextField } from '../../platform/components/form-controls.tsx';
import { FormMessage } from '../../platform/components/form-fields.tsx';
import { showRequestError, useSchemaForm } from '../../platform/lib/use-schema-form.ts';
import { programmeKeys } from '../programmes/programme-queries.ts';
import { consumptionKeys } from './consumption-queries.ts';

const parameterFields = [
  ['leadTimeMonths', 'Tiempo de entrega (meses)'],
  ['procurementPeriodMonths', 'Período de compra (meses)'],
  ['safetyStockMonths', 'Stock de seguridad (meses)'],
  ['packSize', 'Unidades por envase'],
  ['minMonths', 'Existencias mínimas (meses)'],
  ['maxMonths', 'Existencias máximas (meses)'],
] as const;
type ParameterField = (typeof parameterFields)[number][0];
type ParameterValues = Record<ParameterField, string>;

const valuesOf = (parameters: SupplyParametersDto | null): ParameterValues => {
  const source = parameters ?? DEFAULT_SUPPLY_PARAMETERS;
  return Object.fromEntries(parameterFields.map(([field]) => [field, String(source[field])])) as ParameterValues;
};

/** What the quantification reads is asked again after an edit. */
function useInvalidateInputs(itemId: number) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: consumptionKeys.item(itemId) }),
      queryClient.invalidateQueries({ queryKey: consumptionKeys.parameters(itemId) }),
      queryClient.invalidateQueries({ queryKey: consumptionKeys.stock(itemId) }),
      queryClient.invalidateQueries({
        queryKey: programmeKeys.all,
        predicate: (query) => query.queryKey[2] === 'quantification' || query.queryKey[2] === 'indicators',
      }),
    ]);
}

export function SupplyParametersForm({ itemId, parameters }: { itemId: number; parameters: SupplyParametersDto | null }) {
  const invalidate = useInvalidateInputs(itemId);
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const [theirs, setTheirs] = useState<SupplyParametersDto | null>(null);
  const form = useSchemaForm<ParameterValues, typeof supplyParametersPutSchema>({
    schema: supplyParametersPutSchema,
    defaultValues: valuesOf(parameters),
    toInput: (values) => (parameters ? { ...values, version: parameters.version } : values),
  });
  const save = useMutation({
    mutationFn: (values: ParameterValues) =>
      putJson<SupplyParametersDto>(`/items/${itemId}/supply-parameters`, parameters ? { ...values, version: parameters.version } : values),
  });

  const onSubmit = form.handleSubmit(async () => {
    setSaved(false);
    setTheirs(null);
    try {
      const written = await save.mutateAsync(form.getValues());
      queryClient.setQueryData(consumptionKeys.parameters(itemId), written);
      setSaved(true);
      void invalidate();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.problem.type === problemTypes.staleVersion) {
        const current = (error.problem as unknown as { current?: SupplyParametersDto }).current ?? null;
        setTheirs(current);
        queryClient.setQueryData(consumptionKeys.parameters(itemId), current);
        form.reset(valuesOf(current));
        return;
      }
      showRequestError(form, error, parameterFields.map(([field]) => field));
    }
  });

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="consumption-form" data-testid="parameters-form" aria-label="Editar los parámetros de abastecimiento">
      <div className="consumption-form__fields">
        {parameterFields.map(([field, label]) => (
          <FormTextField key={field} control={form.control} name={field} label={label} inputMode="decimal" autoComplete="off" />
        ))}
      </div>
      <FormSummary control={form.control} testId="parameters-summary" />
      {theirs ? (
        <FormMessage kind="error" testId="parameters-conflict">
          Otra persona cambió estos parámetros mientras usted los editaba; no se guardó nada. Se muestran los valores guardados ahora:
          revíselos y vuelva a escribir su cambio.
        </FormMessage>
      ) : null}
      {saved ? (
        <FormMessage kind="ok" testId="parameters-saved">
          Parámetros guardados.
        </FormMessage>
      ) : null}
      <div className="form__actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? 'Guardando…' : 'Guardar parámetros'}
        </button>
      </div>
    </form>
  );
}

type MonthValues = { month: string; careNetwork: string; consumed: string; daysOutOfStock: string };

/** One month of consumption, added or corrected (a month already recorded for the network is replaced). */
export function ConsumptionMonthForm({ itemId }: { itemId: number }) {
  const invalidate = useInvalidateInputs(itemId);
  const [saved, setSaved] = useState<string | null>(null);
  const toInput = (values: MonthValues) => ({
    records: [
      {
        month: values.month,
        careNetwork: values.careNetwork,
        consumed: values.consumed,
        daysOutOfStock: /^-?\d+$/.test(values.daysOutOfStock.trim()) ? Number(values.daysOutOfStock) : values.daysOutOfStock,
      },
    ],
  });
  const form = useSchemaForm<MonthValues, typeof consumptionPutSchema>({
    schema: consumptionPutSchema,
    defaultValues: { month: '', careNetwork: '', consumed: '', daysOutOfStock: '0' },
    toInput,
  });
  const save = useMutation({
    mutationFn: (values: MonthValues) => putJson<{ itemId: number; records: ConsumptionRecordDto[] }>(`/items/${itemId}/consumption`, toInput(values)),
  });
  // The schema names fields inside the list ("records.0.month"): each lands on its field here.
  const fields = ['month', 'careNetwork', 'consumed', 'daysOutOfStock'] as const;

  const onSubmit = form.handleSubmit(
    async () => {
      setSaved(null);
      const values = form.getValues();
      try {
        await save.mutateAsync(values);
        setSaved(values.month);
        form.reset({ ...values, consumed: '', daysOutOfStock: '0' });
        void invalidate();
      } catch (error) {
        if (error instanceof ApiError) {
          const renamed = { ...error.problem, errors: error.problem.errors?.map((fieldError) => ({ ...fieldError, field: fieldError.field.replace(/^records\.\d+\./, '') })) };
          showRequestError(form, new ApiError(renamed), fields);
          return;
        }
        showRequestError(form, error, fields);
      }
    },
    (errors) => {
      // Field errors of the list come back under records.0: put them on the form's fields.
      const nested = (errors as unknown as { records?: Record<string, Partial<Record<(typeof fields)[number], { message?: string }>>> }).records?.['0'];
      for (const field of fields) {
        const message = nested?.[field]?.message;
        if (message) form.setError(field, { type: 'schema', message });
      }
    },
  );

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="consumption-form" data-testid="month-form" aria-label="Registrar o corregir un mes de consumo">
      <div className="consumption-form__fields">
        <FormTextField control={form.control} name="month" label="Mes (año-mes)" type="month" />
        <FormTextField control={form.control} name="careNetwork" label="Red asistencial" hint="Vacía: nacional." autoComplete="off" />
        <FormTextField control={form.control} name="consumed" label="Consumo (unidades)" inputMode="decimal" autoComplete="off" />
        <FormTextField control={form.control} name="daysOutOfStock" label="Días sin existencias" inputMode="numeric" autoComplete="off" />
      </div>
      <FormSummary control={form.control} testId="month-summary" />
      {saved ? (
        <FormMessage kind="ok" testId="month-saved">
          Consumo de {saved} guardado.
        </FormMessage>
      ) : null}
      <div className="form__actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? 'Guardando…' : 'Guardar el mes'}
        </button>
      </div>
    </form>
  );
}

type StockValues = { careNetwork: string; asOf: string; stockOnHand: string; stockOnOrder: string };

/** A care network's stock position ('' national), written whole: a new date replaces the last one. */
export function StockPositionForm({ itemId }: { itemId: number }) {
  const invalidate = useInvalidateInputs(itemId);
  const [saved, setSaved] = useState(false);
  const form = useSchemaForm<StockValues, typeof stockPutSchema>({
    schema: stockPutSchema,
    defaultValues: { careNetwork: '', asOf: '', stockOnHand: '', stockOnOrder: '0' },
  });
  const save = useMutation({
    mutationFn: (values: StockValues) => putJson<{ itemId: number; positions: StockPositionDto[] }>(`/items/${itemId}/stock`, values),
  });
  const fields = ['careNetwork', 'asOf', 'stockOnHand', 'stockOnOrder'] as const;

  const onSubmit = form.handleSubmit(async () => {
    setSaved(false);
    try {
      await save.mutateAsync(form.getValues());
      setSaved(true);
      void invalidate();
    } catch (error) {
      showRequestError(form, error, fields);
    }
  });

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="consumption-form" data-testid="stock-form" aria-label="Registrar existencias">
      <div className="consumption-form__fields">
        <FormTextField control={form.control} name="careNetwork" label="Red asistencial" hint="Vacía: nacional." autoComplete="off" />
        <FormTextField control={form.control} name="asOf" label="Fecha de corte" type="date" />
        <FormTextField control={form.control} name="stockOnHand" label="Existencias disponibles" inputMode="decimal" autoComplete="off" />
        <FormTextField control={form.control} name="stockOnOrder" label="Existencias en pedido" inputMode="decimal" autoComplete="off" />
      </div>
      <FormSummary control={form.control} testId="stock-summary" />
      {saved ? (
        <FormMessage kind="ok" testId="stock-saved">
          Existencias guardadas.
        </FormMessage>
      ) : null}
      <div className="form__actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? 'Guardando…' : 'Guardar existencias'}
        </button>
      </div>
    </form>
  );
}
