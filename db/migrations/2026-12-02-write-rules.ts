// Programmes, purchase lines, declared figures and budgets become writable from the app (and from
// several app servers at once), so the rules their writers follow are enforced by the database as
// well: whatever path writes a row, and whatever a later one forgets, a row that breaks them is
// refused. Until now only the demo seed wrote these tables, and its data keeps every rule below; a
// database whose rows break one stops here with PostgreSQL's message naming the constraint.
import { sql, type Kysely } from 'kysely';

const versioned = ['items', 'programmes', 'purchase_lines'] as const;

/** Foreign keys, named, each with what deleting the row it points to does. */
const foreignKeys = [
  // An item in a programme cannot be deleted (it is deactivated instead).
  { table: 'purchase_lines', old: 'purchase_lines_item_id_fkey', name: 'purchase_lines_item_fkey', column: 'item_id', references: 'items', onDelete: 'restrict' },
  { table: 'purchase_lines', old: 'purchase_lines_programme_id_fkey', name: 'purchase_lines_programme_fkey', column: 'programme_id', references: 'programmes', onDelete: 'cascade' },
  // A figure exists only as what its document declares about its programme.
  { table: 'declared_figures', old: 'declared_figures_source_document_id_fkey', name: 'declared_figures_source_document_fkey', column: 'source_document_id', references: 'source_documents', onDelete: 'cascade' },
  { table: 'declared_figures', old: 'declared_figures_programme_id_fkey', name: 'declared_figures_programme_fkey', column: 'programme_id', references: 'programmes', onDelete: 'cascade' },
  // A budget outlives the document it was read from.
  { table: 'budgets', old: 'budgets_source_document_id_fkey', name: 'budgets_source_document_fkey', column: 'source_document_id', references: 'source_documents', onDelete: 'set null' },
] as const;

const checks = [
  // A CHECK rather than a generated column: the amount is what reports and files state, and a
  // writer that computed it otherwise (or read a different one from a spreadsheet) must be told,
  // not silently corrected. PostgreSQL's round on numeric goes half away from zero, which for the
  // non-negative values allowed here is half up, as lineAmount in shared/money.ts.
  ['purchase_lines', 'purchase_lines_amount_is_quantity_times_price', sql`amount = round(quantity * unit_price, 2)`],
  // Only an unscheduled purchase may go without quantity and price (the report gives it no amount).
  ['purchase_lines', 'purchase_lines_priced_unless_unscheduled', sql`amount is not null or process = 'unscheduled'`],
  ['programmes', 'programmes_name_not_blank', sql`btrim(name) <> ''`],
  ['programmes', 'programmes_fiscal_year_range', sql`fiscal_year between 1990 and 2100`],
  ['source_documents', 'source_documents_title_not_blank', sql`btrim(title) <> ''`],
  ['source_documents', 'source_documents_reference_not_blank', sql`btrim(reference) <> ''`],
  ['budgets', 'budgets_amount_not_negative', sql`amount >= 0`],
  ['budgets', 'budgets_fiscal_year_range', sql`fiscal_year between 1990 and 2100`],
  ['declared_figures', 'declared_figures_supply_list_check', sql`supply_list in ('centralized', 'local')`],
  ['declared_figures', 'declared_figures_channel_check', sql`channel in ('minsa_corporate', 'essalud')`],
  ['declared_figures', 'declared_figures_segment_check', sql`segment in ('oncology', 'medicines')`],
  ['declared_figures', 'declared_figures_process_check', sql`process in ('reverse_auction', 'conventional', 'unscheduled')`],
  [
    'declared_figures',
    'declared_figures_budget_category_check',
    sql`budget_category in ('medicines', 'medical_supplies', 'dental_supplies', 'radiology_supplies')`,
  ],
  ['declared_figures', 'declared_figures_amount_not_negative', sql`amount >= 0`],
  ['declared_figures', 'declared_figures_fiscal_year_range', sql`fiscal_year between 1990 and 2100`],
  // What each scope is about, and nothing else: the formulary's size (per supply list, or in all)…
  [
    'declared_figures',
    'declared_figures_formulary_shape',
    sql`scope <> 'formulary' or (items is not null and amount is null and programme_id is null and fiscal_year is null
      and channel is null and segment is null and process is null and budget_category is null)`,
  ],
  // …a row of a programme's purchases table: a leaf (channel, segment for MINSA, process) or a
  // subtotal (process absent; segment absent too for the channel's total)…
  [
    'declared_figures',
    'declared_figures_purchases_shape',
    sql`scope <> 'purchases' or (programme_id is not null and channel is not null and supply_list is null
      and fiscal_year is null and budget_category is null
      and (segment is null or channel = 'minsa_corporate')
      and (process is null or (channel = 'minsa_corporate') = (segment is not null)))`,
  ],
  // …or one budget category of one fiscal year.
  [
    'declared_figures',
    'declared_figures_budget_shape',
    sql`scope <> 'budget' or (fiscal_year is not null and budget_category is not null and amount is not null
      and items is null and programme_id is null and supply_list is null and channel is null and segment is null
      and process is null)`,
  ],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['programmes', 'purchase_lines']) {
    await db.schema.alterTable(table).addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  }
  // Optimistic concurrency stands on the version: a trigger moves it on every update, so no write
  // path can forget it, nor set it to anything else.
  await sql`
    create function bump_version() returns trigger language plpgsql as $$
    begin
      new.version := old.version + 1;
      return new;
    end
    $$
  `.execute(db);
  for (const table of versioned) {
    await sql`create trigger ${sql.id(`${table}_bump_version`)} before update on ${sql.table(table)}
      for each row execute function bump_version()`.execute(db);
  }

  for (const fk of foreignKeys) {
    await sql`alter table ${sql.table(fk.table)} drop constraint ${sql.id(fk.old)}`.execute(db);
    await sql`alter table ${sql.table(fk.table)} add constraint ${sql.id(fk.name)}
      foreign key (${sql.ref(fk.column)}) references ${sql.table(fk.references)} (id) on delete ${sql.raw(fk.onDelete)}`.execute(db);
  }

  for (const [table, name, condition] of checks) {
    await sql`alter table ${sql.table(table)} add constraint ${sql.id(name)} check (${condition})`.execute(db);
  }
  // A document states each figure once.
  await sql`
    alter table declared_figures add constraint declared_figures_one_per_key unique nulls not distinct
      (source_document_id, scope, programme_id, fiscal_year, supply_list, channel, segment, process, budget_category)
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table declared_figures drop constraint declared_figures_one_per_key`.execute(db);
  for (const [table, name] of [...checks].reverse()) {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.id(name)}`.execute(db);
  }
  for (const fk of [...foreignKeys].reverse()) {
    await sql`alter table ${sql.table(fk.table)} drop constraint ${sql.id(fk.name)}`.execute(db);
    const onDelete = fk.onDelete === 'cascade' ? sql` on delete cascade` : sql``;
    await sql`alter table ${sql.table(fk.table)} add constraint ${sql.id(fk.old)}
      foreign key (${sql.ref(fk.column)}) references ${sql.table(fk.references)} (id)${onDelete}`.execute(db);
  }
  for (const table of versioned) {
    await sql`drop trigger ${sql.id(`${table}_bump_version`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function bump_version()`.execute(db);
  for (const table of ['purchase_lines', 'programmes']) {
    await db.schema.alterTable(table).dropColumn('version').execute();
  }
}
