// "Nuevo ítem": checked in the browser with the schema the server uses (itemInputSchema); the
// server's own field errors (a code already taken, 409) land beside their field.
import type { ItemDto } from '../../../../shared/api.ts';
import { itemInputSchema } from '../../../../shared/api-schemas.ts';
import { FormSummary } from '../../platform/components/form-controls.tsx';
import { showRequestError, useSchemaForm } from '../../platform/lib/use-schema-form.ts';
import { useCreateItem } from './formulary-queries.ts';
import { emptyItemValues, inputOf, ITEM_FIELDS, ItemFields, useDraftDescription, type ItemFormValues } from './item-fields.tsx';
import { PossibleDuplicateWarning, usePossibleDuplicates } from './possible-duplicates.tsx';
import { useTherapeuticGroups } from './use-therapeutic-groups.ts';

export function ItemCreateForm({ onCreated, onCancel }: { onCreated: (item: ItemDto) => void; onCancel: () => void }) {
  const form = useSchemaForm<ItemFormValues, typeof itemInputSchema>({
    schema: itemInputSchema,
    defaultValues: emptyItemValues,
    toInput: inputOf,
  });
  const creating = useCreateItem();
  const groups = useTherapeuticGroups();
  const duplicates = usePossibleDuplicates(useDraftDescription(form.control));
  const submitting = form.formState.isSubmitting;

  const onSubmit = form.handleSubmit(async (input) => {
    try {
      onCreated(await creating.mutateAsync(input));
    } catch (error) {
      showRequestError(form, error, ITEM_FIELDS);
    }
  });

  return (
    <section className="panel form-panel" aria-labelledby="new-item-title" data-testid="item-create-form">
      <h2 id="new-item-title" className="panel__title">
        Nuevo ítem
      </h2>
      <form className="form form--grid" onSubmit={onSubmit} noValidate autoComplete="off">
        <FormSummary control={form.control} />
        <ItemFields control={form.control} groups={groups} disabled={submitting} autoFocus />
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
