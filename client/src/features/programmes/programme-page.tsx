// A purchase programme ("Compra 2012"): summary tree, formulary coverage and purchase lines.
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { NotFoundPage } from '../../platform/pages/not-found-page.tsx';
import { IndicatorsPanel } from '../analysis/indicators-panel.tsx';
import { CoveragePanel } from './coverage-panel.tsx';
import { parseProgrammeId } from './programme-id.ts';
import { programmeQueries } from './programme-queries.ts';
import { PurchaseLinesTable } from './purchase-lines-table.tsx';
import { SummaryTreeTable } from './summary-tree-table.tsx';
import './programmes.css';

export function ProgrammePage() {
  const id = parseProgrammeId(useParams().id);
  if (id === null) return <NotFoundPage />;
  return <KnownProgramme id={id} />;
}

/** Renders at once; once the programme list is known, an id it does not contain gets a clear message instead of three failed requests. */
function KnownProgramme({ id }: { id: number }) {
  const programmes = useQuery(programmeQueries.list());
  if (programmes.data && !programmes.data.some((programme) => programme.id === id)) {
    const first = programmes.data[0];
    return (
      <section className="page" aria-labelledby="programme-title">
        <h1 id="programme-title" className="page__title">
          Programa no encontrado
        </h1>
        <p>No existe un programa de compra con el identificador {id}.</p>
        {first ? (
          <p>
            <Link to={`/programas/${first.id}`}>Ir a {first.name}</Link>
          </p>
        ) : null}
      </section>
    );
  }
  // Keyed by id: switching programmes starts from a clean state.
  return <ProgrammeView key={id} id={id} />;
}

function ProgrammeView({ id }: { id: number }) {
  const programme = useQuery(programmeQueries.list()).data?.find((candidate) => candidate.id === id);
  const summary = useQuery(programmeQueries.summary(id));
  const coverage = useQuery(programmeQueries.coverage(id));
  useDocumentTitle(programme?.name ?? 'Programa de compra');

  const summaryTitle = (
    <h2 id="summary-title" className="panel__title">
      Resumen de la programación
    </h2>
  );

  return (
    <section className="page" aria-labelledby="programme-title">
      <header className="page__header">
        <h1 id="programme-title" className="page__title">
          {programme?.name ?? 'Programa de compra'}
        </h1>
        {programme ? (
          <p className="page__lead" data-testid="programme-fiscal-year">
            Año fiscal {programme.fiscalYear}
          </p>
        ) : null}
        <p className="page__links">
          <Link to={`/programas/${id}/planificar`}>{programme?.status === 'draft' && !programme.demo ? 'Planificar líneas' : 'Ver líneas en la tabla de planificación'}</Link>
          {' · '}
          <Link to={`/programas/${id}/imprimir`}>Resumen imprimible</Link>
          {' · '}
          <Link to={`/programas/${id}/cuantificacion`}>Cuantificación</Link>
          {' · '}
          <Link to={`/programas/${id}/analisis`}>Análisis</Link>
          {' · '}
          <Link to={`/programas/${id}/conciliacion`}>Conciliación</Link>
        </p>
      </header>

      <IndicatorsPanel programmeId={id} />

      <div className="programme-overview">
        <section className="panel" aria-labelledby="summary-title">
          {summary.data ? null : summaryTitle}
          <QueryErrorAlert query={summary} context="el resumen" />
          {!summary.data && !summary.error ? <LoadingState label="Cargando el resumen…" rows={6} /> : null}
          {summary.data ? (
            <>
              <SummaryTreeTable summary={summary.data} title={summaryTitle} />
              {summary.data.source ? (
                <p className="source-note" data-testid="summary-source" title={summary.data.source.reference || undefined}>
                  Fuente: {summary.data.source.title}
                </p>
              ) : null}
            </>
          ) : null}
        </section>

        <section className="panel" aria-labelledby="coverage-title">
          <h2 id="coverage-title" className="panel__title">
            Cobertura
          </h2>
          <QueryErrorAlert query={coverage} context="la cobertura" />
          {!coverage.data && !coverage.error ? <LoadingState label="Cargando la cobertura…" rows={3} /> : null}
          {coverage.data ? <CoveragePanel coverage={coverage.data} programmeId={id} /> : null}
        </section>
      </div>

      <section className="panel panel--wide" aria-labelledby="lines-title">
        <h2 id="lines-title" className="panel__title">
          Líneas de compra
        </h2>
        <PurchaseLinesTable programmeId={id} />
      </section>
    </section>
  );
}
