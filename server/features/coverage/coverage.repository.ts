// Coverage of a programme, item by item: the one definition, in the one query every coverage
// figure comes from (the summary, the breakdowns, the item list and its export).
//
// An item is covered when the programme has a purchase line for it, of any channel and process;
// otherwise it is not covered (a gap, for the centralized list). How it is covered follows its
// scheduled lines (reverse auction or conventional tender), those of the annual plan:
//   both             a scheduled line in each channel (Compra Corporativa MINSA and Compra EsSalud);
//   minsa_corporate  scheduled lines in the MINSA corporate purchase only;
//   essalud          scheduled lines in EsSalud's own purchase only;
//   unscheduled_only only unscheduled lines ("no programados": bought outside the plan, counted
//                    by the report among the channel's items, so covered, but by neither channel).
// An unscheduled line beside a scheduled one in the other channel does not make the item bought
// through both channels. A programme has at most one line per item and channel, so an item has
// one line or two.
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { CoverageDimension, CoverageItemDto } from '../../../shared/api.ts';
import type { CoverageItemsQuery } from '../../../shared/api-schemas.ts';
import { coverageStatuses, type CoverageStatus } from '../../../shared/domain.ts';
import type { Database } from '../../../db/schema.ts';
import { containsPattern } from '../../../db/sql-helpers.ts';

type Db = Kysely<Database>;

/**
 * Per item with lines in the programme: how many, and whether it has a scheduled line in each
 * channel. Aggregated from the programme's lines alone, then joined to the items.
 */
function linesPerItem(db: Db, programmeId: number) {
  return db
    .selectFrom('purchase_lines')
    .where('programme_id', '=', programmeId)
    .groupBy('item_id')
    .select([
      'item_id',
      sql<number>`count(*)`.as('lines'),
      sql<boolean>`bool_or(channel = 'minsa_corporate' and process <> 'unscheduled')`.as('minsa'),
      sql<boolean>`bool_or(channel = 'essalud' and process <> 'unscheduled')`.as('essalud'),
    ]);
}

/** The status of an item from its row of linesPerItem (`c`, null columns when it has no line). */
const statusOfLines = sql<CoverageStatus>`case
  when c.minsa and c.essalud then 'both'
  when c.minsa then 'minsa_corporate'
  when c.essalud then 'essalud'
  when c.lines > 0 then 'unscheduled_only'
  else 'not_covered' end`;

/** One row per formulary item with its coverage status and its number of lines in the programme. */
function perItem(db: Db, programmeId: number) {
  return db.with('per_item', (qb) =>
    qb
      .selectFrom('items')
      .leftJoin(linesPerItem(db, programmeId).as('c'), 'c.item_id', 'items.id')
      .select([
        'items.id',
        'items.code',
        'items.name',
        'items.search_text',
        'items.supply_list',
        'items.therapeutic_group',
        'items.ven',
        'items.oncology',
        'items.active',
        sql<number>`coalesce(c.lines, 0)::int`.as('lines'),
        statusOfLines.as('status'),
        'c.minsa',
        'c.essalud',
        sql<number | null>`c.lines`.as('line_count'),
      ]),
  );
}

/**
 * Each status as a condition on per_item's own columns, the same cases as statusOfLines: unlike a
 * comparison with the computed status, PostgreSQL can apply it before joining (an item bought
 * through both channels has lines, so that join need not keep the items without any).
 */
const statusConditions: Record<CoverageStatus, RawBuilder<SqlBool>> = {
  both: sql<SqlBool>`(minsa and essalud)`,
  minsa_corporate: sql<SqlBool>`(minsa and not essalud)`,
  essalud: sql<SqlBool>`(essalud and not minsa)`,
  unscheduled_only: sql<SqlBool>`(not minsa and not essalud)`,
  not_covered: sql<SqlBool>`(line_count is null)`,
};

export type CoverageFilters = Omit<CoverageItemsQuery, 'page' | 'pageSize'>;

/** The filters on the item's own columns (of items, or of per_item, which keeps their names). */
function itemConditions(filters: CoverageFilters): Expression<SqlBool>[] {
  return [
    filters.supplyList !== undefined && sql<SqlBool>`supply_list = ${filters.supplyList}`,
    filters.group !== undefined && sql<SqlBool>`therapeutic_group = ${filters.group}`,
    filters.ven !== undefined && sql<SqlBool>`ven = ${filters.ven}`,
    filters.q ? sql<SqlBool>`search_text like ${containsPattern(filters.q)}` : false,
  ].filter((condition): condition is RawBuilder<SqlBool> => condition !== false);
}

function filteredItems(db: Db, programmeId: number, filters: CoverageFilters) {
  return perItem(db, programmeId)
    .selectFrom('per_item')
    .where((eb) => eb.and(itemConditions(filters)))
    .$if(filters.status !== undefined, (qb) => qb.where(statusConditions[filters.status!]));
}

const itemColumns = [
  'id',
  'code',
  'name',
  'supply_list as supplyList',
  'therapeutic_group as therapeuticGroup',
  'ven',
  'oncology',
  'active',
  'status',
  'lines',
] as const;

export async function findCoverageItems(
  db: Db,
  programmeId: number,
  query: CoverageItemsQuery,
): Promise<{ items: CoverageItemDto[]; total: number }> {
  const offset = (query.page - 1) * query.pageSize;
  const countItems = async () =>
    (
      await db
        .selectFrom('items')
        .where((eb) => eb.and(itemConditions(query)))
        .select(sql<number>`count(*)::int`.as('total'))
        .executeTakeFirstOrThrow()
    ).total;
  if (query.status === undefined) {
    // Every item passing the filters is listed: count them from items alone, and look up the lines
    // of the page's items only (by the unique index on programme, item and channel).
    const [items, total] = await Promise.all([
      db
        .selectFrom('items')
        .where((eb) => eb.and(itemConditions(query)))
        .innerJoinLateral(
          (eb) =>
            eb
              .selectFrom('purchase_lines')
              .where('programme_id', '=', programmeId)
              .whereRef('item_id', '=', 'items.id')
              .select([
                sql<number>`count(*)`.as('lines'),
                sql<boolean>`bool_or(channel = 'minsa_corporate' and process <> 'unscheduled')`.as('minsa'),
                sql<boolean>`bool_or(channel = 'essalud' and process <> 'unscheduled')`.as('essalud'),
              ])
              .as('c'),
          (join) => join.onTrue(),
        )
        .select([
          'items.id',
          'items.code',
          'items.name',
          'items.supply_list as supplyList',
          'items.therapeutic_group as therapeuticGroup',
          'items.ven',
          'items.oncology',
          'items.active',
          statusOfLines.as('status'),
          sql<number>`c.lines::int`.as('lines'),
        ])
        .orderBy('items.code')
        .limit(query.pageSize)
        .offset(offset)
        .execute(),
      countItems(),
    ]);
    return { items, total };
  }
  // The status needs every item's lines: aggregate them once, counting in the same pass.
  const rows = await filteredItems(db, programmeId, query)
    .select([...itemColumns, sql<number>`count(*) over ()::int`.as('total')])
    .orderBy('code')
    .limit(query.pageSize)
    .offset(offset)
    .execute();
  if (rows.length > 0) return { items: rows.map(({ total: _total, ...item }) => item), total: rows[0]!.total };
  // A page past the end has no row to carry the count.
  if (query.page === 1) return { items: [], total: 0 };
  const counted = await filteredItems(db, programmeId, query).select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  return { items: [], total: counted.total };
}

/** Every item that passes the filters, for the export. */
export async function findAllCoverageItems(db: Db, programmeId: number, filters: CoverageFilters): Promise<CoverageItemDto[]> {
  return filteredItems(db, programmeId, filters).select(itemColumns).orderBy('code').execute();
}

const dimensionColumn = { supplyList: 'supply_list', group: 'therapeutic_group', ven: 'ven' } as const;

/** Items per status and their lines, for each supply list, therapeutic group or VEN class. */
export async function countCoverageBy(db: Db, programmeId: number, by: CoverageDimension) {
  const column = dimensionColumn[by];
  return perItem(db, programmeId)
    .selectFrom('per_item')
    .select([
      sql<string>`${sql.ref(column)}`.as('key'),
      sql<number>`count(*)::int`.as('items'),
      sql<number>`sum(lines)::int`.as('lines'),
      ...coverageStatuses.map((status) =>
        sql<number>`(count(*) filter (where ${statusConditions[status]}))::int`.as(status),
      ),
    ])
    .groupBy(column)
    .orderBy(column)
    .execute() as Promise<({ key: string; items: number; lines: number } & Record<CoverageStatus, number>)[]>;
}
