// "Ingresar a Abastece": username and password, with the server's answers in plain words.
import { useRef, useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { signInSchema } from '../../../../shared/auth-schemas.ts';
import { ApiError, toProblem } from '../../platform/api/api-client.ts';
import { readReturnPath } from './return-path.ts';
import { StartupError, StartupState } from './route-guards.tsx';
import { useSession } from './session-context.tsx';
import { FormMessage, PasswordField, TextField } from '../../platform/components/form-fields.tsx';
import { parseForm, type FieldErrors } from '../../platform/lib/form-errors.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';

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
  const problem = toProblem(error);
  return problem.detail ? `${problem.title}. ${problem.detail}` : problem.title;
}

export function SignInPage() {
  useDocumentTitle('Ingresar');
  const { state, signIn } = useSession();
  const [params] = useSearchParams();
  const returnTo = readReturnPath(params);

  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  if (state.status === 'loading') return <StartupState />;
  if (state.status === 'unavailable') return <StartupError />;
  if (state.status === 'signedIn') return <Navigate to={returnTo} replace />;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    setFailure(null);
    const parsed = parseForm(signInSchema, { username, password });
    if (!parsed.ok) {
      setFieldErrors(parsed.errors);
      (parsed.errors.username ? usernameRef : passwordRef).current?.focus();
      return;
    }
    setFieldErrors({});
    setSubmitting(true);
    try {
      await signIn(parsed.data);
      // The session state changes and this page redirects to `returnTo`.
    } catch (error) {
      setSubmitting(false);
      setFailure(signInFailureMessage(error));
      if (error instanceof ApiError && error.status === 401) {
        setPassword('');
        passwordRef.current?.focus();
      }
    }
  };

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
        {state.reason === 'signedOut' && !failure ? <FormMessage kind="ok">Sesión cerrada.</FormMessage> : null}
        {failure ? (
          <FormMessage kind="error" testId="sign-in-error">
            {failure}
          </FormMessage>
        ) : null}

        <form className="form" onSubmit={onSubmit} noValidate aria-describedby="sign-in-note">
          <TextField
            label="Usuario"
            name="username"
            value={username}
            onValueChange={setUsername}
            error={fieldErrors.username}
            autoComplete="username"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            maxLength={40}
            required
            autoFocus
            inputRef={usernameRef}
          />
          <PasswordField
            label="Contraseña"
            name="password"
            value={password}
            onValueChange={setPassword}
            error={fieldErrors.password}
            autoComplete="current-password"
            maxLength={200}
            required
            inputRef={passwordRef}
          />
          <button type="submit" className="button sign-in__submit" disabled={submitting}>
            {submitting ? 'Ingresando…' : 'Ingresar'}
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
