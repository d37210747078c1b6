// The database session an SAP import works in (issue 13): its staging tables are TEMP tables of
// that session, so whatever ends the session (the import over, cancelled, or the server killed)
// takes them along; nothing of a batch exists outside them until its one transaction commits.
// On PostgreSQL it is a connection of its own, taken from the pool for the import and closed
// after it, which can also COPY; on PGlite, the one connection there is.
import { Kysely, PostgresDialect, sql, type PostgresPool } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { poolOf } from '../../../db/database.ts';
import type { Database } from '../../../db/schema.ts';

export interface ImportSession {
  /** Queries on this session only. */
  db: Kysely<Database>;
  /** COPY … FROM STDIN fed by `source` (PostgreSQL only). */
  copy: ((statement: string, source: Readable) => Promise<void>) | null;
  /** Interrupts the statement running on the session, if any (PostgreSQL only). */
  interrupt(): Promise<void>;
  /** Ends the session; `drop` names its temp tables (not views), dropped where the session outlives the import (PGlite). */
  close(drop: readonly string[]): Promise<void>;
}

export async function openImportSession(db: Kysely<Database>): Promise<ImportSession> {
  const pool = poolOf(db);
  if (!pool) {
    return {
      db,
      copy: null,
      interrupt: async () => {},
      close: async (drop) => {
        // Cascade: views over them go too.
        if (drop.length > 0) await sql`drop table if exists ${sql.join(drop.map((table) => sql.table(table)))} cascade`.execute(db);
      },
    };
  }
  const client = await pool.connect();
  // Cut from outside (a database restart, pg_terminate_backend), the connection fails the running
  // query, which ends the import as failed; unheard, its 'error' event would end the process.
  client.on('error', () => {});
  // Its own settings (the connection is closed after): room for the staging tables in memory and
  // for sorting and hashing a million lines without spilling to disk.
  await client.query(`set temp_buffers = '128MB'; set work_mem = '64MB'`).catch((error: unknown) => {
    client.release(true);
    throw error;
  });
  // Kysely over this one connection: every query, and the transaction, run on it.
  const connection = { query: client.query.bind(client), release: () => {} };
  const single: PostgresPool = { connect: async () => connection as never, end: async () => {}, options: pool.options };
  const sessionDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: single }) });
  const processId = (client as pg.PoolClient & { processID: number }).processID;
  return {
    db: sessionDb,
    copy: (statement, source) => pipeline(source, client.query(copyFrom(statement))),
    interrupt: async () => {
      await pool.query('select pg_cancel_backend($1)', [processId]);
    },
    close: async () => {
      await sessionDb.destroy();
      // Closed rather than returned: its temp tables and settings go with it.
      client.release(true);
    },
  };
}
