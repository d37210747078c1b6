// The audit chain gets an explicit order. Until now a row chained onto the row with the highest
// id, but ids are drawn before the append lock is taken: under concurrent writes rows chained out
// of id order (even two onto the same row), and verify, walking by id, failed for good. Now the
// trigger numbers each row inside the locked section, from a one-row head that also keeps the
// newest hash, and verify walks by that number.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The last row appended: its position and hash. One row, updated by each append; its row lock
  // is what serialises appends (held until commit).
  await sql`
    create table audit_chain_head (
      singleton boolean primary key default true check (singleton),
      position bigint not null,
      hash text not null
    )
  `.execute(db);

  // Adding the column locks the table until this migration commits, so no row slips in unnumbered.
  await sql`alter table audit_log add column position bigint`.execute(db);
  // Rows so far were appended one at a time in id order as far as anyone can tell: number them so.
  await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
  await sql`
    update audit_log set position = numbered.position
    from (select id, row_number() over (order by id) as position from audit_log) numbered
    where audit_log.id = numbered.id
  `.execute(db);
  await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
  await sql`alter table audit_log alter column position set not null`.execute(db);
  await sql`alter table audit_log add constraint audit_log_position_key unique (position)`.execute(db);
  await sql`
    insert into audit_chain_head (position, hash)
    select coalesce(max(position), 0), coalesce((select hash from audit_log order by position desc limit 1), repeat('0', 64))
    from audit_log
  `.execute(db);

  // Reading the head FOR UPDATE waits for the append before to commit and then sees its row; under
  // REPEATABLE READ or SERIALIZABLE a concurrent append fails to serialise instead of forking.
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

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function audit_log_chain() returns trigger language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(4122011);
      select hash into new.prev_hash from audit_log order by id desc limit 1;
      new.prev_hash := coalesce(new.prev_hash, repeat('0', 64));
      new.hash := audit_log_hash(new.prev_hash, audit_log_content(new));
      return new;
    end
    $$
  `.execute(db);
  await sql`alter table audit_log drop column position`.execute(db);
  await sql`drop table audit_chain_head`.execute(db);
}
