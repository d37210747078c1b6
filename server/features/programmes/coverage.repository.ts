// Coverage of a programme, item by item: through which channel, if any, each item is bought.
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { CoverageDimension, CoverageItemDto } from '../../../shared/api.ts';
import type { CoverageItemsQuery } from '../../../shared/api-schemas.ts';
import { coverageStatuses, type CoverageStatus } from '../../../shared/domain.ts';
import type { Database } from '../../../db/schema.ts';
import { containsPattern } from '../../../db/sql-helpers.ts';

type Db = Kysely<Database>;

/** One row per item with its coverage status (see coverageStatuses in shared/domain.ts). */
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
          when coalesce(bool_or(pl.channel = 'minsa_corporate'), false)
           and coalesce(bool_or(pl.channel = 'essalud' and pl.process <> 'unscheduled'), false) then 'both'
          when coalesce(bool_or(pl.channel = 'minsa_corporate'), false) then 'minsa_corporate'
          when coalesce(bool_or(pl.channel = 'essalud' and pl.process <> 'unscheduled'), false) then 'essalud'
          when coalesce(bool_or(pl.process = 'unscheduled'), false) then 'unscheduled_only'
          else 'not_covered' end`.as('status'),
      ])
      .groupBy('items.id'),
  );
}

export async function findCoverageItems(
  db: Db,
  programmeId: number,
  query: CoverageItemsQuery,
): Promise<{ items: CoverageItemDto[]; total: number }> {
  const filtered = perItem(db, programmeId)
    .selectFrom('per_item')
    .$if(query.status !== undefined, (qb) => qb.where('status', '=', query.status!))
    .$if(query.supplyList !== undefined, (qb) => qb.where('supplyList', '=', query.supplyList!))
    .$if(query.group !== undefined, (qb) => qb.where('therapeuticGroup', '=', query.group!))
    .$if(query.ven !== undefined, (qb) => qb.where('ven', '=', query.ven!))
    .$if(Boolean(query.q), (qb) => qb.where(sql<SqlBool>`search_text like ${containsPattern(query.q!)}`));
  const [items, count] = await Promise.all([
    filtered
      .select(['id', 'code', 'name', 'supplyList', 'therapeuticGroup', 'ven', 'oncology', 'active', 'status', 'lines'])
      .orderBy('code')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    filtered.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: count.total };
}

const dimensionColumn = { supplyList: 'supplyList', group: 'therapeuticGroup', ven: 'ven' } as const;

export async function countCoverageBy(db: Db, programmeId: number, by: CoverageDimension) {
  const column = dimensionColumn[by];
  return perItem(db, programmeId)
    .selectFrom('per_item')
    .select([
      sql<string>`${sql.ref(column)}`.as('key'),
      sql<number>`count(*)::int`.as('items'),
      ...coverageStatuses.map((status) =>
        sql<number>`(count(*) filter (where status = ${status}))::int`.as(status),
      ),
    ])
    .groupBy(column)
    .orderBy(column)
    .execute() as Promise<({ key: string; items: number } & Record<CoverageStatus, number>)[]>;
}
