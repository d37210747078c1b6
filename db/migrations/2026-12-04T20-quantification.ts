// Quantification inputs (issue 14): what was consumed, what is in stock and on order, and each
// item's supply parameters, from which shared/quantification.ts computes how much to buy.
// - care_network '' means national (or the whole of EsSalud): never null, so it is part of the key.
// - A month is stored as its first day; the database holds that and the ranges of each figure.
//   A month after the app's current month is refused by the service (the database has no clock
//   worth trusting for it).
// - (item_id, month) indexes the aggregation over the period (4.2 M rows nationally).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consumption_records')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('care_network', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('month', 'date', (c) => c.notNull())
    .addColumn('consumed', sql`numeric(14,4)`, (c) => c.notNull())
    .addColumn('days_out_of_stock', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('consumption_records_pkey', ['item_id', 'care_network', 'month'])
    .addCheckConstraint('consumption_records_month_first_day', sql`month = date_trunc('month', month)::date`)
    .addCheckConstraint('consumption_records_consumed_not_negative', sql`consumed >= 0`)
    .addCheckConstraint('consumption_records_days_out_of_stock_range', sql`days_out_of_stock between 0 and 31`)
    .addCheckConstraint('consumption_records_care_network_trimmed', sql`care_network = btrim(care_network)`)
    .execute();
  // The primary key leads with (item_id, care_network); the period's aggregation reads by item and month.
  await db.schema.createIndex('consumption_records_item_month_idx').on('consumption_records').columns(['item_id', 'month']).execute();
  await db.schema.createIndex('consumption_records_month_idx').on('consumption_records').column('month').execute();

  await db.schema
    .createTable('stock_positions')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('care_network', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('as_of', 'date', (c) => c.notNull())
    .addColumn('stock_on_hand', sql`numeric(14,4)`, (c) => c.notNull().defaultTo(0))
    .addColumn('stock_on_order', sql`numeric(14,4)`, (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('stock_positions_pkey', ['item_id', 'care_network'])
    .addCheckConstraint('stock_positions_on_hand_not_negative', sql`stock_on_hand >= 0`)
    .addCheckConstraint('stock_positions_on_order_not_negative', sql`stock_on_order >= 0`)
    .addCheckConstraint('stock_positions_care_network_trimmed', sql`care_network = btrim(care_network)`)
    .execute();

  await db.schema
    .createTable('item_supply_parameters')
    .addColumn('item_id', 'integer', (c) => c.primaryKey().references('items.id').onDelete('cascade'))
    .addColumn('lead_time_months', sql`numeric(6,2)`, (c) => c.notNull())
    .addColumn('procurement_period_months', sql`numeric(6,2)`, (c) => c.notNull())
    .addColumn('safety_stock_months', sql`numeric(6,2)`, (c) => c.notNull())
    // Units per pack, a count (OpenLMIS's net content).
    .addColumn('pack_size', 'integer', (c) => c.notNull())
    .addColumn('min_months', sql`numeric(6,2)`, (c) => c.notNull())
    .addColumn('max_months', sql`numeric(6,2)`, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('item_supply_parameters_months_not_negative', sql`lead_time_months >= 0 and procurement_period_months >= 0 and safety_stock_months >= 0 and min_months >= 0`)
    .addCheckConstraint('item_supply_parameters_pack_size_positive', sql`pack_size > 0`)
    .addCheckConstraint('item_supply_parameters_max_not_below_min', sql`max_months >= min_months`)
    .execute();
  await sql`create trigger item_supply_parameters_bump_version before update on item_supply_parameters
    for each row execute function bump_version()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('item_supply_parameters').execute();
  await db.schema.dropTable('stock_positions').execute();
  await db.schema.dropTable('consumption_records').execute();
}
