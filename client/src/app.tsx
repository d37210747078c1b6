// Routes of the single-page app.
import { createBrowserRouter, Link, RouterProvider, isRouteErrorResponse, useRouteError } from 'react-router';
import { AppLayout } from './components/app-layout.tsx';
import { BudgetPage } from './pages/budget-page.tsx';
import { FormularyPage } from './pages/formulary-page.tsx';
import { HomeRedirect } from './pages/home-redirect.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { ProgrammePage } from './pages/programme/programme-page.tsx';

const router = createBrowserRouter([
  {
    path: '/',
    element: <AppLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      {
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <HomeRedirect /> },
          { path: 'petitorio', element: <FormularyPage /> },
          { path: 'programas/:id', element: <ProgrammePage /> },
          { path: 'presupuesto', element: <BudgetPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
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
