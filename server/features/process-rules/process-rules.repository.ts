import { sql, type Kysely } from 'kysely';
import { processes, type Process } from '../../../shared/domain.ts';
import type { ProcessRulesDto, RuleCode } from '../../../shared/procurement-api.ts';
import type { Database } from '../../../db/schema.ts';
import { domainOrder } from '../../../db/sql-helpers.ts';

type Db = Kysely<Database>;

/** The year's rules as stored, locked until the transaction ends when asked; undefined when the year has none. */
export async function findRules(db: Db, fiscalYear: number, { forUpdate = false } = {}): Promise<ProcessRulesDto | undefined> {
  const rules = await db
    .selectFrom('process_rules')
    .where('fiscal_year', '=', fiscalYear)
    .select(['fiscal_year as fiscalYear', 'common_goods_by_reverse_auction as commonGoodsByReverseAuction', 'version'])
    .$if(forUpdate, (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!rules) return undefined;
  const thresholds = await db
    .selectFrom('process_rule_thresholds')
    .where('fiscal_year', '=', fiscalYear)
    .select(['type', 'min_value as minValue', 'max_value as maxValue'])
    .orderBy(domainOrder('type', processes))
    .execute();
  return { ...rules, thresholds };
}

/** Inserts the year's rules; undefined when another transaction inserted them first. */
export async function insertRules(db: Db, fiscalYear: number, commonGoodsByReverseAuction: boolean): Promise<boolean> {
  const inserted = await db
    .insertInto('process_rules')
    .values({ fiscal_year: fiscalYear, common_goods_by_reverse_auction: commonGoodsByReverseAuction })
    .onConflict((conflict) => conflict.column('fiscal_year').doNothing())
    .returning('fiscal_year')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Rewrites the year's rules at `version` (the version moves on by itself); false when at another one. */
export async function updateRules(db: Db, fiscalYear: number, version: number, commonGoodsByReverseAuction: boolean): Promise<boolean> {
  const updated = await db
    .updateTable('process_rules')
    .set({ common_goods_by_reverse_auction: commonGoodsByReverseAuction })
    .where('fiscal_year', '=', fiscalYear)
    .where('version', '=', version)
    .returning('fiscal_year')
    .executeTakeFirst();
  return updated !== undefined;
}

export async function replaceThresholds(db: Db, fiscalYear: number, thresholds: ProcessRulesDto['thresholds']): Promise<void> {
  await db.deleteFrom('process_rule_thresholds').where('fiscal_year', '=', fiscalYear).execute();
  if (thresholds.length === 0) return;
  await db
    .insertInto('process_rule_thresholds')
    .values(thresholds.map((threshold) => ({ fiscal_year: fiscalYear, type: threshold.type, min_value: threshold.minValue, max_value: threshold.maxValue })))
    .execute();
}

/** One flag as the query finds it: the reason is written from these figures. */
export interface ViolationRow {
  rule: RuleCode;
  lineId: number | null;
  processId: number | null;
  subject: string;
  /** common_good_reverse_auction: the item's ficha técnica and the line's process type. */
  sheet: string | null;
  process: Process;
  processCode: string | null;
  /** Thresholds: the process's reference value and the bound it breaks. */
  reference: string | null;
  bound: string | null;
}

/**
 * A page of a programme's flags under its fiscal year's rules, and how many there are: one
 * set-based select per rule, together in one statement. `lineIds` keeps the flags of those lines
 * and of the live processes they are in.
 */
export async function findViolations(
  db: Db,
  programmeId: number,
  options: { lineIds: readonly number[] | undefined; limit: number; offset: number },
): Promise<{ rows: ViolationRow[]; total: number }> {
  const lineIds = options.lineIds ?? null;
  const { rows } = await sql<{ [K in keyof ViolationRow]: ViolationRow[K] | null } & { rule: RuleCode | null; total: number }>`
    with programme as (
      select p.id, p.fiscal_year, r.common_goods_by_reverse_auction
      from programmes p join process_rules r on r.fiscal_year = p.fiscal_year
      where p.id = ${programmeId}
    ),
    wanted_lines as (
      select unnest(${lineIds}::int[]) as id
    ),
    live_processes as (
      select pp.id, pp.code, pp.type, sum(pl.reference_amount) as reference
      from programme
      join procurement_processes pp on pp.programme_id = programme.id
      join process_lines pl on pl.process_id = pp.id and not pl.released
      where pp.status not in ('desierto', 'nulo')
        and (${lineIds}::int[] is null or pp.id in (
          select l.process_id from process_lines l join wanted_lines w on w.id = l.purchase_line_id where not l.released
        ))
      group by pp.id
    ),
    violations as (
      select 1 as rule_order, 'common_good_reverse_auction' as rule, line.id as "lineId", live.process_id as "processId",
        items.code as subject, items.common_good_sheet as sheet, line.process, pp.code as "processCode",
        null::numeric as reference, null::numeric as bound
      from programme
      join purchase_lines line on line.programme_id = programme.id
      join items on items.id = line.item_id
      left join process_lines live on live.purchase_line_id = line.id and not live.released
      left join procurement_processes pp on pp.id = live.process_id
      where programme.common_goods_by_reverse_auction
        and items.common_good_sheet is not null
        and line.process <> 'reverse_auction'
        and (${lineIds}::int[] is null or line.id in (select id from wanted_lines))
      union all
      select 2, 'threshold_min', null, live_processes.id, live_processes.code, null, live_processes.type, live_processes.code,
        live_processes.reference, t.min_value
      from programme
      join process_rule_thresholds t on t.fiscal_year = programme.fiscal_year
      join live_processes on live_processes.type = t.type
      where live_processes.reference < t.min_value
      union all
      select 3, 'threshold_max', null, live_processes.id, live_processes.code, null, live_processes.type, live_processes.code,
        live_processes.reference, t.max_value
      from programme
      join process_rule_thresholds t on t.fiscal_year = programme.fiscal_year
      join live_processes on live_processes.type = t.type
      where live_processes.reference > t.max_value
    )
    select page.*, counted.total
    from (select count(*)::int as total from violations) as counted
    left join lateral (
      select rule, "lineId", "processId", subject, sheet, process, "processCode", reference::text as reference, bound::text as bound
      from violations
      order by rule_order, subject, "lineId", "processId"
      limit ${options.limit} offset ${options.offset}
    ) as page on true
  `.execute(db);
  // With nothing on the page, the one row left carries only the count.
  const page = rows.filter((row) => row.rule !== null).map(({ total: _total, ...row }) => row as ViolationRow);
  return { rows: page, total: rows[0]?.total ?? 0 };
}
