// Builds the purchases table of a programme: leaf rows (channel → segment → process) computed
// from the lines, their subtotals and grand total, each beside the figure a source declares.
import type { Figures, ProgrammeSummary, SummaryRow, SummarySubtotal } from './api.ts';
import { compareSummaryKeys, type Channel, type Process, type Segment } from './domain.ts';
import { compareMoney, subtractMoney, sumMoney } from './money.ts';

export interface ComputedLeaf {
  channel: Channel;
  segment: Segment | null;
  process: Process;
  items: number;
  amount: string | null;
}

export interface DeclaredFigure {
  channel: Channel;
  segment: Segment | null;
  /** null for a subtotal. */
  process: Process | null;
  items: number | null;
  amount: string | null;
}

type Key = { channel: Channel; segment: Segment | null; process: Process | null };
const keyOf = ({ channel, segment, process }: Key) => `${channel}/${segment ?? ''}/${process ?? ''}`;

function total(leaves: readonly ComputedLeaf[]): Pick<Figures, 'items' | 'amount'> {
  const amounts = leaves.flatMap((leaf) => (leaf.amount === null ? [] : [leaf.amount]));
  return {
    items: leaves.reduce((sum, leaf) => sum + leaf.items, 0),
    amount: amounts.length === 0 ? null : sumMoney(amounts),
  };
}

export function buildProgrammeSummary(
  leaves: readonly ComputedLeaf[],
  declared: readonly DeclaredFigure[],
): Omit<ProgrammeSummary, 'source'> {
  const declaredByKey = new Map(declared.map((figure) => [keyOf(figure), figure]));
  const withDeclared = <T extends Key>(key: T, computed: Pick<Figures, 'items' | 'amount'>) => {
    const figure = declaredByKey.get(keyOf(key));
    return { ...key, ...computed, declaredItems: figure?.items ?? null, declaredAmount: figure?.amount ?? null };
  };

  const rows: SummaryRow[] = [...leaves]
    .sort(compareSummaryKeys)
    .map((leaf) => withDeclared({ channel: leaf.channel, segment: leaf.segment, process: leaf.process }, leaf));

  const subtotals: SummarySubtotal[] = [];
  const subtotal = (channel: Channel, segment: Segment | null, within: readonly ComputedLeaf[]) => {
    const { process: _subtotal, ...figures } = withDeclared({ channel, segment, process: null }, total(within));
    subtotals.push(figures);
  };
  for (const channel of unique(rows.map((row) => row.channel))) {
    const inChannel = rows.filter((row) => row.channel === channel);
    subtotal(channel, null, inChannel);
    for (const segment of unique(inChannel.map((row) => row.segment))) {
      if (segment !== null) subtotal(channel, segment, inChannel.filter((leaf) => leaf.segment === segment));
    }
  }

  return {
    rows,
    subtotals,
    totals: { ...total(leaves), declaredItems: null, declaredAmount: null },
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

export type Agreement =
  | { kind: 'agrees' }
  | { kind: 'not-declared' }
  | { kind: 'differs'; items: number; amount: string | null };

/** Computed against declared: agreement, or the difference (computed minus declared). */
export function compareWithDeclared(figures: Figures): Agreement {
  if (figures.declaredItems === null && figures.declaredAmount === null) return { kind: 'not-declared' };
  const items = figures.declaredItems === null ? 0 : figures.items - figures.declaredItems;
  const amount =
    figures.declaredAmount === null
      ? null
      : subtractMoney(figures.amount ?? '0.00', figures.declaredAmount);
  if (items === 0 && (amount === null || compareMoney(amount, '0.00') === 0)) return { kind: 'agrees' };
  return { kind: 'differs', items, amount };
}
