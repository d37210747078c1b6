// Money shown in the UI. Amounts are decimal strings end to end: the arithmetic and formatting
// come from shared/money.ts; this file only adds signs and placeholders.
import { formatAmount, formatMoney, isZeroMoney, MoneyDecimal } from '../../../../shared/money.ts';

export const NO_AMOUNT = '—';

export function formatMoneyOrDash(amount: string | null | undefined): string {
  return amount === null || amount === undefined ? NO_AMOUNT : formatMoney(amount);
}

export function formatAmountOrDash(amount: string | null | undefined): string {
  return amount === null || amount === undefined ? NO_AMOUNT : formatAmount(amount);
}

/** "+S/ 12.34" / "−S/ 12.34" for a signed decimal string such as a computed difference. */
export function formatSignedMoney(amount: string): string {
  if (isZeroMoney(amount)) return formatMoney(amount.replace(/^-/, ''));
  const negative = amount.trim().startsWith('-');
  const magnitude = negative ? amount.trim().slice(1) : amount.trim().replace(/^\+/, '');
  return `${negative ? '−' : '+'}${formatMoney(magnitude)}`;
}

/**
 * Bar lengths for a chart of amounts: each one's share of the largest, 0 to 1 (4 decimals), worked
 * out with decimal.js. A length is geometry, not money: only it becomes a JS number.
 */
export function barScale(amounts: Iterable<string>): (amount: string) => number {
  const largest = [...amounts].reduce((max, amount) => MoneyDecimal.max(max, amount), new MoneyDecimal(0));
  return (amount) => (largest.isZero() ? 0 : new MoneyDecimal(amount).dividedBy(largest).toDecimalPlaces(4).toNumber());
}
