// National-scale quantification inputs for bench/quantification.bench.ts: 385 facilities (care
// networks' establishments) × 919 items × 12 months ≈ 4.2 million monthly consumption records,
// with some days out of stock, one stock position per item and facility, and parameters for
// every item. Set-based SQL (generate_series), so the rows never travel through Node; values are
// deterministic functions of item, facility and month (a rerun gives the same data).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export const FACILITIES = 385;
export const ITEMS = 919;
export const MONTHS = 12;

/** Writes the consumption of every item of the database for `months` months from `from` (yyyy-mm-01). */
export async function generateConsumption(db: Kysely<Database>, from: string, facilities = FACILITIES, months = MONTHS): Promise<number> {
  // Per facility, so each statement stays a bounded transaction (and progress shows).
  let rows = 0;
  for (let start = 1; start <= facilities; start += 35) {
    const end = Math.min(facilities, start + 34);
    const result = await sql`
      insert into consumption_records (item_id, care_network, month, consumed, days_out_of_stock)
      select i.id,
             'EST-' || lpad(f::text, 3, '0'),
             (${from}::date + make_interval(months => m))::date,
             ((i.id * 7919 + f * 104729 + m * 1299709) % 400)::numeric + ((i.id + f) % 4) * 0.25,
             case when (i.id * 31 + f * 17 + m) % 23 = 0 then (i.id + f + m) % 28 else 0 end
      from items i
      cross join generate_series(${start}::int, ${end}::int) f
      cross join generate_series(0, ${months - 1}) m
    `.execute(db);
    rows += Number(result.numAffectedRows ?? 0);
  }
  await sql`
    insert into stock_positions (item_id, care_network, as_of, stock_on_hand, stock_on_order)
    select i.id, 'EST-' || lpad(f::text, 3, '0'), '2026-11-30', ((i.id * 13 + f * 7) % 900)::numeric, ((i.id + f) % 5) * 10
    from items i cross join generate_series(1, ${facilities}) f
  `.execute(db);
  await sql`
    insert into item_supply_parameters (item_id, lead_time_months, procurement_period_months, safety_stock_months, pack_size, min_months, max_months)
    select id, 2 + id % 4, 12, 3, (array[1, 10, 20, 30, 100])[1 + id % 5], 3, 6 from items
  `.execute(db);
  return rows;
}
