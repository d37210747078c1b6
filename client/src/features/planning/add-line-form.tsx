// Adds a line for a formulary item, found by code or name (accents ignored: the items search of
// the API), with the shared schema's Spanish messages beside each field.
import { useEffect, useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useWatch } from 'react-hook-form';
import type { ItemDto } from '../../../../shared/api.ts';
import { channelLabels, channels, processLabels, processes, segmentLabels, segments } from '../../../../shared/domain.ts';
import { lineCreateSchema } from '../../../../shared/planning-schemas.ts';
import { FormSelectField, FormSummary, FormTextField } from '../../platform/components/form-controls.tsx';
import { showRequestError, useSchemaForm } from '../../platform/lib/use-schema-form.ts';
import { formatAmountOrDash } from '../../platform/lib/money-display.ts';
import { draftAmount, readDecimalText } from './line-edit.ts';
import { planningQueries } from './planning-queries.ts';
import type { NewLine } from './use-planning-writes.ts';

interface AddLineValues {
  itemId: string;
  channel: string;
  segment: string;
  process: string;
  quantity: string;
  unitPrice: string;
}

const defaults: AddLineValues = { itemId: '', channel: 'essalud', segment: '', process: 'reverse_auction', quantity: '', unitPrice: '' };

const toInput = (values: AddLineValues) => ({
  itemId: values.itemId ? Number(values.itemId) : undefined,
  channel: values.channel || undefined,
  segment: values.segment || null,
  process: values.process || undefined,
  quantity: readDecimalText(values.quantity),
  unitPrice: readDecimalText(values.unitPrice),
});

export function AddLineForm({ onAdd, onClose }: { onAdd: (line: NewLine) => Promise<unknown>; onClose: () => void }) {
  const form = useSchemaForm<AddLineValues, typeof lineCreateSchema>({ schema: lineCreateSchema, defaultValues: defaults, toInput });
  const [item, setItem] = useState<ItemDto | null>(null);
  const [channel, quantity, unitPrice] = useWatch({ control: form.control, name: ['channel', 'quantity', 'unitPrice'] });

  // EsSalud has no segments; the MINSA corporate purchase starts with the item's own segment.
  useEffect(() => {
    if (channel === 'essalud') form.setValue('segment', '');
    else if (form.getValues('segment') === '') form.setValue('segment', item?.oncology ? 'oncology' : 'medicines');
  }, [channel, item, form]);

  const submit = form.handleSubmit(async (line) => {
    try {
      await onAdd(line as NewLine);
      form.reset({ ...defaults, channel: form.getValues('channel'), process: form.getValues('process') });
      setItem(null);
    } catch (error) {
      showRequestError(form, error, ['itemId', 'channel', 'segment', 'process', 'quantity', 'unitPrice']);
    }
  });

  return (
    <form className="add-line" onSubmit={submit} noValidate data-testid="add-line-form" aria-label="Agregar una línea">
      <ItemPicker
        selected={item}
        error={form.formState.errors.itemId?.message}
        onPick={(picked) => {
          setItem(picked);
          form.setValue('itemId', picked ? String(picked.id) : '', { shouldValidate: form.formState.isSubmitted });
        }}
      />
      <div className="add-line__fields">
        <FormSelectField
          control={form.control}
          name="channel"
          label="Canal"
          options={channels.map((value) => ({ value, label: channelLabels[value] }))}
        />
        <FormSelectField
          control={form.control}
          name="segment"
          label="Segmento"
          disabled={channel === 'essalud'}
          placeholder={channel === 'essalud' ? '—' : 'Seleccione…'}
          options={channel === 'essalud' ? [] : segments.map((value) => ({ value, label: segmentLabels[value] }))}
        />
        <FormSelectField
          control={form.control}
          name="process"
          label="Proceso"
          options={processes.map((value) => ({ value, label: processLabels[value] }))}
        />
        <FormTextField control={form.control} name="quantity" label="Cantidad" inputMode="decimal" autoComplete="off" />
        <FormTextField control={form.control} name="unitPrice" label="Precio unitario (S/)" inputMode="decimal" autoComplete="off" />
        <p className="add-line__amount">
          <span className="form-field__label">Monto</span>
          <span data-testid="add-line-amount">
            S/ {formatAmountOrDash(draftAmount(readDecimalText(quantity), readDecimalText(unitPrice)))}
          </span>
        </p>
      </div>
      <FormSummary control={form.control} testId="add-line-error" />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Agregando…' : 'Agregar línea'}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cerrar
        </button>
      </div>
    </form>
  );
}

/** A search of the active formulary items by code or name; the chosen one is named beside it. */
function ItemPicker({ selected, error, onPick }: { selected: ItemDto | null; error?: string; onPick: (item: ItemDto | null) => void }) {
  const id = useId();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({ ...planningQueries.itemSearch(q), enabled: q.length >= 2 && !selected });
  const items = (results.data?.items ?? []).filter((item) => item.active);

  if (selected) {
    return (
      <div className="form-field item-picker">
        <span className="form-field__label">Ítem</span>
        <p className="item-picker__chosen" data-testid="add-line-item">
          <span className="code">{selected.code}</span> {selected.name}
          <button type="button" className="button button--quiet button--small" onClick={() => onPick(null)}>
            Cambiar
          </button>
        </p>
        {/* What the server says of the chosen item: inactive, or already in the programme in that channel. */}
        {error ? <p className="form-field__error">{error}</p> : null}
      </div>
    );
  }
  return (
    <div className={`form-field item-picker${error ? ' has-error' : ''}`}>
      <label htmlFor={id} className="form-field__label">
        Buscar ítem del petitorio (código o nombre)
      </label>
      <input
        id={id}
        className="input form-field__input"
        type="search"
        value={text}
        autoComplete="off"
        placeholder="p. ej. acido folico"
        onChange={(event) => setText(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <p id={`${id}-error`} className="form-field__error">
          {/* With nothing chosen, the only thing wrong is that nothing is chosen. */}
          Elija un ítem del petitorio
        </p>
      ) : null}
      {q.length >= 2 ? (
        <ul className="item-picker__results" aria-label="Ítems encontrados" data-testid="item-search-results">
          {results.isFetching && items.length === 0 ? <li className="muted">Buscando…</li> : null}
          {!results.isFetching && items.length === 0 ? <li className="muted">Ningún ítem activo coincide.</li> : null}
          {items.map((item) => (
            <li key={item.id}>
              <button type="button" className="item-picker__option" onClick={() => onPick(item)}>
                <span className="code">{item.code}</span> {item.name}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
