// Cuantificación (/programas/:id/cuantificacion): how much of each item the consumption data say
// to buy, by the WHO/MSH or the OpenLMIS method, beside the programme's current plan, with the
// difference and the price used (the last award, or else the current line). A planner selects one,
// several or all suggestions, reads the differences, and accepts them into the programme's lines
// (one audited change). "¿Cómo se calculó?" shows every step of an item and recalculates what-ifs.
// Method, page and the item whose calculation is open live in the URL.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { Link, useParams, useSearchParams } from 'react-router';
import { programmeStatusLabels } from '../../../../shared/domain.ts';
import { compareMoney, formatMoney, subtractMoney, sumMoney } from '../../../../shared/money.ts';
import {
  DEFAULT_REVIEW_MONTHS,
  quantificationMethods,
  type QuantificationMethod,
  type QuantificationPage,
  type QuantificationSuggestion,
} from '../../../../shared/quantification-api.ts';
import { ApiError, toProblem } from '../../platform/api/api-client.ts';
import { FormMessage, SelectField, TextField } from '../../platform/components/form-fields.tsx';
import { PaginationControls } from '../../platform/components/pagination-controls.tsx';
import { ServerTable, useServerTable, type ServerTableFeatures } from '../../platform/components/server-table.tsx';
import { ErrorAlert, LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatCount, formatQuantity, formatUnitPrice, plural } from '../../platform/lib/format.ts';
import { formatSignedMoney } from '../../platform/lib/money-display.ts';
import { patchParams, readChoice, readEnum, readId } from '../../platform/lib/search-params.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { useServerTableState } from '../../platform/lib/use-server-table-state.ts';
import { NotFoundPage } from '../../platform/pages/not-found-page.tsx';
import { canUse } from '../auth/permissions.ts';
import { useSessionUser } from '../auth/session-context.tsx';
import { parseProgrammeId } from '../programmes/programme-id.ts';
import { programmeQueries } from '../programmes/programme-queries.ts';
import { DerivationPanel } from './derivation-panel.tsx';
import { differenceClass, formatSignedQuantity } from './quantification-display.ts';
import { methodLabels } from './quantification-fields.ts';
import { allSuggestions, QUANTIFICATION_PAGE_SIZE, quantificationQueries, useAcceptSuggestions } from './quantification-queries.ts';
import './quantification.css';

const PAGE_SIZES = [QUANTIFICATION_PAGE_SIZE, 100, 200] as const;
const SORT_KEYS = ['code'] as const;

export function QuantificationPage() {
  const id = parseProgrammeId(useParams().id);
  if (id === null) return <NotFoundPage />;
  return <QuantificationView key={id} programmeId={id} />;
}

type Selection = ReadonlyMap<number, QuantificationSuggestion>;
const NO_SELECTION: Selection = new Map();

function QuantificationView({ programmeId }: { programmeId: number }) {
  const programme = useQuery(programmeQueries.list()).data?.find((candidate) => candidate.id === programmeId);
  useDocumentTitle(programme ? `Cuantificación — ${programme.name}` : 'Cuantificación');
  const user = useSessionUser();
  const [, setParams] = useSearchParams();
  const state = useServerTableState({ sortKeys: SORT_KEYS, defaultSort: 'code', pageSizes: PAGE_SIZES, defaultPageSize: QUANTIFICATION_PAGE_SIZE });
  const method: QuantificationMethod = readEnum(state.params, 'metodo', quantificationMethods) ?? 'who';
  const openItem = readId(state.params, 'item');
  const period = readPeriod(state.params);
  const suggestions = useQuery(
    quantificationQueries.suggestions(programmeId, { method, until: period.until, months: period.months, page: state.page, pageSize: state.pageSize }),
  );
  const data = suggestions.data;

  const [selection, setSelection] = useState<Selection>(NO_SELECTION);
  const [confirming, setConfirming] = useState(false);
  const [selectingAll, setSelectingAll] = useState(false);
  const [selectAllError, setSelectAllError] = useState<unknown>(null);
  const accept = useAcceptSuggestions(programmeId);

  const mayAccept = canUse(user, 'quantification-accept');
  const isDraft = programme?.status === 'draft';
  const canAccept = mayAccept && isDraft;

  const chooseMethod = (next: QuantificationMethod) => {
    setSelection(NO_SELECTION);
    setConfirming(false);
    accept.reset();
    state.setFilters({ metodo: next === 'who' ? null : next });
  };
  const toggle = (suggestion: QuantificationSuggestion, on: boolean) => {
    setConfirming(false);
    setSelection((previous) => {
      const next = new Map(previous);
      if (on) next.set(suggestion.itemId, suggestion);
      else next.delete(suggestion.itemId);
      return next;
    });
  };
  const selectAll = async () => {
    setSelectingAll(true);
    setSelectAllError(null);
    try {
      const every = await allSuggestions(programmeId, { method, until: period.until, months: period.months });
      setSelection(new Map(every.filter((suggestion) => suggestion.acceptable).map((suggestion) => [suggestion.itemId, suggestion])));
    } catch (error) {
      setSelectAllError(error);
    } finally {
      setSelectingAll(false);
    }
  };
  // Opening a calculation keeps the page: only ?item changes.
  const openDerivation = (itemId: number | null) =>
    setParams((previous) => patchParams(previous, { item: itemId }), { replace: true, preventScrollReset: true });

  const columns = suggestionColumns({ canAccept, selection, toggle, openDerivation, openItem });
  const table = useServerTable({
    state,
    columns,
    page: data && { rows: data.items, total: data.total },
    isStale: suggestions.isPlaceholderData,
    getRowId: (suggestion) => String(suggestion.itemId),
  });
  const open = openItem === undefined ? undefined : data?.items.find((suggestion) => suggestion.itemId === openItem);

  const onAccept = () => {
    if (!data) return;
    accept.mutate(
      { method, until: data.period.until, months: data.period.months, itemIds: [...selection.keys()] },
      {
        onSuccess: () => {
          setSelection(NO_SELECTION);
          setConfirming(false);
        },
        // What was selected was read before the refusal: the planner selects again from what is shown now.
        onError: () => {
          setConfirming(false);
          setSelection(NO_SELECTION);
        },
      },
    );
  };

  return (
    <section className="page quantification" aria-labelledby="quantification-title">
      <header className="page__header page__header--actions">
        <div>
          <h1 id="quantification-title" className="page__title">
            Cuantificación{programme ? ` — ${programme.name}` : ''}
          </h1>
          <p className="page__lead">
            Cantidad sugerida por ítem a partir del consumo, las existencias y los parámetros de abastecimiento, junto a la
            programación actual y su diferencia. Revise cómo se calculó cada cifra antes de aceptarla en el programa.
          </p>
          <p className="page__links">
            <Link to={`/programas/${programmeId}`}>Volver al programa</Link>
            {' · '}
            <Link to={`/programas/${programmeId}/analisis`}>Análisis</Link>
            {canUse(user, 'consumption-edit') ? (
              <>
                {' · '}
                <Link to="/consumo/importar">Importar consumo y existencias</Link>
              </>
            ) : null}
          </p>
        </div>
      </header>

      <fieldset className="panel quantification__method" data-testid="quantification-method">
        <legend className="panel__title">Método</legend>
        <div className="quantification__method-options">
          {quantificationMethods.map((candidate) => (
            <label key={candidate} className="checkbox">
              <input type="radio" name="metodo" value={candidate} checked={method === candidate} onChange={() => chooseMethod(candidate)} />
              <span>{methodLabels[candidate]}</span>
            </label>
          ))}
        </div>
        <PeriodForm
          key={`${period.until ?? ''}-${period.months}`}
          period={period}
          onApply={(next) => {
            setSelection(NO_SELECTION);
            setConfirming(false);
            state.setFilters({ hasta: next.until ?? null, meses: next.months === DEFAULT_REVIEW_MONTHS ? null : String(next.months) });
          }}
        />
        {data ? (
          <p className="muted" data-testid="quantification-period">
            Período revisado: {data.period.from} a {data.period.until} ({plural(data.period.months, 'mes', 'meses')}).
          </p>
        ) : null}
      </fieldset>

      {noData(suggestions.error) ? (
        <div className="alert alert--warning" role="status" data-testid="quantification-no-data">
          <p className="alert__title">{toProblem(suggestions.error).detail ?? 'No hay datos de consumo en el período.'}</p>
          <p>
            Sin consumo no hay cantidad que sugerir. Elija otro período
            {canUse(user, 'consumption-edit') ? (
              <>
                {' '}
                o <Link to="/consumo/importar">importe el consumo y las existencias</Link>
              </>
            ) : null}
            .
          </p>
        </div>
      ) : (
        <QueryErrorAlert query={suggestions} context="las cantidades sugeridas" />
      )}
      {!data && !suggestions.error ? <LoadingState label="Calculando las cantidades sugeridas…" rows={6} /> : null}

      {accept.isSuccess ? (
        <FormMessage kind="ok" testId="accept-result">
          <p>
            <strong>Sugerencias aceptadas.</strong>{' '}
            {accept.data.affected === 1 ? 'Se actualizó 1 línea del programa.' : `Se actualizaron ${formatCount(accept.data.affected)} líneas del programa.`}{' '}
            <Link to={`/programas/${programmeId}`}>Ver el programa</Link>
          </p>
        </FormMessage>
      ) : null}
      {accept.error ? <AcceptError error={accept.error} /> : null}

      {data ? (
        <section className="panel panel--wide" aria-labelledby="suggestions-title">
          <h2 id="suggestions-title" className="panel__title">
            Cantidades sugeridas
          </h2>
          <SuggestionTotals data={data} />
          {!mayAccept ? (
            <p className="muted" data-testid="accept-not-allowed">
              Solo Logística y Administración pueden aceptar las sugerencias en el programa.
            </p>
          ) : !isDraft && programme ? (
            <p className="muted" data-testid="accept-not-draft">
              El programa está {programmeStatusLabels[programme.status].toLowerCase()}: sus líneas no cambian, y las sugerencias no pueden aceptarse.
            </p>
          ) : (
            <div className="bulk-bar quantification__selection" role="group" aria-label="Selección de sugerencias" data-testid="selection-bar">
              <p className="quantification__selected" aria-live="polite" data-testid="selection-count">
                {selection.size === 0 ? 'Ninguna sugerencia seleccionada.' : `${plural(selection.size, 'sugerencia seleccionada', 'sugerencias seleccionadas')}.`}
              </p>
              <button type="button" className="button button--small button--quiet" onClick={() => void selectAll()} disabled={selectingAll || data.totals.acceptable === 0}>
                {selectingAll ? 'Seleccionando…' : `Seleccionar todas las aceptables (${formatCount(data.totals.acceptable)})`}
              </button>
              <button type="button" className="button button--small button--quiet" onClick={() => setSelection(NO_SELECTION)} disabled={selection.size === 0}>
                Quitar la selección
              </button>
              <button
                type="button"
                className="button button--small"
                onClick={() => {
                  accept.reset();
                  setConfirming(true);
                }}
                disabled={selection.size === 0 || accept.isPending}
              >
                Aceptar las seleccionadas…
              </button>
            </div>
          )}
          {selectAllError ? <ErrorAlert problem={toProblem(selectAllError)} context="todas las sugerencias" /> : null}
          {confirming && selection.size > 0 ? (
            <AcceptConfirmation selection={selection} pending={accept.isPending} onConfirm={onAccept} onCancel={() => setConfirming(false)} />
          ) : null}
          <ServerTable
            table={table}
            caption={`Cantidades sugeridas por el método ${methodLabels[method]}`}
            busy={suggestions.isPlaceholderData}
            testId="suggestions-table"
            rowClassName={(suggestion) => (suggestion.itemId === openItem ? 'is-selected' : undefined)}
            empty={
              data.itemsWithoutLine > 0
                ? 'Ningún ítem del programa tiene datos de consumo en el período.'
                : 'Ningún ítem del programa tiene datos de consumo en el período. Importe el consumo para obtener sugerencias.'
            }
          />
          <PaginationControls table={table} pageSizeOptions={PAGE_SIZES} noun={['ítem', 'ítems']} label="Paginación de las sugerencias" />
          {data.itemsWithoutLine > 0 ? (
            <p className="muted" data-testid="items-without-line">
              {data.itemsWithoutLine === 1
                ? '1 ítem con consumo en el período no tiene línea en el programa: no se sugiere aquí; agréguelo desde la planificación si corresponde.'
                : `${formatCount(data.itemsWithoutLine)} ítems con consumo en el período no tienen línea en el programa: no se sugieren aquí; agréguelos desde la planificación si corresponde.`}
            </p>
          ) : null}
        </section>
      ) : null}

      {openItem !== undefined && data ? (
        open ? (
          <DerivationPanel method={method} suggestion={open} onClose={() => openDerivation(null)} />
        ) : (
          <p className="muted">El ítem elegido no está en esta página de sugerencias.</p>
        )
      ) : null}
    </section>
  );
}

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
const PERIOD_LENGTHS = [3, 6, 12, 24, 36] as const;

/** The review period of the URL (?hasta=2026-11&meses=12); absent or malformed, the server's default. */
function readPeriod(params: URLSearchParams): { until: string | undefined; months: number } {
  const until = params.get('hasta');
  return {
    until: until !== null && MONTH_PATTERN.test(until) ? until : undefined,
    months: readChoice(params, 'meses', PERIOD_LENGTHS, DEFAULT_REVIEW_MONTHS),
  };
}

/** The server's answer to a period without consumption: a 422 on `until`, not a failure. */
function noData(error: unknown): boolean {
  return error instanceof ApiError && error.status === 422 && (error.problem.errors ?? []).some((fieldError) => fieldError.field === 'until');
}

function PeriodForm({
  period,
  onApply,
}: {
  period: { until: string | undefined; months: number };
  onApply: (period: { until: string | undefined; months: number }) => void;
}) {
  const [until, setUntil] = useState(period.until ?? '');
  const [months, setMonths] = useState(String(period.months));
  return (
    <form
      className="quantification__period"
      onSubmit={(event) => {
        event.preventDefault();
        onApply({ until: MONTH_PATTERN.test(until) ? until : undefined, months: Number(months) });
      }}
      aria-label="Período revisado"
    >
      <TextField
        label="Hasta el mes (año-mes)"
        type="month"
        value={until}
        onValueChange={setUntil}
        hint="Vacío: diciembre del año anterior al año fiscal del programa, o el mes anterior al actual si es antes."
        name="hasta"
      />
      <SelectField
        label="Meses revisados"
        name="meses"
        value={months}
        onValueChange={setMonths}
        options={PERIOD_LENGTHS.map((length) => ({ value: String(length), label: plural(length, 'mes', 'meses') }))}
      />
      <div className="quantification__period-actions">
        <button type="submit" className="button button--small">
          Cambiar el período
        </button>
      </div>
    </form>
  );
}

function SuggestionTotals({ data }: { data: QuantificationPage }) {
  const { totals } = data;
  return (
    <dl className="quantification__totals" data-testid="suggestion-totals">
      <div>
        <dt>Programado (ítems con sugerencia)</dt>
        <dd>{formatMoney(totals.currentAmount)}</dd>
      </div>
      <div>
        <dt>Sugerido</dt>
        <dd>{formatMoney(totals.suggestedAmount)}</dd>
      </div>
      <div>
        <dt>Diferencia</dt>
        <dd className={compareMoney(totals.difference, '0') < 0 ? 'difference difference--down' : 'difference difference--up'}>
          {formatSignedMoney(totals.difference)}
        </dd>
      </div>
      <div>
        <dt>Ítems con sugerencia</dt>
        <dd>
          {formatCount(totals.withSuggestion)} de {formatCount(data.total)}
        </dd>
      </div>
      <div>
        <dt>Aceptables</dt>
        <dd>{formatCount(totals.acceptable)}</dd>
      </div>
    </dl>
  );
}

/** Before anything is written: every selected item's change, and the change of the total. */
function AcceptConfirmation({
  selection,
  pending,
  onConfirm,
  onCancel,
}: {
  selection: Selection;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const rows = [...selection.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const current = sumMoney(rows.map((row) => row.currentAmount));
  const suggested = sumMoney(rows.map((row) => row.suggestedAmount ?? row.currentAmount));
  const difference = subtractMoney(suggested, current);
  return (
    <div className="alert alert--warning accept-confirmation" role="alertdialog" aria-labelledby="accept-title" aria-describedby="accept-detail" data-testid="accept-confirmation">
      <p id="accept-title" className="alert__title">
        ¿Aceptar {plural(rows.length, 'sugerencia', 'sugerencias')} en el programa?
      </p>
      <p id="accept-detail">
        Las líneas de {rows.length === 1 ? 'este ítem pasan' : 'estos ítems pasan'} a la cantidad sugerida y al precio indicado, en una
        sola operación registrada en la auditoría. El monto programado de {rows.length === 1 ? 'este ítem' : 'estos ítems'} pasa de{' '}
        {formatMoney(current)} a {formatMoney(suggested)} ({formatSignedMoney(difference)}).
      </p>
      <div className="table-scroll accept-confirmation__table" role="region" aria-label="Cambios que se aplicarán" tabIndex={0}>
        <table className="data-table" data-testid="accept-differences">
          <caption className="visually-hidden">Cambios que se aplicarán</caption>
          <thead>
            <tr>
              <th scope="col">Código</th>
              <th scope="col">Ítem</th>
              <th scope="col" className="num">
                Cantidad actual
              </th>
              <th scope="col" className="num">
                Cantidad sugerida
              </th>
              <th scope="col" className="num">
                Diferencia
              </th>
              <th scope="col" className="num">
                Precio unitario
              </th>
              <th scope="col" className="num">
                Diferencia de monto
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.itemId} data-testid={`accept-row-${row.code}`}>
                <th scope="row" className="code col-nowrap">
                  {row.code}
                </th>
                <td>{row.name}</td>
                <td className="num">{formatQuantity(row.currentQuantity)}</td>
                <td className="num">{formatQuantity(row.suggestedQuantity)}</td>
                <td className={differenceClass(row.difference)}>{formatSignedQuantity(row.difference)}</td>
                <td className="num">{formatUnitPrice(row.unitPrice)}</td>
                <td className="num">{row.amountDifference === null ? '—' : formatSignedMoney(row.amountDifference)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="form__actions">
        <button type="button" className="button button--primary" onClick={onConfirm} disabled={pending} autoFocus>
          {pending ? 'Aceptando…' : `Sí, aceptar ${plural(rows.length, 'sugerencia', 'sugerencias')}`}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={pending}>
          No, volver
        </button>
      </div>
    </div>
  );
}

/**
 * A refused acceptance, as the server words it (each refused item names itself); nothing was
 * applied. A 409 (the programme is no longer a draft) or a 422 (a suggestion changed meanwhile)
 * says what to do; the suggestions and the programme are read again.
 */
function AcceptError({ error }: { error: Error }) {
  const problem = toProblem(error);
  const messages = [...new Set((problem.errors ?? []).map((fieldError) => fieldError.message))].filter((message) => message !== problem.detail);
  const answered = error instanceof ApiError && (error.status === 409 || error.status === 422);
  return (
    <div className="alert alert--error" role="alert" data-testid="accept-error">
      <p className="alert__title">
        No se aceptaron las sugerencias: {problem.title}
        {problem.status > 0 ? <span className="alert__status"> (HTTP {problem.status})</span> : null}
      </p>
      {problem.detail ? <p className="alert__detail">{problem.detail}</p> : null}
      {messages.length > 0 ? (
        <ul className="alert__list">
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
      {answered ? (
        <p data-testid="accept-conflict-hint">
          No se aplicó ningún cambio. Las sugerencias y el programa se muestran de nuevo como están ahora: revíselos antes de volver a
          intentarlo.
        </p>
      ) : null}
    </div>
  );
}

const column = createColumnHelper<ServerTableFeatures, QuantificationSuggestion>();

function suggestionColumns({
  canAccept,
  selection,
  toggle,
  openDerivation,
  openItem,
}: {
  canAccept: boolean;
  selection: Selection;
  toggle: (suggestion: QuantificationSuggestion, on: boolean) => void;
  openDerivation: (itemId: number | null) => void;
  openItem: number | undefined;
}) {
  const selectColumn = column.display({
    id: 'select',
    header: (info) => {
      const rows = info.table.getRowModel().rows.map((row) => row.original).filter((suggestion) => suggestion.acceptable);
      const all = rows.length > 0 && rows.every((suggestion) => selection.has(suggestion.itemId));
      return (
        <input
          type="checkbox"
          aria-label="Seleccionar las sugerencias aceptables de esta página"
          checked={all}
          disabled={rows.length === 0}
          onChange={(event) => rows.forEach((suggestion) => toggle(suggestion, event.target.checked))}
        />
      );
    },
    cell: (info) => {
      const suggestion = info.row.original;
      return (
        <input
          type="checkbox"
          aria-label={`Seleccionar ${suggestion.code}`}
          checked={selection.has(suggestion.itemId)}
          disabled={!suggestion.acceptable}
          title={suggestion.acceptable ? undefined : (suggestion.problem ?? 'No se puede aceptar')}
          onChange={(event) => toggle(suggestion, event.target.checked)}
          data-testid={`select-${suggestion.code}`}
        />
      );
    },
    meta: { className: 'col-select' },
  });

  return column.columns([
    ...(canAccept ? [selectColumn] : []),
    column.accessor('code', {
      id: 'code',
      header: 'Código',
      cell: (info) => <span className="code">{info.getValue()}</span>,
      enableSorting: false,
      meta: { rowHeader: true, className: 'col-code col-nowrap' },
    }),
    column.accessor('name', { id: 'name', header: 'Ítem', enableSorting: false, meta: { className: 'col-name' } }),
    column.accessor('currentQuantity', {
      id: 'current',
      header: 'Programado',
      cell: (info) => formatQuantity(info.getValue()),
      enableSorting: false,
      meta: { numeric: true },
    }),
    column.accessor('suggestedQuantity', {
      id: 'suggested',
      header: 'Sugerido',
      cell: (info) =>
        info.getValue() === null ? (
          <span className="is-warning suggestion-problem" data-testid="suggestion-problem">
            {info.row.original.problem ?? 'Sin sugerencia'}
          </span>
        ) : (
          <strong data-testid="suggested-quantity">{formatQuantity(info.getValue())}</strong>
        ),
      enableSorting: false,
      meta: { numeric: true },
    }),
    column.accessor('difference', {
      id: 'difference',
      header: 'Diferencia',
      cell: (info) => <span className={differenceClass(info.getValue())}>{formatSignedQuantity(info.getValue())}</span>,
      enableSorting: false,
      meta: { numeric: true },
    }),
    column.accessor('unitPrice', {
      id: 'price',
      header: 'Precio unitario',
      cell: (info) => <PriceCell suggestion={info.row.original} />,
      enableSorting: false,
      meta: { numeric: true, className: 'col-price' },
    }),
    column.accessor('amountDifference', {
      id: 'amountDifference',
      header: 'Diferencia de monto',
      cell: (info) => (info.getValue() === null ? '—' : formatSignedMoney(info.getValue()!)),
      enableSorting: false,
      meta: { numeric: true, className: 'col-nowrap' },
    }),
    column.display({
      id: 'how',
      header: () => <span className="visually-hidden">Cálculo</span>,
      cell: (info) => {
        const suggestion = info.row.original;
        const isOpen = openItem === suggestion.itemId;
        return (
          <button
            type="button"
            className="button button--small button--quiet col-nowrap"
            aria-label={`¿Cómo se calculó? ${suggestion.code}`}
            aria-expanded={isOpen}
            onClick={() => openDerivation(isOpen ? null : suggestion.itemId)}
            data-testid={`how-${suggestion.code}`}
          >
            ¿Cómo se calculó?
          </button>
        );
      },
    }),
  ]);
}

function PriceCell({ suggestion }: { suggestion: QuantificationSuggestion }) {
  if (suggestion.unitPrice === null) return <span className="muted">Sin precio</span>;
  return (
    <>
      {formatUnitPrice(suggestion.unitPrice)}
      <span className="price-source" data-testid="price-source">
        {suggestion.priceSource === 'award' && suggestion.award ? (
          <>
            Adjudicado en <Link to={`/procesos/${suggestion.award.processId}`}>{suggestion.award.processCode}</Link>
          </>
        ) : suggestion.priceSource === 'award' ? (
          'Última adjudicación'
        ) : (
          'Precio de la línea actual'
        )}
      </span>
    </>
  );
}
