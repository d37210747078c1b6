// Opening the database for the app: migrate, seed the demo data into an empty database (unless
// ABASTECE_DEMO_DATA=false), and create the first users.
import { databaseConfigFromEnv, migrateToLatest, openDatabase, type DatabaseHandle } from '../db/database.ts';
import { ensureInitialUsers } from './users/initial-users.ts';

/** ABASTECE_DEMO_DATA: on unless "false" or "0"; any other value but "true" or "1" stops the start. */
export function demoDataFromEnv(value: string | undefined): boolean {
  const normalized = value?.trim().toLowerCase() ?? '';
  if (normalized === '' || normalized === 'true' || normalized === '1') return true;
  if (normalized === 'false' || normalized === '0') return false;
  throw new Error(`ABASTECE_DEMO_DATA debe ser «true» o «false», no «${value}».`);
}

export async function prepareDatabase(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseHandle & { seeded: boolean }> {
  const demo = demoDataFromEnv(env.ABASTECE_DEMO_DATA);
  const handle = await openDatabase(databaseConfigFromEnv(env));
  await migrateToLatest(handle.db);
  // The demo data (and its catalogue of 919 medicines) is loaded only into an empty database.
  const seedable = demo && !(await handle.db.selectFrom('items').select('id').limit(1).executeTakeFirst());
  const seeded = seedable && (await (await import('../db/seed/demo-seed.ts')).seedDemoDataIfEmpty(handle.db));
  await ensureInitialUsers(handle.db, { adminPassword: env.ABASTECE_ADMIN_PASSWORD, demoUsers: demo });
  return { ...handle, seeded };
}
