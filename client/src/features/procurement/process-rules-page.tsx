// Reglas de proceso, per fiscal year: whether "bienes comunes" must go to reverse auction, and the
// bounds of a process's value per type. Administrators change them (saved on the version they
// read); everyone else reads them. Lines that break them are flagged in the grid, never blocked.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { fiscalYears, processLabels, processes } from '../../../../shared/domain.ts';
import type { ProcessRulesDto } from '../../../../shared/procurement-api.ts';
import { processRulesPutSchema } from '../../../../shared/procurement-schemas.ts';
import { problemTypes } from '../../../../shared/problem-types.ts';
import { ApiError, putJson } from '../../platform/api/api-client.ts';
import { FormCheckboxField, FormSummary, FormTextField } from '../../platform/components/form-controls.tsx';
import { FormMessage } from '../../platform/components/form-fields.tsx';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatMoneyOrDash } from '../../platform/lib/money-display.ts';
import { patchParams } from '../../platform/lib/search-params.ts';
import { setFormSummary, useSchemaForm } from '../../platform/lib/use-schema-form.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { canUse } from '../auth/permissions.ts';
import { useSessionUser } from '../auth/session-context.tsx';
import { programmeQueries } from '../programmes/programme-queries.ts';
import { procurementKeys, procurementQueries } from './procurement-queries.ts';
import './procurement.css';

function readYear(params: URLSearchParams): number | null {
  const raw = params.get('anio');
  if (raw === null || !/^\d{4}$/.test(raw)) return null;
  const year = Number(raw);
  return year >= fiscalYears.min && year <= fiscalYears.max ? year : null;
}

export function ProcessRulesPage() {
  useDocumentTitle('Reglas de proceso');
  const user = useSessionUser();
  const [params, setParams] = useSearchParams();
  const programmes = useQuery(programmeQueries.list());
  const programmeYears = [...new Set((programmes.data ?? []).map((programme) => programme.fiscalYear))];
  const newest = programmeYears.length > 0 ? Math.max(...programmeYears) : new Date().getFullYear();
  const year = readYear(params) ?? newest;
  const years = [...new Set([...programmeYears, year])].sort((a, b) => b - a);
  const rules = useQuery(procurementQueries.rules(year));
  const canEdit = canUse(user, 'process-rules-edit');
  // Kept here: a save (or a conflict) reloads the rules, which starts the form anew on their version.
  const [notice, setNotice] = useState<Notice | null>(null);

  return (
    <section className="page" aria-labelledby="rules-title">
      <header className="page__header">
        <h1 id="rules-title" className="page__title">
          Reglas de proceso
        </h1>
        <p className="page__lead">
          Por año fiscal: qué ítems deben comprarse por subasta inversa y entre qué valores va cada tipo de proceso. Las líneas que
          incumplen una regla se señalan en la planificación; nunca se bloquean.
        </p>
      </header>
      <div className="filters" role="group" aria-label="Año fiscal">
        <div className="field">
          <label htmlFor="rules-year" className="field-label">
            Año fiscal
          </label>
          <select
            id="rules-year"
            className="select"
            value={year}
            onChange={(event) => {
              setNotice(null);
              setParams((previous) => patchParams(previous, { anio: event.target.value }));
            }}
          >
            {years.map((candidate) => (
              <option key={candidate} value={candidate}>
                {candidate}
              </option>
            ))}
          </select>
        </div>
      </div>
      <QueryErrorAlert query={rules} context="las reglas de proceso" />
      {!rules.data && !rules.error ? <LoadingState label="Cargando las reglas…" rows={3} /> : null}
      {notice ? (
        <FormMessage kind={notice.kind} testId={notice.kind === 'ok' ? 'rules-saved' : 'rules-conflict'}>
          {notice.text}
        </FormMessage>
      ) : null}
      {rules.data ? (
        canEdit ? (
          <RulesForm key={`${year}-${rules.data.version ?? 'new'}`} rules={rules.data} onNotice={setNotice} />
        ) : (
          <RulesView rules={rules.data} />
        )
      ) : null}
    </section>
  );
}

function thresholdOf(rules: ProcessRulesDto, type: (typeof processes)[number]) {
  return rules.thresholds.find((threshold) => threshold.type === type) ?? { type, minValue: null, maxValue: null };
}

function RulesView({ rules }: { rules: ProcessRulesDto }) {
  return (
    <section className="panel" aria-labelledby="rules-view-title" data-testid="rules-view">
      <h2 id="rules-view-title" className="panel__title">
        Reglas de {rules.fiscalYear}
      </h2>
      {rules.version === null ? <p className="muted">El año no tiene reglas propias: no se señala nada.</p> : null}
      <p>
        Bienes comunes por subasta inversa: <strong>{rules.commonGoodsByReverseAuction ? 'Sí' : 'No'}</strong>
      </p>
      <ThresholdsTable rules={rules} />
    </section>
  );
}

function ThresholdsTable({ rules }: { rules: ProcessRulesDto }) {
  return (
    <table className="data-table rules-table">
      <caption className="visually-hidden">Valores mínimo y máximo por tipo de proceso</caption>
      <thead>
        <tr>
          <th scope="col">Tipo de proceso</th>
          <th scope="col" className="num">
            Valor mínimo
          </th>
          <th scope="col" className="num">
            Valor máximo
          </th>
        </tr>
      </thead>
      <tbody>
        {processes.map((type) => {
          const threshold = thresholdOf(rules, type);
          return (
            <tr key={type}>
              <th scope="row">{processLabels[type]}</th>
              <td className="num">{formatMoneyOrDash(threshold.minValue)}</td>
              <td className="num">{formatMoneyOrDash(threshold.maxValue)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

interface RulesValues {
  commonGoodsByReverseAuction: boolean;
  thresholds: { minValue: string; maxValue: string }[];
}

interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

function RulesForm({ rules, onNotice }: { rules: ProcessRulesDto; onNotice: (notice: Notice | null) => void }) {
  const queryClient = useQueryClient();
  const form = useSchemaForm<RulesValues, typeof processRulesPutSchema>({
    schema: processRulesPutSchema,
    defaultValues: {
      commonGoodsByReverseAuction: rules.commonGoodsByReverseAuction,
      thresholds: processes.map((type) => {
        const threshold = thresholdOf(rules, type);
        return { minValue: threshold.minValue ?? '', maxValue: threshold.maxValue ?? '' };
      }),
    },
    toInput: (values) => ({
      ...(rules.version === null ? {} : { version: rules.version }),
      commonGoodsByReverseAuction: values.commonGoodsByReverseAuction,
      // Every type, in the form's order, so a message lands on its row.
      thresholds: processes.map((type, i) => ({
        type,
        minValue: values.thresholds[i]?.minValue.trim().replaceAll(',', '') || null,
        maxValue: values.thresholds[i]?.maxValue.trim().replaceAll(',', '') || null,
      })),
    }),
  });
  const submit = form.handleSubmit(async (input) => {
    onNotice(null);
    try {
      await putJson<ProcessRulesDto>(`/process-rules/${rules.fiscalYear}`, input);
      onNotice({ kind: 'ok', text: `Reglas de ${rules.fiscalYear} guardadas.` });
      await queryClient.invalidateQueries({ queryKey: procurementKeys.rules(rules.fiscalYear) });
    } catch (error) {
      if (error instanceof ApiError && error.problem.type === problemTypes.staleVersion) {
        onNotice({
          kind: 'error',
          text: 'Otra persona cambió las reglas de este año mientras usted las editaba; sus cambios no se guardaron. Se muestran las reglas guardadas ahora: revíselas y vuelva a guardar.',
        });
        await queryClient.invalidateQueries({ queryKey: procurementKeys.rules(rules.fiscalYear) });
        return;
      }
      const problem = error instanceof ApiError ? error.problem : null;
      setFormSummary(form, problem ? [problem.title, ...(problem.errors ?? []).map((e) => e.message)].join('. ') : String(error));
    }
  });

  return (
    <form className="panel rules-form" onSubmit={submit} noValidate aria-labelledby="rules-form-title" data-testid="rules-form">
      <h2 id="rules-form-title" className="panel__title">
        Reglas de {rules.fiscalYear}
      </h2>
      {rules.version === null ? <p className="muted">El año todavía no tiene reglas propias: al guardar se crean.</p> : null}
      <FormCheckboxField
        control={form.control}
        name="commonGoodsByReverseAuction"
        label="Bienes comunes por subasta inversa"
        hint="Los ítems con ficha técnica en el listado de bienes comunes deben comprarse por subasta inversa."
      />
      <fieldset className="rules-form__thresholds">
        <legend>Valor del proceso por tipo (S/)</legend>
        {processes.map((type, i) => (
          <div key={type} className="rules-form__row" role="group" aria-label={processLabels[type]}>
            <p className="rules-form__type">{processLabels[type]}</p>
            <FormTextField control={form.control} name={`thresholds.${i}.minValue`} label={`Mínimo de ${processLabels[type]}`} inputMode="decimal" autoComplete="off" />
            <FormTextField control={form.control} name={`thresholds.${i}.maxValue`} label={`Máximo de ${processLabels[type]}`} inputMode="decimal" autoComplete="off" />
          </div>
        ))}
      </fieldset>
      <FormSummary control={form.control} testId="rules-error" />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={form.formState.isSubmitting}>
          Guardar reglas
        </button>
      </div>
    </form>
  );
}
