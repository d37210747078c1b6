import { sql, type Kysely } from 'kysely';
import type { LineSortKey, ProgrammeDto, PurchaseLineDto } from '../../../shared/api.ts';
import type { LinesQuery } from '../../../shared/api-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { ComputedLeaf, DeclaredFigure } from '../../../shared/purchase-summary.ts';
import { containsPattern, domainOrder } from '../../../db/sql-helpers.ts';
import { channels, processes } from '../../../shared/domain.ts';

type Db = Kysely<Database>;

export async function findProgrammes(db: Db): Promise<ProgrammeDto[]> {
  return db
    .selectFrom('programmes')
    .select(['id', 'name', 'fiscal_year as fiscalYear', 'demo'])
    .orderBy('fiscal_year', 'desc')
    .orderBy('name')
    .execute();
}

export async function findProgramme(db: Db, id: number): Promise<ProgrammeDto | undefined> {
  return db
    .selectFrom('programmes')
    .where('id', '=', id)
    .select(['id', 'name', 'fiscal_year as fiscalYear', 'demo'])
    .executeTakeFirst();
}

const lineSortColumns = {
  code: sql`items.code`,
  name: sql`fold_text(items.name)`,
  channel: domainOrder('purchase_lines.channel', channels),
  process: domainOrder('purchase_lines.process', processes),
  quantity: sql`purchase_lines.quantity`,
  unitPrice: sql`purchase_lines.unit_price`,
  amount: sql`purchase_lines.amount`,
} satisfies Record<LineSortKey, unknown>;

export async function findLines(
  db: Db,
  programmeId: number,
  query: LinesQuery,
): Promise<{ lines: PurchaseLineDto[]; total: number }> {
  const filtered = db
    .selectFrom('purchase_lines')
    .innerJoin('items', 'items.id', 'purchase_lines.item_id')
    .where('purchase_lines.programme_id', '=', programmeId)
    .$if(query.channel !== undefined, (qb) => qb.where('purchase_lines.channel', '=', query.channel!))
    .$if(query.segment !== undefined, (qb) => qb.where('purchase_lines.segment', '=', query.segment!))
    .$if(query.process !== undefined, (qb) => qb.where('purchase_lines.process', '=', query.process!))
    .$if(Boolean(query.q), (qb) => qb.where(sql<boolean>`items.search_text like ${containsPattern(query.q!)}`));

  const [rows, count] = await Promise.all([
    filtered
      .select([
        'purchase_lines.id',
        'items.id as itemId',
        'items.code',
        'items.name',
        'items.supply_list as supplyList',
        'items.oncology',
        'purchase_lines.channel',
        'purchase_lines.segment',
        'purchase_lines.process',
        'purchase_lines.quantity',
        'purchase_lines.unit_price as unitPrice',
        'purchase_lines.amount',
      ])
      .orderBy(sql`${lineSortColumns[query.sort]} ${sql.raw(query.order)} nulls last`)
      .orderBy('items.code')
      .orderBy('purchase_lines.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    filtered.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);

  return {
    total: count.total,
    lines: rows.map(({ itemId, code, name, supplyList, oncology, ...line }) => ({
      ...line,
      item: { id: itemId, code, name, supplyList, oncology },
    })),
  };
}

export async function sumLinesByLeaf(db: Db, programmeId: number): Promise<ComputedLeaf[]> {
  return db
    .selectFrom('purchase_lines')
    .where('programme_id', '=', programmeId)
    .select([
      'channel',
      'segment',
      'process',
      sql<number>`count(*)::int`.as('items'),
      // numeric(14,2) sums keep two decimals, so the string is already canonical.
      sql<string | null>`sum(amount)::text`.as('amount'),
    ])
    .groupBy(['channel', 'segment', 'process'])
    .execute();
}

export async function findDeclaredPurchases(db: Db, programmeId: number) {
  return db
    .selectFrom('declared_figures')
    .innerJoin('source_documents', 'source_documents.id', 'declared_figures.source_document_id')
    .where('declared_figures.scope', '=', 'purchases')
    .where('declared_figures.programme_id', '=', programmeId)
    .select([
      'declared_figures.channel',
      'declared_figures.segment',
      'declared_figures.process',
      'declared_figures.items',
      'declared_figures.amount',
      'source_documents.id as sourceId',
      'source_documents.title as sourceTitle',
      'source_documents.reference as sourceReference',
    ])
    .execute() as Promise<(DeclaredFigure & { sourceId: number; sourceTitle: string; sourceReference: string })[]>;
}

export async function countCoverage(db: Db, programmeId: number) {
  return db
    .with('per_item', (qb) =>
      qb
        .selectFrom('items')
        .leftJoin('purchase_lines', (join) =>
          join.onRef('purchase_lines.item_id', '=', 'items.id').on('purchase_lines.programme_id', '=', programmeId),
        )
        .select([
          'items.supply_list',
          sql<number>`count(purchase_lines.id)`.as('lines'),
          sql<number>`count(distinct purchase_lines.channel)`.as('channels'),
        ])
        .groupBy('items.id'),
    )
    .selectFrom('per_item')
    .select([
      'supply_list as supplyList',
      sql<number>`count(*)::int`.as('items'),
      sql<number>`(count(*) filter (where lines > 0))::int`.as('covered'),
      sql<number>`(count(*) filter (where lines = 0))::int`.as('notCovered'),
      sql<number>`(count(*) filter (where channels > 1))::int`.as('coveredByBoth'),
      sql<number>`sum(lines)::int`.as('lines'),
    ])
    .groupBy('supply_list')
    .execute();
}

export async function findItemsInBothChannels(db: Db, programmeId: number) {
  return db
    .selectFrom('items')
    .innerJoin('purchase_lines', 'purchase_lines.item_id', 'items.id')
    .where('purchase_lines.programme_id', '=', programmeId)
    .groupBy('items.id')
    .having(sql<boolean>`count(distinct purchase_lines.channel) > 1`)
    .select(['items.id', 'items.code', 'items.name', 'items.supply_list as supplyList'])
    .orderBy('items.code')
    .execute();
}
