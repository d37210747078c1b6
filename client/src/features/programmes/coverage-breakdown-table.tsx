// Coverage of the formulary broken down by supply list, therapeutic group or VEN class: per row
// the items and, per coverage status, the count and its share of the row's items. Every count is a
// link that lists those items below. "No cubierto" is a gap for centralized items (red) and
// expected for local items, which the networks buy (neutral).
import { Link } from 'react-router';
import type { CoverageBreakdown, CoverageBreakdownRow, CoverageDimension } from '../../../../shared/api.ts';
import {
  coverageStatuses,
  coverageStatusLabels,
  supplyListLabels,
  venLabels,
  type CoverageStatus,
  type SupplyList,
  type VenClass,
} from '../../../../shared/domain.ts';
import { formatCount } from '../../platform/lib/format.ts';
import { dimensionLabels, drillDownSearch } from './coverage-params.ts';

/** Short headers: the full label is in the title. */
const statusHeaders: Record<CoverageStatus, string> = {
  both: 'Ambos canales',
  minsa_corporate: 'Solo MINSA',
  essalud: 'Solo EsSalud',
  unscheduled_only: 'Solo no programada',
  not_covered: 'No cubierto',
};

export function keyLabel(dimension: CoverageDimension, key: string): string {
  if (dimension === 'supplyList') return supplyListLabels[key as SupplyList] ?? key;
  if (dimension === 'ven') return venLabels[key as VenClass] ?? key;
  return key;
}

export function formatShare(count: number, of: number): string {
  if (of === 0) return '—';
  const share = (count / of) * 100;
  const text = share === 0 || share === 100 ? share.toFixed(0) : share.toFixed(1);
  return `${text} %`;
}

const rowFilter = (dimension: CoverageDimension, key: string) =>
  dimension === 'supplyList'
    ? { supplyList: key as SupplyList }
    : dimension === 'ven'
      ? { ven: key as VenClass }
      : { group: key };

export function CoverageBreakdownTable({
  breakdown,
  centralizedGaps,
}: {
  breakdown: CoverageBreakdown;
  /**
   * Centralized items not covered, per row key and in total (the breakdown by group or VEN mixes
   * both supply lists); undefined while unknown.
   */
  centralizedGaps: { byKey: ReadonlyMap<string, number>; total: number } | undefined;
}) {
  const dimension = breakdown.by;
  const rows = breakdown.rows;
  return (
    <div className="table-scroll table-scroll--auto" role="region" aria-label={`Cobertura por ${dimensionLabels[dimension].toLowerCase()}`} tabIndex={0}>
      <table className="data-table breakdown-table" data-testid="coverage-breakdown">
        <caption className="visually-hidden">
          Ítems del petitorio por {dimensionLabels[dimension].toLowerCase()} y estado de cobertura, con su porcentaje de
          la fila
        </caption>
        <thead>
          <tr>
            <th scope="col">{dimensionLabels[dimension]}</th>
            <th scope="col" className="num">
              Ítems
            </th>
            {coverageStatuses.map((status) => (
              <th key={status} scope="col" className="num" title={coverageStatusLabels[status]}>
                {statusHeaders[status]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={coverageStatuses.length + 2} className="data-table__empty">
                El petitorio no tiene ítems.
              </td>
            </tr>
          ) : null}
          {rows.map((row) => (
            <BreakdownRow
              key={row.key}
              dimension={dimension}
              row={row}
              testKey={row.key}
              filter={rowFilter(dimension, row.key)}
              centralizedGap={
                dimension === 'supplyList'
                  ? row.key === 'centralized'
                    ? row.byStatus.not_covered
                    : 0
                  : centralizedGaps?.byKey.get(row.key)
              }
              localOnly={dimension === 'supplyList' && row.key === 'local'}
            />
          ))}
          <BreakdownRow
            dimension={dimension}
            row={{ key: 'Total', ...breakdown.totals }}
            testKey="total"
            filter={{}}
            total
            centralizedGap={centralizedGaps?.total}
            localOnly={false}
          />
        </tbody>
      </table>
    </div>
  );
}

function BreakdownRow({
  dimension,
  row,
  testKey,
  filter,
  total = false,
  centralizedGap,
  localOnly,
}: {
  dimension: CoverageDimension;
  row: CoverageBreakdownRow;
  testKey: string;
  filter: { supplyList?: SupplyList; group?: string; ven?: VenClass };
  total?: boolean;
  /** Centralized items of this row without coverage (undefined: unknown). */
  centralizedGap: number | undefined;
  /** Every item of the row is local: not covered is expected. */
  localOnly: boolean;
}) {
  const label = total ? 'Total' : keyLabel(dimension, row.key);
  return (
    <tr className={total ? 'row-total' : undefined} data-testid={`breakdown-row-${testKey}`}>
      <th scope="row">{label}</th>
      <td className="num">
        <Link
          to={{ search: drillDownSearch(dimension, filter) }}
          state={{ drill: true }}
          preventScrollReset
          data-testid={`breakdown-${testKey}-items`}
          aria-label={`${formatCount(row.items)} ítems de ${label}: ver la lista`}
        >
          {formatCount(row.items)}
        </Link>
      </td>
      {coverageStatuses.map((status) => {
        const count = row.byStatus[status];
        const notCovered = status === 'not_covered';
        // For a row that is all centralized (or the centralized part of it), missing coverage is a gap.
        const gap = notCovered && centralizedGap !== undefined && centralizedGap > 0;
        const mixed = notCovered && gap && centralizedGap !== count;
        const className = ['num', 'breakdown__cell', gap && !mixed ? 'is-gap' : '', notCovered && (localOnly || (count > 0 && !gap)) ? 'is-expected' : '']
          .filter(Boolean)
          .join(' ');
        return (
          <td key={status} className={className}>
            {count === 0 ? (
              <span className="breakdown__count muted" data-testid={`breakdown-${testKey}-${status}`}>
                0
              </span>
            ) : (
              <Link
                className="breakdown__count"
                to={{ search: drillDownSearch(dimension, { ...filter, status }) }}
                state={{ drill: true }}
                preventScrollReset
                data-testid={`breakdown-${testKey}-${status}`}
                aria-label={`${formatCount(count)} ítems de ${label} con estado «${coverageStatusLabels[status]}»: ver la lista`}
              >
                {formatCount(count)}
              </Link>
            )}
            <span className="breakdown__share">
              {formatShare(count, row.items)}
              {notCovered && localOnly && count > 0 ? <span title="Los ítems locales los compran las redes"> · esperado</span> : null}
            </span>
            {mixed ? (
              <Link
                className="breakdown__gap"
                to={{ search: drillDownSearch(dimension, { ...filter, status, supplyList: 'centralized' }) }}
                state={{ drill: true }}
                preventScrollReset
                data-testid={`breakdown-${testKey}-centralized-gap`}
              >
                {formatCount(centralizedGap)} centralizado{centralizedGap === 1 ? '' : 's'}
              </Link>
            ) : null}
          </td>
        );
      })}
    </tr>
  );
}
