// Cobertura (/programas/:id/cobertura): how the programme's purchase lines cover the formulary,
// broken down by supply list, therapeutic group or VEN class, each count leading to its items.
// The dimension and every filter live in the URL, so a view is shared by copying the address.
import { useEffect, useMemo, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import type { CoverageDimension, ProgrammeCoverage } from '../../../../shared/api.ts';
import { coverageDimensions, MAX_PAGE_SIZE } from '../../../../shared/api.ts';
import { channelLabels, supplyListLabels } from '../../../../shared/domain.ts';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { Tabs, type TabDefinition } from '../../platform/components/tabs.tsx';
import { formatCount, plural } from '../../platform/lib/format.ts';
import { patchParams } from '../../platform/lib/search-params.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { NotFoundPage } from '../../platform/pages/not-found-page.tsx';
import { CoverageBreakdownTable, formatShare } from './coverage-breakdown-table.tsx';
import { dimensionLabels, dimensionParams, drillDownSearch, readDimension } from './coverage-params.ts';
import { CoverageItemsTable } from './coverage-items-table.tsx';
import { programmeQueries } from './programme-queries.ts';
import './programmes.css';
import { unscheduledSecondLines } from './coverage-sentences.ts';

const dimensionTabs: TabDefinition<CoverageDimension>[] = coverageDimensions.map((id) => ({ id, label: dimensionLabels[id] }));
const MAX_LISTED = 5;

function parseProgrammeId(raw: string | undefined): number | null {
  if (raw === undefined || !/^[1-9]\d{0,9}$/.test(raw)) return null;
  const id = Number.parseInt(raw, 10);
  return id <= 2_147_483_647 ? id : null;
}

export function CoveragePage() {
  const id = parseProgrammeId(useParams().id);
  if (id === null) return <NotFoundPage />;
  return <CoverageView key={id} programmeId={id} />;
}

function CoverageView({ programmeId }: { programmeId: number }) {
  const programme = useQuery(programmeQueries.list()).data?.find((candidate) => candidate.id === programmeId);
  useDocumentTitle(programme ? `Cobertura — ${programme.name}` : 'Cobertura');
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const dimension = readDimension(params);

  const summary = useQuery(programmeQueries.coverage(programmeId));
  const bySupplyList = useQuery(programmeQueries.breakdown(programmeId, 'supplyList'));
  const byGroup = useQuery(programmeQueries.breakdown(programmeId, 'group'));
  const byVen = useQuery({ ...programmeQueries.breakdown(programmeId, 'ven'), enabled: dimension === 'ven' });
  const breakdown = dimension === 'supplyList' ? bySupplyList : dimension === 'group' ? byGroup : byVen;
  // The breakdown by group or VEN mixes both supply lists: the centralized gaps (few, one hopes)
  // are counted from their list.
  const gaps = useQuery({
    ...programmeQueries.coverageItems(programmeId, { status: 'not_covered', supplyList: 'centralized', pageSize: MAX_PAGE_SIZE }),
    enabled: dimension !== 'supplyList',
  });
  const centralizedGaps = useMemo(() => {
    if (!gaps.data || gaps.data.items.length < gaps.data.total) return undefined;
    const byKey = new Map<string, number>();
    for (const item of gaps.data.items) {
      const key = dimension === 'group' ? item.therapeuticGroup : item.ven;
      byKey.set(key, (byKey.get(key) ?? 0) + 1);
    }
    return { byKey, total: gaps.data.total };
  }, [gaps.data, dimension]);
  const supplyListGaps = useMemo(() => {
    const centralized = bySupplyList.data?.rows.find((row) => row.key === 'centralized');
    return centralized ? { byKey: new Map<string, number>(), total: centralized.byStatus.not_covered } : undefined;
  }, [bySupplyList.data]);
  const groups = useMemo(() => (byGroup.data ? byGroup.data.rows.map((row) => row.key) : []), [byGroup.data]);

  // A drill-down brings the item list into view.
  const itemsHeading = useRef<HTMLHeadingElement>(null);
  const drill = (location.state as { drill?: boolean } | null)?.drill === true;
  useEffect(() => {
    if (!drill) return;
    itemsHeading.current?.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
    itemsHeading.current?.focus({ preventScroll: true });
  }, [drill, location.key]);

  const selectDimension = (next: CoverageDimension) =>
    setParams((previous) => patchParams(previous, { por: next === 'supplyList' ? null : dimensionParams[next] }), {
      replace: true,
      preventScrollReset: true,
    });

  const centralized = bySupplyList.data?.rows.find((row) => row.key === 'centralized');

  return (
    <section className="page" aria-labelledby="coverage-page-title">
      <header className="page__header page__header--actions">
        <div>
          <h1 id="coverage-page-title" className="page__title">
            Cobertura del petitorio{programme ? ` — ${programme.name}` : ''}
          </h1>
          <p className="page__lead">
            Qué ítems del Petitorio Farmacológico tienen línea de compra en el programa, y por qué canal.
          </p>
        </div>
        <div className="page__actions">
          <Link className="button button--quiet" to={`/programas/${programmeId}`}>
            Volver a {programme?.name ?? 'el programa'}
          </Link>
        </div>
      </header>

      {centralized ? (
        <div className="coverage-headline" data-testid="coverage-headline">
          <p>
            <strong>{supplyListLabels.centralized}:</strong> {plural(centralized.items, 'ítem', 'ítems')},{' '}
            {formatCount(centralized.items - centralized.byStatus.not_covered)} con línea de compra;{' '}
            <span className={centralized.byStatus.not_covered > 0 ? 'is-gap-text' : 'is-ok-text'}>
              no cubiertos:{' '}
              <Link
                to={{ search: drillDownSearch(dimension, { status: 'not_covered', supplyList: 'centralized' }) }}
                state={{ drill: true }}
                preventScrollReset
                data-testid="coverage-centralized-not-covered"
              >
                {formatCount(centralized.byStatus.not_covered)}
              </Link>{' '}
              ({formatShare(centralized.byStatus.not_covered, centralized.items)})
            </span>
            .
          </p>
        </div>
      ) : null}

      {summary.data ? <LinesExplanation coverage={summary.data} dimension={dimension} /> : null}

      <section className="panel panel--wide" aria-labelledby="breakdown-title">
        <h2 id="breakdown-title" className="panel__title">
          Cobertura por {dimensionLabels[dimension].toLowerCase()}
        </h2>
        <Tabs label="Desglosar la cobertura por" tabs={dimensionTabs} selected={dimension} onSelect={selectDimension}>
          <QueryErrorAlert query={breakdown} context="la cobertura" />
          {!breakdown.data && !breakdown.error ? <LoadingState label="Cargando la cobertura…" rows={4} /> : null}
          {breakdown.data && breakdown.data.by === dimension ? (
            <CoverageBreakdownTable
              breakdown={breakdown.data}
              centralizedGaps={dimension === 'supplyList' ? supplyListGaps : centralizedGaps}
            />
          ) : null}
          <p className="source-note breakdown-legend">
            Cada cifra lleva a sus ítems; el porcentaje es sobre los ítems de la fila.{' '}
            <span className="legend-gap">En rojo</span>: ítems del suministro centralizado sin línea de compra (una
            brecha). «No cubierto» en el suministro local es lo esperado: los ítems locales los compran las redes.
            {dimension !== 'supplyList' && gaps.data && gaps.data.items.length < gaps.data.total
              ? ' (Hay demasiados ítems centralizados sin cubrir para separarlos por fila: use el filtro de cartilla.)'
              : null}
          </p>
        </Tabs>
      </section>

      <section className="panel panel--wide" aria-labelledby="coverage-items-title">
        <h2 id="coverage-items-title" className="panel__title" ref={itemsHeading} tabIndex={-1}>
          Ítems
        </h2>
        <CoverageItemsTable programmeId={programmeId} groups={groups} />
      </section>
    </section>
  );
}

/** Why the purchase lines outnumber the covered items: the items bought through both channels. */
function LinesExplanation({ coverage, dimension }: { coverage: ProgrammeCoverage; dimension: CoverageDimension }) {
  const { totals, bothChannels } = coverage;
  if (totals.lines === 0) {
    return <p className="coverage-explanation">El programa aún no tiene líneas de compra.</p>;
  }
  const both = totals.coveredByBoth;
  const extra = totals.lines - totals.covered - both;
  const listed = bothChannels.items.slice(0, MAX_LISTED);
  return (
    <p className="coverage-explanation" data-testid="coverage-lines-explanation">
      Las {plural(totals.lines, 'línea de compra', 'líneas de compra')} del programa cubren{' '}
      {plural(totals.covered, 'ítem', 'ítems')}
      {both > 0 ? (
        <>
          : {both === 1 ? 'un ítem se compra' : `${formatCount(both)} ítems se compran`} por ambos canales (
          {channelLabels.minsa_corporate} y {channelLabels.essalud}) y cuenta{both === 1 ? '' : 'n'} una línea por canal
          {listed.length > 0 ? (
            <>
              {' '}
              (
              {listed.map((item, index) => (
                <span key={item.id}>
                  {index > 0 ? '; ' : ''}
                  <span className="code">{item.code}</span> {item.name}
                </span>
              ))}
              {both > listed.length ? ` y ${formatCount(both - listed.length)} más` : ''})
            </>
          ) : null}
          .{' '}
          <Link
            to={{ search: drillDownSearch(dimension, { status: 'both' }) }}
            state={{ drill: true }}
            preventScrollReset
          >
            Ver {both === 1 ? 'ese ítem' : 'esos ítems'}
          </Link>
        </>
      ) : (
        '.'
      )}
      {extra > 0 ? ` ${unscheduledSecondLines(extra)}` : null}
    </p>
  );
}
