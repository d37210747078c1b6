// "Datos y roles" of one user: full name, roles and whether the account is active. Only what
// changed is sent (PATCH). An administrator cannot take away their own admin role or deactivate
// themselves: the controls say so, and the server refuses (409) regardless.
import { useState, type FormEvent } from 'react';
import type { Role, UserDto } from '../../../../shared/auth.ts';
import { updateUserSchema, type UpdateUserInput } from '../../../../shared/auth-schemas.ts';
import { ApiError, patchJson, toProblem } from '../../platform/api/api-client.ts';
import { CheckboxField, FormMessage, RoleCheckboxes, TextField } from '../../platform/components/form-fields.tsx';
import { fieldErrorsFromProblem, hasErrors, parseForm, type FieldErrors } from '../../platform/lib/form-errors.ts';

const FIELDS = ['fullName', 'roles', 'active'] as const;

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
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
  const [fullName, setFullName] = useState(user.fullName);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [active, setActive] = useState(user.active);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [submitting, setSubmitting] = useState(false);

  const patch: Partial<UpdateUserInput> = {};
  if (fullName.trim() !== baseline.fullName) patch.fullName = fullName;
  if (!sameRoles(roles, baseline.roles)) patch.roles = roles;
  if (active !== baseline.active) patch.active = active;
  const dirty = Object.keys(patch).length > 0;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    setFailure(null);
    setSaved(false);
    const parsed = parseForm(updateUserSchema, patch);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      if (parsed.errors['']) setFailure(parsed.errors[''] ?? null);
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      const updated = await patchJson<UserDto>(`/users/${user.id}`, parsed.data);
      setBaseline(updated);
      setFullName(updated.fullName);
      setRoles(updated.roles);
      setActive(updated.active);
      setSaved(true);
      onSaved(updated);
    } catch (error) {
      const problem = toProblem(error);
      const fieldErrors = error instanceof ApiError ? fieldErrorsFromProblem(problem, FIELDS) : {};
      setErrors(fieldErrors);
      // A 409 (own admin role, own account) explains itself in the detail.
      if (!hasErrors(fieldErrors) || (error instanceof ApiError && error.status === 409)) {
        setFailure(problem.detail ?? problem.title);
      }
    } finally {
      setSubmitting(false);
    }
  };

  const reset = () => {
    setFullName(baseline.fullName);
    setRoles(baseline.roles);
    setActive(baseline.active);
    setErrors({});
    setFailure(null);
  };

  return (
    <form className="form form--grid" onSubmit={onSubmit} noValidate data-testid="user-edit-form">
      {failure ? <FormMessage kind="error">{failure}</FormMessage> : null}
      {saved && !dirty ? <FormMessage kind="ok">Cambios guardados.</FormMessage> : null}
      <TextField
        label="Nombre completo"
        name="fullName"
        value={fullName}
        onValueChange={(value) => {
          setFullName(value);
          setSaved(false);
        }}
        error={errors.fullName}
        autoComplete="off"
        maxLength={120}
        required
      />
      <RoleCheckboxes
        value={roles}
        onChange={(next) => {
          setRoles(next);
          setSaved(false);
        }}
        error={errors.roles}
        disabledRoles={isSelf && baseline.roles.includes('admin') ? ['admin'] : []}
        hint={isSelf ? 'No puede quitarse a sí mismo el rol de Administración.' : undefined}
      />
      <CheckboxField
        label="Cuenta activa"
        checked={active}
        onCheckedChange={(checked) => {
          setActive(checked);
          setSaved(false);
        }}
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
        <button type="button" className="button button--quiet" onClick={reset} disabled={submitting || !dirty}>
          Descartar
        </button>
      </div>
      {errors.active ? <p className="form-field__error">{errors.active}</p> : null}
    </form>
  );
}
