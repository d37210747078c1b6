// "Restablecer contraseña": an administrator sets a new password for a user who lost theirs.
import type { UserDto } from '../../../../shared/auth.ts';
import { MIN_PASSWORD_LENGTH } from '../../../../shared/auth.ts';
import { updateUserSchema } from '../../../../shared/auth-schemas.ts';
import { FormPasswordField, FormSummary } from '../../platform/components/form-controls.tsx';
import { FormMessage } from '../../platform/components/form-fields.tsx';
import { showRequestError, useSchemaForm } from '../../platform/lib/use-schema-form.ts';
import { useUpdateUser } from './user-queries.ts';

interface ResetValues {
  password: string;
  confirmation: string;
}

const noPasswords: ResetValues = { password: '', confirmation: '' };


export function UserPasswordResetForm({ user, onSaved }: { user: UserDto; onSaved: (user: UserDto) => void }) {
  const form = useSchemaForm<ResetValues, typeof updateUserSchema>({
    schema: updateUserSchema,
    defaultValues: noPasswords,
    toInput: ({ password }) => ({ password }),
    repeats: { field: 'confirmation', of: 'password', message: 'Las contraseñas no coinciden' },
  });
  const updating = useUpdateUser();
  const submitting = form.formState.isSubmitting;

  const submit = form.handleSubmit(async (patch) => {
    try {
      const updated = await updating.mutateAsync({ id: user.id, patch });
      form.reset(noPasswords);
      onSaved(updated);
    } catch (error) {
      showRequestError(form, error, ['password']);
    }
  });

  return (
    <form
      className="form form--narrow"
      onSubmit={(event) => {
        updating.reset();
        void submit(event);
      }}
      noValidate
      data-testid="user-password-form"
    >
      <FormSummary control={form.control} />
      {updating.isSuccess ? (
        <FormMessage kind="ok">
          Contraseña restablecida. Comuníquela a {user.fullName} por un medio seguro; podrá cambiarla en «Mi cuenta».
        </FormMessage>
      ) : null}
      <p className="muted">
        Al restablecerla se cierran las sesiones abiertas de {user.username} y se levanta un bloqueo por intentos
        fallidos.
      </p>
      <input type="text" name="username" autoComplete="off" value={user.username} readOnly hidden />
      <FormPasswordField
        control={form.control}
        label="Nueva contraseña"
        name="password"
        hint={`Al menos ${MIN_PASSWORD_LENGTH} caracteres.`}
        autoComplete="new-password"
        maxLength={200}
        required
      />
      <FormPasswordField
        control={form.control}
        label="Repita la nueva contraseña"
        name="confirmation"
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
