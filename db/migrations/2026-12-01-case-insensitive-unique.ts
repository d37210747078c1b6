// Item codes and usernames are unique regardless of case, in the database itself: a check in the
// application before the insert lets two concurrent requests both pass it.
import { sql, type Kysely } from 'kysely';

const uniqueIgnoringCase = [
  { index: 'items_code_lower_key', table: 'items', column: 'code', label: 'Códigos de ítem' },
  { index: 'users_username_lower_key', table: 'users', column: 'username', label: 'Usuarios' },
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const found: string[] = [];
  for (const { table, column, label } of uniqueIgnoringCase) {
    const { rows } = await sql<{ spellings: string }>`
      select string_agg('«' || ${sql.ref(column)} || '»', ', ' order by ${sql.ref(column)} collate "C") as spellings
      from ${sql.table(table)}
      group by lower(${sql.ref(column)})
      having count(*) > 1
      order by lower(${sql.ref(column)}) collate "C"
    `.execute(db);
    if (rows.length > 0) found.push(`${label}: ${rows.map((row) => row.spellings).join('; ')}.`);
  }
  // The operator fixes the data and starts again; the migration must not pick a winner itself.
  if (found.length > 0) {
    throw new Error(
      `No se puede exigir que los códigos de ítem y los usuarios sean únicos sin distinguir mayúsculas: ` +
        `hay repetidos que solo difieren en mayúsculas y minúsculas. ${found.join(' ')} ` +
        `Cambie o fusione los repetidos y vuelva a iniciar Abastece.`,
    );
  }
  for (const { index, table, column } of uniqueIgnoringCase) {
    await db.schema.createIndex(index).on(table).unique().expression(sql`lower(${sql.ref(column)})`).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const { index } of uniqueIgnoringCase) await db.schema.dropIndex(index).execute();
}
