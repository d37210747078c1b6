// Spend of a programme by channel and process type, as bars (Recharts, as the savings chart). Money
// never becomes a JS number: a bar's length is its share of the largest amount, computed with
// decimal.js, and its label is the exact amount formatted from its string.
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { channelLabels, processes, processLabels, type Channel, type Process } from '../../../../shared/domain.ts';
import { formatMoney } from '../../../../shared/money.ts';
import { barScale } from '../../platform/lib/money-display.ts';

export interface ChannelSpend {
  channel: Channel;
  /** Amount per process type, a decimal string ("0.00" when none). */
  byProcess: Record<Process, string>;
}

const processFill: Record<Process, string> = { reverse_auction: '#1d5fb3', conventional: '#8fa9c8', unscheduled: '#d08a12' };
const ROW_HEIGHT = 96;

export function SpendChart({ spend }: { spend: readonly ChannelSpend[] }) {
  const share = barScale(spend.flatMap((row) => processes.map((process) => row.byProcess[process])));
  const data = spend.map((row) => ({
    label: channelLabels[row.channel],
    ...Object.fromEntries(processes.flatMap((process) => [
      [process, share(row.byProcess[process])],
      [`${process}Text`, formatMoney(row.byProcess[process])],
    ])),
  }));

  return (
    <ResponsiveContainer width="100%" height={spend.length * ROW_HEIGHT + 60}>
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 150, bottom: 8, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid horizontal={false} stroke="#e6eaf0" />
        <XAxis type="number" domain={[0, 1]} hide />
        <YAxis type="category" dataKey="label" width={190} tick={{ fill: '#1b2430', fontSize: 13 }} />
        <Legend verticalAlign="top" height={28} />
        {processes.map((process) => (
          <Bar key={process} dataKey={process} name={processLabels[process]} fill={processFill[process]} isAnimationActive={false}>
            <LabelList dataKey={`${process}Text`} position="right" fill="#1b2430" fontSize={12} />
          </Bar>
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
