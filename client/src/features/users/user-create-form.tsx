// "Nuevo usuario": username, full name, roles and an initial password, checked with the same zod
// schema the server uses; the server's own field errors (a taken username) land beside the field.
import type { Role, UserDto } from '../../../../shared/auth.ts';
import { MIN_PASSWORD_LENGTH } from '../../../../shared/auth.ts';
import { createUserSchema } from '../../../../shared/auth-schemas.ts';
import { ApiError, toProblem } from '../../platform/api/api-client.ts';
import { FormPasswordField, FormRoleCheckboxes, FormSummary, FormTextField } from '../../platform/components/form-controls.tsx';
import { setServerFieldErrors, showRequestError, useSchemaForm } from '../../platform/lib/use-schema-form.ts';
import { useCreateUser } from './user-queries.ts';

const FIELDS = ['username', 'fullName', 'roles', 'password'] as const;

interface NewUserValues {
  username: string;
  fullName: string;
  roles: Role[];
  password: string;
}

export function UserCreateForm({ onCreated, onCancel }: { onCreated: (user: UserDto) => void; onCancel: () => void }) {
  const form = useSchemaForm<NewUserValues, typeof createUserSchema>({
    schema: createUserSchema,
    defaultValues: { username: '', fullName: '', roles: [], password: '' },
  });
  const creating = useCreateUser();
  const submitting = form.formState.isSubmitting;

  const onSubmit = form.handleSubmit(async (input) => {
    try {
      onCreated(await creating.mutateAsync(input));
    } catch (error) {
      const problem = toProblem(error);
      // A conflict that names no field is a taken username.
      if (error instanceof ApiError && error.status === 409 && setServerFieldErrors(form, problem, FIELDS) === 0) {
        form.setError('username', { type: 'server', message: problem.detail ?? problem.title }, { shouldFocus: true });
        return;
      }
      showRequestError(form, error, FIELDS);
    }
  });

  return (
    <section className="panel form-panel" aria-labelledby="new-user-title" data-testid="user-create-form">
      <h2 id="new-user-title" className="panel__title">
        Nuevo usuario
      </h2>
      <FormSummary control={form.control} />
      <form className="form form--grid" onSubmit={onSubmit} noValidate autoComplete="off">
        <FormTextField
          control={form.control}
          label="Usuario"
          name="username"
          hint="Minúsculas sin tilde, números, punto, guion o guion bajo; p. ej. jperez."
          autoComplete="off"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          maxLength={40}
          required
          autoFocus
        />
        <FormTextField
          control={form.control}
          label="Nombre completo"
          name="fullName"
          autoComplete="off"
          maxLength={120}
          required
        />
        <FormRoleCheckboxes control={form.control} name="roles" />
        <FormPasswordField
          control={form.control}
          label="Contraseña inicial"
          name="password"
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
