// Frozen: never edit a migration that has shipped; add a new one.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Folding in SQL keeps one definition of "ignoring case and accents" for columns and queries.
  await sql`
    create function fold_text(value text) returns text
    language sql immutable parallel safe strict
    return lower(translate(value,
      'ÁÀÂÄÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇáàâäãéèêëíìîïóòôöõúùûüñç',
      'AAAAAEEEEIIIIOOOOOUUUUNCaaaaaeeeeiiiiooooouuuunc'))
  `.execute(db);

  await db.schema
    .createTable('items')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('dci', 'text', (c) => c.notNull())
    .addColumn('strength', 'text', (c) => c.notNull())
    .addColumn('dosage_form', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) =>
      c.notNull().generatedAlwaysAs(sql`dci || ' ' || strength || ' ' || dosage_form`).stored(),
    )
    .addColumn('search_text', 'text', (c) =>
      c.notNull().generatedAlwaysAs(sql`fold_text(code || ' ' || dci || ' ' || strength || ' ' || dosage_form)`).stored(),
    )
    .addColumn('supply_list', 'text', (c) => c.notNull().check(sql`supply_list in ('centralized', 'local')`))
    .addColumn('therapeutic_group', 'text', (c) => c.notNull())
    .addColumn('ven', 'text', (c) => c.notNull().check(sql`ven in ('vital', 'essential', 'non_essential')`))
    .addColumn('oncology', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('items_code_not_blank', sql`btrim(code) <> ''`)
    .execute();
  await db.schema.createIndex('items_supply_list_idx').on('items').column('supply_list').execute();

  await db.schema
    .createTable('programmes')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('purchase_lines')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('minsa_corporate', 'essalud')`))
    .addColumn('segment', 'text', (c) => c.check(sql`segment in ('oncology', 'medicines')`))
    .addColumn('process', 'text', (c) =>
      c.notNull().check(sql`process in ('reverse_auction', 'conventional', 'unscheduled')`),
    )
    .addColumn('quantity', sql`numeric(14,4)`, (c) => c.check(sql`quantity > 0`))
    .addColumn('unit_price', sql`numeric(14,4)`, (c) => c.check(sql`unit_price >= 0`))
    .addColumn('amount', sql`numeric(14,2)`, (c) => c.check(sql`amount >= 0`))
    .addUniqueConstraint('purchase_lines_item_per_channel', ['programme_id', 'item_id', 'channel'])
    // Only the MINSA corporate purchase is split into segments.
    .addCheckConstraint(
      'purchase_lines_segment_by_channel',
      sql`(channel = 'minsa_corporate') = (segment is not null)`,
    )
    // A priced line carries quantity, unit price and amount together; an unpriced one none of them.
    .addCheckConstraint(
      'purchase_lines_priced_together',
      sql`(quantity is null and unit_price is null and amount is null)
       or (quantity is not null and unit_price is not null and amount is not null)`,
    )
    .execute();
  await db.schema.createIndex('purchase_lines_programme_idx').on('purchase_lines').columns(['programme_id', 'channel', 'segment', 'process']).execute();
  await db.schema.createIndex('purchase_lines_item_idx').on('purchase_lines').column('item_id').execute();

  await db.schema
    .createTable('source_documents')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('published_on', 'date')
    .addColumn('notes', 'text')
    .execute();

  await db.schema
    .createTable('declared_figures')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('source_document_id', 'integer', (c) => c.notNull().references('source_documents.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('formulary', 'purchases', 'budget')`))
    .addColumn('programme_id', 'integer', (c) => c.references('programmes.id').onDelete('cascade'))
    .addColumn('fiscal_year', 'integer')
    .addColumn('supply_list', 'text')
    .addColumn('channel', 'text')
    .addColumn('segment', 'text')
    .addColumn('process', 'text')
    .addColumn('budget_category', 'text')
    .addColumn('items', 'integer', (c) => c.check(sql`items >= 0`))
    .addColumn('amount', sql`numeric(14,2)`)
    .addColumn('printed', 'text')
    .addCheckConstraint('declared_figures_has_value', sql`items is not null or amount is not null`)
    .execute();

  await db.schema
    .createTable('budgets')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) =>
      c.notNull().check(sql`category in ('medicines', 'medical_supplies', 'dental_supplies', 'radiology_supplies')`),
    )
    .addColumn('amount', sql`numeric(14,2)`, (c) => c.notNull())
    .addColumn('source_document_id', 'integer', (c) => c.references('source_documents.id'))
    .addUniqueConstraint('budgets_category_per_year', ['fiscal_year', 'category'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['budgets', 'declared_figures', 'source_documents', 'purchase_lines', 'programmes', 'items']) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop function fold_text(text)`.execute(db);
}
