// Opens the database: a PostgreSQL server when DATABASE_URL is set, otherwise embedded PGlite.
// Both speak real PostgreSQL; both hand numeric and int8 back as strings, so money stays exact.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
}

const asText = (value: string) => value;

/** PGlite options that make it return numeric and int8 as strings, like node-postgres does. */
export const pgliteParsers = {
  [pgliteTypes.NUMERIC]: asText,
  [pgliteTypes.INT8]: asText,
};

export function openPglite(pglite: PGlite): DatabaseHandle {
  return { db: new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) }), kind: 'pglite' };
}

/** The pool under each PostgreSQL Kysely: what needs a connection of its own (COPY) takes it here. */
const pools = new WeakMap<Kysely<Database>, pg.Pool>();

/** The pg pool behind `db`; undefined on PGlite. */
export const poolOf = (db: Kysely<Database>): pg.Pool | undefined => pools.get(db);

export function openPostgres(connectionString: string, max = 10): DatabaseHandle {
  const pool = new pg.Pool({ connectionString, max });
  // An idle connection the server ends (a restart, a failover, a dropped database) is an 'error'
  // on the pool; unheard, it would crash the process. The pool replaces it on the next query.
  pool.on('error', (error) => console.error(`PostgreSQL cerró una conexión inactiva: ${error.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return { db, kind: 'postgres' };
}

export interface DatabaseConfig {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
}

/** Kysely on a PGlite data directory: destroy() closes PGlite, then lets go of the directory. */
class DataDirKysely extends Kysely<Database> {
  readonly #pglite: PGlite;
  readonly #lock: DataDirLock;

  constructor(pglite: PGlite, lock: DataDirLock) {
    super({ dialect: new PGliteDialect({ pglite }) });
    this.#pglite = pglite;
    this.#lock = lock;
  }

  override async destroy(): Promise<void> {
    await super.destroy();
    // Kysely closes PGlite only if a query ran. Should closing fail, the lock stays until this
    // process exits, and is then taken over as stale.
    if (!this.#pglite.closed) await this.#pglite.close();
    this.#lock.release();
  }
}

/**
 * PGlite's shared buffers: one office's working set (the demo's tables and indexes are some 10 MB)
 * fits in 16 MB (32 MB measured no faster and some 10 MB larger); PostgreSQL's default of 128 MB sits in the process's memory whether used or not.
 * Measured by bench/api-vs-sql.bench.ts (bench/RESULTS.md).
 */
const PGLITE_SHARED_BUFFERS = '16MB';

/** Loads PGlite in a child process, creates an empty database in `dataDir`, and exits. */
const initdbScript = `
  const { PGlite } = await import(process.argv[1]);
  const pglite = await PGlite.create(process.argv[2]);
  await pglite.close();
`;

/**
 * A new data directory is created (initdb) in a short-lived child process: initdb runs a second
 * PGlite instance whose WebAssembly memory a long-lived process would keep (hundreds of MB); the
 * child returns it to the system when it exits.
 */
async function initDataDirInChild(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const child = spawn(process.execPath, ['--input-type=module', '-e', initdbScript, import.meta.resolve('@electric-sql/pglite'), dataDir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const code = await new Promise<number | null>((done, fail) => {
    child.once('error', fail);
    child.once('exit', done);
  });
  if (code !== 0) throw new Error(`No se pudo crear la base de datos en ${dataDir} (initdb terminó con ${code}).`);
}

/**
 * DATABASE_URL: a pool on that server. Otherwise PGlite on DATA_DIR, which this process then holds
 * alone until db.destroy(): a second one is refused with DataDirLockedError.
 */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  const dataDir = resolve(config.dataDir ?? 'data');
  mkdirSync(dataDir, { recursive: true });
  const lock = lockDataDir(dataDir);
  try {
    await initDataDirInChild(dataDir);
    const pglite = await PGlite.create(dataDir, {
      parsers: pgliteParsers,
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
    });
    return { db: new DataDirKysely(pglite, lock), kind: 'pglite' };
  } catch (error) {
    lock.release();
    throw error;
  }
}

export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  return { databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DATA_DIR || undefined };
}

export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}
