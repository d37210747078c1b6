// "Mi cuenta": who is signed in, until when, and the form to change one's own password.
import { useRef, useState, type FormEvent } from 'react';
import { MIN_PASSWORD_LENGTH, roleLabels } from '../../../../shared/auth.ts';
import { changePasswordSchema } from '../../../../shared/auth-schemas.ts';
import { ApiError, postJson, reportSessionExpired, toProblem } from '../../platform/api/api-client.ts';
import { sortRoles } from '../auth/permissions.ts';
import { useSession, useSessionUser } from '../auth/session-context.tsx';
import { FormMessage, PasswordField } from '../../platform/components/form-fields.tsx';
import { ErrorAlert } from '../../platform/components/status-views.tsx';
import { fieldErrorsFromProblem, parseForm, type FieldErrors } from '../../platform/lib/form-errors.ts';
import { formatDateTime } from '../../platform/lib/format.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';

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

const FIELDS = ['currentPassword', 'newPassword'] as const;

function ChangePasswordForm({ username }: { username: string }) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const refs = {
    currentPassword: useRef<HTMLInputElement>(null),
    newPassword: useRef<HTMLInputElement>(null),
    confirmation: useRef<HTMLInputElement>(null),
  };

  const focusFirstError = (found: FieldErrors) => {
    const first = (['currentPassword', 'newPassword', 'confirmation'] as const).find((field) => found[field]);
    if (first) refs[first].current?.focus();
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    setDone(false);
    setFailure(null);
    const parsed = parseForm(changePasswordSchema, { currentPassword, newPassword });
    const found: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
    if (!found.newPassword && confirmation !== newPassword) found.confirmation = 'Las contraseñas no coinciden';
    if (!parsed.ok || found.confirmation) {
      setErrors(found);
      focusFirstError(found);
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      // A 401 here is the answer "wrong current password" unless it names no field (session ended).
      await postJson('/session/password', parsed.data, { expectUnauthorized: true });
      setCurrentPassword('');
      setNewPassword('');
      setConfirmation('');
      setDone(true);
    } catch (error) {
      if (error instanceof ApiError) {
        const fieldErrors = fieldErrorsFromProblem(error.problem, FIELDS);
        if (error.status === 401 && !fieldErrors.currentPassword) {
          reportSessionExpired();
          return;
        }
        if (Object.keys(fieldErrors).length > 0) {
          setErrors(fieldErrors);
          focusFirstError(fieldErrors);
        } else {
          setFailure(error);
        }
      } else {
        setFailure(new ApiError(toProblem(error)));
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 id="password-title" className="panel__title">
        Cambiar contraseña
      </h2>
      {done ? (
        <FormMessage kind="ok" testId="password-changed">
          Contraseña actualizada. Úsela la próxima vez que ingrese; las demás sesiones abiertas con su usuario se
          cerraron.
        </FormMessage>
      ) : null}
      {failure ? <ErrorAlert problem={failure.problem} /> : null}
      <form className="form form--narrow" onSubmit={onSubmit} noValidate>
        {/* For password managers: which account this new password belongs to. */}
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <PasswordField
          label="Contraseña actual"
          name="current-password"
          value={currentPassword}
          onValueChange={setCurrentPassword}
          error={errors.currentPassword}
          autoComplete="current-password"
          maxLength={200}
          required
          inputRef={refs.currentPassword}
        />
        <PasswordField
          label="Nueva contraseña"
          name="new-password"
          value={newPassword}
          onValueChange={setNewPassword}
          error={errors.newPassword}
          hint={`Al menos ${MIN_PASSWORD_LENGTH} caracteres. Una frase de varias palabras es fácil de recordar y difícil de adivinar.`}
          autoComplete="new-password"
          maxLength={200}
          required
          inputRef={refs.newPassword}
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
          inputRef={refs.confirmation}
        />
        <div className="form__actions">
          <button type="submit" className="button" disabled={submitting}>
            {submitting ? 'Guardando…' : 'Cambiar contraseña'}
          </button>
        </div>
      </form>
    </section>
  );
}
