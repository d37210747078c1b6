// "Nuevo usuario": username, full name, roles and an initial password, checked with the same zod
// schema the server uses; the server's own field errors (a taken username) land beside the field.
import { useRef, useState, type FormEvent } from 'react';
import type { Role, UserDto } from '../../../../shared/auth.ts';
import { MIN_PASSWORD_LENGTH } from '../../../../shared/auth.ts';
import { createUserSchema } from '../../../../shared/auth-schemas.ts';
import { ApiError, postJson, toProblem } from '../../platform/api/api-client.ts';
import { FormMessage, PasswordField, RoleCheckboxes, TextField } from '../../platform/components/form-fields.tsx';
import { fieldErrorsFromProblem, hasErrors, parseForm, type FieldErrors } from '../../platform/lib/form-errors.ts';

const FIELDS = ['username', 'fullName', 'roles', 'password'] as const;
type Field = (typeof FIELDS)[number];

export function UserCreateForm({ onCreated, onCancel }: { onCreated: (user: UserDto) => void; onCancel: () => void }) {
  const [username, setUsername] = useState('');
  const [fullName, setFullName] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const focusFirstError = (found: FieldErrors) => {
    const first = FIELDS.find((field) => found[field]);
    if (!first) return;
    // The roles fieldset has no single input: focus its first checkbox.
    const selector = first === 'roles' ? 'input[name="roles"]' : `[name="${first}"]`;
    form.current?.querySelector<HTMLElement>(selector)?.focus();
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    setFailure(null);
    const parsed = parseForm(createUserSchema, { username, fullName, roles, password });
    if (!parsed.ok) {
      setErrors(parsed.errors);
      focusFirstError(parsed.errors);
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      const created = await postJson<UserDto>('/users', parsed.data);
      onCreated(created);
    } catch (error) {
      setSubmitting(false);
      const problem = toProblem(error);
      const fieldErrors = error instanceof ApiError ? fieldErrorsFromProblem(problem, FIELDS) : {};
      if (error instanceof ApiError && error.status === 409 && !fieldErrors.username && !hasErrors(fieldErrors)) {
        fieldErrors.username = problem.detail ?? problem.title;
      }
      if (hasErrors(fieldErrors)) {
        setErrors(fieldErrors);
        focusFirstError(fieldErrors);
      } else {
        setFailure(problem.detail ? `${problem.title}. ${problem.detail}` : problem.title);
      }
    }
  };

  const field = (name: Field) => errors[name];

  return (
    <section className="panel form-panel" aria-labelledby="new-user-title" data-testid="user-create-form">
      <h2 id="new-user-title" className="panel__title">
        Nuevo usuario
      </h2>
      {failure ? <FormMessage kind="error">{failure}</FormMessage> : null}
      <form ref={form} className="form form--grid" onSubmit={onSubmit} noValidate autoComplete="off">
        <TextField
          label="Usuario"
          name="username"
          value={username}
          onValueChange={setUsername}
          error={field('username')}
          hint="Minúsculas sin tilde, números, punto, guion o guion bajo; p. ej. jperez."
          autoComplete="off"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          maxLength={40}
          required
          autoFocus
        />
        <TextField
          label="Nombre completo"
          name="fullName"
          value={fullName}
          onValueChange={setFullName}
          error={field('fullName')}
          autoComplete="off"
          maxLength={120}
          required
        />
        <RoleCheckboxes value={roles} onChange={setRoles} error={field('roles')} />
        <PasswordField
          label="Contraseña inicial"
          name="password"
          value={password}
          onValueChange={setPassword}
          error={field('password')}
          hint={`Al menos ${MIN_PASSWORD_LENGTH} caracteres. Entréguela al usuario por un medio seguro; podrá cambiarla en «Mi cuenta».`}
          autoComplete="new-password"
          maxLength={200}
          required
        />
        <div className="form__actions">
          <button type="submit" className="button" disabled={submitting}>
            {submitting ? 'Creando…' : 'Crear usuario'}
          </button>
          <button type="button" className="button button--quiet" onClick={onCancel} disabled={submitting}>
            Cancelar
          </button>
        </div>
      </form>
    </section>
  );
}
