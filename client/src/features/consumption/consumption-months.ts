// An item's consumption as the months its history shows: one care network's records, or the
// national monthly totals the API sums over every network.
import { MoneyDecimal } from '../../../../shared/money.ts';
import type { ConsumptionRecordDto, MonthlyConsumptionDto } from '../../../../shared/quantification-api.ts';

/** All care networks together. */
export const ALL_NETWORKS = '*';

export const networkLabel = (network: string) => (network === '' ? 'Nacional (sin red asistencial)' : network);

export interface MonthRow {
  month: string;
  /** Units, as their value ("80.5", not "80.5000"). */
  consumed: string;
  /** Days without stock: the network's own, or across networks the average per network reporting, to a tenth. */
  daysOutOfStock: string;
  networks: number;
}

const value = (decimal: string) => new MoneyDecimal(decimal).toFixed();

/** One network's months, oldest first. */
export function networkRows(records: readonly ConsumptionRecordDto[], network: string): MonthRow[] {
  return records
    .filter((record) => record.careNetwork === network)
    .map((record) => ({ month: record.month.slice(0, 7), consumed: value(record.consumed), daysOutOfStock: String(record.daysOutOfStock), networks: 1 }))
    .sort((a, b) => (a.month < b.month ? -1 : 1));
}

/**
 * Every network's months added up: units summed (by the API), days out of stock as the average
 * per network reporting, rounded half up to a tenth, as the WHO/MSH method averages them (days of
 * different networks do not add up to days of a month).
 */
export function nationalRows(months: readonly MonthlyConsumptionDto[]): MonthRow[] {
  return months
    .map((month) => ({
      month: month.month.slice(0, 7),
      consumed: value(month.consumed),
      daysOutOfStock: new MoneyDecimal(month.daysOutOfStock).dividedBy(Math.max(1, month.networks)).toDecimalPlaces(1, MoneyDecimal.ROUND_HALF_UP).toFixed(),
      networks: month.networks,
    }))
    .sort((a, b) => (a.month < b.month ? -1 : 1));
}
