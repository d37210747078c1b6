// Reference against awarded per process type, as bars (Recharts: SVG with presentation attributes,
// no inline <style> and no eval, so it runs under the app's Content-Security-Policy). Money never
// becomes a JS number: each bar's length is its share of the largest figure, computed with
// decimal.js, and every label is the exact amount formatted from its string.
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { Process } from '../../../../shared/domain.ts';
import { processLabels } from '../../../../shared/domain.ts';
import { formatMoney } from '../../../../shared/money.ts';
import { barScale } from '../../platform/lib/money-display.ts';
import type { SavingsFigures } from '../../../../shared/procurement-api.ts';
import { formatPercent } from './procurement-display.tsx';

interface Bars {
  label: string;
  reference: number;
  awarded: number;
  referenceText: string;
  awardedText: string;
}

const ROW_HEIGHT = 72;

export function SavingsChart({ byType, describedBy }: { byType: readonly (SavingsFigures & { type: Process })[]; describedBy: string }) {
  const share = barScale(byType.flatMap((figures) => [figures.reference, figures.awarded]));
  const data: Bars[] = byType.map((figures) => ({
    label: processLabels[figures.type],
    reference: share(figures.reference),
    awarded: share(figures.awarded),
    referenceText: formatMoney(figures.reference),
    awardedText: formatMoney(figures.awarded),
  }));
  const summary = byType
    .map(
      (figures) =>
        `${processLabels[figures.type]}: referencia ${formatMoney(figures.reference)}, adjudicado ${formatMoney(figures.awarded)}, ahorro ${formatMoney(figures.saving)} (${formatPercent(figures.percent)})`,
    )
    .join('; ');

  return (
    <figure className="savings-chart" aria-describedby={describedBy}>
      <figcaption className="savings-chart__caption">Referencia y adjudicado por tipo de proceso (líneas adjudicadas)</figcaption>
      {data.length === 0 ? (
        <p className="muted">Todavía no hay líneas adjudicadas.</p>
      ) : (
        <div className="savings-chart__plot" role="img" aria-label={summary} data-testid="savings-chart">
          <ResponsiveContainer width="100%" height={data.length * ROW_HEIGHT + 60}>
            <BarChart data={data} layout="vertical" margin={{ top: 8, right: 150, bottom: 8, left: 8 }} accessibilityLayer={false}>
              <CartesianGrid horizontal={false} stroke="#e6eaf0" />
              <XAxis type="number" domain={[0, 1]} hide />
              <YAxis type="category" dataKey="label" width={150} tick={{ fill: '#1b2430', fontSize: 13 }} />
              <Legend verticalAlign="top" height={28} />
              <Bar dataKey="reference" name="Referencia" fill="#8fa9c8" isAnimationActive={false}>
                <LabelList dataKey="referenceText" position="right" fill="#1b2430" fontSize={12} />
              </Bar>
              <Bar dataKey="awarded" name="Adjudicado" fill="#1d5fb3" isAnimationActive={false}>
                <LabelList dataKey="awardedText" position="right" fill="#1b2430" fontSize={12} />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
