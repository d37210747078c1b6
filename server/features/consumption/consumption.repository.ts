// Quantification inputs in the database: monthly consumption, stock positions, supply parameters.
import { sql, type Kysely } from 'kysely';
import type { ConsumptionRecordDto, MonthlyConsumptionDto, StockPositionDto, SupplyParametersDto } from '../../../shared/quantification-api.ts';
import type { Database } from '../../../db/schema.ts';

type Db = Kysely<Database>;

/** Every item's id by its code folded to lower case (codes are unique regardless of case). */
export async function findItemIdsByCode(db: Db): Promise<Map<string, { id: number; code: string }>> {
  const rows = await db.selectFrom('items').select(['id', 'code']).execute();
  return new Map(rows.map((row) => [row.code.toLowerCase(), row]));
}

/** Which of these ids are items. */
export async function findExistingItemIds(db: Db, itemIds: readonly number[]): Promise<Set<number>> {
  if (itemIds.length === 0) return new Set();
  const rows = await db.selectFrom('items').select('id').where('id', 'in', itemIds).execute();
  return new Set(rows.map((row) => row.id));
}

const monthText = sql<string>`to_char(month, 'YYYY-MM')`;
const asOfText = sql<string>`to_char(as_of, 'YYYY-MM-DD')`;

export interface ConsumptionKeyed extends ConsumptionRecordDto {
  itemId: number;
}

export async function findConsumption(db: Db, itemId: number): Promise<ConsumptionRecordDto[]> {
  return db
    .selectFrom('consumption_records')
    .select([monthText.as('month'), 'care_network as careNetwork', 'consumed', 'days_out_of_stock as daysOutOfStock'])
    .where('item_id', '=', itemId)
    .orderBy('month')
    .orderBy('care_network')
    .execute();
}

/** An item's consumption per month, every care network summed. */
export async function findMonthlyTotals(db: Db, itemId: number): Promise<MonthlyConsumptionDto[]> {
  return db
    .selectFrom('consumption_records')
    .where('item_id', '=', itemId)
    .groupBy('month')
    .select([monthText.as('month'), sql<string>`sum(consumed)`.as('consumed'), sql<number>`sum(days_out_of_stock)::int`.as('daysOutOfStock'), sql<number>`count(*)::int`.as('networks')])
    .orderBy('month')
    .execute();
}

/** The stored records of these items (the rows a file may replace), keyed itemId|network|month. */
export async function findConsumptionOf(db: Db, itemIds: readonly number[]): Promise<Map<string, ConsumptionRecordDto>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('consumption_records')
    .select(['item_id as itemId', monthText.as('month'), 'care_network as careNetwork', 'consumed', 'days_out_of_stock as daysOutOfStock'])
    .where('item_id', 'in', itemIds)
    .execute();
  return new Map(rows.map(({ itemId, ...record }) => [consumptionKey(itemId, record.careNetwork, record.month), record]));
}

export const consumptionKey = (itemId: number, careNetwork: string, month: string) => `${itemId}|${careNetwork}|${month}`;

/** Adds or replaces the records (one statement per 1,000 rows). */
export async function upsertConsumption(db: Db, records: readonly ConsumptionKeyed[]): Promise<void> {
  for (let start = 0; start < records.length; start += 1000) {
    await db
      .insertInto('consumption_records')
      .values(
        records.slice(start, start + 1000).map((record) => ({
          item_id: record.itemId,
          care_network: record.careNetwork,
          month: `${record.month}-01`,
          consumed: record.consumed,
          days_out_of_stock: record.daysOutOfStock,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['item_id', 'care_network', 'month']).doUpdateSet((eb) => ({
          consumed: eb.ref('excluded.consumed'),
          days_out_of_stock: eb.ref('excluded.days_out_of_stock'),
        })),
      )
      .execute();
  }
}

export async function findAllConsumption(db: Db): Promise<(ConsumptionRecordDto & { code: string })[]> {
  return db
    .selectFrom('consumption_records as c')
    .innerJoin('items as i', 'i.id', 'c.item_id')
    .select(['i.code', sql<string>`to_char(c.month, 'YYYY-MM')`.as('month'), 'c.care_network as careNetwork', 'c.consumed', 'c.days_out_of_stock as daysOutOfStock'])
    .orderBy('i.code')
    .orderBy('c.care_network')
    .orderBy('c.month')
    .execute();
}

export async function findStock(db: Db, itemId: number): Promise<StockPositionDto[]> {
  return db
    .selectFrom('stock_positions')
    .select(['care_network as careNetwork', asOfText.as('asOf'), 'stock_on_hand as stockOnHand', 'stock_on_order as stockOnOrder'])
    .where('item_id', '=', itemId)
    .orderBy('care_network')
    .execute();
}

export const stockKey = (itemId: number, careNetwork: string) => `${itemId}|${careNetwork}`;

export async function findStockOf(db: Db, itemIds: readonly number[]): Promise<Map<string, StockPositionDto>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('stock_positions')
    .select(['item_id as itemId', 'care_network as careNetwork', asOfText.as('asOf'), 'stock_on_hand as stockOnHand', 'stock_on_order as stockOnOrder'])
    .where('item_id', 'in', itemIds)
    .execute();
  return new Map(rows.map(({ itemId, ...position }) => [stockKey(itemId, position.careNetwork), position]));
}

export async function upsertStock(db: Db, positions: readonly (StockPositionDto & { itemId: number })[]): Promise<void> {
  for (let start = 0; start < positions.length; start += 1000) {
    await db
      .insertInto('stock_positions')
      .values(
        positions.slice(start, start + 1000).map((position) => ({
          item_id: position.itemId,
          care_network: position.careNetwork,
          as_of: position.asOf,
          stock_on_hand: position.stockOnHand,
          stock_on_order: position.stockOnOrder,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['item_id', 'care_network']).doUpdateSet((eb) => ({
          as_of: eb.ref('excluded.as_of'),
          stock_on_hand: eb.ref('excluded.stock_on_hand'),
          stock_on_order: eb.ref('excluded.stock_on_order'),
        })),
      )
      .execute();
  }
}

export async function findAllStock(db: Db): Promise<(StockPositionDto & { code: string })[]> {
  return db
    .selectFrom('stock_positions as s')
    .innerJoin('items as i', 'i.id', 's.item_id')
    .select(['i.code', 's.care_network as careNetwork', sql<string>`to_char(s.as_of, 'YYYY-MM-DD')`.as('asOf'), 's.stock_on_hand as stockOnHand', 's.stock_on_order as stockOnOrder'])
    .orderBy('i.code')
    .orderBy('s.care_network')
    .execute();
}

const parameterColumns = [
  'item_id as itemId',
  'lead_time_months as leadTimeMonths',
  'procurement_period_months as procurementPeriodMonths',
  'safety_stock_months as safetyStockMonths',
  'pack_size as packSize',
  'min_months as minMonths',
  'max_months as maxMonths',
  'version',
] as const;

export async function findParameters(db: Db, itemId: number, options: { forUpdate?: boolean } = {}): Promise<SupplyParametersDto | undefined> {
  let query = db.selectFrom('item_supply_parameters').select(parameterColumns).where('item_id', '=', itemId);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function findParametersOf(db: Db, itemIds: readonly number[]): Promise<Map<number, SupplyParametersDto>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db.selectFrom('item_supply_parameters').select(parameterColumns).where('item_id', 'in', itemIds).execute();
  return new Map(rows.map((row) => [row.itemId, row]));
}

export async function findAllParameters(db: Db): Promise<(SupplyParametersDto & { code: string })[]> {
  return db
    .selectFrom('item_supply_parameters as p')
    .innerJoin('items as i', 'i.id', 'p.item_id')
    .select([
      'i.code',
      'p.item_id as itemId',
      'p.lead_time_months as leadTimeMonths',
      'p.procurement_period_months as procurementPeriodMonths',
      'p.safety_stock_months as safetyStockMonths',
      'p.pack_size as packSize',
      'p.min_months as minMonths',
      'p.max_months as maxMonths',
      'p.version',
    ])
    .orderBy('i.code')
    .execute();
}

export type ParameterValues = Omit<SupplyParametersDto, 'itemId' | 'version'>;

const parameterRow = (values: ParameterValues) => ({
  lead_time_months: values.leadTimeMonths,
  procurement_period_months: values.procurementPeriodMonths,
  safety_stock_months: values.safetyStockMonths,
  pack_size: values.packSize,
  min_months: values.minMonths,
  max_months: values.maxMonths,
});

/** Inserts, or returns false when the item already has parameters (someone created them meanwhile). */
export async function insertParameters(db: Db, itemId: number, values: ParameterValues): Promise<boolean> {
  const inserted = await db
    .insertInto('item_supply_parameters')
    .values({ item_id: itemId, ...parameterRow(values) })
    .onConflict((oc) => oc.column('item_id').doNothing())
    .returning('item_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Inserts the parameters of items that have none (one statement per 1,000 rows). */
export async function insertManyParameters(db: Db, rows: readonly (ParameterValues & { itemId: number })[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 1000) {
    await db
      .insertInto('item_supply_parameters')
      .values(rows.slice(start, start + 1000).map(({ itemId, ...values }) => ({ item_id: itemId, ...parameterRow(values) })))
      .execute();
  }
}

/** Updates at `version`; false when the row moved on. */
export async function updateParametersAtVersion(db: Db, itemId: number, version: number, values: ParameterValues): Promise<boolean> {
  const result = await db.updateTable('item_supply_parameters').set(parameterRow(values)).where('item_id', '=', itemId).where('version', '=', version).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
