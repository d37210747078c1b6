// Every password check becomes a row recorded before the check (a failure until it succeeds), so
// parallel guesses are counted as they arrive; successes stay too, as the evidence of the
// addresses an account is used from. Replaces sign_in_failures, whose rows are carried over.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sign_in_attempts')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('client_address', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('sign_in', 'password_change')`))
    .addColumn('succeeded', 'boolean', (c) => c.notNull().defaultTo(false))
    // Set when an administrator lifts the lockout (password reset, deactivation): the row stays on
    // record but no longer counts.
    .addColumn('cleared_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('sign_in_attempts_username_idx')
    .on('sign_in_attempts')
    .columns(['username', 'client_address', 'at'])
    .execute();
  await db.schema.createIndex('sign_in_attempts_address_idx').on('sign_in_attempts').columns(['client_address', 'at']).execute();

  await sql`
    insert into sign_in_attempts (username, client_address, at, purpose)
    select username, client_address, at, 'sign_in' from sign_in_failures order by id
  `.execute(db);
  await db.schema.dropTable('sign_in_failures').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sign_in_failures')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('client_address', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_failures_username_idx').on('sign_in_failures').columns(['username', 'at']).execute();
  await db.schema.createIndex('sign_in_failures_address_idx').on('sign_in_failures').columns(['client_address', 'at']).execute();
  await sql`
    insert into sign_in_failures (username, client_address, at)
    select username, client_address, at from sign_in_attempts
    where not succeeded and cleared_at is null order by id
  `.execute(db);
  await db.schema.dropTable('sign_in_attempts').execute();
}
