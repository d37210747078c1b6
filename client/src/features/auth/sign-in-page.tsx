// "Ingresar a Abastece": username and password, with the server's answers in plain words.
import { useMutation } from '@tanstack/react-query';
import { Navigate, useSearchParams } from 'react-router';
import { signInSchema } from '../../../../shared/auth-schemas.ts';
import { ApiError, problemSummary, toProblem } from '../../platform/api/api-client.ts';
import { readReturnPath } from './return-path.ts';
import { StartupError, StartupState } from './route-guards.tsx';
import { useSession } from './session-context.tsx';
import { FormPasswordField, FormSummary, FormTextField } from '../../platform/components/form-controls.tsx';
import { FormMessage } from '../../platform/components/form-fields.tsx';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { setFormSummary, useSchemaForm } from '../../platform/lib/use-schema-form.ts';
import './auth.css';

interface SignInValues {
  username: string;
  password: string;
}

/** "15 minutos", "1 minuto", "30 segundos": how long a locked-out user must wait. */
function describeWait(seconds: number): string {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} ${minutes === 1 ? 'minuto' : 'minutos'}`;
  }
  const whole = Math.max(1, Math.ceil(seconds));
  return `${whole} ${whole === 1 ? 'segundo' : 'segundos'}`;
}

function signInFailureMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Usuario o contraseña incorrectos';
    if (error.status === 429) {
      return error.retryAfterSeconds === undefined
        ? 'Demasiados intentos fallidos. Intente de nuevo más tarde.'
        : `Demasiados intentos fallidos. Intente de nuevo en ${describeWait(error.retryAfterSeconds)}.`;
    }
  }
  return problemSummary(toProblem(error));
}

export function SignInPage() {
  useDocumentTitle('Ingresar');
  const { state, signIn } = useSession();
  const [params] = useSearchParams();
  const returnTo = readReturnPath(params);
  const form = useSchemaForm<SignInValues, typeof signInSchema>({
    schema: signInSchema,
    defaultValues: { username: '', password: '' },
  });
  // A success changes the session state, and this page redirects to `returnTo`.
  const signingIn = useMutation({ mutationFn: signIn });

  if (state.status === 'loading') return <StartupState />;
  if (state.status === 'unavailable') return <StartupError />;
  if (state.status === 'signedIn') return <Navigate to={returnTo} replace />;

  const onSubmit = form.handleSubmit(async (credentials) => {
    try {
      await signingIn.mutateAsync(credentials);
    } catch (error) {
      setFormSummary(form, signInFailureMessage(error));
      if (error instanceof ApiError && error.status === 401) {
        form.setValue('password', '');
        form.setFocus('password');
      }
    }
  });
  const failed = form.formState.errors.root?.server !== undefined;

  return (
    <div className="sign-in">
      <main className="sign-in__card" aria-labelledby="sign-in-title">
        <p className="sign-in__brand">Abastece</p>
        <p className="sign-in__subtitle">Programación de compras de medicamentos — EsSalud</p>
        <h1 id="sign-in-title" className="sign-in__title">
          Ingresar a Abastece
        </h1>

        {state.reason === 'expired' ? (
          <FormMessage kind="info" testId="session-expired">
            Su sesión expiró; ingrese de nuevo
          </FormMessage>
        ) : null}
        {state.reason === 'signedOut' && !failed ? <FormMessage kind="ok">Sesión cerrada.</FormMessage> : null}
        <FormSummary control={form.control} testId="sign-in-error" />

        <form className="form" onSubmit={onSubmit} noValidate aria-describedby="sign-in-note">
          <FormTextField
            control={form.control}
            label="Usuario"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            maxLength={40}
            required
            autoFocus
          />
          <FormPasswordField
            control={form.control}
            label="Contraseña"
            name="password"
            autoComplete="current-password"
            maxLength={200}
            required
          />
          <button type="submit" className="button sign-in__submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? 'Ingresando…' : 'Ingresar'}
          </button>
        </form>

        <p id="sign-in-note" className="sign-in__note">
          La primera vez, use el usuario <code>admin</code> y la contraseña mostrada en la consola del servidor (o definida
          en <code>ABASTECE_ADMIN_PASSWORD</code>).
        </p>
      </main>
    </div>
  );
}
