// Route wrappers: a session is needed for every page but the sign-in page; some pages need a
// capability (see permissions.ts). Without one, a clear page instead of a failing request.
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { roleLabels } from '../../../../shared/auth.ts';
import { ErrorAlert, LoadingState } from '../../platform/components/status-views.tsx';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { canUse, capabilityLabels, sortRoles, type Capability } from './permissions.ts';
import { signInPathFor } from './return-path.ts';
import { useSession, useSessionUser } from './session-context.tsx';
import './auth.css';

export function RequireSession({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();

  if (state.status === 'loading') return <StartupState />;
  if (state.status === 'unavailable') return <StartupError />;
  if (state.status === 'signedOut') {
    // After "Salir" the next person starts from the home page, not from the previous user's page.
    const here = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={signInPathFor(state.reason === 'signedOut' ? null : here)} replace />;
  }
  return children;
}

export function StartupState() {
  return (
    <div className="startup">
      <p className="startup__brand">Abastece</p>
      <LoadingState label="Comprobando la sesión…" rows={2} />
    </div>
  );
}

export function StartupError() {
  const { state, retry } = useSession();
  if (state.status !== 'unavailable') return null;
  return (
    <div className="startup">
      <p className="startup__brand">Abastece</p>
      <ErrorAlert problem={state.problem} onRetry={retry} context="la sesión" />
    </div>
  );
}

export function RequireCapability({ capability, children }: { capability: Capability; children: ReactNode }) {
  const user = useSessionUser();
  if (!canUse(user, capability)) return <ForbiddenPage capability={capability} />;
  return children;
}

export function ForbiddenPage({ capability }: { capability: Capability }) {
  useDocumentTitle('Sin permiso');
  const user = useSessionUser();
  const roleNames = sortRoles(user.roles).map((role) => roleLabels[role] ?? role);
  return (
    <section className="page" aria-labelledby="forbidden-title" data-testid="forbidden-page">
      <h1 id="forbidden-title" className="page__title">
        No tiene permiso para ver esta página
      </h1>
      <div className="notice">
        <p>
          La sección <strong>{capabilityLabels[capability]}</strong> no está disponible para su cuenta
          {roleNames.length > 0 ? ` (${roleNames.join('; ')})` : ''}.
        </p>
        <p>Si la necesita para su trabajo, solicite el rol correspondiente a un administrador de Abastece.</p>
      </div>
      <p>
        <Link to="/">Ir al inicio</Link>
      </p>
    </section>
  );
}
