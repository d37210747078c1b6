// Many audit rows appended in one transaction (an import writes one per record it changes) moved
// the chain's head once per row: each update leaves a version of the head row that every later
// one steps over until commit, so n rows cost n² (20,000 rows: 27 s on PGlite, 15 s on a
// PostgreSQL server). Now the row trigger carries the running head, from row to row of one
// statement, in a transaction-local setting, and a statement trigger writes the head row once at
// the statement's end. A statement's first row still reads the head FOR UPDATE, so appends from
// other transactions wait for this one to commit as before, and chain onto its last row.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function audit_log_chain() returns trigger language plpgsql as $$
    declare
      running text := current_setting('abastece.audit_chain_running', true);
      head audit_chain_head;
    begin
      if coalesce(running, '') = '' then
        select * into strict head from audit_chain_head for update;
      else
        head.position := split_part(running, ':', 1)::bigint;
        head.hash := split_part(running, ':', 2);
      end if;
      new.position := head.position + 1;
      new.prev_hash := head.hash;
      new.hash := audit_log_hash(new.prev_hash, audit_log_content(new));
      perform set_config('abastece.audit_chain_running', new.position || ':' || new.hash, true);
      return new;
    end
    $$
  `.execute(db);
  await sql`
    create function audit_log_chain_head() returns trigger language plpgsql as $$
    declare
      running text := current_setting('abastece.audit_chain_running', true);
    begin
      if coalesce(running, '') <> '' then
        update audit_chain_head set position = split_part(running, ':', 1)::bigint, hash = split_part(running, ':', 2);
        perform set_config('abastece.audit_chain_running', '', true);
      end if;
      return null;
    end
    $$
  `.execute(db);
  await sql`
    create trigger audit_log_chain_head after insert on audit_log
    for each statement execute function audit_log_chain_head()
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger audit_log_chain_head on audit_log`.execute(db);
  await sql`drop function audit_log_chain_head()`.execute(db);
  await sql`
    create or replace function audit_log_chain() returns trigger language plpgsql as $$
    declare
      head audit_chain_head;
    begin
      select * into strict head from audit_chain_head for update;
      new.position := head.position + 1;
      new.prev_hash := head.hash;
      new.hash := audit_log_hash(new.prev_hash, audit_log_content(new));
      update audit_chain_head set position = new.position, hash = new.hash;
      return new;
    end
    $$
  `.execute(db);
}
