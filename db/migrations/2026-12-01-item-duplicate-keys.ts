// The keys by which two items may be the same medicine (shared/item-duplicates.ts is the same rule
// in TypeScript): the code without leading zeros or case, and DCI, strength and form folded by
// fold_text without spaces. Indexed, so the item form's lookup stays an index probe on a
// formulary of tens of thousands of items.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function item_code_key(code text) returns text
    language sql immutable parallel safe strict
    return ltrim(lower(code), '0')
  `.execute(db);
  // Space, tab, line feed, carriage return and the no-break spaces spreadsheets paste in.
  await sql`
    create function item_text_key(value text) returns text
    language sql immutable parallel safe strict
    return translate(fold_text(value), ' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(8239), '')
  `.execute(db);
  await sql`create index items_code_key_idx on items (item_code_key(code))`.execute(db);
  await sql`
    create index items_description_key_idx
    on items (item_text_key(dci), item_text_key(strength), item_text_key(dosage_form))
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('items_description_key_idx').execute();
  await db.schema.dropIndex('items_code_key_idx').execute();
  await sql`drop function item_text_key(text)`.execute(db);
  await sql`drop function item_code_key(text)`.execute(db);
}
