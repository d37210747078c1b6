// "Nuevo ítem": checked in the browser with the schema the server uses (itemInputSchema); the
// server's own field errors (a code already taken, 409) land beside their field.
import { useRef, useState, type FormEvent } from 'react';
import type { ItemDto } from '../../../../shared/api.ts';
import { itemInputSchema } from '../../../../shared/api-schemas.ts';
import { ApiError, postJson, toProblem } from '../../platform/api/api-client.ts';
import { FormMessage } from '../../platform/components/form-fields.tsx';
import { fieldErrorsFromProblem, hasErrors, parseForm, type FieldErrors } from '../../platform/lib/form-errors.ts';
import { emptyItemValues, focusFirstItemError, inputOf, ITEM_FIELDS, ItemFields, type ItemFormValues } from './item-fields.tsx';
import { PossibleDuplicateWarning, usePossibleDuplicates } from './possible-duplicates.tsx';
import { useTherapeuticGroups } from './use-therapeutic-groups.ts';

export function ItemCreateForm({ onCreated, onCancel }: { onCreated: (item: ItemDto) => void; onCancel: () => void }) {
  const [values, setValues] = useState<ItemFormValues>(emptyItemValues);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const groups = useTherapeuticGroups();
  const duplicates = usePossibleDuplicates(values);

  const onChange = (patch: Partial<ItemFormValues>) => {
    setValues((previous) => ({ ...previous, ...patch }));
    // A corrected field loses its message; the others keep theirs until the next attempt.
    setErrors((previous) => {
      const next = { ...previous };
      for (const field of Object.keys(patch)) delete next[field];
      return next;
    });
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    setFailure(null);
    const parsed = parseForm(itemInputSchema, inputOf(values));
    if (!parsed.ok) {
      setErrors(parsed.errors);
      focusFirstItemError(form.current, parsed.errors);
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      const created = await postJson<ItemDto>('/items', parsed.data);
      onCreated(created);
    } catch (error) {
      setSubmitting(false);
      const problem = toProblem(error);
      const fieldErrors = error instanceof ApiError ? fieldErrorsFromProblem(problem, ITEM_FIELDS) : {};
      if (hasErrors(fieldErrors)) {
        setErrors(fieldErrors);
        focusFirstItemError(form.current, fieldErrors);
      } else {
        setFailure(problem.detail ? `${problem.title}. ${problem.detail}` : problem.title);
      }
    }
  };

  return (
    <section className="panel form-panel" aria-labelledby="new-item-title" data-testid="item-create-form">
      <h2 id="new-item-title" className="panel__title">
        Nuevo ítem
      </h2>
      <form ref={form} className="form form--grid" onSubmit={onSubmit} noValidate autoComplete="off">
        {failure ? <FormMessage kind="error">{failure}</FormMessage> : null}
        <ItemFields values={values} onChange={onChange} errors={errors} groups={groups} disabled={submitting} autoFocus />
        <PossibleDuplicateWarning duplicates={duplicates} />
        <div className="form__actions">
          <button type="submit" className="button" disabled={submitting}>
            {submitting ? 'Creando…' : 'Crear ítem'}
          </button>
          <button type="button" className="button button--quiet" onClick={onCancel} disabled={submitting}>
            Cancelar
          </button>
        </div>
      </form>
    </section>
  );
}
