// Frozen: never edit a migration that has shipped; add a new one.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('user_roles')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('admin', 'logistics', 'pharmacy', 'finance', 'viewer')`),
    )
    .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role'])
    .execute();

  // The cookie holds a random token; the table holds only its SHA-256, so a copy of the table
  // opens no session.
  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('client_address', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('sign_in_failures')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('client_address', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_failures_username_idx').on('sign_in_failures').columns(['username', 'at']).execute();
  await db.schema.createIndex('sign_in_failures_address_idx').on('sign_in_failures').columns(['client_address', 'at']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('username', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('request_id', 'text')
    .addColumn('client_address', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity', 'entity_id']).execute();
  await db.schema.createIndex('audit_log_user_idx').on('audit_log').columns(['user_id', 'at']).execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();

  // A hash chain kept by the database itself, whoever inserts: each row's hash covers the
  // previous row's hash and the row's own content, so changing, removing or reordering any row
  // shows. The content is a JSON array, whose text PostgreSQL produces the same way every time
  // (the time in UTC, jsonb in its normalised form).
  await sql`
    create function audit_log_content(entry audit_log) returns text language sql stable
    return json_build_array(
      entry.at at time zone 'UTC', entry.user_id, entry.username, entry.action, entry.entity,
      entry.entity_id, entry.before, entry.after, entry.request_id, entry.client_address
    )::text
  `.execute(db);
  await sql`
    create function audit_log_hash(prev_hash text, content text) returns text language sql immutable
    return encode(sha256(convert_to(prev_hash || content, 'UTF8')), 'hex')
  `.execute(db);
  await sql`
    create function audit_log_chain() returns trigger language plpgsql as $$
    begin
      -- One append at a time, so every row chains onto the one before it.
      perform pg_advisory_xact_lock(4122011);
      select hash into new.prev_hash from audit_log order by id desc limit 1;
      new.prev_hash := coalesce(new.prev_hash, repeat('0', 64));
      new.hash := audit_log_hash(new.prev_hash, audit_log_content(new));
      return new;
    end
    $$
  `.execute(db);
  await sql`
    create trigger audit_log_chain before insert on audit_log
    for each row execute function audit_log_chain()
  `.execute(db);

  // Append-only in the database itself: history is added to, never rewritten.
  await sql`
    create function audit_log_reject_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
    end
    $$
  `.execute(db);
  await sql`
    create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_reject_change()
  `.execute(db);
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_reject_change()
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function audit_log_content(audit_log)`.execute(db);
  await db.schema.dropTable('audit_log').execute();
  for (const fn of ['audit_log_reject_change()', 'audit_log_chain()', 'audit_log_hash(text, text)']) {
    await sql`drop function ${sql.raw(fn)}`.execute(db);
  }
  for (const table of ['sign_in_failures', 'sessions', 'user_roles', 'users']) {
    await db.schema.dropTable(table).execute();
  }
}
