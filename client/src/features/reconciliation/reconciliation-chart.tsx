// Planned against executed per process type (the type rows of every channel and segment, summed
// exactly), as bars with the same figures as a table and a CSV. Money never becomes a JS number:
// each bar's length is its share of the largest figure (barScale), each label the exact amount.
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { processes, processLabels, type Process } from '../../../../shared/domain.ts';
import { formatMoney, sumMoney } from '../../../../shared/money.ts';
import type { ReconciliationRow } from '../../../../shared/reconciliation-api.ts';
import { varianceDifference, variancePercent } from '../../../../shared/reconciliation.ts';
import { ChartFigure } from '../../platform/components/chart-figure.tsx';
import { barScale, formatSignedMoney } from '../../platform/lib/money-display.ts';
import { formatPercent } from '../procurement/procurement-display.tsx';

interface TypeFigures {
  type: Process;
  planned: string;
  executed: string;
  difference: string;
  percent: string | null;
}

/** The type rows summed per process type, in the types' order. */
export function figuresByType(rows: readonly ReconciliationRow[]): TypeFigures[] {
  return processes.flatMap((type) => {
    const typeRows = rows.filter((row) => row.level === 'type' && row.processType === type);
    if (typeRows.length === 0) return [];
    const planned = sumMoney(typeRows.map((row) => row.planned));
    const executed = sumMoney(typeRows.map((row) => row.executed));
    const difference = varianceDifference(planned, executed);
    return [{ type, planned, executed, difference, percent: variancePercent(planned, difference) }];
  });
}

const ROW_HEIGHT = 72;

export function ReconciliationChart({ rows, fileName }: { rows: readonly ReconciliationRow[]; fileName: string }) {
  const byType = figuresByType(rows);
  const share = barScale(byType.flatMap((figures) => [figures.planned, figures.executed]));
  const data = byType.map((figures) => ({
    label: processLabels[figures.type],
    planned: share(figures.planned),
    executed: share(figures.executed),
    plannedText: formatMoney(figures.planned),
    executedText: formatMoney(figures.executed),
  }));
  const summary = byType
    .map((figures) => `${processLabels[figures.type]}: planificado ${formatMoney(figures.planned)}, ejecutado ${formatMoney(figures.executed)}`)
    .join('; ');
  return (
    <ChartFigure
      title="Planificado y ejecutado por tipo de proceso"
      summary={summary || 'Sin datos'}
      fileName={fileName}
      testId="reconciliation-chart"
      chart={
        data.length === 0 ? (
          <p className="muted">El programa no tiene líneas.</p>
        ) : (
          <ResponsiveContainer width="100%" height={data.length * ROW_HEIGHT + 60}>
            <BarChart data={data} layout="vertical" margin={{ top: 8, right: 160, bottom: 8, left: 8 }} accessibilityLayer={false}>
              <CartesianGrid horizontal={false} stroke="#e6eaf0" />
              <XAxis type="number" domain={[0, 1]} hide />
              <YAxis type="category" dataKey="label" width={160} tick={{ fill: '#1b2430', fontSize: 13 }} />
              <Legend verticalAlign="top" height={28} />
              <Bar dataKey="planned" name="Planificado" fill="#8fa9c8" isAnimationActive={false}>
                <LabelList dataKey="plannedText" position="right" fill="#1b2430" fontSize={12} />
              </Bar>
              <Bar dataKey="executed" name="Ejecutado" fill="#1d5fb3" isAnimationActive={false}>
                <LabelList dataKey="executedText" position="right" fill="#1b2430" fontSize={12} />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        )
      }
      table={{
        columns: [
          { label: 'Tipo de proceso' },
          { label: 'Planificado (S/)', numeric: true },
          { label: 'Ejecutado (S/)', numeric: true },
          { label: 'Diferencia (S/)', numeric: true },
          { label: '%', numeric: true },
        ],
        rows: byType.map((figures) => ({
          key: figures.type,
          cells: [processLabels[figures.type], formatMoney(figures.planned), formatMoney(figures.executed), formatSignedMoney(figures.difference), formatPercent(figures.percent)],
          csv: [processLabels[figures.type], figures.planned, figures.executed, figures.difference, figures.percent ?? ''],
        })),
      }}
    />
  );
}
