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

export type AmountCheck =
  | { kind: 'equal' }
  /** Computed minus declared. */
  | { kind: 'different'; difference: string }
  /** The source gives no amount (e.g. the report's unscheduled purchases). */
  | { kind: 'not-declared' }
  /** The source gives an amount but no line carries one. */
  | { kind: 'missing-computed' };

export interface Verification {
  /** The source declares neither items nor amount for this row. */
  undeclared: boolean;
  /** Every figure the source declares is reproduced exactly. */
  matches: boolean;
  /** Computed minus declared items; null when the source gives no item count. */
  itemDifference: number | null;
  amount: AmountCheck;
}

/** A computed figure against the declared one: agreement, or where and by how much it differs. */
export function verifyFigures({ items, amount, declaredItems, declaredAmount }: Figures): Verification {
  const itemDifference = declaredItems === null ? null : items - declaredItems;
  const amountCheck: AmountCheck =
    declaredAmount === null
      ? { kind: 'not-declared' }
      : amount === null
        ? { kind: 'missing-computed' }
        : compareMoney(amount, declaredAmount) === 0
          ? { kind: 'equal' }
          : { kind: 'different', difference: subtractMoney(amount, declaredAmount) };
  return {
    undeclared: declaredItems === null && declaredAmount === null,
    matches: (itemDifference === null || itemDifference === 0) && (amountCheck.kind === 'equal' || amountCheck.kind === 'not-declared'),
    itemDifference,
    amount: amountCheck,
  };
}
