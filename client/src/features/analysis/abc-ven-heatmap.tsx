// ABC × VEN as a heat map: a table of the nine cells, each shaded by its share of the programme's
// value, with its count, amount and category; each cell is a button that lists its items.
import type { AbcClass } from '../../../../shared/abc-analysis.ts';
import { abcClasses } from '../../../../shared/abc-analysis.ts';
import { venClasses, venLabels, type VenClass } from '../../../../shared/domain.ts';
import { formatMoney } from '../../../../shared/money.ts';
import { plural } from '../../platform/lib/format.ts';
import type { AbcVenDto } from '../../../../shared/quantification-api.ts';

/** 0 for an empty cell, then one step per 20 % of value. */
export function heatLevel(share: string): number {
  const percent = Number.parseFloat(share);
  if (!(percent > 0)) return 0;
  return Math.min(5, Math.max(1, Math.ceil(percent / 20)));
}

export function AbcVenHeatmap({
  matrix,
  selected,
  onSelectCell,
}: {
  matrix: AbcVenDto;
  selected: { abc: AbcClass | undefined; ven: VenClass | undefined };
  onSelectCell: (abc: AbcClass, ven: VenClass) => void;
}) {
  const cell = (abc: AbcClass, ven: VenClass) => matrix.cells.find((candidate) => candidate.abc === abc && candidate.ven === ven);
  return (
    <table className="heatmap" data-testid="abc-ven-heatmap">
      <caption className="visually-hidden">Clase ABC (filas) por clase VEN (columnas): ítems, monto y porcentaje del valor</caption>
      <thead>
        <tr>
          <td />
          {venClasses.map((ven) => (
            <th key={ven} scope="col">
              {venLabels[ven]} ({ven[0]!.toUpperCase()})
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {abcClasses.map((abc) => (
          <tr key={abc}>
            <th scope="row">Clase {abc}</th>
            {venClasses.map((ven) => {
              const figures = cell(abc, ven);
              if (!figures) return <td key={ven}>—</td>;
              const isSelected = selected.abc === abc && selected.ven === ven;
              return (
                <td key={ven} className={`heatmap__cell heat-${heatLevel(figures.share)}${isSelected ? ' is-selected' : ''}`}>
                  <button
                    type="button"
                    className="heatmap__button"
                    onClick={() => onSelectCell(abc, ven)}
                    aria-pressed={isSelected}
                    data-testid={`abc-ven-cell-${figures.cell}`}
                    aria-label={`${figures.cell}, categoría ${figures.category}: ${plural(figures.items, 'ítem', 'ítems')}, ${formatMoney(figures.amount)}, ${figures.share} % del valor. Ver sus ítems`}
                  >
                    <span className="heatmap__code">
                      {figures.cell} <span className="heatmap__category">· {figures.category}</span>
                    </span>
                    <span className="heatmap__count">{plural(figures.items, 'ítem', 'ítems')}</span>
                    <span className="heatmap__amount">{formatMoney(figures.amount)}</span>
                    <span className="heatmap__share">{figures.share} %</span>
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
