// Consumo de un ítem (/petitorio/:id/consumo): its monthly consumption with the days it was out of
// stock, per care network or all of them added up, as a chart and as a table (CSV); its stock
// positions and supply parameters, which the quantification reads.
import { lazy, Suspense, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { MoneyDecimal } from '../../../../shared/money.ts';
import { DEFAULT_SUPPLY_PARAMETERS } from '../../../../shared/quantification-api.ts';
import { ChartFigure, type ChartTable } from '../../platform/components/chart-figure.tsx';
import { SelectField } from '../../platform/components/form-fields.tsx';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatCount, formatQuantity } from '../../platform/lib/format.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { NotFoundPage } from '../../platform/pages/not-found-page.tsx';
import { canUse } from '../auth/permissions.ts';
import { useSessionUser } from '../auth/session-context.tsx';
import { itemQueries } from '../formulary/formulary-queries.ts';
import type { ConsumptionPoint } from './consumption-chart.tsx';
import { ConsumptionMonthForm, StockPositionForm, SupplyParametersForm } from './consumption-forms.tsx';
import { ALL_NETWORKS, nationalRows, networkLabel, networkRows } from './consumption-months.ts';
import { consumptionQueries } from './consumption-queries.ts';
import './consumption.css';

const ConsumptionChart = lazy(() => import('./consumption-chart.tsx').then((module) => ({ default: module.ConsumptionChart })));

/** An item id from the URL, or null when it cannot be one. */
function parseItemId(raw: string | undefined): number | null {
  if (raw === undefined || !/^[1-9]\d{0,9}$/.test(raw)) return null;
  const id = Number.parseInt(raw, 10);
  return id <= 2_147_483_647 ? id : null;
}

export function ConsumptionPage() {
  const id = parseItemId(useParams().id);
  if (id === null) return <NotFoundPage />;
  return <ConsumptionView key={id} itemId={id} />;
}

function ConsumptionView({ itemId }: { itemId: number }) {
  const item = useQuery(itemQueries.one(itemId));
  const consumption = useQuery(consumptionQueries.item(itemId));
  const user = useSessionUser();
  useDocumentTitle(item.data ? `Consumo — ${item.data.code}` : 'Consumo');
  const networks = [...new Set((consumption.data?.records ?? []).map((record) => record.careNetwork))].sort();
  const [chosen, setNetwork] = useState<string>(ALL_NETWORKS);
  // One network alone is shown as itself.
  const network = networks.length === 1 ? networks[0]! : chosen;
  const national = network === ALL_NETWORKS;
  const rows = !consumption.data ? [] : national ? nationalRows(consumption.data.months) : networkRows(consumption.data.records, network);
  const points: ConsumptionPoint[] = rows.map((row) => ({
    month: row.month,
    consumed: Number.parseFloat(row.consumed),
    daysOutOfStock: Number.parseFloat(row.daysOutOfStock),
  }));
  const total = rows.reduce((sum, row) => sum.plus(row.consumed), new MoneyDecimal(0)).toFixed();
  const stockOutMonths = rows.filter((row) => /[1-9]/.test(row.daysOutOfStock)).length;
  const daysLabel = national ? 'Días sin existencias (promedio por red)' : 'Días sin existencias';
  const table: ChartTable = {
    columns: [
      { label: 'Mes' },
      { label: 'Consumo (unidades)', numeric: true },
      { label: daysLabel, numeric: true },
      ...(national ? [{ label: 'Redes que informan', numeric: true }] : []),
    ],
    rows: rows.map((row) => ({
      key: row.month,
      cells: [row.month, formatQuantity(row.consumed), row.daysOutOfStock, ...(national ? [formatCount(row.networks)] : [])],
      csv: [row.month, row.consumed, row.daysOutOfStock, ...(national ? [String(row.networks)] : [])],
    })),
    footer: {
      key: 'total',
      cells: ['Total', formatQuantity(total), '', ...(national ? [''] : [])],
      csv: ['Total', total, '', ...(national ? [''] : [])],
    },
  };

  return (
    <section className="page consumption" aria-labelledby="consumption-title">
      <header className="page__header">
        <h1 id="consumption-title" className="page__title">
          Consumo{item.data ? ` — ${item.data.code} ${item.data.name}` : ''}
        </h1>
        <p className="page__lead">Consumo mensual del ítem y días sin existencias: los datos con que se cuantifica.</p>
        <p className="page__links">
          <Link to={`/petitorio?${new URLSearchParams({ item: String(itemId) })}`}>Volver al ítem en el Petitorio</Link>
          {canUse(user, 'consumption-edit') ? (
            <>
              {' · '}
              <Link to="/consumo/importar">Importar consumo y existencias</Link>
            </>
          ) : null}
        </p>
      </header>
      <QueryErrorAlert query={item} context="el ítem" />

      <section className="panel panel--wide" aria-labelledby="history-title">
        <h2 id="history-title" className="panel__title">
          Historial de consumo
        </h2>
        <QueryErrorAlert query={consumption} context="el consumo" />
        {!consumption.data && !consumption.error ? <LoadingState label="Cargando el consumo…" rows={4} /> : null}
        {consumption.data && consumption.data.records.length === 0 ? (
          <p className="muted" data-testid="consumption-empty">
            El ítem no tiene consumo registrado.
          </p>
        ) : null}
        {consumption.data && consumption.data.records.length > 0 ? (
          <>
            {networks.length > 1 ? (
              <div className="consumption__network">
                <SelectField
                  label="Red asistencial"
                  name="red"
                  value={chosen}
                  onValueChange={setNetwork}
                  options={[{ value: ALL_NETWORKS, label: 'Todas las redes' }, ...networks.map((value) => ({ value, label: networkLabel(value) }))]}
                  hint={
                    national
                      ? 'Con todas las redes, el consumo es la suma y los días sin existencias el promedio por red que informa, como los promedia el método OMS/MSH.'
                      : undefined
                  }
                />
              </div>
            ) : (
              <p className="muted">{networkLabel(networks[0] ?? '')}.</p>
            )}
            <p data-testid="consumption-summary">
              {formatQuantity(total)} unidades en {rows.length === 1 ? '1 mes' : `${formatCount(rows.length)} meses`} ({rows[0]?.month} a{' '}
              {rows.at(-1)?.month}); {stockOutMonths === 0 ? 'ningún mes' : stockOutMonths === 1 ? '1 mes' : `${formatCount(stockOutMonths)} meses`} con días sin
              existencias.
            </p>
            <ChartFigure
              title="Consumo mensual y días sin existencias"
              summary={rows
                .map((row) => `${row.month}: ${formatQuantity(row.consumed)} unidades, ${row.daysOutOfStock} días sin existencias${national ? ' (promedio por red)' : ''}`)
                .join('; ')}
              fileName={`consumo-${item.data?.code ?? itemId}.csv`}
              testId="consumption-history"
              table={table}
              chart={
                <Suspense fallback={<LoadingState label="Cargando el gráfico…" rows={3} />}>
                  <ConsumptionChart points={points} daysLabel={daysLabel} />
                </Suspense>
              }
            />
          </>
        ) : null}
      </section>

      {canUse(user, 'consumption-edit') ? (
        <section className="panel panel--wide" aria-labelledby="month-title">
          <h2 id="month-title" className="panel__title">
            Registrar o corregir un mes de consumo
          </h2>
          <ConsumptionMonthForm itemId={itemId} />
        </section>
      ) : null}

      <StockAndParameters itemId={itemId} canEdit={canUse(user, 'consumption-edit')} />
    </section>
  );
}

function StockAndParameters({ itemId, canEdit }: { itemId: number; canEdit: boolean }) {
  const stock = useQuery(consumptionQueries.stock(itemId));
  const parameters = useQuery(consumptionQueries.parameters(itemId));
  const own = parameters.data ?? null;
  const shown = own ?? DEFAULT_SUPPLY_PARAMETERS;
  return (
    <div className="consumption__pair">
      <section className="panel" aria-labelledby="stock-title">
        <h2 id="stock-title" className="panel__title">
          Existencias
        </h2>
        <QueryErrorAlert query={stock} context="las existencias" />
        {stock.data && stock.data.positions.length === 0 ? (
          <p className="muted" data-testid="stock-empty">
            Sin existencias registradas.
          </p>
        ) : null}
        {stock.data && stock.data.positions.length > 0 ? (
          <table className="data-table" data-testid="stock-positions">
            <caption className="visually-hidden">Existencias por red asistencial</caption>
            <thead>
              <tr>
                <th scope="col">Red asistencial</th>
                <th scope="col">Fecha de corte</th>
                <th scope="col" className="num">
                  Disponibles
                </th>
                <th scope="col" className="num">
                  En pedido
                </th>
              </tr>
            </thead>
            <tbody>
              {stock.data.positions.map((position) => (
                <tr key={position.careNetwork}>
                  <th scope="row">{networkLabel(position.careNetwork)}</th>
                  <td>{position.asOf}</td>
                  <td className="num">{formatQuantity(position.stockOnHand)}</td>
                  <td className="num">{formatQuantity(position.stockOnOrder)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {canEdit ? (
          <>
            <h3 className="consumption__subtitle">Registrar existencias</h3>
            <StockPositionForm itemId={itemId} />
          </>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="parameters-title">
        <h2 id="parameters-title" className="panel__title">
          Parámetros de abastecimiento
        </h2>
        <QueryErrorAlert query={parameters} context="los parámetros" />
        {parameters.isSuccess && canEdit ? (
          <>
            {own === null ? <p className="muted">El ítem no tiene parámetros propios: la cuantificación usa los de omisión, que aparecen aquí.</p> : null}
            <SupplyParametersForm itemId={itemId} parameters={own} />
          </>
        ) : null}
        {parameters.isSuccess && !canEdit ? (
          <>
            {own === null ? <p className="muted">El ítem no tiene parámetros propios: la cuantificación usa estos, por omisión.</p> : null}
            <dl className="consumption__parameters" data-testid="supply-parameters">
              <div>
                <dt>Tiempo de entrega</dt>
                <dd>{formatQuantity(shown.leadTimeMonths)} meses</dd>
              </div>
              <div>
                <dt>Período de compra</dt>
                <dd>{formatQuantity(shown.procurementPeriodMonths)} meses</dd>
              </div>
              <div>
                <dt>Stock de seguridad</dt>
                <dd>{formatQuantity(shown.safetyStockMonths)} meses</dd>
              </div>
              <div>
                <dt>Unidades por envase</dt>
                <dd>{formatCount(shown.packSize)}</dd>
              </div>
              <div>
                <dt>Existencias mínimas y máximas</dt>
                <dd>
                  {formatQuantity(shown.minMonths)} a {formatQuantity(shown.maxMonths)} meses
                </dd>
              </div>
            </dl>
          </>
        ) : null}
      </section>
    </div>
  );
}
