// "Restablecer contraseña": an administrator sets a new password for a user who lost theirs.
import { useState, type FormEvent } from 'react';
import type { UserDto } from '../../../../shared/auth.ts';
import { MIN_PASSWORD_LENGTH } from '../../../../shared/auth.ts';
import { updateUserSchema } from '../../../../shared/auth-schemas.ts';
import { ApiError, patchJson, toProblem } from '../../platform/api/api-client.ts';
import { FormMessage, PasswordField } from '../../platform/components/form-fields.tsx';
import { fieldErrorsFromProblem, hasErrors, parseForm, type FieldErrors } from '../../platform/lib/form-errors.ts';

export function UserPasswordResetForm({ user, onSaved }: { user: UserDto; onSaved: (user: UserDto) => void }) {
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [submitting, setSubmitting] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    setFailure(null);
    setDone(false);
    const parsed = parseForm(updateUserSchema, { password });
    const found: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
    if (!found.password && confirmation !== password) found.confirmation = 'Las contraseñas no coinciden';
    if (!parsed.ok || hasErrors(found)) {
      setErrors(found);
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      const updated = await patchJson<UserDto>(`/users/${user.id}`, parsed.data);
      setPassword('');
      setConfirmation('');
      setDone(true);
      onSaved(updated);
    } catch (error) {
      const problem = toProblem(error);
      const fieldErrors = error instanceof ApiError ? fieldErrorsFromProblem(problem, ['password']) : {};
      if (hasErrors(fieldErrors)) setErrors(fieldErrors);
      else setFailure(problem.detail ?? problem.title);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form className="form form--narrow" onSubmit={onSubmit} noValidate data-testid="user-password-form">
      {failure ? <FormMessage kind="error">{failure}</FormMessage> : null}
      {done ? (
        <FormMessage kind="ok">
          Contraseña restablecida. Comuníquela a {user.fullName} por un medio seguro; podrá cambiarla en «Mi cuenta».
        </FormMessage>
      ) : null}
      <p className="muted">
        Al restablecerla se cierran las sesiones abiertas de {user.username} y se levanta un bloqueo por intentos
        fallidos.
      </p>
      <input type="text" name="username" autoComplete="off" value={user.username} readOnly hidden />
      <PasswordField
        label="Nueva contraseña"
        name="new-password"
        value={password}
        onValueChange={setPassword}
        error={errors.password}
        hint={`Al menos ${MIN_PASSWORD_LENGTH} caracteres.`}
        autoComplete="new-password"
        maxLength={200}
        required
      />
      <PasswordField
        label="Repita la nueva contraseña"
        name="confirm-password"
        value={confirmation}
        onValueChange={setConfirmation}
        error={errors.confirmation}
        autoComplete="new-password"
        maxLength={200}
        required
      />
      <div className="form__actions">
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? 'Guardando…' : 'Restablecer contraseña'}
        </button>
      </div>
    </form>
  );
}
