// The Pareto curve of a programme (Recharts, SVG without inline <style> or eval: it runs under the
// app's Content-Security-Policy): cumulative share of value against share of items, over the A, B
// and C bands. A click on a band lists its items; the class buttons beside the chart do the same
// from the keyboard. Shares are percentages (never money), plotted as numbers.
import { CartesianGrid, Line, LineChart, ReferenceArea, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { AbcClass } from '../../../../shared/abc-analysis.ts';

export interface ParetoPoint {
  /** Share of items up to and including this one, in percent. */
  x: number;
  /** Cumulative share of value, in percent. */
  y: number;
}

export interface ParetoBand {
  class: AbcClass;
  /** From and to, in percent of items. */
  from: number;
  to: number;
}

const bandFill: Record<AbcClass, string> = { A: '#1d5fb3', B: '#d08a12', C: '#7b8794' };
const percentTick = (value: number) => `${value} %`;

export function ParetoChart({
  points,
  bands,
  selected,
  onSelectClass,
}: {
  points: readonly ParetoPoint[];
  bands: readonly ParetoBand[];
  selected: AbcClass | undefined;
  onSelectClass: (abc: AbcClass) => void;
}) {
  return (
    <ResponsiveContainer width="100%" height={360}>
      <LineChart data={points as ParetoPoint[]} margin={{ top: 24, right: 24, bottom: 28, left: 8 }} accessibilityLayer={false}>
        {bands.map((band) =>
          band.to > band.from ? (
            <ReferenceArea
              key={band.class}
              x1={band.from}
              x2={band.to}
              y1={0}
              y2={100}
              ifOverflow="visible"
              shape={(props: { x?: number; y?: number; width?: number; height?: number }) => (
                <g
                  className={`pareto-band pareto-band--${band.class}${selected === band.class ? ' is-selected' : ''}`}
                  data-testid={`pareto-band-${band.class}`}
                  onClick={() => onSelectClass(band.class)}
                >
                  <rect
                    x={props.x}
                    y={props.y}
                    width={props.width}
                    height={props.height}
                    fill={bandFill[band.class]}
                    fillOpacity={selected === band.class ? 0.28 : 0.12}
                  />
                  <text x={(props.x ?? 0) + (props.width ?? 0) / 2} y={(props.y ?? 0) - 6} textAnchor="middle" fill="#1b2430" fontSize={13} fontWeight={700}>
                    {band.class}
                  </text>
                </g>
              )}
            />
          ) : null,
        )}
        <CartesianGrid stroke="#e6eaf0" />
        <XAxis
          type="number"
          dataKey="x"
          domain={[0, 100]}
          ticks={[0, 20, 40, 60, 80, 100]}
          tickFormatter={percentTick}
          tick={{ fill: '#1b2430', fontSize: 12 }}
          label={{ value: 'Porcentaje de ítems', position: 'insideBottom', offset: -16, fill: '#1b2430', fontSize: 12 }}
        />
        <YAxis
          type="number"
          domain={[0, 100]}
          ticks={[0, 20, 40, 60, 80, 100]}
          tickFormatter={percentTick}
          tick={{ fill: '#1b2430', fontSize: 12 }}
          width={56}
          label={{ value: 'Valor acumulado', angle: -90, position: 'insideLeft', offset: 10, fill: '#1b2430', fontSize: 12 }}
        />
        <Line type="linear" dataKey="y" stroke="#0b2e59" strokeWidth={2} dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
