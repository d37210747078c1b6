// Compares a figure computed from the purchase lines with the figure the source report declares.
// Amounts are compared as decimal strings through shared/money.ts.
import type { Figures } from '../../../shared/api.ts';
import { compareMoney, moneyDifference } from './money-display.ts';

export type AmountCheck =
  | { kind: 'equal' }
  | { kind: 'different'; difference: string }
  /** The report gives no amount (e.g. the unscheduled purchases). */
  | { kind: 'not-declared' }
  /** The report gives an amount but no line carries one. */
  | { kind: 'missing-computed' };

export interface Verification {
  /** The report declares neither items nor amount for this row. */
  undeclared: boolean;
  /** Every figure the report declares is reproduced exactly. */
  matches: boolean;
  /** Computed minus declared items; null when the report gives no item count. */
  itemDifference: number | null;
  amount: AmountCheck;
}

export function verifyFigures(figures: Figures): Verification {
  const { items, amount, declaredItems, declaredAmount } = figures;
  const itemDifference = declaredItems === null ? null : items - declaredItems;

  let amountCheck: AmountCheck;
  if (declaredAmount === null) amountCheck = { kind: 'not-declared' };
  else if (amount === null) amountCheck = { kind: 'missing-computed' };
  else if (compareMoney(amount, declaredAmount) === 0) amountCheck = { kind: 'equal' };
  else amountCheck = { kind: 'different', difference: moneyDifference(amount, declaredAmount) };

  const itemsOk = itemDifference === null || itemDifference === 0;
  const amountOk = amountCheck.kind === 'equal' || amountCheck.kind === 'not-declared';
  return {
    undeclared: declaredItems === null && declaredAmount === null,
    matches: itemsOk && amountOk,
    itemDifference,
    amount: amountCheck,
  };
}
