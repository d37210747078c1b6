// What quantifying a programme reads: its items and lines, the consumption of the review period
// summed per item and month (the one heavy read: 4.2 M rows nationally), stock, parameters and
// the last awarded prices.
import { sql, type Kysely } from 'kysely';
import type { VenClass } from '../../../shared/domain.ts';
import type { Database } from '../../../db/schema.ts';

type Db = Kysely<Database>;

/** A yyyy-mm-dd text as a date (both drivers read dates as Date objects, so none is passed as one). */
const asDate = (text: string) => sql<Date>`cast(${text} as date)`;

export interface ProgrammeLineRow {
  lineId: number;
  itemId: number;
  code: string;
  name: string;
  ven: VenClass;
  supplyList: string;
  channel: string;
  process: string;
  quantity: string | null;
  unitPrice: string | null;
  amount: string | null;
  version: number;
}

export async function findProgrammeLines(db: Db, programmeId: number): Promise<ProgrammeLineRow[]> {
  return db
    .selectFrom('purchase_lines as l')
    .innerJoin('items as i', 'i.id', 'l.item_id')
    .where('l.programme_id', '=', programmeId)
    .select([
      'l.id as lineId',
      'i.id as itemId',
      'i.code',
      'i.name',
      'i.ven',
      'i.supply_list as supplyList',
      'l.channel',
      'l.process',
      'l.quantity',
      'l.unit_price as unitPrice',
      'l.amount',
      'l.version',
    ])
    .orderBy('i.code')
    .orderBy('l.id')
    .execute();
}

export interface MonthlyConsumption {
  itemId: number;
  month: string;
  consumed: string;
  daysOutOfStock: string;
  /** Records summed: one per care network reporting that month. */
  records: number;
}

/**
 * Consumption of the programme's items per item and month of [from, until] (first days), all care
 * networks summed: the aggregation the quantification needs, and the one bench/ compares it with.
 */
export function consumptionByItemAndMonth(db: Db, programmeId: number, from: string, until: string, itemIds?: readonly number[]) {
  return db
    .selectFrom('consumption_records as c')
    .where('c.month', '>=', asDate(from))
    .where('c.month', '<=', asDate(until))
    .where('c.item_id', 'in', (eb) => eb.selectFrom('purchase_lines').where('programme_id', '=', programmeId).select('item_id'))
    .$if(itemIds !== undefined, (qb) => qb.where('c.item_id', 'in', itemIds!))
    .groupBy(['c.item_id', 'c.month'])
    .select([
      'c.item_id as itemId',
      sql<string>`to_char(c.month, 'YYYY-MM')`.as('month'),
      sql<string>`sum(c.consumed)`.as('consumed'),
      sql<string>`sum(c.days_out_of_stock)`.as('daysOutOfStock'),
      sql<number>`count(*)::int`.as('records'),
    ]);
}

/** As consumptionByItemAndMonth; `itemIds` limits it to those items (accepting a few reads only theirs). */
export async function findMonthlyConsumption(db: Db, programmeId: number, from: string, until: string, itemIds?: readonly number[]): Promise<MonthlyConsumption[]> {
  return consumptionByItemAndMonth(db, programmeId, from, until, itemIds).execute();
}

/** Items with consumption in the period and no line in the programme (probed by index, item by item). */
export async function countItemsWithoutLine(db: Db, programmeId: number, from: string, until: string): Promise<number> {
  const row = await db
    .selectFrom('items as i')
    .where((eb) =>
      eb.and([
        eb.exists(eb.selectFrom('consumption_records as c').whereRef('c.item_id', '=', 'i.id').where('c.month', '>=', asDate(from)).where('c.month', '<=', asDate(until)).select(sql`1`.as('one'))),
        eb.not(eb.exists(eb.selectFrom('purchase_lines as l').whereRef('l.item_id', '=', 'i.id').where('l.programme_id', '=', programmeId).select(sql`1`.as('one')))),
      ]),
    )
    .select(sql<number>`count(*)::int`.as('count'))
    .executeTakeFirstOrThrow();
  return row.count;
}

/** Stock of the programme's items, all care networks summed. */
export async function findNationalStock(db: Db, programmeId: number): Promise<Map<number, { stockOnHand: string; stockOnOrder: string }>> {
  const rows = await db
    .selectFrom('stock_positions as s')
    .where('s.item_id', 'in', (eb) => eb.selectFrom('purchase_lines').where('programme_id', '=', programmeId).select('item_id'))
    .groupBy('s.item_id')
    .select(['s.item_id as itemId', sql<string>`sum(s.stock_on_hand)`.as('stockOnHand'), sql<string>`sum(s.stock_on_order)`.as('stockOnOrder')])
    .execute();
  return new Map(rows.map(({ itemId, ...stock }) => [itemId, stock]));
}

export interface ParametersRow {
  itemId: number;
  leadTimeMonths: string;
  procurementPeriodMonths: string;
  safetyStockMonths: string;
  packSize: number;
  minMonths: string;
  maxMonths: string;
}

export async function findProgrammeParameters(db: Db, programmeId: number): Promise<Map<number, ParametersRow>> {
  const rows = await db
    .selectFrom('item_supply_parameters as p')
    .where('p.item_id', 'in', (eb) => eb.selectFrom('purchase_lines').where('programme_id', '=', programmeId).select('item_id'))
    .select([
      'p.item_id as itemId',
      'p.lead_time_months as leadTimeMonths',
      'p.procurement_period_months as procurementPeriodMonths',
      'p.safety_stock_months as safetyStockMonths',
      'p.pack_size as packSize',
      'p.min_months as minMonths',
      'p.max_months as maxMonths',
    ])
    .execute();
  return new Map(rows.map((row) => [row.itemId, row]));
}

export interface LastAward {
  itemId: number;
  unitPrice: string;
  processId: number;
  processCode: string;
  awardedOn: string | null;
}

/**
 * Per item of the programme, its most recent award in any programme: the awarded unit price of
 * the latest awarded (or consented, or contracted) process line, by award date, then process id.
 */
export async function findLastAwards(db: Db, programmeId: number): Promise<Map<number, LastAward>> {
  const rows = await db
    .selectFrom('process_lines as pl')
    .innerJoin('purchase_lines as l', 'l.id', 'pl.purchase_line_id')
    .innerJoin('procurement_processes as p', 'p.id', 'pl.process_id')
    .where('pl.awarded_unit_price', 'is not', null)
    .where('pl.released', '=', false)
    .where('p.status', 'in', ['adjudicado', 'consentido', 'contratado'])
    .where('l.item_id', 'in', (eb) => eb.selectFrom('purchase_lines').where('programme_id', '=', programmeId).select('item_id'))
    .distinctOn('l.item_id')
    .select([
      'l.item_id as itemId',
      sql<string>`pl.awarded_unit_price`.as('unitPrice'),
      'p.id as processId',
      'p.code as processCode',
      sql<string | null>`to_char(p.awarded_on, 'YYYY-MM-DD')`.as('awardedOn'),
    ])
    .orderBy('l.item_id')
    .orderBy(sql`p.awarded_on desc nulls last`)
    .orderBy('p.id', 'desc')
    .execute();
  return new Map(rows.map((row) => [row.itemId, row]));
}

/** Per item of the programme, the sum of its priced lines' amounts (SQL sums exactly; null: none priced). */
export function amountsByItem(db: Db, programmeId: number) {
  return db
    .selectFrom('purchase_lines as l')
    .innerJoin('items as i', 'i.id', 'l.item_id')
    .where('l.programme_id', '=', programmeId)
    .groupBy(['i.id', 'i.code', 'i.name', 'i.ven'])
    .select([
      'i.id as itemId',
      'i.code',
      'i.name',
      'i.ven',
      sql<string | null>`sum(l.amount)`.as('amount'),
    ]);
}

export const sumAmountsByItem = (db: Db, programmeId: number) => amountsByItem(db, programmeId).execute();

/** Total amount and the amount bought by reverse auction (null: no priced line). */
export async function sumAmountsByProcess(db: Db, programmeId: number) {
  return db
    .selectFrom('purchase_lines')
    .where('programme_id', '=', programmeId)
    .select([
      sql<string | null>`sum(amount)`.as('total'),
      sql<string | null>`sum(amount) filter (where process = 'reverse_auction')`.as('reverseAuction'),
    ])
    .executeTakeFirstOrThrow();
}
