// npm run db:reset — empties the configured database and loads the demo data again.
import { sql } from 'kysely';
import { databaseConfigFromEnv, migrateToLatest, openDatabase } from './database.ts';
import { seedDemoDataIfEmpty } from './seed/demo-seed.ts';

const { db, kind } = await openDatabase(databaseConfigFromEnv());
try {
  await sql`drop schema public cascade`.execute(db);
  await sql`create schema public`.execute(db);
  await migrateToLatest(db);
  await seedDemoDataIfEmpty(db);
  console.log(`Base de datos (${kind}) reiniciada con los datos de demostración.`);
} finally {
  await db.destroy();
}
