// Opening the database for the app: migrate, and seed the demo data into an empty database.
import { databaseConfigFromEnv, migrateToLatest, openDatabase, type DatabaseHandle } from '../db/database.ts';
import { seedDemoDataIfEmpty } from '../db/seed/demo-seed.ts';

export async function prepareDatabase(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseHandle & { seeded: boolean }> {
  const handle = await openDatabase(databaseConfigFromEnv(env));
  await migrateToLatest(handle.db);
  const seeded = await seedDemoDataIfEmpty(handle.db);
  return { ...handle, seeded };
}
