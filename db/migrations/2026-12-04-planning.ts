// Logistics officers plan programmes in the app (issue 11): a programme has a status (draft →
// approved → closed), may be a copy of another, and only a draft's lines change; budgets carry a
// version, and formulary items a budget category. The rules are held here, whatever writes:
// - a line is inserted, changed or deleted only while its programme is a draft, and the check
//   takes a share lock on the programme row, so a status change waits for line writes in flight
//   (and they for it);
// - only a draft programme is deleted;
// - the demo programme, once closed, never changes (its figures are the published report's).
import { sql, type Kysely } from 'kysely';

const categories = sql`('medicines', 'medical_supplies', 'dental_supplies', 'radiology_supplies')`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('programmes')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('source_programme_id', 'integer')
    .execute();
  await sql`alter table programmes add constraint programmes_status_check check (status in ('draft', 'approved', 'closed'))`.execute(db);
  // A copy keeps its lines when the programme it came from is deleted; only the link goes.
  await sql`alter table programmes add constraint programmes_source_programme_fkey
    foreign key (source_programme_id) references programmes (id) on delete set null`.execute(db);
  await sql`create index programmes_source_programme_idx on programmes (source_programme_id)`.execute(db);
  // The demo programmes seeded so far reproduce a published report: closed.
  await sql`update programmes set status = 'closed' where demo`.execute(db);

  await db.schema
    .alterTable('items')
    .addColumn('budget_category', 'text', (c) => c.notNull().defaultTo('medicines'))
    .execute();
  await sql`alter table items add constraint items_budget_category_check check (budget_category in ${categories})`.execute(db);

  await db.schema.alterTable('budgets').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await sql`create trigger budgets_bump_version before update on budgets for each row execute function bump_version()`.execute(db);

  // 55000 object_not_in_prerequisite_state: the API answers 409 naming the programme's status.
  await sql`
    create function programme_lines_editable() returns trigger language plpgsql as $$
    declare
      programme record;
    begin
      -- Every programme touched is locked, drafts included: a status change waits until this commits.
      for programme in
        select p.id, p.status from programmes p
          where p.id in (select distinct programme_id from changed_lines)
          for share of p
      loop
        if programme.status <> 'draft' then
          raise exception 'programme % is %: its lines do not change', programme.id, programme.status
            using errcode = '55000', constraint = 'purchase_lines_programme_is_draft';
        end if;
      end loop;
      return null;
    end
    $$
  `.execute(db);
  // Per statement, over the rows it touched: a 20,000-line copy checks its programme once.
  for (const [event, table] of [
    ['insert', 'new'],
    ['update', 'new'],
    ['delete', 'old'],
  ] as const) {
    await sql`create trigger ${sql.id(`purchase_lines_programme_is_draft_${event}`)}
      after ${sql.raw(event)} on purchase_lines
      referencing ${sql.raw(table)} table as changed_lines
      for each statement execute function programme_lines_editable()`.execute(db);
  }
  // An update that moves a line to another programme would leave the old one's check behind.
  await sql`
    create function purchase_line_programme_fixed() returns trigger language plpgsql as $$
    begin
      if new.programme_id <> old.programme_id then
        raise exception 'a purchase line stays in its programme'
          using errcode = '55000', constraint = 'purchase_lines_programme_fixed';
      end if;
      return new;
    end
    $$
  `.execute(db);
  await sql`create trigger purchase_lines_programme_fixed before update of programme_id on purchase_lines
    for each row execute function purchase_line_programme_fixed()`.execute(db);

  await sql`
    create function programme_changes_allowed() returns trigger language plpgsql as $$
    begin
      if old.demo and old.status = 'closed' then
        raise exception 'programme % is the demo: it does not change', old.id
          using errcode = '55000', constraint = 'programmes_demo_frozen';
      end if;
      if tg_op = 'DELETE' and old.status <> 'draft' then
        raise exception 'programme % is %: only a draft is deleted', old.id, old.status
          using errcode = '55000', constraint = 'programmes_delete_only_draft';
      end if;
      if tg_op = 'DELETE' then
        return old;
      end if;
      return new;
    end
    $$
  `.execute(db);
  await sql`create trigger programmes_changes_allowed before update or delete on programmes
    for each row execute function programme_changes_allowed()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger programmes_changes_allowed on programmes`.execute(db);
  await sql`drop function programme_changes_allowed()`.execute(db);
  await sql`drop trigger purchase_lines_programme_fixed on purchase_lines`.execute(db);
  await sql`drop function purchase_line_programme_fixed()`.execute(db);
  for (const event of ['insert', 'update', 'delete']) {
    await sql`drop trigger ${sql.id(`purchase_lines_programme_is_draft_${event}`)} on purchase_lines`.execute(db);
  }
  await sql`drop function programme_lines_editable()`.execute(db);
  await sql`drop trigger budgets_bump_version on budgets`.execute(db);
  await db.schema.alterTable('budgets').dropColumn('version').execute();
  await db.schema.alterTable('items').dropColumn('budget_category').execute();
  await db.schema.alterTable('programmes').dropColumn('source_programme_id').dropColumn('status').execute();
}
