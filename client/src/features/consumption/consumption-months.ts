// An item's consumption records as the months its history shows: one network's, or all added up.
import { MoneyDecimal } from '../../../../shared/money.ts';
import type { ConsumptionRecordDto } from '../../../../shared/quantification-api.ts';

/** All care networks added up. */
export const ALL_NETWORKS = '*';

export const networkLabel = (network: string) => (network === '' ? 'Nacional (sin red asistencial)' : network);

export interface MonthRow {
  month: string;
  consumed: string;
  daysOutOfStock: number;
  networks: number;
}

/**
 * One row per month: a network's own, or for all networks the sum of the units and the most days
 * any of them was without stock (days of different networks do not add up).
 */
export function monthRows(records: readonly ConsumptionRecordDto[], network: string): MonthRow[] {
  const byMonth = new Map<string, MonthRow>();
  for (const record of records) {
    if (network !== ALL_NETWORKS && record.careNetwork !== network) continue;
    const month = record.month.slice(0, 7);
    const row = byMonth.get(month);
    if (!row) {
      // numeric(14,4) arrives as "80.5000": shown as the value, "80.5".
      byMonth.set(month, { month, consumed: new MoneyDecimal(record.consumed).toFixed(), daysOutOfStock: record.daysOutOfStock, networks: 1 });
      continue;
    }
    row.consumed = new MoneyDecimal(row.consumed).plus(record.consumed).toFixed();
    row.daysOutOfStock = Math.max(row.daysOutOfStock, record.daysOutOfStock);
    row.networks += 1;
  }
  return [...byMonth.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
}
