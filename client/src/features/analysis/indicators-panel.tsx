// The programme's indicators (issue 14): spend per insured person, share of spend by reverse
// auction, items at risk (months of stock below their minimum) and coverage of the centralized
// list. Each figure says what it is computed from; what could not be assessed is counted, not hidden.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatMoney } from '../../../../shared/money.ts';
import type { ProgrammeIndicators } from '../../../../shared/quantification-api.ts';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatCount, formatQuantity, plural } from '../../platform/lib/format.ts';
import { analysisQueries } from './analysis-queries.ts';
import './analysis.css';

const LISTED_AT_RISK = 5;

export function IndicatorsPanel({ programmeId }: { programmeId: number }) {
  const indicators = useQuery(analysisQueries.indicators(programmeId));
  return (
    <section className="panel panel--wide indicators" aria-labelledby="indicators-title" data-testid="indicators">
      <h2 id="indicators-title" className="panel__title">
        Indicadores
      </h2>
      <QueryErrorAlert query={indicators} context="los indicadores" />
      {!indicators.data && !indicators.error ? <LoadingState label="Calculando los indicadores…" rows={2} /> : null}
      {indicators.data ? <IndicatorFigures data={indicators.data} /> : null}
    </section>
  );
}

function IndicatorFigures({ data }: { data: ProgrammeIndicators }) {
  const { itemsAtRisk, centralizedCoverage, reverseAuction } = data;
  return (
    <dl className="indicators__list">
      <div className="indicator" data-testid="indicator-spend-per-insured">
        <dt>Gasto por asegurado</dt>
        <dd className="indicator__figure">{formatMoney(data.spendPerInsured)}</dd>
        <dd className="indicator__detail">
          {formatMoney(data.total)} entre {formatQuantity(data.insuredPopulation)} asegurados de EsSalud.
        </dd>
      </div>
      <div className="indicator" data-testid="indicator-reverse-auction">
        <dt>Gasto por subasta inversa</dt>
        <dd className="indicator__figure">{reverseAuction.share} %</dd>
        <dd className="indicator__detail">
          {formatMoney(reverseAuction.amount)} de {formatMoney(data.total)}.
        </dd>
      </div>
      <div className="indicator" data-testid="indicator-items-at-risk">
        <dt>Ítems en riesgo</dt>
        <dd className={`indicator__figure${itemsAtRisk.count > 0 ? ' is-warning' : ''}`}>{formatCount(itemsAtRisk.count)}</dd>
        <dd className="indicator__detail">
          Con menos meses de existencias que su mínimo, de {plural(itemsAtRisk.assessed, 'ítem evaluado', 'ítems evaluados')} (
          {data.period.from} a {data.period.until}).
          {itemsAtRisk.withoutData > 0 ? ` ${plural(itemsAtRisk.withoutData, 'ítem', 'ítems')} sin datos de consumo o existencias no se evaluaron.` : ''}
        </dd>
        {itemsAtRisk.items.length > 0 ? (
          <dd className="indicator__detail">
            <ul className="indicator__items">
              {itemsAtRisk.items.slice(0, LISTED_AT_RISK).map((item) => (
                <li key={item.itemId}>
                  <Link className="code" to={`/petitorio/${item.itemId}/consumo`} title="Consumo y existencias del ítem">
                    {item.code}
                  </Link>{' '}
                  {item.name}: {formatQuantity(item.monthsOfStock)} meses (mínimo {formatQuantity(item.minMonths)})
                </li>
              ))}
            </ul>
            {itemsAtRisk.count > LISTED_AT_RISK ? <span className="muted">y {plural(itemsAtRisk.count - LISTED_AT_RISK, 'ítem más', 'ítems más')}.</span> : null}
          </dd>
        ) : null}
      </div>
      <div className="indicator" data-testid="indicator-centralized-coverage">
        <dt>Cobertura de la lista centralizada</dt>
        <dd className="indicator__figure">{centralizedCoverage.share} %</dd>
        <dd className="indicator__detail">
          {formatCount(centralizedCoverage.covered)} de {plural(centralizedCoverage.items, 'ítem', 'ítems')} de suministro centralizado con al
          menos una línea.
        </dd>
      </div>
    </dl>
  );
}
