// The shell around every page: header with the signed-in user and navigation, the demo-data
// notice, footer.
import { Suspense } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, NavLink, Outlet, ScrollRestoration, useMatch } from 'react-router';
import type { Health, ProgrammeDto } from '../../../../shared/api.ts';
import { roleLabels } from '../../../../shared/auth.ts';
import { toProblem } from '../api/api-client.ts';
import { apiQuery } from '../api/query-client.ts';
import { canUse, shortRoleLabel, sortRoles } from '../../features/auth/permissions.ts';
import { useSession, useSessionUser } from '../../features/auth/session-context.tsx';
import { programmeQueries } from '../../features/programmes/programme-queries.ts';
import { LoadingState } from './status-views.tsx';

const healthQuery = apiQuery<Health>(['health'], '/health', { kind: 'reference' });

const navClassName = ({ isActive }: { isActive: boolean }) => `site-nav__link${isActive ? ' is-active' : ''}`;

/** A programme's own pages, linked under its name while it is open (one programme's, not every one's). */
const programmeSections = [
  ['cobertura', 'Cobertura'],
  ['procesos', 'Procesos'],
  ['cuantificacion', 'Cuantificación'],
  ['analisis', 'Análisis'],
  ['conciliacion', 'Conciliación'],
] as const;

export function AppLayout() {
  const programmes = useQuery(programmeQueries.list());
  const openProgrammeId = Number(useMatch('/programas/:id/*')?.params.id ?? Number.NaN);
  const user = useSessionUser();
  const demo = programmes.data?.find((programme) => programme.demo);

  return (
    <div className="app">
      <a className="skip-link" href="#contenido">
        Saltar al contenido
      </a>
      <header className="site-header">
        <div className="container site-header__inner">
          <div className="brand">
            <p className="brand__name">
              <Link to="/" className="brand__link">
                Abastece
              </Link>
            </p>
            <p className="brand__subtitle">Programación de compras de medicamentos — EsSalud</p>
          </div>
          <AccountMenu />
        </div>
        <div className="container site-header__nav">
          <nav className="site-nav" aria-label="Secciones">
            <ul className="site-nav__list">
              <li>
                <NavLink to="/petitorio" className={navClassName}>
                  Petitorio
                </NavLink>
              </li>
              <li>
                <NavLink to="/programas" className={navClassName} end>
                  Programas
                </NavLink>
              </li>
              {(programmes.data ?? []).map((programme) => (
                <li key={programme.id} className="site-nav__group">
                  <NavLink to={`/programas/${programme.id}`} className={navClassName} end>
                    {programme.name}
                  </NavLink>
                  {programme.id === openProgrammeId
                    ? programmeSections.map(([path, label]) => (
                        <NavLink
                          key={path}
                          to={`/programas/${programme.id}/${path}`}
                          className={({ isActive }) => `${navClassName({ isActive })} site-nav__link--sub`}
                          aria-label={`${label} de ${programme.name}`}
                        >
                          {label}
                        </NavLink>
                      ))
                    : null}
                </li>
              ))}
              <li>
                <NavLink to="/presupuesto" className={navClassName}>
                  Presupuesto
                </NavLink>
              </li>
              <li>
                <NavLink to="/proveedores" className={navClassName}>
                  Proveedores
                </NavLink>
              </li>
              <li>
                <NavLink to="/reglas-de-proceso" className={navClassName}>
                  Reglas de proceso
                </NavLink>
              </li>
              {canUse(user, 'users') ? (
                <li className="site-nav__admin">
                  <NavLink to="/usuarios" className={navClassName}>
                    Usuarios
                  </NavLink>
                </li>
              ) : null}
              {canUse(user, 'audit') ? (
                <li className={canUse(user, 'users') ? undefined : 'site-nav__admin'}>
                  <NavLink to="/auditoria" className={navClassName}>
                    Auditoría
                  </NavLink>
                </li>
              ) : null}
            </ul>
          </nav>
        </div>
      </header>

      {demo ? <DemoBanner programme={demo} /> : null}

      <main id="contenido" className="container site-main" tabIndex={-1}>
        <Suspense fallback={<LoadingState label="Cargando la página…" rows={4} />}>
          <Outlet />
        </Suspense>
      </main>

      <SiteFooter />
      <ScrollRestoration />
    </div>
  );
}

/** A programme whose item-level detail is invented says so, naming the document its totals reproduce. */
function DemoBanner({ programme }: { programme: ProgrammeDto }) {
  const source = useQuery(programmeQueries.summary(programme.id)).data?.source;
  return (
    <div className="demo-banner" role="note" data-testid="demo-banner">
      <div className="container">
        <p>
          <strong>Datos de demostración:</strong> el detalle por ítem de {programme.name} es ilustrativo
          {source ? `; los totales reproducen «${source.title}»` : ''}. El consumo de 2011, las existencias y los
          parámetros de abastecimiento también son ilustrativos.
        </p>
      </div>
    </div>
  );
}

/** The signed-in user's name and roles, "Mi cuenta" and "Salir". */
function AccountMenu() {
  const { signOut } = useSession();
  const user = useSessionUser();
  const signingOut = useMutation({ mutationFn: signOut });
  const userRoles = sortRoles(user.roles);

  return (
    <div className="account" data-testid="account-menu">
      <div className="account__who">
        <p className="account__name" data-testid="account-name">
          {user.fullName}
        </p>
        <p className="account__roles" title={userRoles.map((role) => roleLabels[role]).join('; ')}>
          <span className="visually-hidden">Roles: </span>
          {userRoles.map(shortRoleLabel).join(' · ')}
        </p>
      </div>
      <div className="account__actions">
        <NavLink to="/cuenta" className={({ isActive }) => `account__link${isActive ? ' is-active' : ''}`}>
          Mi cuenta
        </NavLink>
        <button type="button" className="account__button" onClick={() => signingOut.mutate()} disabled={signingOut.isPending}>
          {signingOut.isPending ? 'Saliendo…' : 'Salir'}
        </button>
      </div>
      {signingOut.isError ? (
        <p className="account__error" role="alert">
          No se pudo cerrar la sesión: {toProblem(signingOut.error).title}
        </p>
      ) : null}
    </div>
  );
}

const databaseLabels: Record<Health['database'], string> = {
  pglite: 'PGlite (base de datos embebida de demostración)',
  postgres: 'PostgreSQL',
};

function SiteFooter() {
  const health = useQuery(healthQuery);
  let status: string;
  if (health.data) status = `Base de datos: ${databaseLabels[health.data.database] ?? health.data.database}`;
  else if (health.error) status = 'Servidor no disponible';
  else status = 'Comprobando el servidor…';

  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <p>Abastece — apoyo a la decisión para la compra de productos farmacéuticos de EsSalud.</p>
        <p>
          <Link to="/referencia-api">Referencia de la API</Link>
        </p>
        <p data-testid="database-kind" data-database={health.data?.database}>
          {status}
        </p>
      </div>
    </footer>
  );
}
