// Selection processes (issue 12): a programme's planned lines are bought through processes
// (reverse auction, conventional tender, unscheduled purchase) followed from call to contract;
// each line carries a reference price and, once awarded, its supplier and awarded price. The rules
// that must always hold are held here, whatever writes:
// - a planned line is in at most one live process (a void or deserted process releases its lines,
//   which keep their record there);
// - reference and awarded amounts are quantity × unit price rounded half up to the cent, and an
//   award names its supplier, price and quantity together;
// - a RUC has 11 digits and SUNAT's check digit;
// - a line in a live process keeps its channel, segment and process type (its process's), and its
//   quantity follows the planned line's.
// Process rules (common goods by reverse auction, value thresholds per type) are per fiscal year.
import { sql, type Kysely } from 'kysely';

const channels = sql`('minsa_corporate', 'essalud')`;
const segments = sql`('oncology', 'medicines')`;
const types = sql`('reverse_auction', 'conventional', 'unscheduled')`;
const statuses = sql`('programado', 'convocado', 'adjudicado', 'consentido', 'contratado', 'desierto', 'nulo')`;

export async function up(db: Kysely<any>): Promise<void> {
  // SUNAT's check digit: weights 5 4 3 2 7 6 5 4 3 2 over the first ten digits; 11 − (sum mod 11),
  // 10 → 0 and 11 → 1. The same rule as rucProblem in shared/procurement.ts.
  await sql`
    create function ruc_is_valid(ruc text) returns boolean language sql immutable strict parallel safe as $$
      select ruc ~ '^(10|15|16|17|20)[0-9]{9}$'
        and (11 - (
          5 * substr(ruc, 1, 1)::int + 4 * substr(ruc, 2, 1)::int + 3 * substr(ruc, 3, 1)::int
          + 2 * substr(ruc, 4, 1)::int + 7 * substr(ruc, 5, 1)::int + 6 * substr(ruc, 6, 1)::int
          + 5 * substr(ruc, 7, 1)::int + 4 * substr(ruc, 8, 1)::int + 3 * substr(ruc, 9, 1)::int
          + 2 * substr(ruc, 10, 1)::int) % 11) % 10 = substr(ruc, 11, 1)::int
    $$
  `.execute(db);

  await db.schema
    .createTable('suppliers')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('ruc', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('suppliers_ruc_valid', sql`ruc_is_valid(ruc)`)
    .addCheckConstraint('suppliers_name_not_blank', sql`btrim(name) <> ''`)
    .execute();
  await sql`create index suppliers_name_key_idx on suppliers (fold_text(name))`.execute(db);

  await db.schema
    .createTable('procurement_processes')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('segment', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('programado'))
    .addColumn('called_on', 'date')
    .addColumn('awarded_on', 'date')
    .addColumn('contracted_on', 'date')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('procurement_processes_code_not_blank', sql`btrim(code) <> ''`)
    .addCheckConstraint('procurement_processes_title_not_blank', sql`btrim(title) <> ''`)
    .addCheckConstraint('procurement_processes_channel_check', sql`channel in ${channels}`)
    .addCheckConstraint('procurement_processes_segment_check', sql`segment in ${segments}`)
    .addCheckConstraint('procurement_processes_type_check', sql`type in ${types}`)
    .addCheckConstraint('procurement_processes_status_check', sql`status in ${statuses}`)
    // As for lines: MINSA corporate purchases have a segment, EsSalud's have none.
    .addCheckConstraint('procurement_processes_segment_for_minsa', sql`(channel = 'minsa_corporate') = (segment is not null)`)
    .execute();
  // Unique within the programme, whatever the case and surrounding spaces.
  await sql`create unique index procurement_processes_code_unique on procurement_processes (programme_id, lower(btrim(code)))`.execute(db);
  await sql`create trigger procurement_processes_bump_version before update on procurement_processes
    for each row execute function bump_version()`.execute(db);

  await db.schema
    .createTable('process_status_changes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('process_id', 'integer', (c) => c.notNull().references('procurement_processes.id').onDelete('cascade'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('username', 'text')
    .addCheckConstraint('process_status_changes_from_check', sql`from_status in ${statuses}`)
    .addCheckConstraint('process_status_changes_to_check', sql`to_status in ${statuses}`)
    .execute();
  await sql`create index process_status_changes_process_idx on process_status_changes (process_id, at, id)`.execute(db);

  await db.schema
    .createTable('process_lines')
    .addColumn('process_id', 'integer', (c) => c.notNull().references('procurement_processes.id').onDelete('cascade'))
    // NO ACTION, checked at the end of the statement: deleting a programme cascades to its processes
    // and to its lines together; deleting one line that is in a process is refused.
    .addColumn('purchase_line_id', 'integer', (c) => c.notNull().references('purchase_lines.id').onDelete('no action'))
    /** Set when its process ends void or deserted: kept on record, the line free for another process. */
    .addColumn('released', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('quantity', sql`numeric(14, 4)`)
    .addColumn('reference_unit_price', sql`numeric(14, 4)`)
    .addColumn('reference_amount', sql`numeric(14, 2)`)
    .addColumn('supplier_id', 'integer', (c) => c.references('suppliers.id').onDelete('restrict'))
    .addColumn('awarded_unit_price', sql`numeric(14, 4)`)
    .addColumn('awarded_quantity', sql`numeric(14, 4)`)
    .addColumn('awarded_amount', sql`numeric(14, 2)`)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('process_lines_pkey', ['process_id', 'purchase_line_id'])
    // A CHECK, as for purchase lines: a writer that computed the amount otherwise is told.
    .addCheckConstraint('process_lines_reference_amount', sql`reference_amount is not distinct from round(quantity * reference_unit_price, 2)`)
    .addCheckConstraint('process_lines_awarded_amount', sql`awarded_amount is not distinct from round(awarded_quantity * awarded_unit_price, 2)`)
    .addCheckConstraint(
      'process_lines_award_whole',
      sql`(supplier_id is null and awarded_unit_price is null and awarded_quantity is null)
        or (supplier_id is not null and awarded_unit_price is not null and awarded_quantity is not null)`,
    )
    .addCheckConstraint(
      'process_lines_not_negative',
      sql`quantity >= 0 and reference_unit_price >= 0 and awarded_unit_price >= 0 and awarded_quantity > 0`,
    )
    .execute();
  await sql`create unique index process_lines_one_live_process on process_lines (purchase_line_id) where not released`.execute(db);
  await sql`create index process_lines_supplier_idx on process_lines (supplier_id) where supplier_id is not null`.execute(db);
  await sql`create trigger process_lines_bump_version before update on process_lines
    for each row execute function bump_version()`.execute(db);

  // 55000, as for the programme's status: the API answers 409 naming the process.
  await sql`
    create function purchase_line_in_process() returns trigger language plpgsql as $$
    declare
      live record;
    begin
      select p.code into live from process_lines pl join procurement_processes p on p.id = pl.process_id
        where pl.purchase_line_id = new.id and not pl.released;
      if not found then
        return new;
      end if;
      if new.channel is distinct from old.channel or new.segment is distinct from old.segment or new.process is distinct from old.process then
        raise exception 'purchase line % is in process %: its channel, segment and process type stay', new.id, live.code
          using errcode = '55000', constraint = 'purchase_lines_kind_fixed_in_process';
      end if;
      if new.quantity is distinct from old.quantity then
        update process_lines set quantity = new.quantity,
            reference_amount = round(new.quantity * reference_unit_price, 2)
          where purchase_line_id = new.id and not released;
      end if;
      return new;
    end
    $$
  `.execute(db);
  await sql`create trigger purchase_lines_in_process before update of channel, segment, process, quantity on purchase_lines
    for each row execute function purchase_line_in_process()`.execute(db);

  // A formulary item is a common good ("bien común") when it has a ficha técnica in the list.
  await db.schema.alterTable('items').addColumn('common_good_sheet', 'text').execute();
  await sql`alter table items add constraint items_common_good_sheet_not_blank check (btrim(common_good_sheet) <> '')`.execute(db);

  await db.schema
    .createTable('process_rules')
    .addColumn('fiscal_year', 'integer', (c) => c.primaryKey())
    .addColumn('common_goods_by_reverse_auction', 'boolean', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('process_rules_fiscal_year_range', sql`fiscal_year between 1990 and 2100`)
    .execute();
  await sql`create trigger process_rules_bump_version before update on process_rules
    for each row execute function bump_version()`.execute(db);
  await db.schema
    .createTable('process_rule_thresholds')
    .addColumn('fiscal_year', 'integer', (c) => c.notNull().references('process_rules.fiscal_year').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('min_value', sql`numeric(14, 2)`)
    .addColumn('max_value', sql`numeric(14, 2)`)
    .addPrimaryKeyConstraint('process_rule_thresholds_pkey', ['fiscal_year', 'type'])
    .addCheckConstraint('process_rule_thresholds_type_check', sql`type in ${types}`)
    .addCheckConstraint('process_rule_thresholds_not_negative', sql`min_value >= 0 and max_value >= 0`)
    .addCheckConstraint('process_rule_thresholds_ordered', sql`min_value <= max_value`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('process_rule_thresholds').execute();
  await db.schema.dropTable('process_rules').execute();
  await db.schema.alterTable('items').dropColumn('common_good_sheet').execute();
  await sql`drop trigger purchase_lines_in_process on purchase_lines`.execute(db);
  await sql`drop function purchase_line_in_process()`.execute(db);
  await db.schema.dropTable('process_lines').execute();
  await db.schema.dropTable('process_status_changes').execute();
  await db.schema.dropTable('procurement_processes').execute();
  await db.schema.dropTable('suppliers').execute();
  await sql`drop function ruc_is_valid(text)`.execute(db);
}
