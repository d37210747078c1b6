// The keys by which two items may be the same medicine (shared/item-duplicates.ts is the same rule
// in TypeScript): the code without leading zeros or case, and DCI, strength and form each folded
// by fold_text without spaces. Stored and indexed: folding costs microseconds a value, too much to
// repeat over a formulary of tens of thousands of items at every lookup.
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
  // The three parts apart (chr(31), the unit separator), so words cannot move between them.
  await sql`
    create function item_description_key(dci text, strength text, dosage_form text) returns text
    language sql immutable parallel safe strict
    return item_text_key(dci) || chr(31) || item_text_key(strength) || chr(31) || item_text_key(dosage_form)
  `.execute(db);
  await sql`alter table items add column code_key text generated always as (item_code_key(code)) stored`.execute(db);
  await sql`
    alter table items add column description_key text
    generated always as (item_description_key(dci, strength, dosage_form)) stored
  `.execute(db);
  await db.schema.createIndex('items_code_key_idx').on('items').column('code_key').execute();
  await db.schema.createIndex('items_description_key_idx').on('items').column('description_key').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').dropColumn('description_key').execute();
  await db.schema.alterTable('items').dropColumn('code_key').execute();
  await sql`drop function item_description_key(text, text, text)`.execute(db);
  await sql`drop function item_text_key(text)`.execute(db);
  await sql`drop function item_code_key(text)`.execute(db);
}
