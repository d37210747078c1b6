// "/" opens the first purchase programme.
import { useQuery } from '@tanstack/react-query';
import { Link, Navigate } from 'react-router';
import { programmeQueries } from '../../features/programmes/programme-queries.ts';
import { LoadingState, QueryErrorAlert } from '../components/status-views.tsx';

export function HomeRedirect() {
  const programmes = useQuery(programmeQueries.list());
  if (programmes.error) return <QueryErrorAlert query={programmes} context="los programas de compra" />;
  if (!programmes.data) return <LoadingState label="Cargando programas de compra…" rows={2} />;
  const first = programmes.data[0];
  if (!first) {
    return (
      <section className="page">
        <h1 className="page__title">Abastece</h1>
        <p>Todavía no hay programas de compra registrados.</p>
        <p>
          <Link to="/petitorio">Consultar el Petitorio Farmacológico</Link>
        </p>
      </section>
    );
  }
  return <Navigate to={`/programas/${first.id}`} replace />;
}
