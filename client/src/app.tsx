// Routes of the single-page app. Every page but the sign-in page needs a session; Usuarios and
// Auditoría also need a role that may use them (see auth/permissions.ts).
//
// Every page loads on demand: the first load is the frame (session, navigation, the query cache)
// and the page asked for; the forms' zod, schemas and react-hook-form come only with a form.
import { lazy, Suspense, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Link, RouterProvider, isRouteErrorResponse, useRouteError } from 'react-router';
import { RequireCapability, RequireSession, StartupState } from './features/auth/route-guards.tsx';
import { SIGN_IN_PATH } from './features/auth/return-path.ts';
import { SessionProvider } from './features/auth/session-context.tsx';
import { createQueryClient } from './platform/api/query-client.ts';
import { AppLayout } from './platform/components/app-layout.tsx';
import { HomeRedirect } from './platform/pages/home-redirect.tsx';
import { NotFoundPage } from './platform/pages/not-found-page.tsx';

const ProgrammePage = lazy(() =>
  import('./features/programmes/programme-page.tsx').then((module) => ({ default: module.ProgrammePage })),
);
const FormularyPage = lazy(() =>
  import('./features/formulary/formulary-page.tsx').then((module) => ({ default: module.FormularyPage })),
);
const BudgetPage = lazy(() => import('./features/budget/budget-page.tsx').then((module) => ({ default: module.BudgetPage })));
const SignInPage = lazy(() => import('./features/auth/sign-in-page.tsx').then((module) => ({ default: module.SignInPage })));
const AccountPage = lazy(() => import('./features/account/account-page.tsx').then((module) => ({ default: module.AccountPage })));
const UsersPage = lazy(() => import('./features/users/users-page.tsx').then((module) => ({ default: module.UsersPage })));
const CoveragePage = lazy(() =>
  import('./features/programmes/coverage-page.tsx').then((module) => ({ default: module.CoveragePage })),
);
const FormularyImportPage = lazy(() =>
  import('./features/formulary/formulary-import-page.tsx').then((module) => ({ default: module.FormularyImportPage })),
);
const ApiReferencePage = lazy(() =>
  import('./features/api-reference/api-reference-page.tsx').then((module) => ({ default: module.ApiReferencePage })),
);
const ProgrammesListPage = lazy(() =>
  import('./features/planning/programmes-list-page.tsx').then((module) => ({ default: module.ProgrammesListPage })),
);
const PlanningPage = lazy(() => import('./features/planning/planning-page.tsx').then((module) => ({ default: module.PlanningPage })));
const ComparePage = lazy(() => import('./features/planning/compare-page.tsx').then((module) => ({ default: module.ComparePage })));
const PrintSummaryPage = lazy(() =>
  import('./features/planning/print-summary-page.tsx').then((module) => ({ default: module.PrintSummaryPage })),
);
const ProcessesPage = lazy(() =>
  import('./features/procurement/processes-page.tsx').then((module) => ({ default: module.ProcessesPage })),
);
const ProcessPage = lazy(() => import('./features/procurement/process-page.tsx').then((module) => ({ default: module.ProcessPage })));
const SuppliersPage = lazy(() => import('./features/procurement/suppliers-page.tsx').then((module) => ({ default: module.SuppliersPage })));
const SupplierPage = lazy(() => import('./features/procurement/suppliers-page.tsx').then((module) => ({ default: module.SupplierPage })));
const ProcessRulesPage = lazy(() =>
  import('./features/procurement/process-rules-page.tsx').then((module) => ({ default: module.ProcessRulesPage })),
);
const AnalysisPage = lazy(() => import('./features/analysis/analysis-page.tsx').then((module) => ({ default: module.AnalysisPage })));
const QuantificationPage = lazy(() =>
  import('./features/quantification/quantification-page.tsx').then((module) => ({ default: module.QuantificationPage })),
);
const ConsumptionPage = lazy(() =>
  import('./features/consumption/consumption-page.tsx').then((module) => ({ default: module.ConsumptionPage })),
);
const ConsumptionImportPage = lazy(() =>
  import('./features/consumption/consumption-import-page.tsx').then((module) => ({ default: module.ConsumptionImportPage })),
);
const ReconciliationPage = lazy(() =>
  import('./features/reconciliation/reconciliation-page.tsx').then((module) => ({ default: module.ReconciliationPage })),
);
const ReconciliationPrintPage = lazy(() =>
  import('./features/reconciliation/reconciliation-print-page.tsx').then((module) => ({ default: module.ReconciliationPrintPage })),
);
const AuditPage = lazy(() => import('./features/audit/audit-page.tsx').then((module) => ({ default: module.AuditPage })));

const router = createBrowserRouter([
  {
    path: SIGN_IN_PATH,
    element: (
      <Suspense fallback={<StartupState />}>
        <SignInPage />
      </Suspense>
    ),
    errorElement: <RouteErrorPage />,
  },
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
          {
            path: 'petitorio/importar',
            element: (
              <RequireCapability capability="formulary-edit">
                <FormularyImportPage />
              </RequireCapability>
            ),
          },
          { path: 'petitorio/:id/consumo', element: <ConsumptionPage /> },
          {
            path: 'consumo/importar',
            element: (
              <RequireCapability capability="consumption-edit">
                <ConsumptionImportPage />
              </RequireCapability>
            ),
          },
          { path: 'programas', element: <ProgrammesListPage /> },
          { path: 'programas/comparar', element: <ComparePage /> },
          { path: 'programas/:id', element: <ProgrammePage /> },
          { path: 'programas/:id/planificar', element: <PlanningPage /> },
          { path: 'programas/:id/imprimir', element: <PrintSummaryPage /> },
          { path: 'programas/:id/cobertura', element: <CoveragePage /> },
          { path: 'programas/:id/procesos', element: <ProcessesPage /> },
          { path: 'programas/:id/cuantificacion', element: <QuantificationPage /> },
          { path: 'programas/:id/analisis', element: <AnalysisPage /> },
          { path: 'programas/:id/conciliacion', element: <ReconciliationPage /> },
          { path: 'programas/:id/conciliacion/imprimir', element: <ReconciliationPrintPage /> },
          { path: 'procesos/:processId', element: <ProcessPage /> },
          { path: 'proveedores', element: <SuppliersPage /> },
          { path: 'proveedores/:id', element: <SupplierPage /> },
          { path: 'reglas-de-proceso', element: <ProcessRulesPage /> },
          { path: 'presupuesto', element: <BudgetPage /> },
          { path: 'cuenta', element: <AccountPage /> },
          { path: 'referencia-api', element: <ApiReferencePage /> },
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
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </QueryClientProvider>
  );
}

function RouteErrorPage() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error)
    ? `Error ${error.status}`
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
