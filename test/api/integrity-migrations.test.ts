// Migrating a deployed database: its audit trail gets chain positions and stays verifiable; codes
// and usernames become unique ignoring case, or, if the data already breaks that, the start stops
// and says which.
import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/database.ts';
import { migrationProvider } from '../../db/migrations/index.ts';
import type { Database } from '../../db/schema.ts';
import { verifyAudit } from '../../server/features/audit/audit.service.ts';
import { createTestDatabase } from '../support/test-database.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** The test database taken back (down) to `migration`, as a deployment of that time has it. */
async function databaseAt(migration: string): Promise<Kysely<Database>> {
  const { db } = await createTestDatabase();
  cleanups.push(() => db.destroy());
  expect((await new Migrator({ db, provider: migrationProvider }).migrateTo(migration)).error).toBeUndefined();
  return db;
}

const insertItem = (db: Kysely<Database>, code: string) => sql`
  insert into items (code, dci, strength, dosage_form, supply_list, therapeutic_group, ven)
  values (${code}, 'x', 'x', 'x', 'local', 'x', 'vital')
`.execute(db);

const insertUser = (db: Kysely<Database>, username: string) =>
  sql`insert into users (username, full_name, password_hash, created_at) values (${username}, 'x', 'x', now())`.execute(db);

describe('migrating a deployed database', () => {
  it('when its audit trail predates chain positions, then rows are numbered in id order, verify is ok and new rows chain on', async () => {
    const db = await databaseAt('2026-11-27-programme-demo-flag');
    for (const entity of ['uno', 'dos', 'tres']) await sql`insert into audit_log (at, action, entity) values (now(), 'update', ${entity})`.execute(db);

    await migrateToLatest(db);
    const rows = await db.selectFrom('audit_log').select(['id', 'position', 'hash']).orderBy('id').execute();
    expect(rows.map((row) => row.position)).toEqual(['1', '2', '3']);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, rows: 3, head: { id: Number(rows[2]!.id), hash: rows[2]!.hash } });

    await db.insertInto('audit_log').values({ at: new Date(), action: 'update', entity: 'cuatro' }).execute();
    const added = await db.selectFrom('audit_log').select(['position', 'prev_hash']).where('entity', '=', 'cuatro').executeTakeFirstOrThrow();
    expect(added).toEqual({ position: '4', prev_hash: rows[2]!.hash });
    expect(await verifyAudit(db)).toMatchObject({ ok: true, rows: 4 });
  });

  it('when it holds codes or usernames that differ only in case, then the migration stops and lists them; once they are fixed, it goes through', async () => {
    const db = await databaseAt('2026-12-01-audit-chain-position');
    for (const code of ['DUP-a', 'dup-A', 'SOLO-1', 'otro-B', 'OTRO-b']) await insertItem(db, code);
    for (const username of ['Ana.Q', 'ana.q', 'luis']) await insertUser(db, username);

    const failure = await migrateToLatest(db).then(
      () => undefined,
      (error: Error) => error,
    );
    const message = (failure?.cause as Error | undefined)?.message;
    expect(message).toBe(
      'No se puede exigir que los códigos de ítem y los usuarios sean únicos sin distinguir mayúsculas: ' +
        'hay repetidos que solo difieren en mayúsculas y minúsculas. ' +
        'Códigos de ítem: «DUP-a», «dup-A»; «OTRO-b», «otro-B». Usuarios: «Ana.Q», «ana.q». ' +
        'Cambie o fusione los repetidos y vuelva a iniciar Abastece.',
    );

    await sql`update items set code = 'DUP-b' where code = 'dup-A'`.execute(db);
    await sql`delete from items where code = 'otro-B'`.execute(db);
    await sql`update users set username = 'ana.quispe' where username = 'Ana.Q'`.execute(db);
    await migrateToLatest(db);
    await expect(insertItem(db, 'solo-1')).rejects.toMatchObject({ code: '23505', constraint: 'items_code_lower_key' });
    await expect(insertUser(db, 'LUIS')).rejects.toMatchObject({ code: '23505', constraint: 'users_username_lower_key' });
  });
});
