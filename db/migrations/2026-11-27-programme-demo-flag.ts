// Marks the programmes whose item-level detail is invented demo data, so the app can say so
// only when it is true (a deployment may start without the demo: ABASTECE_DEMO_DATA=false).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('programmes')
    .addColumn('demo', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute();
  // Until now the demo seed was the only way a programme came to exist.
  await sql`update programmes set demo = true`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('programmes').dropColumn('demo').execute();
}
