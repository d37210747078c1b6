// The reconciliation's reads (issue 13). The summary is one aggregate pass: executed lines summed
// per planned line, joined once to the planned lines, rolled up by GROUPING SETS to every level of
// the tree; lines outside tolerance are counted with exact comparisons (no division).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Channel, Process, Segment } from '../../../shared/domain.ts';
import type { ProcessStatus } from '../../../shared/procurement.ts';
import type { ReconciliationLineStatus } from '../../../shared/reconciliation-api.ts';
import type { Tolerance } from '../../../shared/reconciliation.ts';
import type { Database } from '../../../db/schema.ts';
import { containsPattern } from '../../../db/sql-helpers.ts';

type Db = Kysely<Database>;

/**
 * A planned line's difference is within tolerance: |d| ≤ amount, and (something planned) its
 * percent, rounded half up to two decimals, at most the percent — that is, the exact |d|·100 below
 * (percent + 0.005)·planned, as shared/reconciliation.ts withinTolerance reads the rounded percent.
 */
export const withinToleranceSql = (planned: RawBuilder<unknown>, executed: RawBuilder<unknown>, tolerance: Tolerance) => sql<boolean>`(
  abs(${executed} - ${planned}) <= ${tolerance.amount}::numeric
  and (${planned} = 0 or abs(${executed} - ${planned}) * 100 < (${tolerance.percent}::numeric + 0.005) * ${planned})
)`;

export interface AggregateRow {
  /** grouping(channel, segment, type, process_id): 15 totals, 7 channel, 3 segment, 1 type, 0 process; -1 the unmatched executed lines. */
  g: number;
  channel: Channel | null;
  segment: Segment | null;
  type: Process | null;
  process_id: number | null;
  planned: string;
  executed: string;
  planned_lines: number;
  executed_lines: number;
  unexecuted: number;
  outside: number;
}

export async function aggregateReconciliation(db: Db, programmeId: number, tolerance: Tolerance): Promise<AggregateRow[]> {
  const within = withinToleranceSql(sql`planned`, sql`executed`, tolerance);
  const { rows } = await sql<AggregateRow>`
    with ex as (
      select purchase_line_id, sum(amount) as executed, count(*)::int as n
        from executed_lines where programme_id = ${programmeId}
        group by purchase_line_id
    ),
    lines as (
      select l.channel, l.segment, l.process as type, x.process_id,
             coalesce(l.amount, 0.00) as planned, coalesce(ex.executed, 0.00) as executed, coalesce(ex.n, 0) as n
        from purchase_lines l
        left join ex on ex.purchase_line_id = l.id
        left join process_lines x on x.purchase_line_id = l.id and not x.released
        where l.programme_id = ${programmeId}
    )
    select grouping(channel, segment, type, process_id)::int as g, channel, segment, type, process_id,
           coalesce(sum(planned), 0.00)::numeric(20,2)::text as planned, coalesce(sum(executed), 0.00)::numeric(20,2)::text as executed,
           count(*)::int as planned_lines, coalesce(sum(n), 0)::int as executed_lines,
           (count(*) filter (where n = 0))::int as unexecuted,
           (count(*) filter (where not ${within}))::int as outside
      from lines
      group by grouping sets ((), (channel), (channel, segment), (channel, segment, type), (channel, segment, type, process_id))
    union all
    select -1, null, null, null, null, '0.00', coalesce(sum(executed), 0.00)::numeric(20,2)::text, 0, coalesce(sum(n), 0)::int, 0, 0
      from ex where purchase_line_id is null
  `.execute(db);
  return rows;
}

export interface DeclaredRow {
  channel: Channel | null;
  segment: Segment | null;
  process: Process | null;
  amount: string | null;
}

/** The purchases the source report declares for the programme or, for a copy, the nearest programme it was copied from that has them. */
export async function findDeclared(db: Db, programmeId: number): Promise<DeclaredRow[]> {
  const { rows } = await sql<DeclaredRow>`
    with recursive chain(id, depth) as (
      select id, 0 from programmes where id = ${programmeId}
      union all
      select p.source_programme_id, c.depth + 1 from chain c join programmes p on p.id = c.id
        where p.source_programme_id is not null and c.depth < 100
    ),
    nearest as (
      select c.id from chain c
        where exists (select 1 from declared_figures d where d.scope = 'purchases' and d.programme_id = c.id)
        order by c.depth limit 1
    )
    select d.channel, d.segment, d.process, d.amount::text as amount
      from declared_figures d join nearest n on n.id = d.programme_id
      where d.scope = 'purchases'
      order by d.id
  `.execute(db);
  return rows;
}

export interface ProcessRow {
  id: number;
  code: string;
  title: string;
  status: ProcessStatus;
}

export async function findProcesses(db: Db, programmeId: number): Promise<ProcessRow[]> {
  return db
    .selectFrom('procurement_processes')
    .where('programme_id', '=', programmeId)
    .select(['id', 'code', 'title', 'status'])
    .orderBy('code')
    .execute();
}

export async function findTolerance(db: Db, programmeId: number) {
  return db
    .selectFrom('reconciliation_tolerances')
    .where('programme_id', '=', programmeId)
    .select(['amount', 'percent', 'version'])
    .executeTakeFirst();
}

export async function insertTolerance(db: Db, programmeId: number, tolerance: Tolerance): Promise<void> {
  await db.insertInto('reconciliation_tolerances').values({ programme_id: programmeId, ...tolerance }).execute();
}

export async function updateTolerance(db: Db, programmeId: number, version: number, tolerance: Tolerance): Promise<boolean> {
  const result = await db
    .updateTable('reconciliation_tolerances')
    .set(tolerance)
    .where('programme_id', '=', programmeId)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countBatches(db: Db, programmeId: number): Promise<number> {
  const row = await db
    .selectFrom('execution_batches')
    .where('programme_id', '=', programmeId)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- Lines -------------------------------------------------------------------------------------

export interface LinesFilter {
  status?: ReconciliationLineStatus;
  channel?: Channel;
  segment?: Segment;
  processType?: Process;
  process?: number | 'none';
  q?: string;
}

export interface LineRow {
  id: number;
  item_id: number;
  item_code: string;
  item_name: string;
  channel: Channel;
  segment: Segment | null;
  process: Process;
  process_id: number | null;
  process_code: string | null;
  quantity: string | null;
  unit_price: string | null;
  planned: string;
  executed: string;
  executed_quantity: string;
  executed_lines: number;
  sign_off_id: number | null;
}

const lineOrders = {
  difference: sql`abs(executed - planned) desc, id`,
  percent: sql`case when planned = 0 then null else abs(executed - planned) / planned end desc nulls last, id`,
  planned: sql`planned desc, id`,
  executed: sql`executed desc, id`,
  item: sql`item_name, id`,
} as const;

/** A page of planned lines with what was executed against them, filtered, and how many there are. */
export async function findLines(
  db: Db,
  programmeId: number,
  tolerance: Tolerance,
  filter: LinesFilter,
  page: { sort: keyof typeof lineOrders; limit: number; offset: number },
): Promise<{ rows: LineRow[]; total: number }> {
  const conditions: RawBuilder<unknown>[] = [sql`l.programme_id = ${programmeId}`];
  if (filter.channel) conditions.push(sql`l.channel = ${filter.channel}`);
  if (filter.segment) conditions.push(sql`l.segment = ${filter.segment}`);
  if (filter.processType) conditions.push(sql`l.process = ${filter.processType}`);
  if (filter.process === 'none') conditions.push(sql`x.process_id is null`);
  else if (filter.process !== undefined) conditions.push(sql`x.process_id = ${filter.process}`);
  if (filter.q) conditions.push(sql`i.search_text like ${containsPattern(filter.q)}`);
  const within = withinToleranceSql(sql`planned`, sql`executed`, tolerance);
  const statuses = { within, outside: sql`not ${within}`, unexecuted: sql`executed_lines = 0`, signed: sql`sign_off_id is not null` };
  const status = filter.status === undefined ? sql`true` : statuses[filter.status];
  const { rows } = await sql<LineRow & { total: number }>`
    with ex as (
      select purchase_line_id, sum(amount) as executed, sum(order_quantity) as quantity, count(*)::int as n
        from executed_lines where programme_id = ${programmeId} and purchase_line_id is not null
        group by purchase_line_id
    ),
    lines as (
      select l.id, l.item_id, i.code as item_code, i.name as item_name, l.channel, l.segment, l.process,
             x.process_id, pr.code as process_code, l.quantity::text as quantity, l.unit_price::text as unit_price,
             coalesce(l.amount, 0.00) as planned, coalesce(ex.executed, 0.00) as executed,
             coalesce(ex.quantity, 0) as executed_quantity, coalesce(ex.n, 0) as executed_lines,
             reconciliation_sign_off_covering(l.programme_id, l.channel, l.segment, l.process, x.process_id) as sign_off_id
        from purchase_lines l
        join items i on i.id = l.item_id
        left join ex on ex.purchase_line_id = l.id
        left join process_lines x on x.purchase_line_id = l.id and not x.released
        left join procurement_processes pr on pr.id = x.process_id
        where ${sql.join(conditions, sql` and `)}
    )
    select id, item_id, item_code, item_name, channel, segment, process, process_id, process_code, quantity, unit_price,
           planned::numeric(20,2)::text as planned, executed::numeric(20,2)::text as executed,
           executed_quantity::text as executed_quantity, executed_lines, sign_off_id, (count(*) over ())::int as total
      from lines
      where ${status}
      order by ${lineOrders[page.sort]}
      limit ${page.limit} offset ${page.offset}
  `.execute(db);
  const total = rows[0]?.total ?? (page.offset > 0 ? (await findLines(db, programmeId, tolerance, filter, { ...page, offset: 0, limit: 1 })).total : 0);
  return { rows: rows.map(({ total: _total, ...row }) => row), total };
}
