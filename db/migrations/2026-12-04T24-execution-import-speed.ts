// The executions import at a million rows (issue 13): an executed line is inserted already
// matched (matching after would rewrite every row), so
// - the sign-off lock on executed lines inserted matched is checked once per statement over its
//   transition table, as every other lock trigger (T23's per-row check ran a million times);
// - one foreign key (batch_id, programme_id) → execution_batches (id, programme_id) replaces the
//   two (batch_id → execution_batches, programme_id → programmes): one check per row, not two, and
//   it holds more (a line's programme is its batch's; the batch's is a programme);
// - (programme_id, material_key) is not indexed: only matching reads material_key, joining every
//   pending line at once (a hash join, never a lookup), and each insert paid for the index.
// T21's rules stand: a pair once per programme, generated keys and amounts, the checks.
import { sql, type Kysely } from 'kysely';

/** The lock check of T23, its insert branch over `new_rows` like its update branch. */
const lockCheck = (insertStatement: boolean) => sql`
  create or replace function executed_lines_signed_off() returns trigger language plpgsql as $$
  declare
    found_id integer;
  begin
    if not exists (select 1 from reconciliation_sign_offs where reopened_at is null) then
      return null;
    end if;
    ${
      insertStatement
        ? sql``
        : sql.raw(`if tg_op = 'INSERT' then
      select reconciliation_sign_off_covering(l.programme_id, l.channel, l.segment, l.process, x.process_id) into found_id
        from purchase_lines l left join process_lines x on x.purchase_line_id = l.id and not x.released
        where l.id = new.purchase_line_id;
      if found_id is not null then perform refuse_signed_off(found_id, 'executed line'); end if;
      return new;
    end if;`)
    }
    if tg_op in ('UPDATE', 'DELETE') then
      select reconciliation_sign_off_covering(l.programme_id, l.channel, l.segment, l.process, x.process_id) into found_id
        from (select distinct purchase_line_id from old_rows where purchase_line_id is not null) r
        join purchase_lines l on l.id = r.purchase_line_id
        left join process_lines x on x.purchase_line_id = l.id and not x.released
        where reconciliation_sign_off_covering(l.programme_id, l.channel, l.segment, l.process, x.process_id) is not null limit 1;
      if found_id is not null then perform refuse_signed_off(found_id, 'executed line'); end if;
    end if;
    if tg_op ${insertStatement ? sql.raw(`in ('INSERT', 'UPDATE')`) : sql.raw(`= 'UPDATE'`)} then
      select reconciliation_sign_off_covering(l.programme_id, l.channel, l.segment, l.process, x.process_id) into found_id
        from (select distinct purchase_line_id from new_rows where purchase_line_id is not null) r
        join purchase_lines l on l.id = r.purchase_line_id
        left join process_lines x on x.purchase_line_id = l.id and not x.released
        where reconciliation_sign_off_covering(l.programme_id, l.channel, l.segment, l.process, x.process_id) is not null limit 1;
      if found_id is not null then perform refuse_signed_off(found_id, 'executed line'); end if;
    end if;
    return null;
  end
  $$
`;

export async function up(db: Kysely<any>): Promise<void> {
  await lockCheck(true).execute(db);
  await sql`drop trigger executed_lines_signed_off_insert on executed_lines`.execute(db);
  await sql`create trigger executed_lines_signed_off_insert after insert on executed_lines
    referencing new table as new_rows for each statement execute function executed_lines_signed_off()`.execute(db);

  await sql`alter table execution_batches add constraint execution_batches_id_programme unique (id, programme_id)`.execute(db);
  await sql`alter table executed_lines add constraint executed_lines_batch_programme_fkey foreign key (batch_id, programme_id)
    references execution_batches (id, programme_id) on delete cascade`.execute(db);
  await sql`alter table executed_lines drop constraint executed_lines_batch_id_fkey`.execute(db);
  await sql`alter table executed_lines drop constraint executed_lines_programme_id_fkey`.execute(db);
  await sql`drop index executed_lines_material_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index executed_lines_material_idx on executed_lines (programme_id, material_key)`.execute(db);
  await sql`alter table executed_lines add constraint executed_lines_programme_id_fkey foreign key (programme_id) references programmes (id) on delete cascade`.execute(db);
  await sql`alter table executed_lines add constraint executed_lines_batch_id_fkey foreign key (batch_id) references execution_batches (id) on delete cascade`.execute(db);
  await sql`alter table executed_lines drop constraint executed_lines_batch_programme_fkey`.execute(db);
  await sql`alter table execution_batches drop constraint execution_batches_id_programme`.execute(db);

  await sql`drop trigger executed_lines_signed_off_insert on executed_lines`.execute(db);
  await lockCheck(false).execute(db);
  await sql`create trigger executed_lines_signed_off_insert after insert on executed_lines
    for each row when (new.purchase_line_id is not null) execute function executed_lines_signed_off()`.execute(db);
}
