// "Datos y roles" of one user: full name, roles and whether the account is active. Only what
// changed is sent (PATCH). An administrator cannot take away their own admin role or deactivate
// themselves: the controls say so, and the server refuses (409) regardless.
import { useState } from 'react';
import type { Role, UserDto } from '../../../../shared/auth.ts';
import { updateUserSchema, type UpdateUserInput } from '../../../../shared/auth-schemas.ts';
import { ApiError, toProblem } from '../../platform/api/api-client.ts';
import { FormCheckboxField, FormRoleCheckboxes, FormSummary, FormTextField } from '../../platform/components/form-controls.tsx';
import { FormMessage } from '../../platform/components/form-fields.tsx';
import { setFormSummary, setServerFieldErrors, useSchemaForm } from '../../platform/lib/use-schema-form.ts';
import { useUpdateUser } from './user-queries.ts';

const FIELDS = ['fullName', 'roles', 'active'] as const;

interface UserValues {
  fullName: string;
  roles: Role[];
  active: boolean;
}

const valuesOf = (user: UserDto): UserValues => ({ fullName: user.fullName, roles: user.roles, active: user.active });

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}

/** What differs from the account as the server last confirmed it. */
function changesOf(values: UserValues, baseline: UserDto): UpdateUserInput {
  const patch: UpdateUserInput = {};
  if (values.fullName.trim() !== baseline.fullName) patch.fullName = values.fullName;
  if (!sameRoles(values.roles, baseline.roles)) patch.roles = values.roles;
  if (values.active !== baseline.active) patch.active = values.active;
  return patch;
}

export function UserEditForm({
  user,
  isSelf,
  onSaved,
}: {
  user: UserDto;
  /** The user being edited is the one signed in. */
  isSelf: boolean;
  onSaved: (user: UserDto) => void;
}) {
  // What the server last confirmed: the form compares with it, so "saved" holds until the list reloads.
  const [baseline, setBaseline] = useState(user);
  const form = useSchemaForm<UserValues, typeof updateUserSchema>({
    schema: updateUserSchema,
    defaultValues: valuesOf(user),
    toInput: (values) => changesOf(values, baseline),
  });
  const updating = useUpdateUser();
  const dirty = Object.keys(changesOf(form.watch(), baseline)).length > 0;
  const submitting = form.formState.isSubmitting;

  const onSubmit = form.handleSubmit(async (patch) => {
    if (!dirty) return;
    try {
      const updated = await updating.mutateAsync({ id: user.id, patch });
      setBaseline(updated);
      form.reset(valuesOf(updated));
      onSaved(updated);
    } catch (error) {
      const problem = toProblem(error);
      const placed = error instanceof ApiError ? setServerFieldErrors(form, problem, FIELDS) : 0;
      // A 409 (own admin role, own account) explains itself in the detail.
      if (placed === 0 || (error instanceof ApiError && error.status === 409)) setFormSummary(form, problem.detail ?? problem.title);
    }
  });

  const activeError = form.formState.errors.active?.message;

  return (
    <form className="form form--grid" onSubmit={onSubmit} noValidate data-testid="user-edit-form">
      <FormSummary control={form.control} />
      {updating.isSuccess && !dirty ? <FormMessage kind="ok">Cambios guardados.</FormMessage> : null}
      <FormTextField control={form.control} label="Nombre completo" name="fullName" autoComplete="off" maxLength={120} required />
      <FormRoleCheckboxes
        control={form.control}
        name="roles"
        disabledRoles={isSelf && baseline.roles.includes('admin') ? ['admin'] : []}
        hint={isSelf ? 'No puede quitarse a sí mismo el rol de Administración.' : undefined}
      />
      <FormCheckboxField
        control={form.control}
        label="Cuenta activa"
        name="active"
        disabled={isSelf}
        hint={
          isSelf
            ? 'No puede desactivar su propia cuenta.'
            : 'Una cuenta inactiva no puede ingresar; su historial se conserva.'
        }
      />
      <div className="form__actions">
        <button type="submit" className="button" disabled={submitting || !dirty}>
          {submitting ? 'Guardando…' : 'Guardar cambios'}
        </button>
        <button type="button" className="button button--quiet" onClick={() => form.reset(valuesOf(baseline))} disabled={submitting || !dirty}>
          Descartar
        </button>
      </div>
      {activeError ? <p className="form-field__error">{activeError}</p> : null}
    </form>
  );
}
