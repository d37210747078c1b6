// Sign-off locks (issue 13): while a sign-off is in force (not reopened), the planned lines it
// covers, their process lines and the executed lines matched to them do not change, whoever
// writes. The database refuses with SQLSTATE 55000 and constraint `reconciliation_signed_off`;
// the message's DETAIL is the sign-off as JSON, so the API names it (number, scope, who, when).
//
// Checked once per statement over its transition tables (set-based: a batch of a million executed
// lines undone or matched is one join, not a million function calls); an executed line inserted
// unmatched, as imports write them, fires nothing.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // A line is covered by a sign-off of its programme whose channel, segment, type and process
  // (each when the sign-off names it) are the line's; `process_id` is the line's live process.
  await sql`
    create function reconciliation_sign_off_covering(
      p_programme integer, p_channel text, p_segment text, p_type text, p_process integer
    ) returns integer language sql stable as $$
      select s.id from reconciliation_sign_offs s
        where s.programme_id = p_programme and s.reopened_at is null and s.channel = p_channel
          and (s.segment is null or s.segment = p_segment)
          and (s.process_type is null or s.process_type = p_type)
          and (s.process_id is null or s.process_id = p_process)
        order by s.id limit 1
    $$
  `.execute(db);

  await sql`
    create function refuse_signed_off(sign_off_id integer, what text) returns void language plpgsql as $$
    declare
      s record;
    begin
      select so.id, so.channel, so.segment, so.process_type, pr.code as process_code, so.signed_by_name, so.signed_at
        into s from reconciliation_sign_offs so left join procurement_processes pr on pr.id = so.process_id
        where so.id = sign_off_id;
      raise exception '% is locked by sign-off %', what, sign_off_id
        using errcode = '55000', constraint = 'reconciliation_signed_off',
          detail = json_build_object('id', s.id, 'channel', s.channel, 'segment', s.segment, 'processType', s.process_type,
            'processCode', s.process_code, 'signedBy', s.signed_by_name, 'signedAt', s.signed_at)::text;
    end
    $$
  `.execute(db);

  // Planned lines: the rows before (update, delete) and after (insert, update) the statement.
  await sql`
    create function purchase_lines_signed_off() returns trigger language plpgsql as $$
    declare
      found_id integer;
    begin
      if not exists (select 1 from reconciliation_sign_offs where reopened_at is null) then
        return null;
      end if;
      if tg_op in ('UPDATE', 'DELETE') then
        select reconciliation_sign_off_covering(r.programme_id, r.channel, r.segment, r.process, x.process_id) as id into found_id
          from old_rows r left join process_lines x on x.purchase_line_id = r.id and not x.released
          where reconciliation_sign_off_covering(r.programme_id, r.channel, r.segment, r.process, x.process_id) is not null limit 1;
        if found_id is not null then perform refuse_signed_off(found_id, 'planned line'); end if;
      end if;
      if tg_op in ('UPDATE', 'INSERT') then
        select reconciliation_sign_off_covering(r.programme_id, r.channel, r.segment, r.process, x.process_id) as id into found_id
          from new_rows r left join process_lines x on x.purchase_line_id = r.id and not x.released
          where reconciliation_sign_off_covering(r.programme_id, r.channel, r.segment, r.process, x.process_id) is not null limit 1;
        if found_id is not null then perform refuse_signed_off(found_id, 'planned line'); end if;
      end if;
      return null;
    end
    $$
  `.execute(db);
  await sql`create trigger purchase_lines_signed_off_insert after insert on purchase_lines
    referencing new table as new_rows for each statement execute function purchase_lines_signed_off()`.execute(db);
  await sql`create trigger purchase_lines_signed_off_update after update on purchase_lines
    referencing old table as old_rows new table as new_rows for each statement execute function purchase_lines_signed_off()`.execute(db);
  await sql`create trigger purchase_lines_signed_off_delete after delete on purchase_lines
    referencing old table as old_rows for each statement execute function purchase_lines_signed_off()`.execute(db);

  // Process lines: a change to the process of a covered line, or into a signed process.
  await sql`
    create function process_lines_signed_off() returns trigger language plpgsql as $$
    declare
      found_id integer;
    begin
      if not exists (select 1 from reconciliation_sign_offs where reopened_at is null) then
        return null;
      end if;
      if tg_op in ('UPDATE', 'DELETE') then
        select reconciliation_sign_off_covering(l.programme_id, l.channel, l.segment, l.process, r.process_id) into found_id
          from old_rows r join purchase_lines l on l.id = r.purchase_line_id
          where reconciliation_sign_off_covering(l.programme_id, l.channel, l.segment, l.process, r.process_id) is not null limit 1;
        if found_id is not null then perform refuse_signed_off(found_id, 'process line'); end if;
      end if;
      if tg_op in ('UPDATE', 'INSERT') then
        select reconciliation_sign_off_covering(l.programme_id, l.channel, l.segment, l.process, r.process_id) into found_id
          from new_rows r join purchase_lines l on l.id = r.purchase_line_id
          where reconciliation_sign_off_covering(l.programme_id, l.channel, l.segment, l.process, r.process_id) is not null limit 1;
        if found_id is not null then perform refuse_signed_off(found_id, 'process line'); end if;
      end if;
      return null;
    end
    $$
  `.execute(db);
  await sql`create trigger process_lines_signed_off_insert after insert on process_lines
    referencing new table as new_rows for each statement execute function process_lines_signed_off()`.execute(db);
  await sql`create trigger process_lines_signed_off_update after update on process_lines
    referencing old table as old_rows new table as new_rows for each statement execute function process_lines_signed_off()`.execute(db);
  await sql`create trigger process_lines_signed_off_delete after delete on process_lines
    referencing old table as old_rows for each statement execute function process_lines_signed_off()`.execute(db);

  // Executed lines matched to covered planned lines, before or after the statement.
  await sql`
    create function executed_lines_signed_off() returns trigger language plpgsql as $$
    declare
      found_id integer;
    begin
      if not exists (select 1 from reconciliation_sign_offs where reopened_at is null) then
        return null;
      end if;
      if tg_op = 'INSERT' then
        select reconciliation_sign_off_covering(l.programme_id, l.channel, l.segment, l.process, x.process_id) into found_id
          from purchase_lines l left join process_lines x on x.purchase_line_id = l.id and not x.released
          where l.id = new.purchase_line_id;
        if found_id is not null then perform refuse_signed_off(found_id, 'executed line'); end if;
        return new;
      end if;
      if tg_op in ('UPDATE', 'DELETE') then
        select reconciliation_sign_off_covering(l.programme_id, l.channel, l.segment, l.process, x.process_id) into found_id
          from (select distinct purchase_line_id from old_rows where purchase_line_id is not null) r
          join purchase_lines l on l.id = r.purchase_line_id
          left join process_lines x on x.purchase_line_id = l.id and not x.released
          where reconciliation_sign_off_covering(l.programme_id, l.channel, l.segment, l.process, x.process_id) is not null limit 1;
        if found_id is not null then perform refuse_signed_off(found_id, 'executed line'); end if;
      end if;
      if tg_op = 'UPDATE' then
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
  `.execute(db);
  await sql`create trigger executed_lines_signed_off_insert after insert on executed_lines
    for each row when (new.purchase_line_id is not null) execute function executed_lines_signed_off()`.execute(db);
  await sql`create trigger executed_lines_signed_off_update after update on executed_lines
    referencing old table as old_rows new table as new_rows for each statement execute function executed_lines_signed_off()`.execute(db);
  await sql`create trigger executed_lines_signed_off_delete after delete on executed_lines
    referencing old table as old_rows for each statement execute function executed_lines_signed_off()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['purchase_lines', 'process_lines', 'executed_lines']) {
    for (const event of ['insert', 'update', 'delete']) {
      await sql`drop trigger ${sql.raw(`${table}_signed_off_${event}`)} on ${sql.raw(table)}`.execute(db);
    }
    await sql`drop function ${sql.raw(`${table}_signed_off`)}()`.execute(db);
  }
  await sql`drop function refuse_signed_off(integer, text)`.execute(db);
  await sql`drop function reconciliation_sign_off_covering(integer, text, text, text, integer)`.execute(db);
}
