// Starting and stopping the app: open the database (migrate, seed the demo data into an empty
// database unless ABASTECE_DEMO_DATA=false, create the first users), listen, and stop cleanly.
import type { Server } from 'node:http';
import type { Kysely } from 'kysely';
import { DataDirLockedError } from '../db/data-dir-lock.ts';
import { databaseConfigFromEnv, migrateToLatest, openDatabase, type DatabaseHandle } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { ensureInitialUsers } from './features/users/initial-users.ts';

/** ABASTECE_DEMO_DATA: on unless "false" or "0"; any other value but "true" or "1" stops the start. */
export function demoDataFromEnv(value: string | undefined): boolean {
  const normalized = value?.trim().toLowerCase() ?? '';
  if (normalized === '' || normalized === 'true' || normalized === '1') return true;
  if (normalized === 'false' || normalized === '0') return false;
  throw new Error(`ABASTECE_DEMO_DATA debe ser «true» o «false», no «${value}».`);
}

/** PORT: a TCP port number; anything else stops the start before the database is opened. */
export function portFromEnv(value: string | undefined): number {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return 3000;
  const port = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || port < 1 || port > 65_535) throw new Error(`PORT debe ser un número de puerto (1–65535), no «${value}».`);
  return port;
}

export async function prepareDatabase(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseHandle & { seeded: boolean }> {
  const demo = demoDataFromEnv(env.ABASTECE_DEMO_DATA);
  const handle = await openDatabase(databaseConfigFromEnv(env));
  try {
    await migrateToLatest(handle.db);
    // The demo data (and its catalogue of 919 medicines) is loaded only into an empty database.
    const seedable = demo && !(await handle.db.selectFrom('items').select('id').limit(1).executeTakeFirst());
    const seeded = seedable && (await (await import('../db/seed/demo-seed.ts')).seedDemoDataIfEmpty(handle.db));
    await ensureInitialUsers(handle.db, { adminPassword: env.ABASTECE_ADMIN_PASSWORD, demoUsers: demo });
    return { ...handle, seeded };
  } catch (error) {
    // Let go of the data directory before the error ends the process.
    await handle.db.destroy();
    throw error;
  }
}

/** Ends the process with code 1: a refusal prints its Spanish message alone, anything else in full. */
export function exitWith(error: unknown): never {
  console.error(error instanceof DataDirLockedError ? error.message : error);
  process.exit(1);
}

function listenErrorMessage(error: NodeJS.ErrnoException, port: number): string {
  if (error.code === 'EADDRINUSE') {
    return `El puerto ${port} ya está en uso (¿otro Abastece en marcha?). Detenga el proceso que lo ocupa o elija otro puerto con PORT=….`;
  }
  if (error.code === 'EACCES') return `Este usuario no puede escuchar en el puerto ${port}. Elija otro con PORT=… (mayor que 1023).`;
  return `No se pudo escuchar en el puerto ${port}: ${error.message}`;
}

/** Listens on `port`; when it cannot, says why in Spanish, closes the database and exits 1. */
export function listenOrExit(server: Server, port: number, db: Kysely<Database>): Promise<void> {
  return new Promise((resolve) => {
    const fail = async (error: NodeJS.ErrnoException) => {
      console.error(listenErrorMessage(error, port));
      await db.destroy();
      process.exit(1);
    };
    server.once('error', fail);
    server.listen(port, () => {
      server.off('error', fail);
      resolve();
    });
  });
}

/** After a stop signal, requests still open get this long before their connections are cut. */
const shutdownGraceMs = 5_000;

/**
 * SIGTERM and SIGINT stop the server: no new connections, idle keep-alive ones closed at once, busy
 * ones cut after the grace period; then `close` (the database, and with it the data directory's
 * lock) and exit 0. Bounded: if closing hangs, the process exits 1 anyway.
 */
export function stopOnSignals(server: Server, close: () => Promise<void>): void {
  let stopping = false;
  const stop = async () => {
    // A terminal's Ctrl-C reaches this process and npm, which forwards it: one stop is enough.
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      console.error('Abastece no terminó de detenerse a tiempo; sale sin esperar más.');
      process.exit(1);
    }, 3 * shutdownGraceMs).unref();
    const cut = setTimeout(() => server.closeAllConnections(), shutdownGraceMs);
    // close() also closes the idle keep-alive connections (Node 19 and later).
    await new Promise<void>((resolve) => server.close(() => resolve()));
    clearTimeout(cut);
    await close();
    console.log('Abastece detenido.');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
