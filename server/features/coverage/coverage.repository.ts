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
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { CoverageDimension, CoverageItemDto } from '../../../shared/api.ts';
import type { CoverageItemsQuery } from '../../../shared/api-schemas.ts';
import { coverageStatuses, type CoverageStatus } from '../../../shared/domain.ts';
import type { Database } from '../../../db/schema.ts';
import { containsPattern } from '../../../db/sql-helpers.ts';

type Db = Kysely<Database>;

/** One row per formulary item with its coverage status and its number of lines in the programme. */
function perItem(db: Db, programmeId: number) {
  return db.with('per_item', (qb) =>
    qb
      .selectFrom('items')
      .leftJoin('purchase_lines as pl', (join) =>
        join.onRef('pl.item_id', '=', 'items.id').on('pl.programme_id', '=', programmeId),
      )
      .select([
        'items.id',
        'items.code',
        'items.name',
        'items.search_text',
        'items.supply_list as supplyList',
        'items.therapeutic_group as therapeuticGroup',
        'items.ven',
        'items.oncology',
        'items.active',
        sql<number>`count(pl.id)::int`.as('lines'),
        sql<CoverageStatus>`case
          when bool_or(pl.channel = 'minsa_corporate' and pl.process <> 'unscheduled')
           and bool_or(pl.channel = 'essalud' and pl.process <> 'unscheduled') then 'both'
          when bool_or(pl.channel = 'minsa_corporate' and pl.process <> 'unscheduled') then 'minsa_corporate'
          when bool_or(pl.channel = 'essalud' and pl.process <> 'unscheduled') then 'essalud'
          when count(pl.id) > 0 then 'unscheduled_only'
          else 'not_covered' end`.as('status'),
      ])
      .groupBy('items.id'),
  );
}

export type CoverageFilters = Omit<CoverageItemsQuery, 'page' | 'pageSize'>;

function filteredItems(db: Db, programmeId: number, filters: CoverageFilters) {
  return perItem(db, programmeId)
    .selectFrom('per_item')
    .$if(filters.status !== undefined, (qb) => qb.where('status', '=', filters.status!))
    .$if(filters.supplyList !== undefined, (qb) => qb.where('supplyList', '=', filters.supplyList!))
    .$if(filters.group !== undefined, (qb) => qb.where('therapeuticGroup', '=', filters.group!))
    .$if(filters.ven !== undefined, (qb) => qb.where('ven', '=', filters.ven!))
    .$if(Boolean(filters.q), (qb) => qb.where(sql<SqlBool>`search_text like ${containsPattern(filters.q!)}`));
}

const itemColumns = ['id', 'code', 'name', 'supplyList', 'therapeuticGroup', 'ven', 'oncology', 'active', 'status', 'lines'] as const;

export async function findCoverageItems(
  db: Db,
  programmeId: number,
  query: CoverageItemsQuery,
): Promise<{ items: CoverageItemDto[]; total: number }> {
  const filtered = filteredItems(db, programmeId, query);
  const [items, count] = await Promise.all([
    filtered
      .select(itemColumns)
      .orderBy('code')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    filtered.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: count.total };
}

/** Every item that passes the filters, for the export. */
export async function findAllCoverageItems(db: Db, programmeId: number, filters: CoverageFilters): Promise<CoverageItemDto[]> {
  return filteredItems(db, programmeId, filters).select(itemColumns).orderBy('code').execute();
}

const dimensionColumn = { supplyList: 'supplyList', group: 'therapeuticGroup', ven: 'ven' } as const;

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
        sql<number>`(count(*) filter (where status = ${status}))::int`.as(status),
      ),
    ])
    .groupBy(column)
    .orderBy(column)
    .execute() as Promise<({ key: string; items: number; lines: number } & Record<CoverageStatus, number>)[]>;
}
