// "Mi cuenta": who is signed in, until when, and the form to change one's own password.
import type { FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { MIN_PASSWORD_LENGTH, roleLabels } from '../../../../shared/auth.ts';
import { changePasswordSchema } from '../../../../shared/auth-schemas.ts';
import { ApiError, postJson, reportSessionExpired } from '../../platform/api/api-client.ts';
import { sortRoles } from '../auth/permissions.ts';
import { useSession, useSessionUser } from '../auth/session-context.tsx';
import { FormPasswordField, FormSummary } from '../../platform/components/form-controls.tsx';
import { FormMessage } from '../../platform/components/form-fields.tsx';
import { formatDateTime } from '../../platform/lib/format.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { showRequestError, useSchemaForm } from '../../platform/lib/use-schema-form.ts';
import './account.css';

export function AccountPage() {
  useDocumentTitle('Mi cuenta');
  const { state } = useSession();
  const user = useSessionUser();
  const expiresAt = state.status === 'signedIn' ? state.session.expiresAt : null;

  return (
    <section className="page" aria-labelledby="account-title">
      <header className="page__header">
        <h1 id="account-title" className="page__title">
          Mi cuenta
        </h1>
      </header>
      <div className="two-columns">
        <section className="panel" aria-labelledby="account-data-title">
          <h2 id="account-data-title" className="panel__title">
            Datos de la cuenta
          </h2>
          <dl className="facts">
            <dt>Usuario</dt>
            <dd className="code">{user.username}</dd>
            <dt>Nombre</dt>
            <dd>{user.fullName}</dd>
            <dt>Roles</dt>
            <dd>
              <ul className="plain-list">
                {sortRoles(user.roles).map((role) => (
                  <li key={role}>{roleLabels[role]}</li>
                ))}
              </ul>
            </dd>
            <dt>La sesión vence</dt>
            <dd>{formatDateTime(expiresAt)} a más tardar</dd>
          </dl>
          <p className="muted">Para cambiar su nombre o sus roles, diríjase a un administrador de Abastece.</p>
        </section>
        <ChangePasswordForm username={user.username} />
      </div>
    </section>
  );
}

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmation: string;
}

const noPasswords: PasswordValues = { currentPassword: '', newPassword: '', confirmation: '' };


function ChangePasswordForm({ username }: { username: string }) {
  const form = useSchemaForm<PasswordValues, typeof changePasswordSchema>({
    schema: changePasswordSchema,
    defaultValues: noPasswords,
    toInput: ({ currentPassword, newPassword }) => ({ currentPassword, newPassword }),
    repeats: { field: 'confirmation', of: 'newPassword', message: 'Las contraseñas no coinciden' },
  });
  const changing = useMutation({
    // A 401 here is the answer "wrong current password" unless it names no field (session ended).
    mutationFn: (change: { currentPassword: string; newPassword: string }) =>
      postJson('/session/password', change, { expectUnauthorized: true }),
  });

  const submit = form.handleSubmit(async (change) => {
    try {
      await changing.mutateAsync(change);
      form.reset(noPasswords);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401 && !error.fieldMessage('currentPassword')) {
        reportSessionExpired();
        return;
      }
      showRequestError(form, error, ['currentPassword', 'newPassword']);
    }
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    changing.reset();
    void submit(event);
  };

  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 id="password-title" className="panel__title">
        Cambiar contraseña
      </h2>
      {changing.isSuccess ? (
        <FormMessage kind="ok" testId="password-changed">
          Contraseña actualizada. Úsela la próxima vez que ingrese; las demás sesiones abiertas con su usuario se
          cerraron.
        </FormMessage>
      ) : null}
      <FormSummary control={form.control} />
      <form className="form form--narrow" onSubmit={onSubmit} noValidate>
        {/* For password managers: which account this new password belongs to. */}
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <FormPasswordField
          control={form.control}
          label="Contraseña actual"
          name="currentPassword"
          autoComplete="current-password"
          maxLength={200}
          required
        />
        <FormPasswordField
          control={form.control}
          label="Nueva contraseña"
          name="newPassword"
          hint={`Al menos ${MIN_PASSWORD_LENGTH} caracteres. Una frase de varias palabras es fácil de recordar y difícil de adivinar.`}
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
          <button type="submit" className="button" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? 'Guardando…' : 'Cambiar contraseña'}
          </button>
        </div>
      </form>
    </section>
  );
}
