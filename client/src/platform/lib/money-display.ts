// Money shown in the UI. Amounts are decimal strings end to end: the arithmetic and formatting
// come from shared/money.ts; this file only adds signs and placeholders.
import { formatAmount, formatMoney, isZeroMoney } from '../../../../shared/money.ts';

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
