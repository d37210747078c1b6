// "¿Cómo se calculó?": every step of one item's suggested quantity (inputs → formula → value, its
// rounding, "modificado" when a value was given instead of computed), and a what-if form that
// sends changed inputs, or values given in place of a step, to POST /api/quantification/calculate.
// Nothing is saved: the suggestion in the table stays what the stored data give.
import { useEffect, useRef } from 'react';
import { ApiError } from '../../platform/api/api-client.ts';
import { ErrorAlert } from '../../platform/components/status-views.tsx';
import { FormCheckboxField, FormSummary, FormTextField } from '../../platform/components/form-controls.tsx';
import { formatUnitPrice } from '../../platform/lib/format.ts';
import { showRequestError, useSchemaForm } from '../../platform/lib/use-schema-form.ts';
import { toProblem } from '../../platform/api/api-client.ts';
import type { Derivation, DerivationInput, QuantificationResult } from '../../../../shared/quantification.ts';
import { quantificationCalculateSchema } from '../../../../shared/quantification-schemas.ts';
import type { QuantificationMethod, QuantificationSuggestion } from '../../../../shared/quantification-api.ts';
import { fieldName, methodFields, methodLabels, whatIfBody, whatIfDefaults, type WhatIfValues } from './quantification-fields.ts';
import { useCalculate } from './quantification-queries.ts';

function inputText(value: DerivationInput): string {
  if (typeof value === 'boolean') return value ? 'sí' : 'no';
  if (typeof value === 'string') return formatUnitPrice(value);
  return value.length === 0 ? '(ninguno)' : value.map(formatUnitPrice).join(', ');
}

/** The steps of a result, in the order the method computes them. */
export function DerivationSteps({ method, result, testId }: { method: QuantificationMethod; result: QuantificationResult; testId: string }) {
  return (
    <ol className="derivations" data-testid={testId}>
      {result.derivations.map((step) => (
        <DerivationStep key={step.name} method={method} step={step} />
      ))}
    </ol>
  );
}

function DerivationStep({ method, step }: { method: QuantificationMethod; step: Derivation }) {
  const inputs = Object.entries(step.inputs);
  return (
    <li className={`derivation${step.overridden ? ' is-overridden' : ''}`} data-testid={`derivation-${step.name}`}>
      <p className="derivation__title">
        <span className="derivation__symbol">{step.symbol}</span> {step.label}
        {step.overridden ? (
          <>
            {' '}
            <span className="tag tag--modified" data-testid="derivation-overridden">
              modificado
            </span>
          </>
        ) : null}
      </p>
      <dl className="derivation__body">
        <div>
          <dt>Fórmula</dt>
          <dd>
            <code>{step.formula}</code>
          </dd>
        </div>
        <div>
          <dt>Datos</dt>
          <dd>
            {inputs.length === 0 ? (
              <span className="muted">Valor indicado: no se calculó.</span>
            ) : (
              <ul className="derivation__inputs">
                {inputs.map(([name, value]) => (
                  <li key={name}>
                    {fieldName(method, name)} = <span className="num">{inputText(value)}</span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>Valor</dt>
          <dd className="derivation__value" data-testid="derivation-value">
            {formatUnitPrice(step.value)}
          </dd>
        </div>
        <div>
          <dt>Redondeo</dt>
          <dd>{step.rounding}</dd>
        </div>
      </dl>
    </li>
  );
}

export function DerivationPanel({
  method,
  suggestion,
  onClose,
}: {
  method: QuantificationMethod;
  suggestion: QuantificationSuggestion;
  onClose: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
    heading.current?.focus({ preventScroll: true });
  }, [suggestion.itemId]);

  const givenInputs = Object.entries(suggestion.inputs);
  return (
    <section className="panel panel--wide derivation-panel" aria-labelledby="derivation-title" data-testid="derivation-panel">
      <div className="panel__heading">
        <h2 id="derivation-title" className="panel__title" ref={heading} tabIndex={-1}>
          ¿Cómo se calculó? <span className="code">{suggestion.code}</span> — {suggestion.name}
        </h2>
        <button type="button" className="button button--quiet button--small" onClick={onClose} aria-label="Cerrar el cálculo del ítem">
          Cerrar
        </button>
      </div>
      <p className="muted">
        Método {methodLabels[method]}.{' '}
        {suggestion.parametersSource === 'default'
          ? 'El ítem no tiene parámetros de abastecimiento propios: se usaron los parámetros por omisión.'
          : 'Con los parámetros de abastecimiento del ítem.'}
      </p>
      <div className="derivation-panel__columns">
        <div>
          <h3 className="derivation-panel__subtitle">Datos del ítem</h3>
          {givenInputs.length === 0 ? (
            <p className="muted">Sin datos.</p>
          ) : (
            <dl className="derivation-panel__inputs" data-testid="derivation-inputs">
              {givenInputs.map(([name, value]) => (
                <div key={name}>
                  <dt>{fieldName(method, name)}</dt>
                  <dd className="num">{inputText(value)}</dd>
                </div>
              ))}
            </dl>
          )}
          <h3 className="derivation-panel__subtitle">Pasos</h3>
          {suggestion.result ? (
            <DerivationSteps method={method} result={suggestion.result} testId="derivation-steps" />
          ) : (
            <p className="alert alert--warning" data-testid="derivation-problem">
              {suggestion.problem ?? 'No hay sugerencia para este ítem.'}
            </p>
          )}
        </div>
        <WhatIfForm key={`${method}-${suggestion.itemId}`} method={method} suggestion={suggestion} />
      </div>
    </section>
  );
}

function WhatIfForm({ method, suggestion }: { method: QuantificationMethod; suggestion: QuantificationSuggestion }) {
  const fields = methodFields[method];
  const form = useSchemaForm<WhatIfValues, typeof quantificationCalculateSchema>({
    schema: quantificationCalculateSchema,
    defaultValues: whatIfDefaults(method, suggestion.inputs),
    toInput: (values) => whatIfBody(method, values),
  });
  const calculate = useCalculate();
  const names = fields.map((candidate) => candidate.name);

  const onSubmit = form.handleSubmit(async (_parsed) => {
    try {
      await calculate.mutateAsync(whatIfBody(method, form.getValues()));
    } catch (error) {
      showRequestError(form, error, names);
    }
  });

  const renderField = (candidate: (typeof fields)[number]) =>
    candidate.kind === 'boolean' ? (
      <FormCheckboxField key={candidate.name} control={form.control} name={candidate.name} label={candidate.label} />
    ) : (
      <FormTextField
        key={candidate.name}
        control={form.control}
        name={candidate.name}
        label={candidate.symbol ? `${candidate.label} (${candidate.symbol})` : candidate.label}
        inputMode={candidate.kind === 'list' ? 'text' : 'decimal'}
        autoComplete="off"
      />
    );

  const calculationFailed = calculate.error && !(calculate.error instanceof ApiError && calculate.error.status === 400);
  return (
    <div className="what-if">
      <h3 className="derivation-panel__subtitle">¿Y si…? Recalcular con otros datos</h3>
      <form onSubmit={(event) => void onSubmit(event)} noValidate data-testid="what-if-form">
        <fieldset className="form-field what-if__group">
          <legend>Datos</legend>
          <div className="what-if__fields">{fields.filter((candidate) => !candidate.derived).map(renderField)}</div>
        </fieldset>
        <fieldset className="form-field what-if__group">
          <legend>Valores indicados en lugar del cálculo (opcional)</legend>
          <p className="form-field__hint">Un valor escrito aquí reemplaza su cálculo; los pasos siguientes lo usan y se marca «modificado».</p>
          <div className="what-if__fields">{fields.filter((candidate) => candidate.derived).map(renderField)}</div>
        </fieldset>
        <FormSummary control={form.control} testId="what-if-summary" />
        <div className="form__actions">
          <button type="submit" className="button" disabled={calculate.isPending}>
            {calculate.isPending ? 'Calculando…' : 'Recalcular'}
          </button>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => {
              form.reset(whatIfDefaults(method, suggestion.inputs));
              calculate.reset();
            }}
          >
            Volver a los datos del ítem
          </button>
        </div>
      </form>
      {calculationFailed ? <ErrorAlert problem={toProblem(calculate.error)} /> : null}
      {calculate.data ? (
        <div className="what-if__result" aria-live="polite">
          <h4 className="derivation-panel__subtitle">Resultado del recálculo (no se guarda)</h4>
          <DerivationSteps method={method} result={calculate.data} testId="what-if-steps" />
        </div>
      ) : null}
    </div>
  );
}
