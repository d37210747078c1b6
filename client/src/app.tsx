// Routes of the single-page app. Every page but the sign-in page needs a session; Usuarios and
// Auditoría also need a role that may use them (see auth/permissions.ts).
import { createBrowserRouter, Link, RouterProvider, isRouteErrorResponse, useRouteError } from 'react-router';
import { RequireCapability, RequireSession } from './auth/route-guards.tsx';
import { SIGN_IN_PATH } from './auth/return-path.ts';
import { SessionProvider } from './auth/session-context.tsx';
import { AppLayout } from './components/app-layout.tsx';
import { AccountPage } from './pages/account-page.tsx';
import { AuditPage } from './pages/audit/audit-page.tsx';
import { BudgetPage } from './pages/budget-page.tsx';
import { FormularyPage } from './pages/formulary-page.tsx';
import { HomeRedirect } from './pages/home-redirect.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { ProgrammePage } from './pages/programme/programme-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { UsersPage } from './pages/users/users-page.tsx';

const router = createBrowserRouter([
  { path: SIGN_IN_PATH, element: <SignInPage />, errorElement: <RouteErrorPage /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    errorElement: <RouteErrorPage />,
    children: [
      {
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <HomeRedirect /> },
          { path: 'petitorio', element: <FormularyPage /> },
          { path: 'programas/:id', element: <ProgrammePage /> },
          { path: 'presupuesto', element: <BudgetPage /> },
          { path: 'cuenta', element: <AccountPage /> },
          {
            path: 'usuarios',
            element: (
              <RequireCapability capability="users">
                <UsersPage />
              </RequireCapability>
            ),
          },
          {
            path: 'auditoria',
            element: (
              <RequireCapability capability="audit">
                <AuditPage />
              </RequireCapability>
            ),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}

function RouteErrorPage() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <div className="alert alert--error" role="alert">
      <p className="alert__title">Se produjo un error al mostrar esta página.</p>
      <p className="alert__detail">{detail}</p>
      <p>
        <Link to="/">Volver al inicio</Link>
      </p>
    </div>
  );
}
