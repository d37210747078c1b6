// "Datos" of one formulary item: its fields (only what changed is sent, with the version it was
// read at), Desactivar/Activar and Eliminar. A change shows at once in the table and the panel's
// title (optimistic, see formulary-queries.ts); if someone else changed the item meanwhile, the
// server answers 409 with the current item, the optimistic change is rolled back, and the form
// shows both versions side by side: the user re-applies their change on top of the current
// version or drops it. Nothing is overwritten silently.
import { useEffect, useState } from 'react';
import type { ItemDto } from '../../../../shared/api.ts';
import { itemPatchSchema } from '../../../../shared/api-schemas.ts';
import { toProblem } from '../../platform/api/api-client.ts';
import { FormSummary } from '../../platform/components/form-controls.tsx';
import { FormMessage } from '../../platform/components/form-fields.tsx';
import { setFormSummary, showRequestError, useSchemaForm } from '../../platform/lib/use-schema-form.ts';
import { staleCurrent, useDeleteItem, useUpdateItem, type ItemChange } from './formulary-queries.ts';
import {
  changedFields,
  displayItemValue,
  ITEM_FIELDS,
  itemFieldLabels,
  ItemFields,
  useDraftDescription,
  valuesOf,
  type ItemFormValues,
} from './item-fields.tsx';
import { PossibleDuplicateWarning, usePossibleDuplicates } from './possible-duplicates.tsx';
import { useTherapeuticGroups } from './use-therapeutic-groups.ts';

interface Conflict {
  /** The item as the user opened it. */
  base: ItemDto;
  /** The item as it is now. */
  current: ItemDto;
  mine: ItemChange;
}

const CONFLICT_FIELDS = [...ITEM_FIELDS, 'active'] as const;
const fieldLabel = (field: string) => (field === 'active' ? 'Activo' : (itemFieldLabels[field as keyof typeof itemFieldLabels] ?? field));

export function ItemEditForm({
  item,
  canEdit,
  onDeleted,
}: {
  item: ItemDto;
  /** Pharmacy and administration; everyone else reads the fields. */
  canEdit: boolean;
  onDeleted: (item: ItemDto) => void;
}) {
  // What the server last confirmed: changes are computed against it and sent with its version.
  const [baseline, setBaseline] = useState(item);
  const [notice, setNotice] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [busy, setBusy] = useState<null | 'save' | 'active' | 'delete'>(null);
  const form = useSchemaForm<ItemFormValues, typeof itemPatchSchema>({
    schema: itemPatchSchema,
    defaultValues: valuesOf(item),
    toInput: (values) => ({ ...changedFields(values, baseline), version: baseline.version }),
  });
  const updating = useUpdateItem();
  const deleting = useDeleteItem();
  const groups = useTherapeuticGroups();
  const duplicates = usePossibleDuplicates(useDraftDescription(form.control), baseline.id);

  const dirty = Object.keys(changedFields(form.watch(), baseline)).length > 0;
  // A confirmation is about the values it was given: editing them again retires it.
  useEffect(() => {
    if (dirty) setNotice(null);
  }, [dirty]);

  const accept = (updated: ItemDto, message: string) => {
    setBaseline(updated);
    form.reset(valuesOf(updated));
    setConflict(null);
    setNotice(message);
  };

  /** PATCH `change` on top of `base`; a stale version opens the conflict view. */
  const send = async (base: ItemDto, change: ItemChange, kind: 'save' | 'active', message: string) => {
    setBusy(kind);
    setNotice(null);
    try {
      accept(await updating.mutateAsync({ base, change }), message);
    } catch (error) {
      const current = staleCurrent(error);
      if (current) setConflict({ base, current, mine: change });
      else showRequestError(form, error, ITEM_FIELDS);
    } finally {
      setBusy(null);
    }
  };

  const onSubmit = form.handleSubmit(async ({ version: _read, ...change }) => {
    if (busy || !dirty || conflict) return;
    await send(baseline, change, 'save', 'Cambios guardados.');
  });

  const toggleActive = () => {
    const active = !baseline.active;
    form.clearErrors();
    void send(baseline, { active }, 'active', active ? 'Ítem activado.' : 'Ítem desactivado: ya no se ofrece para nuevas compras.');
  };

  const remove = async () => {
    setBusy('delete');
    form.clearErrors();
    setNotice(null);
    try {
      await deleting.mutateAsync(baseline);
      onDeleted(baseline);
    } catch (error) {
      const problem = toProblem(error);
      setConfirmingDelete(false);
      setFormSummary(form, problem.detail ?? problem.title);
      setBusy(null);
    }
  };

  return (
    <div className="item-edit" data-testid="item-edit">
      {!baseline.active ? (
        <p className="notice" data-testid="item-inactive-notice">
          Este ítem está <strong>inactivo</strong>: se conserva con su historial y sus líneas de compra, pero no se ofrece
          para nuevas compras.
        </p>
      ) : null}
      {conflict ? (
        <ConflictView
          conflict={conflict}
          busy={busy !== null}
          onReapply={() => void send(conflict.current, conflict.mine, 'save', 'Su cambio se aplicó sobre la versión actual.')}
          onDiscard={() => accept(conflict.current, 'Se descartó su cambio; se muestra la versión actual.')}
        />
      ) : null}
      <form className="form form--grid form--drawer" onSubmit={onSubmit} noValidate autoComplete="off">
        <FormSummary control={form.control} testId="item-edit-error" />
        {notice && !dirty ? (
          <FormMessage kind="ok" testId="item-edit-notice">
            {notice}
          </FormMessage>
        ) : null}
        <ItemFields control={form.control} groups={groups} disabled={!canEdit || busy !== null || conflict !== null} />
        <PossibleDuplicateWarning duplicates={duplicates} />
        {canEdit ? (
          <div className="form__actions">
            <button type="submit" className="button" disabled={busy !== null || !dirty || conflict !== null}>
              {busy === 'save' ? 'Guardando…' : 'Guardar cambios'}
            </button>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => form.reset(valuesOf(baseline))}
              disabled={busy !== null || !dirty}
            >
              Descartar
            </button>
          </div>
        ) : null}
      </form>
      {canEdit ? (
        <div className="item-edit__danger" role="group" aria-label="Estado del ítem">
          <div>
            <button type="button" className="button button--quiet" onClick={toggleActive} disabled={busy !== null || conflict !== null || dirty}>
              {busy === 'active' ? 'Guardando…' : baseline.active ? 'Desactivar' : 'Activar'}
            </button>
            <p className="form-field__hint">
              {baseline.active
                ? 'Un ítem desactivado se conserva con su historial y sus líneas de compra.'
                : 'Vuelve a ofrecer el ítem para nuevas compras.'}
            </p>
          </div>
          <div>
            {confirmingDelete ? (
              <div className="confirm" role="alertdialog" aria-labelledby="confirm-delete-text">
                <p id="confirm-delete-text">
                  ¿Eliminar el ítem <span className="code">{baseline.code}</span>? No se puede deshacer.
                </p>
                <div className="form__actions">
                  <button type="button" className="button button--danger" onClick={() => void remove()} disabled={busy !== null}>
                    {busy === 'delete' ? 'Eliminando…' : 'Sí, eliminar'}
                  </button>
                  <button type="button" className="button button--quiet" onClick={() => setConfirmingDelete(false)} disabled={busy !== null}>
                    Cancelar
                  </button>
                </div>
              </div>
            ) : (
              <>
                <button
                  type="button"
                  className="button button--quiet button--danger-text"
                  onClick={() => {
                    setConfirmingDelete(true);
                    form.clearErrors('root');
                  }}
                  disabled={busy !== null || conflict !== null}
                >
                  Eliminar
                </button>
                <p className="form-field__hint">Solo si ninguna línea de compra lo usa; si no, desactívelo.</p>
              </>
            )}
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** The item as the user opened it, as it is now, and the user's change, field by field. */
function ConflictView({
  conflict,
  busy,
  onReapply,
  onDiscard,
}: {
  conflict: Conflict;
  busy: boolean;
  onReapply: () => void;
  onDiscard: () => void;
}) {
  const { base, current, mine } = conflict;
  const rows = CONFLICT_FIELDS.filter((field) => field in mine || base[field] !== current[field]);
  return (
    <div className="conflict" role="alert" data-testid="item-conflict">
      <p className="conflict__title">Otra persona modificó este ítem</p>
      <p>
        Mientras usted lo editaba, el ítem pasó a la versión {current.version}. Su cambio no se guardó. Revise la versión
        actual y decida.
      </p>
      <div className="table-scroll table-scroll--auto">
        <table className="data-table conflict__table">
          <caption className="visually-hidden">Versión que usted abrió, versión actual y su cambio</caption>
          <thead>
            <tr>
              <th scope="col">Campo</th>
              <th scope="col">Cuando lo abrió</th>
              <th scope="col">Ahora</th>
              <th scope="col">Su cambio</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((field) => {
              const theirs = base[field] !== current[field];
              const own = field in mine;
              return (
                <tr key={field} className={theirs && own ? 'is-conflict' : undefined}>
                  <th scope="row">{fieldLabel(field)}</th>
                  <td>{displayItemValue(field, base[field])}</td>
                  <td className={theirs ? 'conflict__theirs' : undefined}>{displayItemValue(field, current[field])}</td>
                  <td>{own ? <strong>{displayItemValue(field, mine[field])}</strong> : <span className="muted">—</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rows.some((field) => field in mine && base[field] !== current[field]) ? (
        <p className="form-field__error">Los campos resaltados los cambiaron ambos: si vuelve a aplicar, queda su valor.</p>
      ) : null}
      <div className="form__actions">
        <button type="button" className="button" onClick={onReapply} disabled={busy}>
          Volver a aplicar mi cambio sobre la versión actual
        </button>
        <button type="button" className="button button--quiet" onClick={onDiscard} disabled={busy}>
          Descartar mi cambio
        </button>
      </div>
    </div>
  );
}
