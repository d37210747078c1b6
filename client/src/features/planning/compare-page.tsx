// Two programmes side by side: the purchases table of each with the difference per channel /
// segment / process, and the lines added, removed and changed (before → after).
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { CompareFigures, CompareRow, PurchaseLineDto } from '../../../../shared/api.ts';
import { channelLabels, channels, processLabels, processes, segmentLabels, segments } from '../../../../shared/domain.ts';
import { PageStepper } from '../../platform/components/page-stepper.tsx';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatCount, formatQuantity, formatSignedCount, formatUnitPrice } from '../../platform/lib/format.ts';
import { formatAmountOrDash, formatMoneyOrDash, formatSignedMoney } from '../../platform/lib/money-display.ts';
import { patchParams, readPage } from '../../platform/lib/search-params.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { programmeQueries } from '../programmes/programme-queries.ts';
import { parseProgrammeId } from '../programmes/programme-id.ts';
import { COMPARE_PAGE_SIZE, planningQueries } from './planning-queries.ts';
import './planning.css';

export function ComparePage() {
  useDocumentTitle('Comparar programas');
  const [params, setParams] = useSearchParams();
  const programmes = useQuery(programmeQueries.list());
  const base = parseProgrammeId(params.get('base'));
  const other = parseProgrammeId(params.get('otro'));
  const page = readPage(params);
  const comparison = useQuery({ ...planningQueries.compare(base ?? 0, other ?? 0, page), enabled: base !== null && other !== null });
  const set = (patch: Record<string, string | null>) => setParams((previous) => patchParams(previous, patch));

  return (
    <section className="page compare-page" aria-labelledby="compare-title">
      <header className="page__header">
        <h1 id="compare-title" className="page__title">
          Comparar programas
        </h1>
        <p className="page__lead">Líneas emparejadas por ítem y canal; la diferencia es el programa comparado menos el base.</p>
      </header>
      <div className="filters" role="group" aria-label="Programas a comparar">
        {(
          [
            ['base', 'Programa base', base],
            ['otro', 'Programa comparado', other],
          ] as const
        ).map(([key, label, value]) => (
          <div className="field" key={key}>
            <label className="field-label" htmlFor={`compare-${key}`}>
              {label}
            </label>
            <select
              id={`compare-${key}`}
              className="select select--wide"
              value={value ?? ''}
              onChange={(event) => set({ [key]: event.target.value || null, pagina: null })}
            >
              <option value="">Elija un programa…</option>
              {(programmes.data ?? []).map((programme) => (
                <option key={programme.id} value={programme.id}>
                  {programme.name} ({programme.fiscalYear})
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      {base === null || other === null ? <p>Elija los dos programas que desea comparar.</p> : null}
      <QueryErrorAlert query={comparison} context="la comparación" />
      {comparison.isFetching && !comparison.data ? <LoadingState label="Comparando…" rows={6} /> : null}
      {comparison.data ? (
        <>
          <section className="panel" aria-labelledby="compare-summary-title">
            <h2 id="compare-summary-title" className="panel__title">
              Resumen: {comparison.data.base.name} → {comparison.data.other.name}
            </h2>
            <CompareSummary rows={comparison.data.summary} totals={comparison.data.totals} baseName={comparison.data.base.name} otherName={comparison.data.other.name} />
          </section>
          <section className="panel" aria-labelledby="compare-lines-title">
            <h2 id="compare-lines-title" className="panel__title">
              Líneas: {formatCount(comparison.data.counts.added)} agregadas, {formatCount(comparison.data.counts.removed)} quitadas,{' '}
              {formatCount(comparison.data.counts.changed)} cambiadas
            </h2>
            <LinesList title="Agregadas" testId="compare-added" lines={comparison.data.added} />
            <LinesList title="Quitadas" testId="compare-removed" lines={comparison.data.removed} />
            <ChangedList changes={comparison.data.changed} />
            <PageStepper
              label="Páginas de la comparación"
              page={page}
              pages={Math.max(
                1,
                Math.ceil(Math.max(comparison.data.counts.added, comparison.data.counts.removed, comparison.data.counts.changed) / COMPARE_PAGE_SIZE),
              )}
              onPage={(next) => set({ pagina: next === 1 ? null : String(next) })}
            />
          </section>
          <p>
            <Link to={`/programas/${comparison.data.other.id}/planificar`}>Ir a planificar {comparison.data.other.name}</Link>
          </p>
        </>
      ) : null}
    </section>
  );
}

const rank = <T,>(list: readonly T[], value: T | null) => (value === null ? -1 : list.indexOf(value));

/** Each subtotal before what it adds up: channel, its segments, each with its processes. */
function treeOrder(rows: readonly CompareRow[]): CompareRow[] {
  return [...rows].sort(
    (a, b) =>
      rank(channels, a.channel) - rank(channels, b.channel) ||
      rank(segments, a.segment) - rank(segments, b.segment) ||
      rank(processes, a.process) - rank(processes, b.process),
  );
}

function conceptOf(row: Pick<CompareRow, 'channel' | 'segment' | 'process'>): { label: string; depth: number } {
  if (row.process !== null) return { label: processLabels[row.process], depth: row.segment === null ? 1 : 2 };
  if (row.segment !== null) return { label: segmentLabels[row.segment], depth: 1 };
  return { label: channelLabels[row.channel], depth: 0 };
}

function FiguresCells({ figures, signed = false }: { figures: CompareFigures; signed?: boolean }) {
  return (
    <>
      <td className="num">{signed ? formatSignedCount(figures.items) : formatCount(figures.items)}</td>
      <td className="num col-money">
        {signed ? (figures.amount === null ? '—' : formatSignedMoney(figures.amount)) : formatMoneyOrDash(figures.amount)}
      </td>
    </>
  );
}

function CompareSummary({
  rows,
  totals,
  baseName,
  otherName,
}: {
  rows: CompareRow[];
  totals: Omit<CompareRow, 'channel' | 'segment' | 'process'>;
  baseName: string;
  otherName: string;
}) {
  return (
    <div className="table-scroll" role="region" aria-label="Resumen comparado" tabIndex={0}>
      <table className="data-table compare-summary" data-testid="compare-summary">
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              Concepto
            </th>
            <th scope="colgroup" colSpan={2}>
              {baseName}
            </th>
            <th scope="colgroup" colSpan={2}>
              {otherName}
            </th>
            <th scope="colgroup" colSpan={2}>
              Diferencia
            </th>
          </tr>
          <tr>
            {[0, 1, 2].map((group) => (
              <FragmentHeaders key={group} />
            ))}
          </tr>
        </thead>
        <tbody>
          {treeOrder(rows).map((row) => {
            const { label, depth } = conceptOf(row);
            const changed = row.difference.items !== 0 || (row.difference.amount !== null && !/^-?0\.00$/.test(row.difference.amount));
            return (
              <tr
                key={`${row.channel}/${row.segment ?? ''}/${row.process ?? ''}`}
                className={`summary-row depth-${depth}${row.process === null ? ' summary-row--channel' : ''}${changed ? ' is-changed' : ''}`}
              >
                <th scope="row" className={`planning-totals__concept depth-${depth}`}>
                  {label}
                </th>
                <FiguresCells figures={row.base} />
                <FiguresCells figures={row.other} />
                <FiguresCells figures={row.difference} signed />
              </tr>
            );
          })}
          <tr className="summary-row summary-row--total" data-testid="compare-total">
            <th scope="row">Total general</th>
            <FiguresCells figures={totals.base} />
            <FiguresCells figures={totals.other} />
            <FiguresCells figures={totals.difference} signed />
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function FragmentHeaders() {
  return (
    <>
      <th scope="col" className="num">
        Ítems
      </th>
      <th scope="col" className="num">
        Monto (S/)
      </th>
    </>
  );
}

const describeLine = (line: PurchaseLineDto) =>
  [channelLabels[line.channel], line.segment ? segmentLabels[line.segment] : null, processLabels[line.process]].filter(Boolean).join(' · ');

function LinesTableHead() {
  return (
    <thead>
      <tr>
        <th scope="col">Código</th>
        <th scope="col">Ítem</th>
        <th scope="col">Canal · proceso</th>
        <th scope="col" className="num">
          Cantidad
        </th>
        <th scope="col" className="num">
          Precio unitario
        </th>
        <th scope="col" className="num">
          Monto (S/)
        </th>
      </tr>
    </thead>
  );
}

function LinesList({ title, lines, testId }: { title: string; lines: PurchaseLineDto[]; testId: string }) {
  if (lines.length === 0) return null;
  return (
    <details className="compare-list" open data-testid={testId}>
      <summary>{title}</summary>
      <table className="data-table">
        <LinesTableHead />
        <tbody>
          {lines.map((line) => (
            <tr key={line.id}>
              <th scope="row" className="code">
                {line.item.code}
              </th>
              <td>{line.item.name}</td>
              <td>{describeLine(line)}</td>
              <td className="num">{formatQuantity(line.quantity)}</td>
              <td className="num">{formatUnitPrice(line.unitPrice)}</td>
              <td className="num col-money">{formatAmountOrDash(line.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function Arrow({ before, after }: { before: string; after: string }) {
  return before === after ? (
    <>{after}</>
  ) : (
    <span className="compare-change">
      <del>{before}</del> → <ins>{after}</ins>
    </span>
  );
}

function ChangedList({ changes }: { changes: { before: PurchaseLineDto; after: PurchaseLineDto }[] }) {
  if (changes.length === 0) return null;
  return (
    <details className="compare-list" open data-testid="compare-changed">
      <summary>Cambiadas</summary>
      <table className="data-table">
        <LinesTableHead />
        <tbody>
          {changes.map(({ before, after }) => (
            <tr key={after.id}>
              <th scope="row" className="code">
                {after.item.code}
              </th>
              <td>{after.item.name}</td>
              <td>
                <Arrow before={describeLine(before)} after={describeLine(after)} />
              </td>
              <td className="num">
                <Arrow before={formatQuantity(before.quantity)} after={formatQuantity(after.quantity)} />
              </td>
              <td className="num">
                <Arrow before={formatUnitPrice(before.unitPrice)} after={formatUnitPrice(after.unitPrice)} />
              </td>
              <td className="num col-money">
                <Arrow before={formatAmountOrDash(before.amount)} after={formatAmountOrDash(after.amount)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
