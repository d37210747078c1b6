// npm run db:reset — empties the configured database and loads the demo data again. Refused while a
// server has the same data directory open.
import { sql } from 'kysely';
import { databaseConfigFromEnv, migrateToLatest, openDatabase } from './database.ts';
import { seedDemoDataIfEmpty } from './seed/demo-seed.ts';
import { exitWith } from '../server/start.ts';
import { ensureInitialUsers } from '../server/features/users/initial-users.ts';

const { db, kind } = await openDatabase(databaseConfigFromEnv()).catch(exitWith);
try {
  await sql`drop schema public cascade`.execute(db);
  await sql`create schema public`.execute(db);
  await migrateToLatest(db);
  await seedDemoDataIfEmpty(db);
  await ensureInitialUsers(db, { adminPassword: process.env.ABASTECE_ADMIN_PASSWORD, demoUsers: true });
  console.log(`Base de datos (${kind}) reiniciada con los datos de demostración.`);
} finally {
  await db.destroy();
}
