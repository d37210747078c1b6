// Frozen: never edit a migration that has shipped; add a new one.
// Indexes for the sorts users choose, so that a page of a large list is read in order instead of
// sorting the whole list to return 100 rows:
// - the item's name folded (case and accents, as fold_text) stored beside it: sorting by name
//   called fold_text on every row, 4 s over a programme of a million lines;
// - items by that key, then code (the tie-break every list uses);
// - a programme's lines by amount, both ways with empty amounts last, as the lines page sorts them.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // A generated column cannot read another (name), so it folds the same parts name is made of.
  await sql`
    alter table items add column name_key text not null
    generated always as (fold_text(dci || ' ' || strength || ' ' || dosage_form)) stored
  `.execute(db);
  await db.schema.createIndex('items_name_key_idx').on('items').columns(['name_key', 'code']).execute();
  await sql`create index purchase_lines_amount_asc_idx on purchase_lines (programme_id, amount asc nulls last)`.execute(db);
  await sql`create index purchase_lines_amount_desc_idx on purchase_lines (programme_id, amount desc nulls last)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('purchase_lines_amount_desc_idx').execute();
  await db.schema.dropIndex('purchase_lines_amount_asc_idx').execute();
  await db.schema.dropIndex('items_name_key_idx').execute();
  await db.schema.alterTable('items').dropColumn('name_key').execute();
}
