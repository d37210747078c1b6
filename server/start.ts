// Opening the database for the app: migrate, seed the demo data into an empty database, and
// create the first users.
import { databaseConfigFromEnv, migrateToLatest, openDatabase, type DatabaseHandle } from '../db/database.ts';
import { ensureInitialUsers } from './users/initial-users.ts';

export async function prepareDatabase(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseHandle & { seeded: boolean }> {
  const handle = await openDatabase(databaseConfigFromEnv(env));
  await migrateToLatest(handle.db);
  // The demo data (and its catalogue of 919 medicines) is loaded only into an empty database.
  const empty = !(await handle.db.selectFrom('items').select('id').limit(1).executeTakeFirst());
  const seeded = empty && (await (await import('../db/seed/demo-seed.ts')).seedDemoDataIfEmpty(handle.db));
  await ensureInitialUsers(handle.db, { adminPassword: env.ABASTECE_ADMIN_PASSWORD, demoUsers: true });
  return { ...handle, seeded };
}
