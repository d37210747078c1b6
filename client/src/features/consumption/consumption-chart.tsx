// An item's monthly consumption with its stock-out days (Recharts, SVG without inline <style> or
// eval: it runs under the app's Content-Security-Policy). Units consumed are bars on the left axis,
// days without stock a line on the right one; quantities are plotted as numbers, and the exact
// figures are in the table beside the chart.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, XAxis, YAxis } from 'recharts';

export interface ConsumptionPoint {
  /** "2026-11". */
  month: string;
  consumed: number;
  daysOutOfStock: number;
}

const countTick = (value: number) => value.toLocaleString('en-US');

export function ConsumptionChart({ points, daysLabel }: { points: readonly ConsumptionPoint[]; daysLabel: string }) {
  return (
    <ResponsiveContainer width="100%" height={320}>
      <ComposedChart data={points as ConsumptionPoint[]} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid stroke="#e6eaf0" />
        <XAxis dataKey="month" tick={{ fill: '#1b2430', fontSize: 12 }} />
        <YAxis yAxisId="units" tickFormatter={countTick} tick={{ fill: '#1b2430', fontSize: 12 }} width={80} />
        <YAxis yAxisId="days" orientation="right" domain={[0, 31]} ticks={[0, 7, 14, 21, 28]} tick={{ fill: '#8a5a00', fontSize: 12 }} width={40} />
        <Legend verticalAlign="top" height={28} />
        <Bar yAxisId="units" dataKey="consumed" name="Consumo (unidades)" fill="#1d5fb3" isAnimationActive={false} />
        <Line
          yAxisId="days"
          type="linear"
          dataKey="daysOutOfStock"
          name={daysLabel}
          stroke="#d08a12"
          strokeWidth={2}
          dot={{ r: 3 }}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
