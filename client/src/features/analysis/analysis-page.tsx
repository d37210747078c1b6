// Análisis (/programas/:id/analisis): where the programme's money goes. The Pareto curve with its
// A, B and C bands (cut-offs editable), spend by channel and process type, and ABC × VEN as a heat
// map; each chart has a table of the same data and a CSV of it. A band, a class or a cell lists
// its items below. Cut-offs, class, VEN and page live in the URL, so a view is shared by its address.
import { PageStepper } from '../../platform/components/page-stepper.tsx';
import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import type { ProgrammeSummary } from '../../../../shared/api.ts';
import {
  AbcInputError,
  abcClasses,
  DEFAULT_A_CUTOFF,
  DEFAULT_B_CUTOFF,
  readAbcCutoffs,
  type AbcClass,
} from '../../../../shared/abc-analysis.ts';
import { channels, processes, processLabels, channelLabels, venClasses, venLabels, type VenClass } from '../../../../shared/domain.ts';
import { formatMoney, sumMoney } from '../../../../shared/money.ts';
import { ChartFigure, type ChartTable } from '../../platform/components/chart-figure.tsx';
import { TextField } from '../../platform/components/form-fields.tsx';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatCount, plural } from '../../platform/lib/format.ts';
import { patchParams, readEnum, readPage } from '../../platform/lib/search-params.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { NotFoundPage } from '../../platform/pages/not-found-page.tsx';
import { parseProgrammeId } from '../programmes/programme-id.ts';
import { programmeQueries } from '../programmes/programme-queries.ts';
import type { AbcPage } from '../../../../shared/quantification-api.ts';
import { analysisQueries } from './analysis-queries.ts';
import { DEFAULT_CATEGORIES_TEXT, parseCategories } from './abc-ven-categories.ts';
import { AbcVenHeatmap } from './abc-ven-heatmap.tsx';
import type { ParetoBand, ParetoPoint } from './pareto-chart.tsx';
import type { ChannelSpend } from './spend-chart.tsx';
import './analysis.css';

// The chart library is the page's largest part: figures and tables show first, charts when they
// arrive. Their code is asked for as soon as this page's is, alongside the page's data.
const paretoModule = import('./pareto-chart.tsx');
const spendModule = import('./spend-chart.tsx');
const ParetoChart = lazy(() => paretoModule.then((module) => ({ default: module.ParetoChart })));
const SpendChart = lazy(() => spendModule.then((module) => ({ default: module.SpendChart })));

const ITEMS_PAGE_SIZE = 50;
const CUTOFF_PATTERN = /^\d{1,3}(?:\.\d{1,4})?$/;

export function AnalysisPage() {
  const id = parseProgrammeId(useParams().id);
  if (id === null) return <NotFoundPage />;
  return <AnalysisView key={id} programmeId={id} />;
}

/** Cut-offs of the URL when valid, else the defaults (a bad address never reaches the API). */
function readCutoffs(params: URLSearchParams): { a: string; b: string } {
  const a = params.get('a') ?? DEFAULT_A_CUTOFF;
  const b = params.get('b') ?? DEFAULT_B_CUTOFF;
  if (!CUTOFF_PATTERN.test(a) || !CUTOFF_PATTERN.test(b)) return { a: DEFAULT_A_CUTOFF, b: DEFAULT_B_CUTOFF };
  try {
    readAbcCutoffs({ a, b });
    return { a, b };
  } catch {
    return { a: DEFAULT_A_CUTOFF, b: DEFAULT_B_CUTOFF };
  }
}

function AnalysisView({ programmeId }: { programmeId: number }) {
  const programme = useQuery(programmeQueries.list()).data?.find((candidate) => candidate.id === programmeId);
  useDocumentTitle(programme ? `Análisis — ${programme.name}` : 'Análisis');
  const [params, setParams] = useSearchParams();
  const cutoffs = readCutoffs(params);
  const abc = readEnum(params, 'clase', abcClasses);
  const ven = readEnum(params, 'ven', venClasses);
  const itemsHeading = useRef<HTMLHeadingElement>(null);
  const [drilled, setDrilled] = useState(0);

  // A band, class or cell chosen brings its items into view.
  useEffect(() => {
    if (drilled === 0) return;
    itemsHeading.current?.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
    itemsHeading.current?.focus({ preventScroll: true });
  }, [drilled]);

  const drill = (next: { clase: AbcClass | null; ven: VenClass | null }) => {
    setParams(patchParams(params, { ...next, pagina: null }));
    setDrilled((count) => count + 1);
  };

  return (
    <section className="page analysis" aria-labelledby="analysis-title">
      <header className="page__header">
        <h1 id="analysis-title" className="page__title">
          Análisis{programme ? ` — ${programme.name}` : ''}
        </h1>
        <p className="page__lead">
          Dónde va el dinero del programa: clasificación ABC por valor (la curva de Pareto), gasto por canal y tipo de proceso,
          y ABC × VEN. Elija una banda, una clase o una celda para ver sus ítems.
        </p>
        <p className="page__links">
          <Link to={`/programas/${programmeId}`}>Volver al programa</Link>
          {' · '}
          <Link to={`/programas/${programmeId}/cuantificacion`}>Cuantificación</Link>
        </p>
      </header>

      <CutoffsForm key={`${cutoffs.a}-${cutoffs.b}`} cutoffs={cutoffs} onApply={(next) => setParams(patchParams(params, { ...next, pagina: null }))} />

      <ParetoSection programmeId={programmeId} cutoffs={cutoffs} selected={abc} onSelectClass={(next) => drill({ clase: next, ven: null })} />

      <section className="panel panel--wide" aria-labelledby="abc-items-title">
        <h2 id="abc-items-title" className="panel__title" ref={itemsHeading} tabIndex={-1} data-testid="abc-items-title">
          {itemsTitle(abc, ven)}
        </h2>
        {abc || ven ? (
          <p>
            <button type="button" className="link-button" onClick={() => setParams(patchParams(params, { clase: null, ven: null, pagina: null }))}>
              Ver todos los ítems
            </button>
          </p>
        ) : null}
        <AbcItemsTable
          programmeId={programmeId}
          cutoffs={cutoffs}
          abc={abc}
          ven={ven}
          page={readPage(params)}
          onPage={(page) => setParams(patchParams(params, { pagina: page === 1 ? null : page }))}
        />
      </section>

      <div className="analysis__pair">
        <SpendSection programmeId={programmeId} />
        <AbcVenSection
          programmeId={programmeId}
          cutoffs={cutoffs}
          categories={readCategoriesParam(params)}
          onCategories={(next) => setParams(patchParams(params, { categorias: next === DEFAULT_CATEGORIES_TEXT ? null : next }))}
          selected={{ abc, ven }}
          onSelectCell={(nextAbc, nextVen) => drill({ clase: nextAbc, ven: nextVen })}
        />
      </div>
    </section>
  );
}

function itemsTitle(abc: AbcClass | undefined, ven: VenClass | undefined): string {
  if (abc && ven) return `Ítems ${abc}${ven[0]!.toUpperCase()}: clase ${abc}, ${venLabels[ven].toLowerCase()}`;
  if (abc) return `Ítems de la clase ${abc}`;
  if (ven) return `Ítems ${venLabels[ven].toLowerCase()}s`;
  return 'Ítems por valor';
}

/** The cut-offs, checked here with the analysis's own rules and messages before they reach the URL. */
function CutoffsForm({ cutoffs, onApply }: { cutoffs: { a: string; b: string }; onApply: (cutoffs: { a: string; b: string }) => void }) {
  const [a, setA] = useState(cutoffs.a);
  const [b, setB] = useState(cutoffs.b);
  const [errors, setErrors] = useState<{ a?: string; b?: string }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = { a: a.trim(), b: b.trim() };
    for (const [field, value] of Object.entries(next) as ['a' | 'b', string][]) {
      if (!CUTOFF_PATTERN.test(value)) {
        setErrors({ [field]: 'Escriba un porcentaje entre 0 y 100, con punto decimal y a lo sumo 4 decimales' });
        return;
      }
    }
    try {
      readAbcCutoffs(next);
    } catch (error) {
      if (error instanceof AbcInputError) {
        setErrors({ [error.field === 'a' ? 'a' : 'b']: error.message });
        return;
      }
      throw error;
    }
    setErrors({});
    onApply(next);
  };

  return (
    <form className="panel analysis__cutoffs" onSubmit={submit} noValidate aria-labelledby="cutoffs-title">
      <h2 id="cutoffs-title" className="panel__title">
        Cortes de la clasificación ABC
      </h2>
      <div className="analysis__cutoff-fields">
        <TextField
          label="Clase A: hasta este % del valor"
          value={a}
          onValueChange={setA}
          error={errors.a}
          inputMode="decimal"
          name="a"
          data-testid="cutoff-a"
        />
        <TextField
          label="Clase B: el siguiente % del valor"
          value={b}
          onValueChange={setB}
          error={errors.b}
          inputMode="decimal"
          name="b"
          hint={`La clase C es el resto. Por omisión: A ${DEFAULT_A_CUTOFF} %, B ${DEFAULT_B_CUTOFF} %.`}
          data-testid="cutoff-b"
        />
        <div className="analysis__cutoff-actions">
          <button type="submit" className="button">
            Aplicar cortes
          </button>
        </div>
      </div>
    </form>
  );
}

/** Items ranked (the classes' counts: the page's filter does not change them). */
function itemCount(page: AbcPage): number {
  return page.classes.reduce((sum, row) => sum + row.items, 0);
}

/** The curve the API draws from the whole ranking, from (0, 0); the bands from the classes' counts. */
function paretoData(page: AbcPage): { points: ParetoPoint[]; bands: ParetoBand[] } {
  const count = itemCount(page);
  const points: ParetoPoint[] = [
    { x: 0, y: 0 },
    ...page.curve.map((point) => ({ x: Number.parseFloat(point.itemShare), y: Number.parseFloat(point.cumulativeShare) })),
  ];
  const bands: ParetoBand[] = [];
  let before = 0;
  for (const summary of page.classes) {
    const from = count === 0 ? 0 : (before / count) * 100;
    before += summary.items;
    bands.push({ class: summary.class, from, to: count === 0 ? 0 : (before / count) * 100 });
  }
  return { points, bands };
}

function ParetoSection({
  programmeId,
  cutoffs,
  selected,
  onSelectClass,
}: {
  programmeId: number;
  cutoffs: { a: string; b: string };
  selected: AbcClass | undefined;
  onSelectClass: (abc: AbcClass) => void;
}) {
  // The curve and the classes come with any page of the list: the smallest one is asked for.
  const ranking = useQuery(analysisQueries.abc(programmeId, { ...cutoffs, page: 1, pageSize: 1 }));
  const data = ranking.data;

  return (
    <section className="panel panel--wide" aria-labelledby="pareto-title" data-testid="pareto-section">
      <h2 id="pareto-title" className="panel__title">
        Clasificación ABC por valor
      </h2>
      <QueryErrorAlert query={ranking} context="la clasificación ABC" />
      {!data && !ranking.error ? <LoadingState label="Calculando la clasificación…" rows={4} /> : null}
      {data ? <ParetoFigures data={data} selected={selected} onSelectClass={onSelectClass} programmeId={programmeId} /> : null}
    </section>
  );
}

function ParetoFigures({
  data,
  selected,
  onSelectClass,
  programmeId,
}: {
  data: AbcPage;
  selected: AbcClass | undefined;
  onSelectClass: (abc: AbcClass) => void;
  programmeId: number;
}) {
  const { points, bands } = paretoData(data);
  const summary =
    `Curva de Pareto de ${plural(itemCount(data), 'ítem', 'ítems')} por ${formatMoney(data.total)}: ` +
    data.classes.map((row) => `clase ${row.class}, ${plural(row.items, 'ítem', 'ítems')} con el ${row.share} % del valor`).join('; ');
  const table: ChartTable = {
    columns: [
      { label: 'Puesto', numeric: true },
      { label: '% de ítems', numeric: true },
      { label: '% acumulado del valor', numeric: true },
      { label: 'Clase' },
    ],
    rows: data.curve.map((point) => ({
      key: String(point.rank),
      cells: [formatCount(point.rank), `${point.itemShare} %`, `${point.cumulativeShare} %`, point.class],
      csv: [String(point.rank), point.itemShare, point.cumulativeShare, point.class],
    })),
  };

  return (
    <>
      <p className="analysis__lead" data-testid="abc-total">
        {plural(itemCount(data), 'ítem', 'ítems')} por {formatMoney(data.total)}. Clase A hasta el {data.a} % del valor, B el
        siguiente {data.b} %, C el resto; a igual monto, por código.
        {data.unpricedItems > 0 ? (
          <span data-testid="abc-unpriced">
            {' '}
            {data.unpricedItems === 1
              ? '1 ítem del programa no tiene línea valorizada y queda fuera de la clasificación.'
              : `${formatCount(data.unpricedItems)} ítems del programa no tienen línea valorizada y quedan fuera de la clasificación.`}
          </span>
        ) : null}
      </p>
      <div className="analysis__pareto">
        <ChartFigure
          title="Curva de Pareto: valor acumulado por porcentaje de ítems"
          summary={summary}
          fileName={`pareto-programa-${programmeId}.csv`}
          testId="pareto"
          table={table}
          note={
            data.curve.length < itemCount(data)
              ? `La curva y su tabla toman ${formatCount(data.curve.length)} puntos repartidos entre los ${formatCount(itemCount(data))} ítems (el último siempre); la lista de ítems los tiene todos.`
              : undefined
          }
          chart={
            <Suspense fallback={<LoadingState label="Cargando el gráfico…" rows={3} />}>
              <ParetoChart points={points} bands={bands} selected={selected} onSelectClass={onSelectClass} />
            </Suspense>
          }
        />
        <ClassSummary data={data} selected={selected} onSelectClass={onSelectClass} />
      </div>
    </>
  );
}

function ClassSummary({ data, selected, onSelectClass }: { data: AbcPage; selected: AbcClass | undefined; onSelectClass: (abc: AbcClass) => void }) {
  return (
    <div className="table-scroll table-scroll--auto" role="region" aria-label="Resumen por clase ABC" tabIndex={0}>
      <table className="data-table abc-classes" data-testid="abc-classes">
        <caption className="visually-hidden">Resumen por clase ABC</caption>
        <thead>
          <tr>
            <th scope="col">Clase</th>
            <th scope="col" className="num">
              Ítems
            </th>
            <th scope="col" className="num">
              Monto
            </th>
            <th scope="col" className="num">
              % del valor
            </th>
          </tr>
        </thead>
        <tbody>
          {data.classes.map((row) => (
            <tr key={row.class} className={selected === row.class ? 'is-selected' : undefined} data-testid={`abc-class-${row.class}`}>
              <th scope="row">
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onSelectClass(row.class)}
                  aria-pressed={selected === row.class}
                  aria-label={`Ver los ítems de la clase ${row.class}`}
                >
                  Clase {row.class}
                </button>
              </th>
              <td className="num">{formatCount(row.items)}</td>
              <td className="num">{formatMoney(row.amount)}</td>
              <td className="num">{row.share} %</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td className="num">{formatCount(itemCount(data))}</td>
            <td className="num">{formatMoney(data.total)}</td>
            <td className="num">{itemCount(data) > 0 ? '100.0000 %' : '—'}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function AbcItemsTable({
  programmeId,
  cutoffs,
  abc,
  ven,
  page,
  onPage,
}: {
  programmeId: number;
  cutoffs: { a: string; b: string };
  abc: AbcClass | undefined;
  ven: VenClass | undefined;
  page: number;
  onPage: (page: number) => void;
}) {
  const items = useQuery(analysisQueries.abc(programmeId, { ...cutoffs, class: abc, ven, page, pageSize: ITEMS_PAGE_SIZE }));
  const data = items.data;
  const pages = data ? Math.max(1, Math.ceil(data.totalItems / ITEMS_PAGE_SIZE)) : 1;
  return (
    <>
      <QueryErrorAlert query={items} context="los ítems" />
      {!data && !items.error ? <LoadingState label="Cargando los ítems…" rows={4} /> : null}
      {data ? (
        <>
          <div className="table-scroll" role="region" aria-label="Ítems de la clasificación" tabIndex={0}>
            <table className={`data-table${items.isPlaceholderData ? ' is-busy' : ''}`} data-testid="abc-items">
              <caption className="visually-hidden">Ítems ordenados por valor, con su clase ABC y VEN</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Puesto
                  </th>
                  <th scope="col">Código</th>
                  <th scope="col">Ítem</th>
                  <th scope="col">VEN</th>
                  <th scope="col" className="num">
                    Monto
                  </th>
                  <th scope="col" className="num">
                    % del valor
                  </th>
                  <th scope="col" className="num">
                    % acumulado
                  </th>
                  <th scope="col">Clase</th>
                </tr>
              </thead>
              <tbody>
                {data.items.length === 0 ? (
                  <tr>
                    <td colSpan={8} className="data-table__empty">
                      Ningún ítem en esta selección.
                    </td>
                  </tr>
                ) : (
                  data.items.map((item) => (
                    <tr key={item.itemId} data-testid={`abc-item-${item.code}`}>
                      <td className="num">{formatCount(item.rank)}</td>
                      <th scope="row" className="code col-nowrap">
                        <Link to={`/petitorio?${new URLSearchParams({ item: String(item.itemId) })}`} title="Abrir el ítem en el Petitorio">
                          {item.code}
                        </Link>
                      </th>
                      <td>{item.name}</td>
                      <td>
                        <span className={`ven ven--${item.ven}`}>{venLabels[item.ven]}</span>
                      </td>
                      <td className="num">{formatMoney(item.amount)}</td>
                      <td className="num">{item.share} %</td>
                      <td className="num">{item.cumulativeShare} %</td>
                      <td>
                        <span className={`abc-class abc-class--${item.class}`}>{item.class}</span>
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <PageStepper
            page={Math.min(page, pages)}
            pages={pages}
            onPage={onPage}
            label="Paginación de los ítems"
            count={plural(data.totalItems, 'ítem', 'ítems')}
          />
        </>
      ) : null}
    </>
  );
}

/** Spend per channel and process type, from the programme's summary rows (segments added up). */
function channelSpend(summary: ProgrammeSummary): ChannelSpend[] {
  return channels.map((channel) => {
    const byProcess = Object.fromEntries(
      processes.map((process) => [
        process,
        sumMoney(summary.rows.filter((row) => row.channel === channel && row.process === process).map((row) => row.amount ?? '0')),
      ]),
    ) as ChannelSpend['byProcess'];
    return { channel, byProcess };
  });
}

function SpendSection({ programmeId }: { programmeId: number }) {
  const summary = useQuery(programmeQueries.summary(programmeId));
  const spend = summary.data ? channelSpend(summary.data) : undefined;
  const totals = spend
    ? Object.fromEntries(processes.map((process) => [process, sumMoney(spend.map((row) => row.byProcess[process]))]))
    : undefined;
  const rowTotal = (row: ChannelSpend) => sumMoney(processes.map((process) => row.byProcess[process]));
  const table: ChartTable | undefined =
    spend && totals
      ? {
          columns: [
            { label: 'Canal' },
            ...processes.map((process) => ({ label: processLabels[process], numeric: true })),
            { label: 'Total', numeric: true },
          ],
          rows: spend.map((row) => ({
            key: row.channel,
            cells: [channelLabels[row.channel], ...processes.map((process) => formatMoney(row.byProcess[process])), formatMoney(rowTotal(row))],
            csv: [channelLabels[row.channel], ...processes.map((process) => row.byProcess[process]), rowTotal(row)],
          })),
          footer: {
            key: 'total',
            cells: ['Total', ...processes.map((process) => formatMoney(totals[process]!)), formatMoney(sumMoney(Object.values(totals)))],
            csv: ['Total', ...processes.map((process) => totals[process]!), sumMoney(Object.values(totals))],
          },
        }
      : undefined;

  return (
    <section className="panel" aria-labelledby="spend-title" data-testid="spend-section">
      <h2 id="spend-title" className="panel__title">
        Gasto por canal y tipo de proceso
      </h2>
      <QueryErrorAlert query={summary} context="el gasto" />
      {!summary.data && !summary.error ? <LoadingState label="Cargando el gasto…" rows={3} /> : null}
      {spend && table ? (
        <ChartFigure
          title="Gasto por canal y tipo de proceso"
          summary={spend
            .map(
              (row) =>
                `${channelLabels[row.channel]}: ` +
                processes.map((process) => `${processLabels[process].toLowerCase()} ${formatMoney(row.byProcess[process])}`).join(', '),
            )
            .join('; ')}
          fileName={`gasto-programa-${programmeId}.csv`}
          testId="spend"
          table={table}
          chart={
            <Suspense fallback={<LoadingState label="Cargando el gráfico…" rows={3} />}>
              <SpendChart spend={spend} />
            </Suspense>
          }
        />
      ) : null}
    </section>
  );
}

/** Categories of the URL when valid, else the default (a bad address never reaches the API). */
function readCategoriesParam(params: URLSearchParams): string {
  const text = params.get('categorias');
  return text !== null && text.length <= 200 && 'categories' in parseCategories(text) ? text : DEFAULT_CATEGORIES_TEXT;
}

function CategoriesForm({ value, onApply }: { value: string; onApply: (text: string) => void }) {
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | undefined>();
  return (
    <form
      className="analysis__categories"
      noValidate
      aria-label="Categorías de la matriz ABC × VEN"
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = parseCategories(text.trim());
        if ('error' in parsed) {
          setError(parsed.error);
          return;
        }
        setError(undefined);
        onApply(text.trim());
      }}
    >
      <TextField
        label="Categorías (nombre:celdas, separadas por «;»)"
        value={text}
        onValueChange={setText}
        error={error}
        name="categorias"
        hint={`Cada una de las nueve celdas en una sola categoría. Por omisión: ${DEFAULT_CATEGORIES_TEXT}.`}
        autoComplete="off"
        spellCheck={false}
      />
      <div className="analysis__cutoff-actions">
        <button type="submit" className="button button--small">
          Aplicar categorías
        </button>
      </div>
    </form>
  );
}

function AbcVenSection({
  programmeId,
  cutoffs,
  categories,
  onCategories,
  selected,
  onSelectCell,
}: {
  programmeId: number;
  cutoffs: { a: string; b: string };
  categories: string;
  onCategories: (text: string) => void;
  selected: { abc: AbcClass | undefined; ven: VenClass | undefined };
  onSelectCell: (abc: AbcClass, ven: VenClass) => void;
}) {
  const matrix = useQuery(
    analysisQueries.abcVen(programmeId, { ...cutoffs, categories: categories === DEFAULT_CATEGORIES_TEXT ? undefined : categories }),
  );
  const data = matrix.data;
  const table: ChartTable | undefined = data
    ? {
        columns: [
          { label: 'Celda' },
          { label: 'Clase ABC' },
          { label: 'VEN' },
          { label: 'Categoría' },
          { label: 'Ítems', numeric: true },
          { label: 'Monto (S/)', numeric: true },
          { label: '% del valor', numeric: true },
        ],
        rows: data.cells.map((cell) => ({
          key: cell.cell,
          cells: [cell.cell, cell.abc, venLabels[cell.ven], cell.category, formatCount(cell.items), formatMoney(cell.amount), `${cell.share} %`],
          csv: [cell.cell, cell.abc, venLabels[cell.ven], cell.category, String(cell.items), cell.amount, cell.share],
        })),
        footer: {
          key: 'total',
          cells: ['Total', '', '', '', formatCount(data.cells.reduce((sum, cell) => sum + cell.items, 0)), formatMoney(data.total), ''],
          csv: ['Total', '', '', '', String(data.cells.reduce((sum, cell) => sum + cell.items, 0)), data.total, ''],
        },
      }
    : undefined;

  return (
    <section className="panel" aria-labelledby="abc-ven-title" data-testid="abc-ven-section">
      <h2 id="abc-ven-title" className="panel__title">
        ABC × VEN
      </h2>
      <QueryErrorAlert query={matrix} context="la matriz ABC × VEN" />
      {!data && !matrix.error ? <LoadingState label="Calculando la matriz…" rows={3} /> : null}
      {data && table ? (
        <>
          <ChartFigure
            title="ABC × VEN: ítems y monto por celda"
            fileName={`abc-ven-programa-${programmeId}.csv`}
            testId="abc-ven"
            table={table}
            chart={<AbcVenHeatmap matrix={data} selected={selected} onSelectCell={onSelectCell} />}
          />
          <table className="data-table abc-ven-categories" data-testid="abc-ven-categories">
            <caption className="abc-ven-categories__caption">Categorías</caption>
            <thead>
              <tr>
                <th scope="col">Categoría</th>
                <th scope="col">Celdas</th>
                <th scope="col" className="num">
                  Ítems
                </th>
                <th scope="col" className="num">
                  Monto
                </th>
                <th scope="col" className="num">
                  % del valor
                </th>
              </tr>
            </thead>
            <tbody>
              {data.categories.map((category) => (
                <tr key={category.category}>
                  <th scope="row">{category.category}</th>
                  <td>{category.cells.join(', ')}</td>
                  <td className="num">{formatCount(category.items)}</td>
                  <td className="num">{formatMoney(category.amount)}</td>
                  <td className="num">{category.share} %</td>
                </tr>
              ))}
            </tbody>
          </table>
          <CategoriesForm key={categories} value={categories} onApply={onCategories} />
        </>
      ) : null}
    </section>
  );
}
